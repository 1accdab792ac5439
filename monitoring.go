package vigil

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Monitoring: feeds watched for new reports, keyword rules that route
// their items to a triage inbox, and snapshots that preserve a source's
// page as evidence. docs/monitoring.md describes the workflow.

// ActionPoll is the audit action of a feed poll that stored items: one
// entry per poll (entity "feed_items", entity_id the feed's id) listing
// the items it added. Poll state alone (ETag, next poll time, errors) is
// machine state and is not audited.
const ActionPoll = "poll"

// Feed is a subscribed RSS, Atom or JSON Feed source. Feeds and their
// items are coalition-level at least: they are the coalition's working
// material, never public output.
type Feed struct {
	Meta
	URL   string `json:"url"`
	Title string `json:"title"`
	// Language is the feed's language ("ko" or "en"), or "" to decide per
	// item by script.
	Language string `json:"language"`
	// Active feeds are polled; an inactive one keeps its items.
	Active bool `json:"active"`

	// Poll state, written by the poller and read-only here.

	ETag         string     `json:"etag"`
	LastModified string     `json:"last_modified"`
	LastPolledAt *time.Time `json:"last_polled_at"`
	// LastStatus is the HTTP status of the last poll, 0 when it failed
	// before a response.
	LastStatus int    `json:"last_status"`
	LastError  string `json:"last_error"`
	// Failures counts the polls that failed in a row; the poller backs
	// off exponentially with it.
	Failures   int        `json:"failures"`
	NextPollAt *time.Time `json:"next_poll_at"`
}

// Validate normalizes f and reports every problem with its field.
func (f *Feed) Validate() error {
	p := Problems{}
	if f.Sensitivity == "" {
		f.Sensitivity = Coalition
	}
	f.validateMeta(p)
	if f.Sensitivity == Public {
		p.Add("sensitivity", "feeds and their items are coalition or restricted, never public")
	}
	validateText(p, "url", &f.URL, true, 2000)
	if f.URL != "" {
		validateHTTPURL(p, "url", f.URL)
	}
	validateText(p, "title", &f.Title, false, 300)
	f.Language = strings.TrimSpace(f.Language)
	if f.Language != "" && f.Language != "ko" && f.Language != "en" {
		p.Add("language", "%q is not ko, en or empty (decide per item)", f.Language)
	}
	return p.Err("feed")
}

// validateHTTPURL checks that s is an absolute http(s) URL with a host.
func validateHTTPURL(p Problems, field, s string) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add(field, "%q is not an http(s) URL", s)
	}
}

// FeedFilter selects feeds.
type FeedFilter struct {
	Page
	Active *bool
}

// KeywordRule routes feed items to the inbox: an item whose title or
// text contains the term is kept for triage. A Korean term matches as a
// substring (Korean words take particles: 탈북민들이); an English term
// matches whole words, case-insensitively, and a trailing * matches any
// ending (repatriat* matches repatriated and repatriation).
type KeywordRule struct {
	Meta
	Term string `json:"term"`
	// Lang limits the rule to items in "ko" or "en"; "" applies it to all.
	Lang string `json:"lang"`
}

var ruleTerm = regexp.MustCompile(`^[^*\s][^*]*\*?$`)

// Validate normalizes r and reports every problem with its field.
func (r *KeywordRule) Validate() error {
	p := Problems{}
	if r.Sensitivity == "" {
		r.Sensitivity = Coalition
	}
	r.validateMeta(p)
	validateText(p, "term", &r.Term, true, 100)
	if r.Term != "" && !ruleTerm.MatchString(r.Term) {
		p.Add("term", "%q: a term is a word or phrase, with at most one * at its end", r.Term)
	}
	if r.Term != "" && utf8.RuneCountInString(strings.TrimSuffix(r.Term, "*")) < 2 {
		p.Add("term", "%q is too short to route anything useful", r.Term)
	}
	r.Lang = strings.TrimSpace(r.Lang)
	if r.Lang != "" && r.Lang != "ko" && r.Lang != "en" {
		p.Add("lang", "%q is not ko, en or empty (any language)", r.Lang)
	}
	return p.Err("keyword rule")
}

// ItemStatus is where a feed item is in triage.
type ItemStatus string

// Item statuses.
const (
	ItemNew       ItemStatus = "new"       // in the inbox, waiting for a researcher
	ItemAccepted  ItemStatus = "accepted"  // at least one claim was taken from it
	ItemDismissed ItemStatus = "dismissed" // set aside, with a reason
)

// FeedItem is one entry of a feed. Items are deduplicated by URL and by
// ContentHash; those that match a keyword rule (Rules is not empty) are
// in the inbox until a researcher accepts or dismisses them.
type FeedItem struct {
	Meta
	FeedID int64  `json:"feed_id"`
	URL    string `json:"url"`
	GUID   string `json:"guid"`
	Title  string `json:"title"`
	// Text is the item's summary or content as plain text.
	Text string `json:"text"`
	// Language is "ko" or "en": the feed's, else detected from the text.
	Language string `json:"language"`
	// Published is the item's publication day (YYYY-MM-DD, UTC), or ""
	// when the feed gave none; PublishedAt is the full time.
	Published   string     `json:"published"`
	PublishedAt *time.Time `json:"published_at"`
	// ContentHash is the hex SHA-256 of the normalized title and text.
	ContentHash string `json:"content_hash"`
	// Rules lists the keyword rule terms the item matched.
	Rules         []string   `json:"rules"`
	Status        ItemStatus `json:"status"`
	DismissReason string     `json:"dismiss_reason"`
	// SourceID is the source made from the item when it was accepted.
	SourceID *int64 `json:"source_id"`
}

// FeedItemFilter selects feed items.
type FeedItemFilter struct {
	Page
	FeedID *int64
	Status ItemStatus
	// Inbox selects items that matched a keyword rule.
	Inbox bool
}

// FeedItemSorts lists the fields feed items can be sorted by.
var FeedItemSorts = []string{"id", "published", "created_at"}

// FeedPoll is the result of polling one feed, which the poller hands to
// the store in one call (no transaction is held while fetching).
type FeedPoll struct {
	FeedID int64
	// Status is the HTTP status, 0 when the request failed before one.
	Status int
	// NotModified is a 304 answer to a conditional GET.
	NotModified        bool
	ETag, LastModified string
	// Err is why the poll failed, "" on success. Warnings are repairs
	// made to a malformed feed that still parsed.
	Err      string
	Warnings []string
	// Items are the feed's entries, already matched against the rules.
	Items []*FeedItem
	// NextPollAt is when to poll again, after backoff.
	NextPollAt time.Time
}

// PollOutcome says what a recorded poll changed.
type PollOutcome struct {
	Added      int     `json:"added"`
	Inbox      int     `json:"inbox"`      // added items that matched a rule
	Duplicates int     `json:"duplicates"` // items already stored by URL or content
	ItemIDs    []int64 `json:"item_ids"`
}

// Header is one HTTP response header of a snapshot.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Snapshot is a preserved copy of a web page: the bytes as fetched (in
// the content-addressed blob store under their SHA-256), the text
// extracted from them, and the HTTP status, headers and retrieval time.
// A snapshot of a source is visible only to viewers who see the source.
type Snapshot struct {
	Meta
	SourceID *int64 `json:"source_id"`
	// URL is the address asked for; FinalURL is where redirects ended.
	URL         string    `json:"url"`
	FinalURL    string    `json:"final_url"`
	Status      int       `json:"status"`
	Headers     []Header  `json:"headers"`
	RetrievedAt time.Time `json:"retrieved_at"`
	// SHA256 is the hex SHA-256 of the page's bytes: the evidence hash.
	SHA256 string `json:"sha256"`
	// Blob names the page's encrypted bytes in the blob store (the
	// SHA-256 of the encrypted bytes); "" for a snapshot archived before
	// blobs were encrypted, whose blob is named by SHA256.
	Blob string `json:"blob,omitempty"`
	// BlobKey is the key of Blob (base64). It never leaves the server: the
	// store seals it for a restricted snapshot and fills it only for
	// readers who may open the snapshot's sealed fields.
	BlobKey     string `json:"-"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	Title       string `json:"title"`
	Text        string `json:"text"`
}

var hexSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Validate normalizes s and reports every problem with its field.
func (s *Snapshot) Validate() error {
	p := Problems{}
	s.validateMeta(p)
	validateRef(p, "source_id", s.SourceID)
	validateText(p, "url", &s.URL, true, 2000)
	if s.URL != "" {
		validateHTTPURL(p, "url", s.URL)
	}
	validateText(p, "final_url", &s.FinalURL, false, 2000)
	if s.Status < 100 || s.Status > 599 {
		p.Add("status", "%d is not an HTTP status", s.Status)
	}
	if !hexSHA256.MatchString(s.SHA256) {
		p.Add("sha256", "%q is not a lower-case hex SHA-256", s.SHA256)
	}
	if s.Blob != "" && !hexSHA256.MatchString(s.Blob) {
		p.Add("blob", "%q is not a lower-case hex SHA-256", s.Blob)
	}
	if (s.Blob == "") != (s.BlobKey == "") {
		p.Add("blob", "an encrypted blob and its key go together")
	}
	if s.Size < 0 {
		p.Add("size", "must not be negative")
	}
	if s.RetrievedAt.IsZero() {
		p.Add("retrieved_at", "is required")
	}
	s.RetrievedAt = s.RetrievedAt.UTC()
	validateText(p, "title", &s.Title, false, 1000)
	if !utf8.ValidString(s.Text) {
		p.Add("text", "is not valid UTF-8")
	}
	return p.Err("snapshot")
}

// SnapshotFilter selects snapshots.
type SnapshotFilter struct {
	Page
	SourceID *int64
	SHA256   string
}

// Acceptance takes one extracted claim from a feed item into the
// records, in one transaction: the item's source and its snapshot (made
// on the first acceptance; later ones reuse the item's source), a new
// incident when Incident is set, and the claim, linked to that incident
// or to Claim.IncidentID. The store sets the IDs it creates.
type Acceptance struct {
	ItemID      int64
	ItemVersion int
	// Source and Snapshot are required when the item has no source yet,
	// and ignored otherwise.
	Source   *Source
	Snapshot *Snapshot
	// Incident, when not nil, is created and the claim linked to it.
	Incident *Incident
	Claim    *Claim
}

// MonitorService manages feeds, keyword rules, the triage inbox and
// snapshots. Reads need coalition clearance (feeds and items are
// coalition-level; lower viewers see none), writes a writing role;
// accepting a claim needs a writing role and follows the rules of the
// records it creates. Every mutation is audited. Errors: EINVALID,
// ENOTFOUND, ECONFLICT, EFORBIDDEN, EINTERNAL.
type MonitorService interface {
	FindFeedByID(ctx context.Context, id int64) (*Feed, error)
	FindFeeds(ctx context.Context, f FeedFilter) ([]*Feed, int, error)
	CreateFeed(ctx context.Context, f *Feed) error
	UpdateFeed(ctx context.Context, f *Feed) error
	DeleteFeed(ctx context.Context, id int64, version int) error

	FindKeywordRules(ctx context.Context) ([]*KeywordRule, error)
	CreateKeywordRule(ctx context.Context, r *KeywordRule) error
	DeleteKeywordRule(ctx context.Context, id int64, version int) error

	// DueFeeds lists active feeds whose next poll time has come, the
	// longest waiting first; it needs a writing role (the poller's).
	DueFeeds(ctx context.Context, limit int) ([]*Feed, error)
	// RecordPoll stores a poll's result: the feed's poll state and the
	// new items, skipping those already stored by URL or content hash.
	RecordPoll(ctx context.Context, p *FeedPoll) (*PollOutcome, error)

	FindFeedItemByID(ctx context.Context, id int64) (*FeedItem, error)
	FindFeedItems(ctx context.Context, f FeedItemFilter) ([]*FeedItem, int, error)
	// DismissFeedItem sets an item aside with a reason (required).
	DismissFeedItem(ctx context.Context, id int64, version int, reason string) error
	AcceptFeedItem(ctx context.Context, a *Acceptance) error

	CreateSnapshot(ctx context.Context, s *Snapshot) error
	FindSnapshotByID(ctx context.Context, id int64) (*Snapshot, error)
	FindSnapshots(ctx context.Context, f SnapshotFilter) ([]*Snapshot, int, error)
}

// Validate normalizes it and reports every problem with its field.
func (it *FeedItem) Validate() error {
	p := Problems{}
	if it.Sensitivity == "" {
		it.Sensitivity = Coalition
	}
	it.validateMeta(p)
	if it.FeedID <= 0 {
		p.Add("feed_id", "is required")
	}
	validateText(p, "url", &it.URL, true, 2000)
	if it.URL != "" {
		validateHTTPURL(p, "url", it.URL)
	}
	validateText(p, "guid", &it.GUID, false, 2000)
	validateText(p, "title", &it.Title, false, 1000)
	if !utf8.ValidString(it.Text) {
		p.Add("text", "is not valid UTF-8")
	}
	if it.Published != "" {
		if _, err := time.Parse(time.DateOnly, it.Published); err != nil {
			p.Add("published", "%q is not a day (YYYY-MM-DD)", it.Published)
		}
	}
	if !hexSHA256.MatchString(it.ContentHash) {
		p.Add("content_hash", "%q is not a lower-case hex SHA-256", it.ContentHash)
	}
	if it.Status == "" {
		it.Status = ItemNew
	}
	if it.Status != ItemNew && it.Status != ItemAccepted && it.Status != ItemDismissed {
		p.Add("status", "%q is not new, accepted or dismissed", it.Status)
	}
	return p.Err("feed item")
}

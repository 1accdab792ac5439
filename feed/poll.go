package feed

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"vigil"
	"vigil/archive"
	"vigil/extract"
)

// Poller defaults.
const (
	DefaultInterval    = 30 * time.Minute
	DefaultMaxBackoff  = 24 * time.Hour
	DefaultConcurrency = 4
	// DefaultMaxFeedBytes bounds a feed document.
	DefaultMaxFeedBytes = 5 << 20
)

// PollerViewer is who the background poller acts as: it writes items
// and poll state, and sees feeds of every clearance.
var PollerViewer = vigil.Viewer{Actor: "system:feed-poller", Role: vigil.RoleContributor, Clearance: vigil.Restricted}

// Poller polls feeds and records what it finds. Fetching happens outside
// any transaction; each feed's result is then recorded in one short
// transaction. Configure it before the first poll; it is then safe for
// concurrent use.
type Poller struct {
	Svc     vigil.MonitorService
	Fetcher *archive.Fetcher
	// Concurrency is the global limit of feeds fetched at once.
	Concurrency int
	// Interval is the time between polls of a healthy feed.
	Interval time.Duration
	// MaxBackoff caps the wait after repeated failures.
	MaxBackoff time.Duration
	Now        func() time.Time
	Log        *slog.Logger
}

// Report is what one poll of one feed did.
type Report struct {
	FeedID      int64    `json:"feed_id"`
	URL         string   `json:"url"`
	Status      int      `json:"status"`
	NotModified bool     `json:"not_modified"`
	Entries     int      `json:"entries"`
	Added       int      `json:"added"`
	Inbox       int      `json:"inbox"`
	Duplicates  int      `json:"duplicates"`
	Err         string   `json:"error,omitempty"`
	Warnings    []string `json:"warnings,omitempty"`
	// NextPollAt is when the feed is due again.
	NextPollAt time.Time `json:"next_poll_at"`
}

func (p *Poller) defaults() {
	if p.Concurrency <= 0 {
		p.Concurrency = DefaultConcurrency
	}
	if p.Interval <= 0 {
		p.Interval = DefaultInterval
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = DefaultMaxBackoff
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Log == nil {
		p.Log = slog.New(slog.DiscardHandler)
	}
}

// Backoff is the wait before the next poll of a feed that has failed
// failures times in a row: the interval doubled per failure, capped at
// max; a healthy feed (0 failures) waits the interval.
func Backoff(failures int, interval, max time.Duration) time.Duration {
	d := interval
	for i := 0; i < failures && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// PollDue polls every feed whose time has come (see DueFeeds), at most
// Concurrency at once, and returns a report per feed in the order the
// feeds came. A failing feed is reported and backed off; it never stops
// the others.
func (p *Poller) PollDue(ctx context.Context) ([]Report, error) {
	p.defaults()
	due, err := p.Svc.DueFeeds(ctx, vigil.MaxLimit)
	if err != nil {
		return nil, fmt.Errorf("feed: list due feeds: %w", err)
	}
	return p.Poll(ctx, due)
}

// Poll polls the given feeds now, whatever their schedule.
func (p *Poller) Poll(ctx context.Context, feeds []*vigil.Feed) ([]Report, error) {
	p.defaults()
	rs, err := p.Svc.FindKeywordRules(ctx)
	if err != nil {
		return nil, fmt.Errorf("feed: load keyword rules: %w", err)
	}
	rules := NewRules(rs)
	reports := make([]Report, len(feeds))
	sem := make(chan struct{}, p.Concurrency)
	var wg sync.WaitGroup
	for i, f := range feeds {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return reports[:i], ctx.Err()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			reports[i] = p.PollFeed(ctx, f, rules)
		}()
	}
	wg.Wait()
	return reports, nil
}

// PollFeed fetches one feed with a conditional GET, parses and repairs
// it, matches its entries against rules, and records the result. It
// never panics: a panic while parsing is recorded as the feed's error.
func (p *Poller) PollFeed(ctx context.Context, f *vigil.Feed, rules *Rules) (rep Report) {
	p.defaults()
	rep = Report{FeedID: f.ID, URL: f.URL}
	poll := &vigil.FeedPoll{FeedID: f.ID}
	func() {
		defer func() {
			if r := recover(); r != nil {
				poll.Err = fmt.Sprintf("internal error while reading the feed: %v", r)
				p.Log.Error("feed: panic while polling", "feed", f.ID, "panic", r, "stack", string(debug.Stack()))
			}
		}()
		p.fetchAndParse(ctx, f, rules, poll)
	}()
	failures := 0
	if poll.Err != "" {
		failures = f.Failures + 1
	}
	wait := Backoff(failures, p.Interval, p.MaxBackoff)
	if poll.Status == http.StatusTooManyRequests || poll.Status == http.StatusServiceUnavailable {
		wait = max(wait, SlowDownFloor)
	}
	poll.NextPollAt = p.Now().UTC().Add(wait)
	rep.Status, rep.NotModified, rep.Err, rep.Warnings, rep.Entries, rep.NextPollAt = poll.Status, poll.NotModified, poll.Err, poll.Warnings, len(poll.Items), poll.NextPollAt
	out, err := p.Svc.RecordPoll(ctx, poll)
	if err != nil {
		rep.Err = fmt.Sprintf("record poll: %v", err)
		p.Log.Error("feed: record poll", "feed", f.ID, "err", err)
		return rep
	}
	rep.Added, rep.Inbox, rep.Duplicates = out.Added, out.Inbox, out.Duplicates
	if poll.Err != "" {
		p.Log.Warn("feed: poll failed", "feed", f.ID, "url", f.URL, "err", poll.Err, "failures", failures, "next", poll.NextPollAt)
	}
	return rep
}

// SlowDownFloor is the least wait after a 429 or 503, which ask a
// client to slow down.
const SlowDownFloor = time.Hour

func (p *Poller) fetchAndParse(ctx context.Context, f *vigil.Feed, rules *Rules, poll *vigil.FeedPoll) {
	res, err := p.Fetcher.Fetch(ctx, f.URL, &archive.Conditional{ETag: f.ETag, LastModified: f.LastModified})
	if err != nil {
		poll.Err = err.Error()
		return
	}
	poll.Status = res.Status
	switch {
	case res.Status == http.StatusNotModified:
		poll.NotModified = true
		poll.ETag, poll.LastModified = res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		return
	case res.Status < 200 || res.Status > 299:
		poll.Err = fmt.Sprintf("the server answered %d %s", res.Status, http.StatusText(res.Status))
		if s := res.Header.Get("Retry-After"); s != "" {
			if n, err := strconv.Atoi(s); err == nil && n > 0 {
				poll.Err += fmt.Sprintf(" (retry after %ds)", n)
			}
		}
		return
	}
	doc, warnings, err := Parse(res.Body, res.Header.Get("Content-Type"), res.FinalURL)
	poll.Warnings = warnings
	if err != nil {
		poll.Err = err.Error()
		return
	}
	poll.ETag, poll.LastModified = res.Header.Get("ETag"), res.Header.Get("Last-Modified")
	skipped := 0
	for _, e := range doc.Entries {
		it := p.item(f, doc, e, rules)
		if it == nil {
			skipped++
			continue
		}
		poll.Items = append(poll.Items, it)
	}
	if skipped > 0 {
		poll.Warnings = append(poll.Warnings, fmt.Sprintf("skipped %d entries without an http(s) link", skipped))
	}
}

// item turns a feed entry into an item, or nil when it has no link to
// archive.
func (p *Poller) item(f *vigil.Feed, doc *Document, e Entry, rules *Rules) *vigil.FeedItem {
	if e.URL == "" {
		return nil
	}
	it := &vigil.FeedItem{FeedID: f.ID, URL: truncateRunes(e.URL, 2000), GUID: truncateRunes(e.GUID, 2000), Title: truncateRunes(e.Title, 1000), Text: e.Text}
	it.Language = f.Language
	if it.Language == "" {
		it.Language = doc.Language
	}
	if it.Language == "" {
		it.Language = extract.DetectLang(e.Title + "\n" + e.Text)
	}
	if !e.Published.IsZero() {
		t := e.Published.UTC()
		it.PublishedAt = &t
		it.Published = t.Format(time.DateOnly)
	}
	if clean(e.Title)+clean(e.Text) == "" {
		it.ContentHash = ContentHash(e.URL, "")
	} else {
		it.ContentHash = ContentHash(e.Title, e.Text)
	}
	it.Rules = rules.Match(it.Language, it.Title, it.Text)
	if it.Rules == nil {
		it.Rules = []string{}
	}
	return it
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// Run polls due feeds every tick until ctx is cancelled. It is the
// background worker that vigil serve starts; errors are logged, never
// fatal.
func (p *Poller) Run(ctx context.Context, tick time.Duration) {
	p.defaults()
	if tick <= 0 {
		tick = time.Minute
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		reports, err := p.PollDue(ctx)
		if err != nil && ctx.Err() == nil {
			p.Log.Error("feed: poll due feeds", "err", err)
		}
		for _, r := range reports {
			if r.Added > 0 {
				p.Log.Info("feed: new items", "feed", r.FeedID, "added", r.Added, "inbox", r.Inbox)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

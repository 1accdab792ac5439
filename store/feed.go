package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"vigil"
)

var _ vigil.MonitorService = (*Store)(nil)

// feeds are the subscribed RSS, Atom and JSON feeds. The poll state
// columns are written only by RecordPoll: a user's update keeps them as
// stored (see before).
var feeds = &table[vigil.Feed]{
	name: "feeds",
	noun: "feed",
	cols: []string{"url", "title", "language", "active",
		"etag", "last_modified", "last_polled_at", "last_status", "last_error", "failures", "next_poll_at"},
	args: func(f *vigil.Feed) []any {
		return []any{f.URL, f.Title, f.Language, f.Active,
			f.ETag, f.LastModified, timeArg(f.LastPolledAt), f.LastStatus, f.LastError, f.Failures, timeArg(f.NextPollAt)}
	},
	dest: func(f *vigil.Feed) []any {
		return []any{&f.URL, &f.Title, &f.Language, boolCol{&f.Active},
			&f.ETag, &f.LastModified, timePtr{&f.LastPolledAt}, &f.LastStatus, &f.LastError, &f.Failures, timePtr{&f.NextPollAt}}
	},
	meta:   func(f *vigil.Feed) *vigil.Meta { return &f.Meta },
	usedBy: []backref{{"feed_items", "feed_id"}},
	before: func(ctx context.Context, t *txn, f, cur *vigil.Feed) error {
		if cur == nil {
			// A new feed is due at once, with no poll history.
			now := t.now
			f.ETag, f.LastModified, f.LastPolledAt, f.LastStatus, f.LastError, f.Failures, f.NextPollAt = "", "", nil, 0, "", 0, &now
			return nil
		}
		f.ETag, f.LastModified, f.LastPolledAt, f.LastStatus, f.LastError, f.Failures, f.NextPollAt =
			cur.ETag, cur.LastModified, cur.LastPolledAt, cur.LastStatus, cur.LastError, cur.Failures, cur.NextPollAt
		if f.URL != cur.URL {
			// Validators of another URL mean nothing here.
			f.ETag, f.LastModified = "", ""
		}
		if f.Active && !cur.Active {
			now := t.now
			f.Failures, f.NextPollAt = 0, &now
		}
		return nil
	},
}

// FindFeedByID returns feed id if the viewer may see it (coalition
// clearance at least; ENOTFOUND otherwise).
func (s *Store) FindFeedByID(ctx context.Context, id int64) (*vigil.Feed, error) {
	return findByID(ctx, s, feeds, id)
}

// FindFeeds lists the visible feeds, and their count.
func (s *Store) FindFeeds(ctx context.Context, f vigil.FeedFilter) ([]*vigil.Feed, int, error) {
	var w where
	if f.Active != nil {
		w.add("t.active = ?", *f.Active)
	}
	return findList(ctx, s, feeds, w, f.Page, map[string]string{"title": "LOWER(t.title)", "updated_at": "t.updated_at"})
}

// CreateFeed validates and stores a new feed, due for polling at once.
func (s *Store) CreateFeed(ctx context.Context, f *vigil.Feed) (err error) {
	defer restore(f, &err)()
	return create(ctx, s, feeds, f, f.Validate)
}

// UpdateFeed stores f over the version it carries (ECONFLICT when
// stale). Its poll state is kept as stored.
func (s *Store) UpdateFeed(ctx context.Context, f *vigil.Feed) (err error) {
	defer restore(f, &err)()
	return change(ctx, s, feeds, f, f.Validate)
}

// DeleteFeed deletes a feed that has no items (ECONFLICT otherwise:
// deactivate it instead). It needs an editing role.
func (s *Store) DeleteFeed(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, feeds, id, version)
}

var keywordRules = &table[vigil.KeywordRule]{
	name: "keyword_rules",
	noun: "keyword rule",
	cols: []string{"term", "lang"},
	args: func(r *vigil.KeywordRule) []any { return []any{r.Term, r.Lang} },
	dest: func(r *vigil.KeywordRule) []any { return []any{&r.Term, &r.Lang} },
	meta: func(r *vigil.KeywordRule) *vigil.Meta { return &r.Meta },
}

// FindKeywordRules lists every visible keyword rule (at most 500).
func (s *Store) FindKeywordRules(ctx context.Context) ([]*vigil.KeywordRule, error) {
	out, _, err := findList(ctx, s, keywordRules, where{}, vigil.Page{Limit: vigil.MaxLimit}, map[string]string{})
	return out, err
}

// CreateKeywordRule validates and stores a rule; a duplicate term and
// language is ECONFLICT.
func (s *Store) CreateKeywordRule(ctx context.Context, r *vigil.KeywordRule) (err error) {
	defer restore(r, &err)()
	return create(ctx, s, keywordRules, r, r.Validate)
}

// DeleteKeywordRule deletes a rule; it needs an editing role.
func (s *Store) DeleteKeywordRule(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, keywordRules, id, version)
}

// DueFeeds lists the active visible feeds whose next poll time has come,
// the longest waiting first.
func (s *Store) DueFeeds(ctx context.Context, limit int) ([]*vigil.Feed, error) {
	if err := canWrite(vigil.ViewerFrom(ctx), "poll feeds"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > vigil.MaxLimit {
		limit = vigil.MaxLimit
	}
	out := []*vigil.Feed{}
	err := s.read(ctx, func(t *txn) error {
		q := "SELECT " + feeds.selectCols() + " FROM feeds t WHERE t.active = ? AND t.sensitivity_rank <= ? AND (t.next_poll_at IS NULL OR t.next_poll_at <= ?)" +
			" ORDER BY t.next_poll_at IS NULL DESC, t.next_poll_at, t.id LIMIT ?"
		var err error
		if out, err = queryRecords(ctx, t, feeds, t.clearance() >= rankAll, q, true, t.clearance(), fmtTime(t.now), limit); err != nil {
			return fmt.Errorf("store: due feeds: %w", err)
		}
		for _, f := range out {
			feeds.projectFor(f, t.v)
		}
		return nil
	})
	return out, err
}

// RecordPoll stores the result of polling one feed in one short
// transaction, after the network I/O is over: the feed's poll state, and
// every item not already stored by URL or content hash. Items take the
// feed's sensitivity. The items added are audited as one entry.
func (s *Store) RecordPoll(ctx context.Context, p *vigil.FeedPoll) (*vigil.PollOutcome, error) {
	if err := canWrite(vigil.ViewerFrom(ctx), "record a feed poll"); err != nil {
		return nil, err
	}
	for i, it := range p.Items {
		it.FeedID = p.FeedID
		if err := it.Validate(); err != nil {
			return nil, fmt.Errorf("store: item %d of feed %d: %w", i+1, p.FeedID, err)
		}
	}
	out := &vigil.PollOutcome{ItemIDs: []int64{}}
	err := s.write(ctx, func(t *txn) error {
		f, err := get(ctx, t, feeds, p.FeedID)
		if err != nil {
			return err
		}
		if err := recordPollState(ctx, t, f, p); err != nil {
			return err
		}
		var added []*vigil.FeedItem
		for _, it := range p.Items {
			dup, err := itemExists(ctx, t, it)
			if err != nil {
				return err
			}
			if dup {
				out.Duplicates++
				continue
			}
			it.Sensitivity = f.Sensitivity
			it.Status, it.DismissReason, it.SourceID = vigil.ItemNew, "", nil
			it.ID, it.Version, it.CreatedAt, it.UpdatedAt = 0, 1, t.now, t.now
			if err := insertRow(ctx, t, feedItems, it); err != nil {
				return err
			}
			added = append(added, it)
			out.ItemIDs = append(out.ItemIDs, it.ID)
			if len(it.Rules) > 0 {
				out.Inbox++
			}
		}
		out.Added = len(added)
		if len(added) == 0 {
			return nil
		}
		return t.audit(ctx, vigil.ActionPoll, "feed_items", f.ID, 1, struct {
			FeedID int64             `json:"feed_id"`
			Status int               `json:"status"`
			Items  []*vigil.FeedItem `json:"items"`
		}{f.ID, p.Status, added})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// recordPollState writes a poll's status, validators, error and next
// poll time; failures grow by one on an error and return to 0 otherwise.
func recordPollState(ctx context.Context, t *txn, f *vigil.Feed, p *vigil.FeedPoll) error {
	etag, lastMod := f.ETag, f.LastModified
	failures, lastErr := 0, ""
	if p.Err != "" {
		failures, lastErr = f.Failures+1, p.Err
	} else {
		if p.ETag != "" || !p.NotModified {
			etag = p.ETag
		}
		if p.LastModified != "" || !p.NotModified {
			lastMod = p.LastModified
		}
		if len(p.Warnings) > 0 {
			lastErr = "repaired: " + strings.Join(p.Warnings, "; ")
		}
	}
	next := p.NextPollAt.UTC()
	if next.IsZero() {
		next = t.now.Add(time.Hour)
	}
	_, err := t.exec(ctx, `UPDATE feeds SET etag = ?, last_modified = ?, last_polled_at = ?, last_status = ?, last_error = ?,
		failures = ?, next_poll_at = ? WHERE id = ?`,
		etag, lastMod, fmtTime(t.now), p.Status, truncate(lastErr, 2000), failures, fmtTime(next), f.ID)
	if err != nil {
		return fmt.Errorf("store: record poll of feed %d: %w", f.ID, err)
	}
	return nil
}

// itemExists reports whether an item with it's URL or content hash is
// stored already, whatever its clearance.
func itemExists(ctx context.Context, t *txn, it *vigil.FeedItem) (bool, error) {
	var id int64
	err := t.queryRow(ctx, "SELECT id FROM feed_items WHERE url = ? OR content_hash = ? LIMIT 1", it.URL, it.ContentHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("store: look up item %s: %w", it.URL, err)
	}
	return true, nil
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

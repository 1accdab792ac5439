package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"vigil"
)

// feedItems are the entries of feeds; those whose rules are not '[]'
// are in the triage inbox.
var feedItems = &table[vigil.FeedItem]{
	name: "feed_items",
	noun: "feed item",
	cols: []string{"feed_id", "url", "guid", "title", "text", "language", "published", "published_at",
		"content_hash", "rules", "status", "dismiss_reason", "source_id"},
	args: func(it *vigil.FeedItem) []any {
		return []any{it.FeedID, it.URL, it.GUID, it.Title, it.Text, it.Language, nullStr(it.Published), timeArg(it.PublishedAt),
			it.ContentHash, jsonArg(it.Rules), string(it.Status), it.DismissReason, ptrArg(it.SourceID)}
	},
	dest: func(it *vigil.FeedItem) []any {
		return []any{&it.FeedID, &it.URL, &it.GUID, &it.Title, &it.Text, &it.Language, strCol{&it.Published}, timePtr{&it.PublishedAt},
			&it.ContentHash, jsonCol{&it.Rules}, &it.Status, &it.DismissReason, i64Ptr{&it.SourceID}}
	},
	meta: func(it *vigil.FeedItem) *vigil.Meta { return &it.Meta },
}

var feedItemSorts = map[string]string{
	"published":  "t.published_at",
	"created_at": "t.created_at",
}

// FindFeedItemByID returns item id if the viewer may see it.
func (s *Store) FindFeedItemByID(ctx context.Context, id int64) (*vigil.FeedItem, error) {
	return findByID(ctx, s, feedItems, id)
}

// FindFeedItems lists the visible feed items matching f, and their
// count. The inbox is FeedItemFilter{Inbox: true, Status: "new"}.
func (s *Store) FindFeedItems(ctx context.Context, f vigil.FeedItemFilter) ([]*vigil.FeedItem, int, error) {
	var w where
	if f.FeedID != nil {
		w.add("t.feed_id = ?", *f.FeedID)
	}
	if f.Status != "" {
		w.add("t.status = ?", string(f.Status))
	}
	if f.Inbox {
		w.add("t.rules <> '[]'")
	}
	return findList(ctx, s, feedItems, w, f.Page, feedItemSorts)
}

// DismissFeedItem sets a new item aside with a reason. An accepted item
// cannot be dismissed (ECONFLICT): records were made from it.
func (s *Store) DismissFeedItem(ctx context.Context, id int64, version int, reason string) error {
	if err := canWrite(vigil.ViewerFrom(ctx), "dismiss a feed item"); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	p := vigil.Problems{}
	if reason == "" {
		p.Add("reason", "is required: say why the item is set aside (off topic, duplicate of …)")
	} else if utf8.RuneCountInString(reason) > 1000 {
		p.Add("reason", "is longer than 1000 characters")
	}
	if err := p.Err("dismissal"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		it, err := get(ctx, t, feedItems, id)
		if err != nil {
			return err
		}
		if it.Version != version {
			return stale(feedItems.noun, id, it.Version, version)
		}
		if it.Status != vigil.ItemNew {
			return vigil.Errorf(vigil.ECONFLICT, "feed item %d is %s already", id, it.Status)
		}
		it.Status, it.DismissReason = vigil.ItemDismissed, reason
		return saveItem(ctx, t, it)
	})
}

// saveItem writes an item's triage state over its version and audits it.
func saveItem(ctx context.Context, t *txn, it *vigil.FeedItem) error {
	if err := updateRow(ctx, t, feedItems, it); err != nil {
		return err
	}
	it.Version, it.UpdatedAt = it.Version+1, t.now
	return t.audit(ctx, vigil.ActionUpdate, feedItems.name, it.ID, it.Version, it)
}

// AcceptFeedItem takes one claim from a feed item into the records in
// one transaction (see vigil.Acceptance): the source and its snapshot on
// the first acceptance, a new incident when asked, and the claim; the
// claim's incident is re-derived, so its figure and the totals change.
// Every record created is audited, and so is the item's new status. A
// dismissed item is ECONFLICT.
func (s *Store) AcceptFeedItem(ctx context.Context, a *vigil.Acceptance) (err error) {
	if err := canWrite(vigil.ViewerFrom(ctx), "accept a claim from a feed item"); err != nil {
		return err
	}
	if a.Claim == nil {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid acceptance", Fields: map[string]string{"claim": "is required"}}
	}
	for _, r := range []func(){restoring(a.Source, &err), restoring(a.Snapshot, &err), restoring(a.Incident, &err), restoring(a.Claim, &err)} {
		defer r()
	}
	return s.write(ctx, func(t *txn) error {
		it, err := get(ctx, t, feedItems, a.ItemID)
		if err != nil {
			return err
		}
		if it.Version != a.ItemVersion {
			return stale(feedItems.noun, it.ID, it.Version, a.ItemVersion)
		}
		if it.Status == vigil.ItemDismissed {
			return vigil.Errorf(vigil.ECONFLICT, "feed item %d was dismissed; it cannot be accepted", it.ID)
		}
		if it.SourceID == nil {
			if a.Source == nil || a.Snapshot == nil {
				return &vigil.Error{Code: vigil.EINVALID, Message: "invalid acceptance",
					Fields: map[string]string{"source": "the item has no source yet: a source and its snapshot are required"}}
			}
			if err := insertIn(ctx, t, sources, a.Source, a.Source.Validate); err != nil {
				return err
			}
			a.Snapshot.SourceID = &a.Source.ID
			if err := insertIn(ctx, t, snapshots, a.Snapshot, a.Snapshot.Validate); err != nil {
				return err
			}
			it.SourceID = &a.Source.ID
		}
		a.Claim.SourceID = *it.SourceID
		if a.Incident != nil {
			if err := insertIn(ctx, t, incidents, a.Incident, a.Incident.Validate); err != nil {
				return err
			}
			a.Claim.IncidentID = &a.Incident.ID
		}
		if err := insertIn(ctx, t, claims, a.Claim, func() error { return a.Claim.Validate(t.s.policy) }); err != nil {
			return err
		}
		it.Status = vigil.ItemAccepted
		return saveItem(ctx, t, it)
	})
}

// restoring is restore for a record that may be nil.
func restoring[T any](rec *T, err *error) func() {
	if rec == nil {
		return func() {}
	}
	return restore(rec, err)
}

// insertIn creates rec in the open writing transaction t, with the same
// steps as create: role, validation, clearance, references, hooks,
// insert, audit, propagation. It lets one transaction create several
// records that refer to each other.
func insertIn[T any](ctx context.Context, t *txn, tb *table[T], rec *T, validate func() error) error {
	if err := canWrite(t.v, "create "+article(tb.noun)); err != nil {
		return err
	}
	if err := validate(); err != nil {
		return err
	}
	m := tb.meta(rec)
	if err := checkClearance(t.v, m.Sensitivity, tb.noun); err != nil {
		return err
	}
	if err := checkPublish(t.v, m.Sensitivity, nil, tb.noun); err != nil {
		return err
	}
	if tb.refs != nil {
		if err := checkRefs(ctx, t, tb.noun, tb.refs(rec)); err != nil {
			return err
		}
	}
	if err := atLeastParents(ctx, t, tb, rec, nil); err != nil {
		return err
	}
	if tb.before != nil {
		if err := tb.before(ctx, t, rec, nil); err != nil {
			return err
		}
	}
	m.ID, m.Version, m.CreatedAt, m.UpdatedAt = 0, 1, t.now, t.now
	if err := insertRow(ctx, t, tb, rec); err != nil {
		return err
	}
	if tb.after != nil {
		if err := tb.after(ctx, t, rec, nil); err != nil {
			return err
		}
	}
	if err := auditRecord(ctx, t, tb, vigil.ActionCreate, rec); err != nil {
		return err
	}
	if tb.propagate != nil {
		return tb.propagate(ctx, t, rec, nil)
	}
	return nil
}

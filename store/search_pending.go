package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"vigil"
)

// searchSections maps the import's sections to the searchable kinds.
var searchSections = []struct {
	section string
	kind    vigil.SearchKind
}{
	{vigil.SectionIncidents, vigil.KindIncident},
	{vigil.SectionClaims, vigil.KindClaim},
	{vigil.SectionSources, vigil.KindSource},
	{vigil.SectionActors, vigil.KindActor},
	{vigil.SectionPlaces, vigil.KindPlace},
}

// queueIndex records, in the import's transaction, the id ranges of the
// searchable records it wrote. Indexing them inside the import would
// make it several times slower (tokenizing and an index insert per
// record against a multi-row insert per 400); IndexPending does it
// afterwards in small transactions.
func queueIndex(ctx context.Context, t *txn, res *vigil.ImportResult) error {
	for _, ss := range searchSections {
		c := res.Sections[ss.section]
		if c.Count == 0 || c.FirstID == 0 {
			continue
		}
		if _, err := t.exec(ctx, "INSERT INTO search_pending (kind, first_id, last_id) VALUES (?, ?, ?)", string(ss.kind), c.FirstID, c.LastID); err != nil {
			return fmt.Errorf("store: queue search indexing: %w", err)
		}
	}
	return nil
}

// indexBatch is how many records IndexPending indexes per transaction.
const indexBatch = 500

// IndexPending indexes the records that imports queued for the search
// index, a batch per transaction so that writers are not held up, and
// returns how many it indexed. Until then those records are not found by
// search. `vigil import` runs it right after an import; Reindex also
// clears the queue. It needs the admin role.
func (s *Store) IndexPending(ctx context.Context) (int, error) {
	if err := isAdmin(vigil.ViewerFrom(ctx), "index queued records"); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, more, err := s.indexPendingBatch(ctx)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// indexPendingBatch indexes up to indexBatch records of the oldest queued
// range and advances or removes it, in one transaction.
func (s *Store) indexPendingBatch(ctx context.Context) (n int, more bool, err error) {
	err = s.write(ctx, func(t *txn) error {
		var (
			id, first, last int64
			kind            string
		)
		err := t.queryRow(ctx, "SELECT id, kind, first_id, last_id FROM search_pending ORDER BY id LIMIT 1").Scan(&id, &kind, &first, &last)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("store: read search queue: %w", err)
		}
		more = true
		hi := min(last, first+indexBatch-1)
		switch vigil.SearchKind(kind) {
		case vigil.KindIncident:
			n, err = indexRange(ctx, t, incidents, first, hi)
		case vigil.KindClaim:
			n, err = indexRange(ctx, t, claims, first, hi)
		case vigil.KindSource:
			n, err = indexRange(ctx, t, sources, first, hi)
		case vigil.KindActor:
			n, err = indexRange(ctx, t, actors, first, hi)
		case vigil.KindPlace:
			n, err = indexRange(ctx, t, places, first, hi)
		}
		if err != nil {
			return err
		}
		if hi >= last {
			_, err = t.exec(ctx, "DELETE FROM search_pending WHERE id = ?", id)
		} else {
			_, err = t.exec(ctx, "UPDATE search_pending SET first_id = ? WHERE id = ?", hi+1, id)
		}
		if err != nil {
			return fmt.Errorf("store: advance search queue: %w", err)
		}
		return nil
	})
	return n, more, err
}

// indexRange (re)indexes the records of a table with ids lo..hi.
func indexRange[T any](ctx context.Context, t *txn, tb *table[T], lo, hi int64) (int, error) {
	// Sealed fields are never indexed (docs/privacy.md): the records are
	// read without opening them.
	recs, err := queryRecords(ctx, t, tb, false, "SELECT "+tb.selectCols()+" FROM "+tb.name+" t WHERE t.id BETWEEN ? AND ? ORDER BY t.id", lo, hi)
	if err != nil {
		return 0, fmt.Errorf("store: index %s: %w", tb.name, err)
	}
	for _, rec := range recs {
		if err := index(ctx, t, tb, rec); err != nil {
			return 0, err
		}
	}
	return len(recs), nil
}

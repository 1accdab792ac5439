package store

import (
	"context"
	"fmt"

	"vigil"
)

// seesNotes reports whether v may read internal notes: coalition
// clearance or above. Below it, notes are cleared on read.
func seesNotes(v vigil.Viewer) bool { return v.CanRead(vigil.Coalition) }

var sources = &table[vigil.Source]{
	name: "sources",
	noun: "source",
	cols: []string{"kind", "publisher", "publisher_id", "url", "language", "title_ko", "title_en", "title_zh",
		"published", "published_start", "published_end", "reliability", "relayed_from", "notes"},
	args: func(s *vigil.Source) []any {
		return []any{string(s.Kind), s.Publisher, ptrArg(s.PublisherID), s.URL, s.Language, s.Title.Ko, s.Title.En, s.Title.Zh,
			s.Published, nullStr(s.PublishedStart), nullStr(s.PublishedEnd), s.Reliability, s.RelayedFrom, s.Notes}
	},
	dest: func(s *vigil.Source) []any {
		return []any{&s.Kind, &s.Publisher, i64Ptr{&s.PublisherID}, &s.URL, &s.Language, &s.Title.Ko, &s.Title.En, &s.Title.Zh,
			&s.Published, strCol{&s.PublishedStart}, strCol{&s.PublishedEnd}, &s.Reliability, &s.RelayedFrom, &s.Notes}
	},
	meta: func(s *vigil.Source) *vigil.Meta { return &s.Meta },
	refs: func(s *vigil.Source) []ref {
		return []ref{refTo("publisher_id", "actors", "actor", s.PublisherID)}
	},
	usedBy: []backref{{"claims", "source_id"}, {"snapshots", "source_id"}, {"feed_items", "source_id"}, {"asks", "state_source_id"},
		{"ask_events", "source_id"}, {"deliveries", "evidence_source_id"}, {"campaign_actions", "source_id"}},
	// The origin (an informant), notes, titles and URL of a restricted
	// source can identify people. The publisher stays in the clear: it
	// names the publishing organization, and sorting, filtering and
	// corroboration read it.
	seal: restrictedOnly(func(s *vigil.Source) *vigil.Meta { return &s.Meta }, func(s *vigil.Source) {
		s.Title, s.URL, s.RelayedFrom, s.Notes = vigil.Names{}, "", "", ""
	}, "title_ko", "title_en", "title_zh", "url", "relayed_from", "notes"),
	keep: func(rec, cur *vigil.Source, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.Notes = cur.Notes
		}
	},
	project: func(s *vigil.Source, v vigil.Viewer) {
		if !seesNotes(v) {
			s.Notes = ""
		}
	},
	// A source's reliability, origin and publication day feed the
	// derivation of every incident its claims are about.
	propagate: func(ctx context.Context, t *txn, s, cur *vigil.Source) error {
		if s == nil || cur == nil || (s.Reliability == cur.Reliability && s.Origin() == cur.Origin() && s.PublishedStart == cur.PublishedStart) {
			return nil
		}
		ids, err := incidentsOfSource(ctx, t, s.ID)
		if err != nil {
			return fmt.Errorf("store: incidents of source %d: %w", s.ID, err)
		}
		for _, id := range ids {
			if err := rederive(ctx, t, id, false); err != nil {
				return err
			}
		}
		return nil
	},
}

// sourceSorts maps vigil.SourceSorts to SQL.
var sourceSorts = map[string]string{
	"published":  "t.published_start",
	"publisher":  "LOWER(t.publisher)",
	"updated_at": "t.updated_at",
}

// FindSourceByID returns source id if the viewer may see it (ENOTFOUND
// otherwise).
func (s *Store) FindSourceByID(ctx context.Context, id int64) (*vigil.Source, error) {
	return findByID(ctx, s, sources, id)
}

// FindSources lists the visible sources matching f, and their count.
func (s *Store) FindSources(ctx context.Context, f vigil.SourceFilter) ([]*vigil.Source, int, error) {
	var w where
	w.in("t.id", f.IDs)
	if f.Kind != "" {
		w.add("t.kind = ?", string(f.Kind))
	}
	if f.Language != "" {
		w.add("t.language = ?", f.Language)
	}
	if f.Publisher != "" {
		w.add(likeAny("t.publisher"), likeArg(f.Publisher))
	}
	if f.Query != "" {
		cols := []string{sources.sealedCol("title_ko"), sources.sealedCol("title_en"), sources.sealedCol("title_zh"), "t.publisher", sources.sealedCol("url")}
		w.add(likeAny(cols...), repeatArg(likeArg(f.Query), len(cols))...)
	}
	return findList(ctx, s, sources, w, f.Page, sourceSorts)
}

// CreateSource validates and stores a new source; it sets its ID,
// Version and timestamps.
func (s *Store) CreateSource(ctx context.Context, src *vigil.Source) (err error) {
	defer restore(src, &err)()
	return create(ctx, s, sources, src, src.Validate)
}

// UpdateSource stores src over the version it carries (ECONFLICT when
// stale). Incidents with claims from it are re-derived.
func (s *Store) UpdateSource(ctx context.Context, src *vigil.Source) (err error) {
	defer restore(src, &err)()
	return change(ctx, s, sources, src, src.Validate)
}

// DeleteSource deletes a source that no claim cites (ECONFLICT
// otherwise). It needs an editing role.
func (s *Store) DeleteSource(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, sources, id, version)
}

// incidentsOfSource lists the incidents that claims from source id are
// about.
func incidentsOfSource(ctx context.Context, t *txn, id int64) ([]int64, error) {
	rows, err := t.query(ctx, "SELECT DISTINCT incident_id FROM claims WHERE source_id = ? AND incident_id IS NOT NULL ORDER BY incident_id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var i int64
		if err := rows.Scan(&i); err != nil {
			return nil, err
		}
		ids = append(ids, i)
	}
	return ids, rows.Err()
}

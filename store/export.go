package store

import (
	"context"
	"database/sql"
	"fmt"

	"vigil"
)

// exportPage is how many rows an export reads per query.
const exportPage = 2000

// Export writes every record the viewer in ctx may see to w, a section at
// a time in vigil.Sections order and by id within a section, projected
// as the viewer's reads are (protected persons under their pseudonyms,
// notes cleared below coalition clearance). It reads one consistent
// snapshot (REPEATABLE READ on PostgreSQL), a page at a time, so memory
// stays flat except for the ids of exported records that later sections
// refer to.
//
// The file must stand on its own, so a record never points at one that
// is not in it: an optional reference to a record the viewer may not see
// (a claim's incident, a place's parent) is set to null, and a record
// that cannot do without the one it points at (a claim's source, a
// membership's person, a provision's instrument) is left out. The result
// counts both.
func (s *Store) Export(ctx context.Context, w vigil.RecordWriter, opts vigil.ExportOptions) (*vigil.ExportResult, error) {
	txOpts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		txOpts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, txOpts)
	if err != nil {
		return nil, fmt.Errorf("store: export: begin: %w", err)
	}
	t := &txn{tx: tx, s: s, now: s.clock(), v: vigil.ViewerFrom(ctx)}
	defer t.rollback()
	ex := &exporter{t: t, w: w, opts: opts, seen: map[string]map[int64]bool{},
		res: &vigil.ExportResult{Clearance: t.v.Clearance, Written: map[string]int{}, Dropped: map[string]int{}}}
	for _, sec := range vigil.Sections {
		ex.res.Written[sec], ex.res.Dropped[sec] = 0, 0
	}
	// Places and actors point at parents in their own section, which may
	// come later: their visible ids are read first.
	for _, sec := range []string{vigil.SectionPlaces, vigil.SectionActors} {
		if ex.seen[sec], err = visibleIDs(ctx, t, sec); err != nil {
			return nil, err
		}
	}
	steps := []func() error{
		func() error {
			return exportTable(ctx, ex, places, func(p *vigil.Place) bool {
				ex.clear(vigil.SectionPlaces, &p.ParentID)
				return true
			})
		},
		func() error {
			return exportTable(ctx, ex, actors, func(a *vigil.Actor) bool {
				ex.clear(vigil.SectionActors, &a.ParentID)
				return true
			})
		},
		func() error {
			return exportTable(ctx, ex, posts, func(p *vigil.Post) bool { return ex.has(vigil.SectionActors, p.OrganizationID) })
		},
		func() error {
			return exportTable(ctx, ex, memberships, func(m *vigil.Membership) bool {
				ex.clear(vigil.SectionPosts, &m.PostID)
				return ex.has(vigil.SectionActors, m.PersonID) && ex.has(vigil.SectionActors, m.OrganizationID)
			})
		},
		func() error { return exportTable(ctx, ex, instruments, func(*vigil.Instrument) bool { return true }) },
		func() error {
			return exportTable(ctx, ex, provisions, func(lp *vigil.LegalProvision) bool {
				return ex.has(vigil.SectionInstruments, lp.InstrumentID)
			})
		},
		func() error {
			return exportTable(ctx, ex, stateParties, func(sp *vigil.StateParty) bool {
				return ex.has(vigil.SectionInstruments, sp.InstrumentID)
			})
		},
		func() error {
			return exportTable(ctx, ex, sources, func(s *vigil.Source) bool {
				ex.clear(vigil.SectionActors, &s.PublisherID)
				return true
			})
		},
		func() error {
			return exportTable(ctx, ex, incidents, func(i *vigil.Incident) bool {
				ex.clear(vigil.SectionPlaces, &i.PlaceID)
				ex.clear(vigil.SectionActors, &i.PerpetratorID)
				kept := i.Places[:0]
				for _, ip := range i.Places {
					if ex.has(vigil.SectionPlaces, ip.PlaceID) {
						kept = append(kept, ip)
					} else {
						ex.res.Cleared++
					}
				}
				i.Places = kept
				return true
			})
		},
		func() error {
			return exportTable(ctx, ex, links, func(l *vigil.IncidentLink) bool {
				return ex.has(vigil.SectionIncidents, l.FromID) && ex.has(vigil.SectionIncidents, l.ToID)
			})
		},
		func() error {
			return exportTable(ctx, ex, claims, func(c *vigil.Claim) bool {
				ex.clear(vigil.SectionIncidents, &c.IncidentID)
				ex.clear(vigil.SectionPlaces, &c.PlaceID)
				ex.clear(vigil.SectionActors, &c.PerpetratorID)
				return ex.has(vigil.SectionSources, c.SourceID)
			})
		},
		func() error {
			return exportTable(ctx, ex, violations, func(v *vigil.Violation) bool {
				return ex.has(vigil.SectionIncidents, v.IncidentID) && ex.has(vigil.SectionProvisions, v.ProvisionID)
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	if err := t.commit(); err != nil {
		return nil, err
	}
	return ex.res, nil
}

// exporter holds one export: the ids written so far in the sections that
// later ones refer to.
type exporter struct {
	t    *txn
	w    vigil.RecordWriter
	opts vigil.ExportOptions
	seen map[string]map[int64]bool
	res  *vigil.ExportResult
}

// has reports whether record id of section is in the export; a missing
// required reference drops the record that makes it.
func (ex *exporter) has(section string, id int64) bool { return ex.seen[section][id] }

// clear sets an optional reference to null when its target is not in
// the export.
func (ex *exporter) clear(section string, p **int64) {
	if *p != nil && !ex.seen[section][**p] {
		*p = nil
		ex.res.Cleared++
	}
}

// referenced lists the sections whose exported ids later sections check.
var referenced = map[string]bool{vigil.SectionPlaces: true, vigil.SectionActors: true, vigil.SectionPosts: true,
	vigil.SectionInstruments: true, vigil.SectionProvisions: true, vigil.SectionSources: true, vigil.SectionIncidents: true}

// exportTable writes the visible records of tb in id order, a page at a
// time, after keep has trimmed their references; a record keep refuses
// is counted as dropped.
func exportTable[T any](ctx context.Context, ex *exporter, tb *table[T], keep func(*T) bool) error {
	t, sec := ex.t, tb.name
	if referenced[sec] && ex.seen[sec] == nil {
		ex.seen[sec] = map[int64]bool{}
	}
	cond, cargs := tb.visibility(t.clearance())
	q := "SELECT " + tb.selectCols() + " FROM " + tb.name + " t WHERE t.id > ? AND " + cond + " ORDER BY t.id LIMIT ?"
	after := int64(0)
	for {
		// Sealed fields are opened for a restricted viewer only; for
		// everyone else they stay empty and the projection applies (a
		// protected person under their pseudonym).
		page, err := queryRecords(ctx, t, tb, t.clearance() >= rankAll, q, append(append([]any{after}, cargs...), exportPage)...)
		if err != nil {
			return fmt.Errorf("store: export %s: %w", sec, err)
		}
		if len(page) == 0 {
			ex.reportDone(sec)
			return nil
		}
		if tb.load != nil {
			if err := tb.load(ctx, t, page); err != nil {
				return err
			}
		}
		for _, rec := range page {
			tb.projectFor(rec, t.v)
		}
		if err := tb.viewFor(ctx, t, page...); err != nil {
			return err
		}
		for _, rec := range page {
			m := tb.meta(rec)
			after = m.ID
			if !keep(rec) {
				ex.res.Dropped[sec]++
				continue
			}
			if err := ex.w.WriteRecord(sec, rec); err != nil {
				return fmt.Errorf("export %s %d: %w", tb.noun, m.ID, err)
			}
			if referenced[sec] {
				ex.seen[sec][m.ID] = true
			}
			ex.res.Written[sec]++
			if ex.opts.Progress != nil && ex.res.Written[sec]%4096 == 0 {
				ex.opts.Progress(sec, ex.res.Written[sec])
			}
		}
		if len(page) < exportPage {
			ex.reportDone(sec)
			return nil
		}
	}
}

// reportDone reports the end of a section.
func (ex *exporter) reportDone(sec string) {
	if ex.opts.Progress != nil {
		ex.opts.Progress(sec, ex.res.Written[sec])
	}
}

// visibleIDs reads the ids of the records of a table the transaction's
// viewer may see.
func visibleIDs(ctx context.Context, t *txn, table string) (map[int64]bool, error) {
	rows, err := t.query(ctx, "SELECT id FROM "+table+" WHERE sensitivity_rank <= ?", t.clearance())
	if err != nil {
		return nil, fmt.Errorf("store: export: ids of %s: %w", table, err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: export: ids of %s: %w", table, err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: export: ids of %s: %w", table, err)
	}
	return out, nil
}

package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"vigil"
	"vigil/derive"
	"vigil/figure"
)

// Stats computes the honest total of one event type over the visible
// incidents whose earliest day falls in [From, To], at a place (or under
// it) and by a perpetrator when given. It reads only the columns of the
// incidents_totals covering index and leaves the part_of, same_cohort and
// no-figure rules to derive.Tally. Event is required, and From and To
// must be days as YYYY-MM-DD (EINVALID).
func (s *Store) Stats(ctx context.Context, f vigil.StatsFilter) (*vigil.Stats, error) {
	p := vigil.Problems{}
	switch {
	case f.Event == "":
		p.Add("event", "is required: a total adds up one event type (adding arrests to repatriations is not a total)")
	case !f.Event.Valid():
		p.Add("event", "%q is not an event type", f.Event)
	}
	checkDay(p, "from", f.From)
	checkDay(p, "to", f.To)
	if _, bad := p["to"]; !bad && f.From != "" && f.To != "" && f.To < f.From {
		p.Add("to", "%s is before from (%s)", f.To, f.From)
	}
	if err := p.Err("stats filter"); err != nil {
		return nil, err
	}
	var st vigil.Stats
	err := s.read(ctx, func(t *txn) error {
		rows, err := statsRows(ctx, t, f)
		if err != nil {
			return err
		}
		if err := visibleStructure(ctx, t, rows); err != nil {
			return err
		}
		st = derive.Tally(rows)
		return nil
	})
	if err != nil {
		return nil, err
	}
	st.Filter = f
	return &st, nil
}

// statsRows reads the matching incidents as derive.Tally needs them.
func statsRows(ctx context.Context, t *txn, f vigil.StatsFilter) ([]derive.Row, error) {
	var w where
	w.add("t.event = ?", string(f.Event))
	w.add("t.sensitivity_rank <= ?", t.clearance())
	if f.From != "" {
		w.add("t.date_start >= ?", f.From)
	}
	if f.To != "" {
		w.add("t.date_start <= ?", f.To)
	}
	if f.PlaceID != nil {
		placeTree(&w, *f.PlaceID, t.clearance())
	}
	if f.PerpetratorID != nil {
		w.add("t.perpetrator_id = ?", *f.PerpetratorID)
	}
	rows, err := t.query(ctx, `SELECT t.id, t.date_start, t.ancestors, t.cohort_id, t.fig_low, t.fig_best, t.fig_high
		FROM incidents t WHERE `+w.sql(), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	out := []derive.Row{}
	event := string(f.Event)
	for rows.Next() {
		r := derive.Row{Event: event}
		var (
			anc        string
			lo, be, hi *int
		)
		if err := rows.Scan(&r.ID, strCol{&r.DateStart}, &anc, &r.CohortID, intPtr{&lo}, intPtr{&be}, intPtr{&hi}); err != nil {
			return nil, fmt.Errorf("store: stats: %w", err)
		}
		if be != nil {
			r.Figure = &figure.Interval{Low: lo, Best: *be, High: hi}
		}
		if r.Ancestors, err = parseAncestors(anc); err != nil {
			return nil, fmt.Errorf("store: stats: incident %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stats: %w", err)
	}
	return out, nil
}

// parseAncestors turns a materialized path ("/3/17/", root first) into
// ids nearest first ([17 3]).
func parseAncestors(path string) ([]int64, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil, nil
	}
	parts := strings.Split(path, "/")
	out := make([]int64, len(parts))
	for i, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad ancestors path %q", path)
		}
		out[len(parts)-1-i] = id
	}
	return out, nil
}

// visibleStructure recomputes the rows' part_of ancestors and
// same_cohort chains from the structure the viewer sees (structure.go),
// when some structural link is hidden from them: used as they are, the
// stored ancestors and cohort_id would let a restricted link change a
// public total (and name its other end among the exclusions), which
// tells a public reader that the link exists.
func visibleStructure(ctx context.Context, t *txn, rows []derive.Row) error {
	if len(rows) == 0 {
		return nil
	}
	st, err := readStructure(ctx, t)
	if err != nil || st == nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		r.CohortID = st.cohort(r.ID)
		r.Ancestors = st.ancestors(r.ID)
	}
	return nil
}

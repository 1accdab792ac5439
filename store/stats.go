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
		w.add("t.place_id IN "+placeTreeSQL, *f.PlaceID, t.clearance())
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
// same_cohort chains from the links the viewer may see, when some link is
// beyond the viewer's clearance. The stored ancestors and cohort_id come
// from every link; used as they are, a restricted link would change a
// public total (and name its other end among the exclusions), which tells
// a public reader that the link exists. A link counts only when the
// viewer sees it and both its incidents.
func visibleStructure(ctx context.Context, t *txn, rows []derive.Row) error {
	var hidden int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM incident_links WHERE sensitivity_rank > ? AND kind IN ('part_of', 'same_cohort')",
		t.clearance()).Scan(&hidden); err != nil {
		return fmt.Errorf("store: stats: %w", err)
	}
	if hidden == 0 || len(rows) == 0 {
		return nil
	}
	q, err := t.query(ctx, `SELECT l.from_id, l.to_id, l.kind FROM incident_links l
		JOIN incidents a ON a.id = l.from_id JOIN incidents b ON b.id = l.to_id
		WHERE l.kind IN ('part_of', 'same_cohort') AND l.sensitivity_rank <= ? AND a.sensitivity_rank <= ? AND b.sensitivity_rank <= ?`,
		t.clearance(), t.clearance(), t.clearance())
	if err != nil {
		return fmt.Errorf("store: stats: visible links: %w", err)
	}
	defer q.Close()
	parent := map[int64]int64{}
	root := map[int64]int64{} // union-find over same_cohort; the root is the smallest id
	var find func(int64) int64
	find = func(x int64) int64 {
		r, ok := root[x]
		if !ok || r == x {
			return x
		}
		r = find(r)
		root[x] = r
		return r
	}
	for q.Next() {
		var from, to int64
		var kind string
		if err := q.Scan(&from, &to, &kind); err != nil {
			return fmt.Errorf("store: stats: visible links: %w", err)
		}
		if kind == string(vigil.LinkPartOf) {
			parent[from] = to
			continue
		}
		a, b := find(from), find(to)
		if a > b {
			a, b = b, a
		}
		root[a], root[b] = a, a
	}
	if err := q.Err(); err != nil {
		return fmt.Errorf("store: stats: visible links: %w", err)
	}
	for i := range rows {
		r := &rows[i]
		r.CohortID = find(r.ID)
		r.Ancestors = nil
		seen := map[int64]bool{r.ID: true}
		for p, ok := parent[r.ID]; ok && !seen[p]; p, ok = parent[p] {
			seen[p] = true
			r.Ancestors = append(r.Ancestors, p)
		}
	}
	return nil
}

package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"vigil"
)

// FindCohort returns the visible incidents of the same_cohort chain of
// incident id, by earliest day (undated last), then id. ENOTFOUND when
// incident id is not visible.
func (s *Store) FindCohort(ctx context.Context, id int64) ([]*vigil.Incident, error) {
	var out []*vigil.Incident
	err := s.read(ctx, func(t *txn) error {
		inc, err := get(ctx, t, incidents, id)
		if err != nil {
			return err
		}
		st, err := readStructureOf(ctx, t, []int64{id})
		if err != nil {
			return err
		}
		var w where
		if st != nil {
			w.in("t.id", st.members(id))
		} else {
			w.add("t.cohort_id = ?", inc.CohortID)
		}
		out, _, err = list(ctx, t, incidents, w, orderBy("date", incidentSorts), vigil.Page{Limit: vigil.MaxLimit})
		return err
	})
	return out, err
}

// followUpEventsSQL is FollowUpEvents as an SQL list.
const followUpEventsSQL = "('arrest', 'detention')"

// FindFollowUpsDue lists the same_cohort chains whose last visible report
// is an arrest or detention, with no later visible report in the chain
// and no visible follow_up_of link to any of its incidents, once the last
// report's latest possible day is at least f.Days before f.AsOf. One row
// per chain: a report counts as later when its earliest day is later, or
// the same day with another event type (a same-day repatriation answers an
// arrest) or a higher id. Undated reports are never listed, and never
// count as later.
func (s *Store) FindFollowUpsDue(ctx context.Context, f vigil.FollowUpFilter) ([]*vigil.FollowUpDue, int, error) {
	p := vigil.Problems{}
	asOf := s.clock()
	if f.AsOf != "" {
		d, err := time.Parse(time.DateOnly, f.AsOf)
		if err != nil {
			p.Add("as_of", "%q is not a day as YYYY-MM-DD", f.AsOf)
		}
		asOf = d
	}
	if f.Days == 0 {
		f.Days = vigil.DefaultFollowUpDays
	}
	if f.Days < 0 || f.Days > 36500 {
		p.Add("days", "must be between 1 and 36500")
	}
	if err := p.Err("follow-up filter"); err != nil {
		return nil, 0, err
	}
	if err := f.Page.Normalize(vigil.FollowUpSorts...); err != nil {
		return nil, 0, err
	}
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	cutoff := asOf.AddDate(0, 0, -f.Days).Format(time.DateOnly)

	var out []*vigil.FollowUpDue
	var n int
	err := s.read(ctx, func(t *txn) error {
		st, err := readStructure(ctx, t)
		if err != nil {
			return err
		}
		if st != nil {
			out, n, err = followUpsVisible(ctx, t, st, f, asOf, cutoff)
			return err
		}
		rank := t.clearance()
		var w where
		w.add("t.event IN " + followUpEventsSQL)
		w.add("t.date_start IS NOT NULL")
		w.add("COALESCE(t.date_end, t.date_start) <= ?", cutoff)
		w.add(`NOT EXISTS (SELECT 1 FROM incidents j
			WHERE j.cohort_id = t.cohort_id AND j.id <> t.id AND j.sensitivity_rank <= ?
			AND (j.date_start > t.date_start
				OR (j.date_start = t.date_start AND (j.event NOT IN `+followUpEventsSQL+` OR j.id > t.id))))`, rank)
		w.add(`NOT EXISTS (SELECT 1 FROM incident_links l
			JOIN incidents k ON k.id = l.to_id
			JOIN incidents r ON r.id = l.from_id
			WHERE l.kind = 'follow_up_of' AND k.cohort_id = t.cohort_id
			AND l.sensitivity_rank <= ? AND k.sensitivity_rank <= ? AND r.sensitivity_rank <= ?)`, rank, rank, rank)
		order := " ORDER BY COALESCE(t.date_end, t.date_start), t.id"
		if f.Sort == "-since" {
			order = " ORDER BY COALESCE(t.date_end, t.date_start) DESC, t.id DESC"
		}
		incs, total, err := list(ctx, t, incidents, w, order, f.Page)
		if err != nil {
			return err
		}
		n = total
		sizes, err := cohortSizes(ctx, t, incs)
		if err != nil {
			return err
		}
		out, err = followUpRows(incs, asOf, func(inc *vigil.Incident) int { return sizes[inc.CohortID] })
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []*vigil.FollowUpDue{}
	}
	return out, n, nil
}

// followUpRows makes the rows of a page of follow-ups; size gives the
// number of visible incidents in an incident's chain.
func followUpRows(incs []*vigil.Incident, asOf time.Time, size func(*vigil.Incident) int) ([]*vigil.FollowUpDue, error) {
	out := []*vigil.FollowUpDue{}
	for _, inc := range incs {
		since := inc.DateEnd
		if since == "" {
			since = inc.DateStart
		}
		d, err := time.Parse(time.DateOnly, since)
		if err != nil {
			return nil, fmt.Errorf("store: follow-ups: incident %d has a bad day %q: %w", inc.ID, since, err)
		}
		out = append(out, &vigil.FollowUpDue{Incident: inc, Since: since,
			Days: int(asOf.Sub(d).Hours() / 24), CohortSize: size(inc)})
	}
	return out, nil
}

// followUpsVisible is FindFollowUpsDue for a reader from whom some
// part_of or same_cohort link is hidden: the chains are then the
// components of the links the reader sees (st), which the stored
// cohort_id does not give, so the same rule runs here over the
// candidates, with three queries: the candidates, the incidents in any
// same_cohort chain, and the follow_up_of links the reader sees.
func followUpsVisible(ctx context.Context, t *txn, st *structure, f vigil.FollowUpFilter, asOf time.Time, cutoff string) ([]*vigil.FollowUpDue, int, error) {
	rank := t.clearance()
	type report struct {
		id           int64
		event, start string
		since        string
	}
	read := func(q string, args ...any) ([]report, error) {
		rows, err := t.query(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("store: follow-ups: %w", err)
		}
		defer rows.Close()
		var out []report
		for rows.Next() {
			var r report
			if err := rows.Scan(&r.id, &r.event, strCol{&r.start}, strCol{&r.since}); err != nil {
				return nil, fmt.Errorf("store: follow-ups: %w", err)
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	cands, err := read(`SELECT id, event, date_start, COALESCE(date_end, date_start) FROM incidents
		WHERE sensitivity_rank <= ? AND event IN `+followUpEventsSQL+` AND date_start IS NOT NULL AND COALESCE(date_end, date_start) <= ?`, rank, cutoff)
	if err != nil {
		return nil, 0, err
	}
	linked, err := read(`SELECT id, event, date_start, date_end FROM incidents WHERE sensitivity_rank <= ?
		AND id IN (SELECT from_id FROM incident_links WHERE kind = 'same_cohort' UNION SELECT to_id FROM incident_links WHERE kind = 'same_cohort')`, rank)
	if err != nil {
		return nil, 0, err
	}
	chains := map[int64][]report{}
	for _, r := range linked {
		c := st.cohort(r.id)
		chains[c] = append(chains[c], r)
	}
	answered, err := queryIDs(ctx, t, `SELECT l.to_id FROM incident_links l
		JOIN incidents k ON k.id = l.to_id JOIN incidents r ON r.id = l.from_id
		WHERE l.kind = 'follow_up_of' AND l.sensitivity_rank <= ? AND k.sensitivity_rank <= ? AND r.sensitivity_rank <= ?`, rank, rank, rank)
	if err != nil {
		return nil, 0, fmt.Errorf("store: follow-ups: %w", err)
	}
	followed := map[int64]bool{}
	for _, id := range answered {
		followed[st.cohort(id)] = true
	}
	isFollowUp := func(ev string) bool { return slices.Contains(vigil.FollowUpEvents, vigil.EventType(ev)) }
	var due []report
	size := map[int64]int{}
	for _, c := range cands {
		chain := st.cohort(c.id)
		if followed[chain] {
			continue
		}
		later := slices.ContainsFunc(chains[chain], func(j report) bool {
			return j.id != c.id && j.start != "" &&
				(j.start > c.start || (j.start == c.start && (!isFollowUp(j.event) || j.id > c.id)))
		})
		if later {
			continue
		}
		due = append(due, c)
		size[c.id] = max(1, len(chains[chain]))
	}
	slices.SortFunc(due, func(a, b report) int {
		d := cmp.Or(cmp.Compare(a.since, b.since), cmp.Compare(a.id, b.id))
		if f.Sort == "-since" {
			return -d
		}
		return d
	})
	n := len(due)
	lo, hi := min(f.Offset, n), min(f.Offset+f.Limit, n)
	ids := make([]int64, 0, hi-lo)
	for _, r := range due[lo:hi] {
		ids = append(ids, r.id)
	}
	if len(ids) == 0 {
		return []*vigil.FollowUpDue{}, n, nil
	}
	var w where
	w.in("t.id", ids)
	incs, _, err := list(ctx, t, incidents, w, " ORDER BY t.id", vigil.Page{Limit: len(ids)})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(incs, func(a, b *vigil.Incident) int { return cmp.Compare(slices.Index(ids, a.ID), slices.Index(ids, b.ID)) })
	out, err := followUpRows(incs, asOf, func(inc *vigil.Incident) int { return size[inc.ID] })
	return out, n, err
}

// cohortSizes counts the visible incidents of the chains of a page of
// incidents, with one query.
func cohortSizes(ctx context.Context, t *txn, incs []*vigil.Incident) (map[int64]int, error) {
	sizes := map[int64]int{}
	if len(incs) == 0 {
		return sizes, nil
	}
	ids := make([]int64, len(incs))
	for n, i := range incs {
		ids[n] = i.CohortID
	}
	var w where
	w.in("cohort_id", ids)
	w.add("sensitivity_rank <= ?", t.clearance())
	rows, err := t.query(ctx, "SELECT cohort_id, COUNT(*) FROM incidents WHERE "+w.sql()+" GROUP BY cohort_id", w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: count cohorts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c int
		if err := rows.Scan(&id, &c); err != nil {
			return nil, fmt.Errorf("store: count cohorts: %w", err)
		}
		sizes[id] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count cohorts: %w", err)
	}
	return sizes, nil
}

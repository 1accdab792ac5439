package derive

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"vigil"
	"vigil/figure"
)

// Row is one incident as totals need it.
type Row struct {
	// ID is the incident id; ids are assumed unique among the rows.
	ID    int64
	Event string
	// DateStart is the incident's earliest day, YYYY-MM-DD, or "" when
	// unknown.
	DateStart string
	// Ancestors are the incident's part_of ancestors, nearest first
	// (parent, grandparent, …).
	Ancestors []int64
	// CohortID keys the incident's same_cohort chain: the smallest member
	// id, or the incident's own id when it is alone. Zero or negative
	// means alone.
	CohortID int64
	// Figure is the incident's interval; nil when it has no figure yet.
	Figure *figure.Interval
}

// Exclusion reasons, as they appear in vigil.Exclusion.Reason.
const (
	reasonNoFigure   = "no figure"
	reasonPartOf     = "part_of "
	reasonSameCohort = "same_cohort "
)

// groupKey is an incident or cohort id within one event type.
type groupKey struct {
	event int // the event type, numbered in order of first appearance
	id    int64
}

// item is a row with its event type's index.
type item struct {
	*Row
	event int
}

// cohortKey is the key of the row's same_cohort chain within its event
// type.
func (it item) cohortKey() groupKey { return groupKey{it.event, cohortOf(it.Row)} }

// Tally computes the honest total over rows by the rules in the package
// documentation. It fills Total, Incidents, Excluded and Months and leaves
// Filter zero for the caller. Slices in the result are never nil. The
// result does not depend on the order of rows.
func Tally(rows []Row) vigil.Stats {
	st := vigil.Stats{
		Incidents: []int64{},
		Excluded:  []vigil.Exclusion{},
		Months:    []vigil.MonthTotal{},
	}

	// Rows become items in id order, with the event type as a small
	// number so that the maps below hash integers only.
	events := map[string]int{}
	items := make([]item, len(rows))
	for i := range rows {
		r := &rows[i]
		ev, ok := events[r.Event]
		if !ok {
			ev = len(events)
			events[r.Event] = ev
		}
		items[i] = item{Row: r, event: ev}
	}
	byID := func(a, b item) int { return cmp.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(items, byID) {
		slices.SortFunc(items, byID)
	}

	// (a) No figure.
	present := make(map[groupKey]struct{}, len(items))
	live := make([]item, 0, len(items))
	for _, it := range items {
		if it.Figure == nil {
			st.Excluded = append(st.Excluded, vigil.Exclusion{ID: it.ID, Reason: reasonNoFigure})
			continue
		}
		present[groupKey{it.event, it.ID}] = struct{}{}
		live = append(live, it)
	}

	// (b) part_of: the nearest ancestor of the same event type among the
	// rows that have a figure. The row then counts inside the farthest
	// such ancestor, its whole, which (b) keeps.
	kept := live[:0]
	whole := map[*Row]int64{} // absorbed row → its whole
	for _, it := range live {
		if near, far, ok := presentAncestors(it, present); ok {
			st.Excluded = append(st.Excluded, vigil.Exclusion{ID: it.ID, Reason: reasonPartOf + strconv.FormatInt(near, 10)})
			whole[it.Row] = far
			continue
		}
		kept = append(kept, it)
	}

	// (c) same_cohort: a chain is one group of people, and an absorbed
	// member's people are counted in its whole. So the rows (b) kept that
	// are joined by chains, directly or through absorbed members, form
	// one group that counts once: a whole that absorbs a member of a
	// chain of two or more rows first (it holds the chain's people and
	// more), then the earliest row. A kept row stands in the union for
	// its own chain; an absorbed row joins its chain to its whole's.
	groups := union{}
	var holds map[int64]bool // wholes that absorb a member of a chain of two or more
	if len(whole) > 0 {
		chainOf := map[int64]groupKey{} // whole → its chain
		size := map[groupKey]int{}      // rows with a figure in the chains of absorbed rows
		for r, w := range whole {
			k := item{r, events[r.Event]}.cohortKey()
			size[k]++
			chainOf[w] = groupKey{}
		}
		for _, it := range kept {
			k := it.cohortKey()
			if n, ok := size[k]; ok {
				size[k] = n + 1
			}
			if _, ok := chainOf[it.ID]; ok {
				chainOf[it.ID] = k
			}
		}
		holds = map[int64]bool{}
		for r, w := range whole {
			k := item{r, events[r.Event]}.cohortKey()
			if chainOf[w] == (groupKey{}) {
				continue // a whole (b) did not keep: only a cycle in the links does that
			}
			groups.join(chainOf[w], k)
			if size[k] > 1 {
				holds[w] = true
			}
		}
	}
	counted := make(map[groupKey]*Row, len(kept))
	for _, it := range kept {
		g := groups.find(it.cohortKey())
		if w, ok := counted[g]; !ok || before(it.Row, holds[it.ID], w, holds[w.ID]) {
			counted[g] = it.Row
		}
	}

	var total sum
	months := map[string]*monthSum{}
	for _, it := range kept {
		if w := counted[groups.find(it.cohortKey())]; w != it.Row {
			st.Excluded = append(st.Excluded, vigil.Exclusion{ID: it.ID, Reason: reasonSameCohort + strconv.FormatInt(w.ID, 10)})
			continue
		}
		st.Incidents = append(st.Incidents, it.ID)
		total.add(it.Row)
		if m, ok := month(it.DateStart); ok {
			ms := months[m]
			if ms == nil {
				ms = &monthSum{ids: []int64{}}
				months[m] = ms
			}
			ms.add(it.Row)
			ms.ids = append(ms.ids, it.ID)
		}
	}

	st.Total = total.total()
	slices.SortFunc(st.Excluded, func(a, b vigil.Exclusion) int { return cmp.Compare(a.ID, b.ID) })
	for m, ms := range months {
		st.Months = append(st.Months, vigil.MonthTotal{Month: m, Total: ms.total(), Incidents: ms.ids})
	}
	slices.SortFunc(st.Months, func(a, b vigil.MonthTotal) int { return cmp.Compare(a.Month, b.Month) })
	return st
}

// presentAncestors returns r's nearest and farthest part_of ancestors of
// the same event type among present.
func presentAncestors(it item, present map[groupKey]struct{}) (near, far int64, ok bool) {
	for _, a := range it.Ancestors {
		if a == it.ID {
			continue // a cycle in the links; never exclude a row for itself
		}
		if _, in := present[groupKey{it.event, a}]; in {
			if !ok {
				near = a
			}
			far, ok = a, true
		}
	}
	return near, far, ok
}

// union is a union-find over same_cohort chains; a chain it has not
// joined is its own root.
type union map[groupKey]groupKey

func (u union) find(x groupKey) groupKey {
	p, ok := u[x]
	if !ok || p == x {
		return x
	}
	r := u.find(p)
	u[x] = r
	return r
}

func (u union) join(a, b groupKey) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[rb] = ra
	}
}

// before reports whether row a (holding a chain member when ha) counts
// rather than row b (hb) in one group of (c): a holder first, then the
// earlier row.
func before(a *Row, ha bool, b *Row, hb bool) bool {
	if ha != hb {
		return ha
	}
	return earlier(a, b)
}

func cohortOf(r *Row) int64 {
	if r.CohortID <= 0 {
		return r.ID
	}
	return r.CohortID
}

// earlier reports whether a comes before b in a same_cohort chain: the
// earlier known DateStart first, unknown days last, then the lower id.
func earlier(a, b *Row) bool {
	switch {
	case a.DateStart == b.DateStart:
		return a.ID < b.ID
	case a.DateStart == "":
		return false
	case b.DateStart == "":
		return true
	default:
		return a.DateStart < b.DateStart
	}
}

// month returns the "YYYY-MM" of a YYYY-MM-DD day.
func month(day string) (string, bool) {
	if len(day) < 7 || day[4] != '-' {
		return "", false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6} {
		if day[i] < '0' || day[i] > '9' {
			return "", false
		}
	}
	return day[:7], true
}

// sum accumulates a Total.
type sum struct {
	low, best, high int
	unknownLow      []int64
	unbounded       []int64
}

func (s *sum) add(r *Row) {
	f := r.Figure
	if f.Low == nil {
		s.unknownLow = append(s.unknownLow, r.ID)
	} else {
		s.low = addSat(s.low, *f.Low)
	}
	s.best = addSat(s.best, f.Best)
	if f.High == nil {
		s.unbounded = append(s.unbounded, r.ID)
	} else {
		s.high = addSat(s.high, *f.High)
	}
}

// total returns the sum as a vigil.Total. Rows are added in id order, so
// the id lists are ascending.
func (s *sum) total() vigil.Total {
	t := vigil.Total{
		Low:           s.low,
		Best:          s.best,
		LowIncomplete: len(s.unknownLow) > 0,
		UnknownLow:    nonNil(s.unknownLow),
		HighUnbounded: len(s.unbounded) > 0,
		Unbounded:     nonNil(s.unbounded),
	}
	if !t.HighUnbounded {
		h := s.high
		t.High = &h
	}
	return t
}

type monthSum struct {
	sum
	ids []int64
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// addSat adds a and b, saturating at the int range instead of wrapping.
// Figures are far below 1e8, so this only matters for corrupt input or
// 32-bit platforms.
func addSat(a, b int) int {
	s := a + b
	switch {
	case b > 0 && s < a:
		return math.MaxInt
	case b < 0 && s > a:
		return math.MinInt
	}
	return s
}

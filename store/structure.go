package store

import (
	"context"
	"fmt"
	"slices"

	"vigil"
)

// structure is the part_of and same_cohort structure one reader sees:
// the links the reader may see whose two incidents the reader sees too.
// The stored parent_id, ancestors and cohort_id come from every link;
// shown as they are, a hidden link would tell a reader that it exists
// (two incidents they see share a cohort id, or an incident's cohort id is
// the id of one they may not see). Totals, incident reads, cohorts and
// follow-ups use a structure instead of the stored columns whenever some
// structural link is hidden from the reader.
type structure struct {
	parent map[int64]int64 // part_of: child → parent
	root   map[int64]int64 // union-find over same_cohort; a root is the smallest id of its component
}

// readStructure reads the structure the transaction's viewer sees. It
// returns nil when the viewer sees every part_of and same_cohort link and
// both incidents of each: the stored columns are then exactly theirs, and
// the covering indexes serve them alone.
func readStructure(ctx context.Context, t *txn) (*structure, error) {
	clr := t.clearance()
	if clr >= rankAll {
		return nil, nil
	}
	var hidden int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM incident_links l
		JOIN incidents a ON a.id = l.from_id JOIN incidents b ON b.id = l.to_id
		WHERE l.kind IN ('part_of', 'same_cohort') AND (l.sensitivity_rank > ? OR a.sensitivity_rank > ? OR b.sensitivity_rank > ?)`,
		clr, clr, clr).Scan(&hidden); err != nil {
		return nil, fmt.Errorf("store: hidden links: %w", err)
	}
	if hidden == 0 {
		return nil, nil
	}
	q, err := t.query(ctx, `SELECT l.from_id, l.to_id, l.kind FROM incident_links l
		JOIN incidents a ON a.id = l.from_id JOIN incidents b ON b.id = l.to_id
		WHERE l.kind IN ('part_of', 'same_cohort') AND l.sensitivity_rank <= ? AND a.sensitivity_rank <= ? AND b.sensitivity_rank <= ?`,
		clr, clr, clr)
	if err != nil {
		return nil, fmt.Errorf("store: visible links: %w", err)
	}
	defer q.Close()
	s := &structure{parent: map[int64]int64{}, root: map[int64]int64{}}
	for q.Next() {
		var from, to int64
		var kind string
		if err := q.Scan(&from, &to, &kind); err != nil {
			return nil, fmt.Errorf("store: visible links: %w", err)
		}
		if kind == string(vigil.LinkPartOf) {
			s.parent[from] = to
			continue
		}
		a, b := s.cohort(from), s.cohort(to)
		if a > b {
			a, b = b, a
		}
		s.root[a], s.root[b] = a, a
	}
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("store: visible links: %w", err)
	}
	return s, nil
}

// cohort returns the smallest id of the visible same_cohort component of
// incident id (id itself when it is alone).
func (s *structure) cohort(id int64) int64 {
	r, ok := s.root[id]
	if !ok || r == id {
		return id
	}
	r = s.cohort(r)
	s.root[id] = r
	return r
}

// parentOf returns the incident id is visibly part of, or nil.
func (s *structure) parentOf(id int64) *int64 {
	if p, ok := s.parent[id]; ok {
		return &p
	}
	return nil
}

// ancestors lists id's visible part_of ancestors, nearest first.
func (s *structure) ancestors(id int64) []int64 {
	var out []int64
	seen := map[int64]bool{id: true}
	for p, ok := s.parent[id]; ok && !seen[p]; p, ok = s.parent[p] {
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// members lists the incidents of the visible component of id, ascending.
func (s *structure) members(id int64) []int64 {
	c := s.cohort(id)
	out := []int64{c}
	for x := range s.root {
		if x != c && s.cohort(x) == c {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

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

// visibleLink is the condition for a link of alias l, from incident a to
// incident b, to be part of a reader's structure; its three ? take the
// reader's clearance rank.
const visibleLink = "l.sensitivity_rank <= ? AND a.sensitivity_rank <= ? AND b.sensitivity_rank <= ?"

// readStructure reads the whole structure the transaction's viewer sees,
// for totals and follow-ups, which may touch any chain. It returns nil
// when the viewer sees every part_of and same_cohort link and both
// incidents of each: the stored columns are then exactly theirs, and the
// covering indexes serve them alone.
func readStructure(ctx context.Context, t *txn) (*structure, error) {
	clr := t.clearance()
	if clr >= rankAll {
		return nil, nil
	}
	var hidden int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM incident_links l
		JOIN incidents a ON a.id = l.from_id JOIN incidents b ON b.id = l.to_id
		WHERE l.kind IN ('part_of', 'same_cohort') AND NOT (`+visibleLink+`)`,
		clr, clr, clr).Scan(&hidden); err != nil {
		return nil, fmt.Errorf("store: hidden links: %w", err)
	}
	if hidden == 0 {
		return nil, nil
	}
	return scanStructure(ctx, t, `SELECT l.from_id, l.to_id, l.kind FROM incident_links l
		JOIN incidents a ON a.id = l.from_id JOIN incidents b ON b.id = l.to_id
		WHERE l.kind IN ('part_of', 'same_cohort') AND `+visibleLink, clr, clr, clr)
}

// readStructureOf reads the part of the viewer's structure that incidents
// ids need: their visible part_of links and the visible same_cohort links
// of their chains, walked out from them one step per query (chains are
// short; each step reads the links at either end of the incidents it
// reached, by index), so that reading a page or one incident does not
// read every link. It returns nil at restricted clearance (the stored
// columns are the viewer's).
func readStructureOf(ctx context.Context, t *txn, ids []int64) (*structure, error) {
	clr := t.clearance()
	if clr >= rankAll || len(ids) == 0 {
		return nil, nil
	}
	s := &structure{parent: map[int64]int64{}, root: map[int64]int64{}}
	reached := map[int64]bool{}
	for _, id := range ids {
		reached[id] = true
	}
	for frontier, first := ids, true; len(frontier) > 0; first = false {
		var w where
		w.in("l.from_id", frontier)
		from, fromArgs := w.sql(), w.args
		w = where{}
		w.in("l.to_id", frontier)
		kinds := "l.kind = 'same_cohort'"
		if first {
			kinds = "l.kind IN ('part_of', 'same_cohort')"
		}
		args := append(append(append([]any{}, fromArgs...), w.args...), clr, clr, clr)
		links, err := scanLinks(ctx, t, `SELECT l.from_id, l.to_id, l.kind FROM incident_links l
			JOIN incidents a ON a.id = l.from_id JOIN incidents b ON b.id = l.to_id
			WHERE (`+from+` OR (`+w.sql()+` AND l.kind = 'same_cohort')) AND `+kinds+` AND `+visibleLink, args...)
		if err != nil {
			return nil, err
		}
		frontier = nil
		for _, l := range links {
			s.add(l)
			if l.kind != vigil.LinkSameCohort {
				continue
			}
			for _, x := range []int64{l.from, l.to} {
				if !reached[x] {
					reached[x] = true
					frontier = append(frontier, x)
				}
			}
		}
	}
	return s, nil
}

// link is one structural link as the structure reads it.
type link struct {
	from, to int64
	kind     vigil.LinkKind
}

// scanStructure builds a structure from a query of (from_id, to_id, kind).
func scanStructure(ctx context.Context, t *txn, q string, args ...any) (*structure, error) {
	links, err := scanLinks(ctx, t, q, args...)
	if err != nil {
		return nil, err
	}
	s := &structure{parent: map[int64]int64{}, root: map[int64]int64{}}
	for _, l := range links {
		s.add(l)
	}
	return s, nil
}

// scanLinks reads a query of (from_id, to_id, kind).
func scanLinks(ctx context.Context, t *txn, q string, args ...any) ([]link, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: visible links: %w", err)
	}
	defer rows.Close()
	var out []link
	for rows.Next() {
		var l link
		if err := rows.Scan(&l.from, &l.to, &l.kind); err != nil {
			return nil, fmt.Errorf("store: visible links: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: visible links: %w", err)
	}
	return out, nil
}

// add puts a link into the structure: a part_of link sets a parent, a
// same_cohort link joins two chains.
func (s *structure) add(l link) {
	if l.kind == vigil.LinkPartOf {
		s.parent[l.from] = l.to
		return
	}
	a, b := s.cohort(l.from), s.cohort(l.to)
	if a > b {
		a, b = b, a
	}
	s.root[a], s.root[b] = a, a
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

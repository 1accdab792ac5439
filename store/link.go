package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"vigil"
)

var links = &table[vigil.IncidentLink]{
	name: "incident_links",
	noun: "incident link",
	cols: []string{"from_id", "to_id", "kind", "note"},
	args: func(l *vigil.IncidentLink) []any {
		return []any{l.FromID, l.ToID, string(l.Kind), l.Note}
	},
	dest: func(l *vigil.IncidentLink) []any {
		return []any{&l.FromID, &l.ToID, &l.Kind, &l.Note}
	},
	meta: func(l *vigil.IncidentLink) *vigil.Meta { return &l.Meta },
	refs: func(l *vigil.IncidentLink) []ref {
		return []ref{refID("from_id", "incidents", "incident", l.FromID), refID("to_id", "incidents", "incident", l.ToID)}
	},
	parents: []parentCol{{"from_id", "incidents"}, {"to_id", "incidents"}},
	// A link is visible only with both of its incidents: otherwise it
	// would reveal the id of an incident the viewer may not see.
	visible: `EXISTS (SELECT 1 FROM incidents a WHERE a.id = t.from_id AND a.sensitivity_rank <= ?)
		AND EXISTS (SELECT 1 FROM incidents b WHERE b.id = t.to_id AND b.sensitivity_rank <= ?)`,
	before: checkPartOf,
	seal: restrictedOnly(func(l *vigil.IncidentLink) *vigil.Meta { return &l.Meta }, func(l *vigil.IncidentLink) {
		l.Note = ""
	}, "note"),
	propagate: func(ctx context.Context, t *txn, l, cur *vigil.IncidentLink) error {
		var ids []int64
		for _, x := range []*vigil.IncidentLink{l, cur} {
			if x != nil {
				ids = append(ids, x.FromID, x.ToID)
			}
		}
		return relink(ctx, t, ids...)
	},
}

// checkPartOf refuses a part_of link that would give an incident a
// second parent or close a cycle.
func checkPartOf(ctx context.Context, t *txn, l, _ *vigil.IncidentLink) error {
	if l.Kind != vigil.LinkPartOf {
		return nil
	}
	var parent int64
	err := t.queryRow(ctx, "SELECT to_id FROM incident_links WHERE from_id = ? AND kind = 'part_of' AND id <> ?", l.FromID, l.ID).Scan(&parent)
	switch {
	case err == nil:
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid incident link", Fields: map[string]string{
			"from_id": fmt.Sprintf("incident %d is already part of incident %d; an incident has at most one parent", l.FromID, parent)}}
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: check parent of incident %d: %w", l.FromID, err)
	}
	var anc string
	if err := t.queryRow(ctx, "SELECT ancestors FROM incidents WHERE id = ?", l.ToID).Scan(&anc); err != nil {
		return fmt.Errorf("store: check ancestors of incident %d: %w", l.ToID, err)
	}
	if strings.Contains(anc, "/"+strconv.FormatInt(l.FromID, 10)+"/") {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid incident link", Fields: map[string]string{
			"to_id": fmt.Sprintf("incident %d is itself part of incident %d: the link would make a cycle", l.ToID, l.FromID)}}
	}
	return nil
}

// relink recomputes the structure that links define for the incidents
// touched by a link change: each one's parent and ancestor path (and its
// subtree's), and each one's same_cohort component.
func relink(ctx context.Context, t *txn, ids ...int64) error {
	done := map[int64]bool{}
	for _, id := range ids {
		if done[id] {
			continue
		}
		done[id] = true
		if err := reparent(ctx, t, id); err != nil {
			return err
		}
	}
	cohortDone := map[int64]bool{}
	for _, id := range ids {
		if cohortDone[id] {
			continue
		}
		members, err := recohort(ctx, t, id)
		if err != nil {
			return err
		}
		for _, m := range members {
			cohortDone[m] = true
		}
	}
	return nil
}

// reparent sets incident id's parent from its part_of link and rewrites
// the ancestor paths of it and its whole subtree.
func reparent(ctx context.Context, t *txn, id int64) error {
	var (
		oldParent *int64
		oldAnc    string
	)
	if err := t.queryRow(ctx, "SELECT parent_id, ancestors FROM incidents WHERE id = ?", id).Scan(i64Ptr{&oldParent}, &oldAnc); err != nil {
		return fmt.Errorf("store: read parent of incident %d: %w", id, err)
	}
	var (
		parent *int64
		anc    = "/"
	)
	var p int64
	var pAnc string
	err := t.queryRow(ctx, `SELECT l.to_id, i.ancestors FROM incident_links l JOIN incidents i ON i.id = l.to_id
		WHERE l.from_id = ? AND l.kind = 'part_of'`, id).Scan(&p, &pAnc)
	switch {
	case err == nil:
		parent, anc = &p, pAnc+strconv.FormatInt(p, 10)+"/"
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: read part_of link of incident %d: %w", id, err)
	}
	if sameID(parent, oldParent) && anc == oldAnc {
		return nil
	}
	if _, err := t.exec(ctx, "UPDATE incidents SET parent_id = ?, ancestors = ? WHERE id = ?", ptrArg(parent), anc, id); err != nil {
		return fmt.Errorf("store: set parent of incident %d: %w", id, err)
	}
	self := strconv.FormatInt(id, 10) + "/"
	oldPrefix, newPrefix := oldAnc+self, anc+self
	if _, err := t.exec(ctx, "UPDATE incidents SET ancestors = ? || substr(ancestors, ?) WHERE ancestors LIKE ?",
		newPrefix, len(oldPrefix)+1, oldPrefix+"%"); err != nil {
		return fmt.Errorf("store: move subtree of incident %d: %w", id, err)
	}
	return nil
}

// recohort sets cohort_id, the smallest id of the same_cohort component
// of incident id, on every member, and returns the members.
func recohort(ctx context.Context, t *txn, id int64) ([]int64, error) {
	rows, err := t.query(ctx, `WITH RECURSIVE comp(id) AS (
			SELECT CAST(? AS BIGINT)
			UNION
			SELECT CASE WHEN l.from_id = comp.id THEN l.to_id ELSE l.from_id END
			FROM incident_links l JOIN comp ON l.from_id = comp.id OR l.to_id = comp.id
			WHERE l.kind = 'same_cohort'
		) SELECT id FROM comp ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: find cohort of incident %d: %w", id, err)
	}
	defer rows.Close()
	var members []int64
	for rows.Next() {
		var m int64
		if err := rows.Scan(&m); err != nil {
			return nil, fmt.Errorf("store: find cohort of incident %d: %w", id, err)
		}
		members = append(members, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find cohort of incident %d: %w", id, err)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store: find cohort of incident %d: %w", id, err)
	}
	var w where
	w.in("id", members)
	w.add("cohort_id <> ?", members[0])
	if _, err := t.exec(ctx, "UPDATE incidents SET cohort_id = ? WHERE "+w.sql(), append([]any{members[0]}, w.args...)...); err != nil {
		return nil, fmt.Errorf("store: set cohort of incident %d: %w", id, err)
	}
	return members, nil
}

// FindLinkByID returns link id if the viewer may see it and both its
// incidents (ENOTFOUND otherwise).
func (s *Store) FindLinkByID(ctx context.Context, id int64) (*vigil.IncidentLink, error) {
	return findByID(ctx, s, links, id)
}

// FindLinks lists the visible links matching f, and their count.
func (s *Store) FindLinks(ctx context.Context, f vigil.LinkFilter) ([]*vigil.IncidentLink, int, error) {
	var w where
	if f.IncidentID != nil {
		w.add("(t.from_id = ? OR t.to_id = ?)", *f.IncidentID, *f.IncidentID)
	}
	if f.Kind != "" {
		w.add("t.kind = ?", string(f.Kind))
	}
	return findList(ctx, s, links, w, f.Page, map[string]string{"updated_at": "t.updated_at"})
}

// CreateLink stores a link and recomputes the parent, ancestors and
// cohort it affects. A part_of link that would give an incident a second
// parent or make a cycle is EINVALID.
func (s *Store) CreateLink(ctx context.Context, l *vigil.IncidentLink) (err error) {
	defer restore(l, &err)()
	return create(ctx, s, links, l, l.Validate)
}

// UpdateLink stores l over the version it carries (ECONFLICT when stale)
// and recomputes the structure around both its old and new ends.
func (s *Store) UpdateLink(ctx context.Context, l *vigil.IncidentLink) (err error) {
	defer restore(l, &err)()
	return change(ctx, s, links, l, l.Validate)
}

// DeleteLink deletes a link and recomputes the parent, ancestors and
// cohorts it defined. It needs an editing role.
func (s *Store) DeleteLink(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, links, id, version)
}

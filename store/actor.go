package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"vigil"
)

var actors = &table[vigil.Actor]{
	name: "actors",
	noun: "actor",
	cols: []string{"kind", "name_ko", "name_en", "name_zh", "classification", "other_names", "identifiers", "url",
		"country_code", "parent_id", "protected", "pseudonym_ko", "pseudonym_en", "pseudonym_zh", "notes"},
	args: func(a *vigil.Actor) []any {
		return []any{string(a.Kind), a.Name.Ko, a.Name.En, a.Name.Zh, a.Classification, jsonArg(a.OtherNames), jsonArg(a.Identifiers), a.URL,
			a.CountryCode, ptrArg(a.ParentID), a.Protected, a.Pseudonym.Ko, a.Pseudonym.En, a.Pseudonym.Zh, a.Notes}
	},
	dest: func(a *vigil.Actor) []any {
		return []any{&a.Kind, &a.Name.Ko, &a.Name.En, &a.Name.Zh, &a.Classification, jsonCol{&a.OtherNames}, jsonCol{&a.Identifiers}, &a.URL,
			&a.CountryCode, i64Ptr{&a.ParentID}, boolCol{&a.Protected}, &a.Pseudonym.Ko, &a.Pseudonym.En, &a.Pseudonym.Zh, &a.Notes}
	},
	meta: func(a *vigil.Actor) *vigil.Meta { return &a.Meta },
	refs: func(a *vigil.Actor) []ref {
		return []ref{refTo("parent_id", "actors", "actor", a.ParentID)}
	},
	usedBy: []backref{{"actors", "parent_id"}, {"sources", "publisher_id"}, {"claims", "perpetrator_id"},
		{"incidents", "perpetrator_id"}, {"posts", "organization_id"}, {"memberships", "person_id"}, {"memberships", "organization_id"},
		{"asks", "target_id"}, {"invitations", "organization_id"}, {"invitations", "person_id"}, {"signatures", "organization_id"},
		{"signatures", "restricted_person_id"}, {"deliveries", "recipient_id"}, {"outcomes", "changed_by_id"}, {"photos", "photographer_id"}},
	keep: func(rec, cur *vigil.Actor, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.Notes = cur.Notes
		}
	},
	project: projectActor,
	// A protected person's identity is sealed whatever the record's
	// sensitivity; the pseudonym stays in the clear, for public display
	// and filters. A restricted actor's identity is sealed too.
	seal: &sealing[vigil.Actor]{
		cols: []string{"name_ko", "name_en", "name_zh", "other_names", "identifiers", "url", "notes"},
		when: func(a *vigil.Actor) bool { return a.Protected || a.Sensitivity == vigil.Restricted },
		cond: "(t.protected OR t.sensitivity_rank = 2)",
		desc: "protected person or restricted record",
		blank: func(a *vigil.Actor) {
			a.Name, a.OtherNames, a.Identifiers, a.URL, a.Notes = vigil.Names{}, nil, nil, "", ""
		},
	},
	before: func(_ context.Context, t *txn, a, cur *vigil.Actor) error {
		if (a.Protected || (cur != nil && cur.Protected)) && !t.v.CanRead(vigil.Restricted) {
			return vigil.Errorf(vigil.EFORBIDDEN, "you may not write a protected person: restricted clearance is required")
		}
		a.Redacted = false
		return nil
	},
}

// projectActor shows a protected person under their pseudonym to viewers
// without restricted clearance, and hides internal notes below coalition
// clearance.
func projectActor(a *vigil.Actor, v vigil.Viewer) {
	if !v.CanRead(vigil.Restricted) {
		a.Redact()
	}
	if !seesNotes(v) {
		a.Notes = ""
	}
}

// visibleName is the SQL of an actor's name in one language as filters
// and sorts may use it: the pseudonym of a protected person, the empty
// string for another actor whose name is sealed, the name otherwise. A
// sealed name cannot be compared in SQL, even for a viewer with
// restricted clearance (docs/privacy.md), so neither a filter nor a sort
// leaks a real name.
func visibleName(lang string) string {
	return "CASE WHEN t.protected THEN t.pseudonym_" + lang + " WHEN t.sensitivity_rank = 2 THEN '' ELSE t.name_" + lang + " END"
}

// FindActorByID returns actor id if the viewer may see it (ENOTFOUND
// otherwise), projected for the viewer.
func (s *Store) FindActorByID(ctx context.Context, id int64) (*vigil.Actor, error) {
	return findByID(ctx, s, actors, id)
}

// FindActors lists the visible actors matching f, and their count. Name
// matches the name the viewer may see.
func (s *Store) FindActors(ctx context.Context, f vigil.ActorFilter) ([]*vigil.Actor, int, error) {
	var w where
	w.in("t.id", f.IDs)
	if f.Kind != "" {
		w.add("t.kind = ?", string(f.Kind))
	}
	if f.Classification != "" {
		w.add("t.classification = ?", f.Classification)
	}
	if f.Name != "" {
		cols := []string{visibleName("ko"), visibleName("en"), visibleName("zh")}
		w.add(likeAny(cols...), repeatArg(likeArg(f.Name), len(cols))...)
	}
	sorts := map[string]string{
		"name":       "LOWER(COALESCE(NULLIF(" + visibleName("en") + ", ''), NULLIF(" + visibleName("ko") + ", '')))",
		"updated_at": "t.updated_at",
	}
	return findList(ctx, s, actors, w, f.Page, sorts)
}

// CreateActor validates and stores a new person or organization. Writing
// a protected person (creating one, or changing one) needs restricted
// clearance (EFORBIDDEN): nobody writes an identity they could not read.
func (s *Store) CreateActor(ctx context.Context, a *vigil.Actor) (err error) {
	defer restore(a, &err)()
	return create(ctx, s, actors, a, a.Validate)
}

// UpdateActor stores a over the version it carries (ECONFLICT when
// stale).
func (s *Store) UpdateActor(ctx context.Context, a *vigil.Actor) (err error) {
	defer restore(a, &err)()
	return change(ctx, s, actors, a, a.Validate)
}

// DeleteActor deletes an actor nothing refers to (ECONFLICT otherwise).
// It needs an editing role.
func (s *Store) DeleteActor(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, actors, id, version)
}

// actorKind reads the kind of a visible actor, for the person and
// organization checks of posts and memberships.
func actorKind(ctx context.Context, t *txn, id int64) (vigil.ActorKind, error) {
	var k vigil.ActorKind
	err := t.queryRow(ctx, "SELECT kind FROM actors WHERE id = ? AND sensitivity_rank <= ?", id, t.clearance()).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil // checkRefs reports it
	} else if err != nil {
		return "", fmt.Errorf("store: read kind of actor %d: %w", id, err)
	}
	return k, nil
}

// needKind adds a problem when actor id exists but is not of kind want.
func needKind(ctx context.Context, t *txn, p vigil.Problems, field string, id int64, want vigil.ActorKind) error {
	k, err := actorKind(ctx, t, id)
	if err != nil {
		return err
	}
	if k != "" && k != want {
		p.Add(field, "actor %d is a %s, not a %s", id, k, want)
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"vigil"
)

var posts = &table[vigil.Post]{
	name: "posts",
	noun: "post",
	cols: []string{"organization_id", "label_ko", "label_en", "label_zh"},
	args: func(p *vigil.Post) []any {
		return append([]any{p.OrganizationID}, namesArgs(p.Label)...)
	},
	dest: func(p *vigil.Post) []any {
		return append([]any{&p.OrganizationID}, namesDest(&p.Label)...)
	},
	meta: func(p *vigil.Post) *vigil.Meta { return &p.Meta },
	refs: func(p *vigil.Post) []ref {
		return []ref{refID("organization_id", "actors", "organization", p.OrganizationID)}
	},
	parents: []parentCol{{"organization_id", "actors"}},
	usedBy:  []backref{{"memberships", "post_id"}},
	seal: restrictedOnly(func(p *vigil.Post) *vigil.Meta { return &p.Meta }, func(p *vigil.Post) {
		p.Label = vigil.Names{}
	}, "label_ko", "label_en", "label_zh"),
	before: func(ctx context.Context, t *txn, p, _ *vigil.Post) error {
		pr := vigil.Problems{}
		if err := needKind(ctx, t, pr, "organization_id", p.OrganizationID, vigil.ActorOrganization); err != nil {
			return err
		}
		return pr.Err("post")
	},
}

var memberships = &table[vigil.Membership]{
	name: "memberships",
	noun: "membership",
	cols: []string{"person_id", "organization_id", "post_id", "role_ko", "role_en", "role_zh",
		"start_date", "start_earliest", "start_latest", "end_date", "end_earliest", "end_latest"},
	args: func(m *vigil.Membership) []any {
		return []any{m.PersonID, m.OrganizationID, ptrArg(m.PostID), m.Role.Ko, m.Role.En, m.Role.Zh,
			m.StartDate, nullStr(m.StartEarliest), nullStr(m.StartLatest), m.EndDate, nullStr(m.EndEarliest), nullStr(m.EndLatest)}
	},
	dest: func(m *vigil.Membership) []any {
		return []any{&m.PersonID, &m.OrganizationID, i64Ptr{&m.PostID}, &m.Role.Ko, &m.Role.En, &m.Role.Zh,
			&m.StartDate, strCol{&m.StartEarliest}, strCol{&m.StartLatest}, &m.EndDate, strCol{&m.EndEarliest}, strCol{&m.EndLatest}}
	},
	meta:    func(m *vigil.Membership) *vigil.Meta { return &m.Meta },
	parents: []parentCol{{"person_id", "actors"}, {"organization_id", "actors"}, {"post_id", "posts"}},
	seal: restrictedOnly(func(m *vigil.Membership) *vigil.Meta { return &m.Meta }, func(m *vigil.Membership) {
		m.Role = vigil.Names{}
	}, "role_ko", "role_en", "role_zh"),
	refs: func(m *vigil.Membership) []ref {
		return []ref{
			refID("person_id", "actors", "person", m.PersonID),
			refID("organization_id", "actors", "organization", m.OrganizationID),
			refTo("post_id", "posts", "post", m.PostID),
		}
	},
	before: func(ctx context.Context, t *txn, m, _ *vigil.Membership) error {
		p := vigil.Problems{}
		if err := needKind(ctx, t, p, "person_id", m.PersonID, vigil.ActorPerson); err != nil {
			return err
		}
		if err := needKind(ctx, t, p, "organization_id", m.OrganizationID, vigil.ActorOrganization); err != nil {
			return err
		}
		if m.PostID != nil {
			var org int64
			err := t.queryRow(ctx, "SELECT organization_id FROM posts WHERE id = ?", *m.PostID).Scan(&org)
			switch {
			case errors.Is(err, sql.ErrNoRows): // checkRefs reported it
			case err != nil:
				return fmt.Errorf("store: read post %d: %w", *m.PostID, err)
			case org != m.OrganizationID:
				p.Add("post_id", "post %d belongs to organization %d, not %d", *m.PostID, org, m.OrganizationID)
			}
		}
		return p.Err("membership")
	},
}

// FindPostByID returns post id if the viewer may see it (ENOTFOUND
// otherwise).
func (s *Store) FindPostByID(ctx context.Context, id int64) (*vigil.Post, error) {
	return findByID(ctx, s, posts, id)
}

// FindPosts lists the visible posts matching f, and their count.
func (s *Store) FindPosts(ctx context.Context, f vigil.PostFilter) ([]*vigil.Post, int, error) {
	var w where
	if f.OrganizationID != nil {
		w.add("t.organization_id = ?", *f.OrganizationID)
	}
	return findList(ctx, s, posts, w, f.Page, map[string]string{"updated_at": "t.updated_at"})
}

// CreatePost validates and stores a post of an organization.
func (s *Store) CreatePost(ctx context.Context, p *vigil.Post) (err error) {
	defer restore(p, &err)()
	return create(ctx, s, posts, p, p.Validate)
}

// UpdatePost stores p over the version it carries (ECONFLICT when stale).
func (s *Store) UpdatePost(ctx context.Context, p *vigil.Post) (err error) {
	defer restore(p, &err)()
	return change(ctx, s, posts, p, p.Validate)
}

// DeletePost deletes a post no membership holds (ECONFLICT otherwise). It
// needs an editing role.
func (s *Store) DeletePost(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, posts, id, version)
}

// FindMembershipByID returns membership id if the viewer may see it
// (ENOTFOUND otherwise).
func (s *Store) FindMembershipByID(ctx context.Context, id int64) (*vigil.Membership, error) {
	return findByID(ctx, s, memberships, id)
}

// FindMemberships lists the visible memberships matching f, and their
// count.
func (s *Store) FindMemberships(ctx context.Context, f vigil.MembershipFilter) ([]*vigil.Membership, int, error) {
	var w where
	if f.PersonID != nil {
		w.add("t.person_id = ?", *f.PersonID)
	}
	if f.OrganizationID != nil {
		w.add("t.organization_id = ?", *f.OrganizationID)
	}
	if f.PostID != nil {
		w.add("t.post_id = ?", *f.PostID)
	}
	return findList(ctx, s, memberships, w, f.Page, map[string]string{"start": "t.start_earliest", "updated_at": "t.updated_at"})
}

// CreateMembership validates and stores a membership of a person in an
// organization.
func (s *Store) CreateMembership(ctx context.Context, m *vigil.Membership) (err error) {
	defer restore(m, &err)()
	return create(ctx, s, memberships, m, m.Validate)
}

// UpdateMembership stores m over the version it carries (ECONFLICT when
// stale).
func (s *Store) UpdateMembership(ctx context.Context, m *vigil.Membership) (err error) {
	defer restore(m, &err)()
	return change(ctx, s, memberships, m, m.Validate)
}

// DeleteMembership deletes a membership. It needs an editing role.
func (s *Store) DeleteMembership(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, memberships, id, version)
}

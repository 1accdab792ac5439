package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"vigil"
)

var _ vigil.UserService = (*Store)(nil)

// checkGrant refuses a role or clearance the granting admin may not give:
// a clearance above their own.
func checkGrant(v vigil.Viewer, c vigil.Sensitivity) error {
	if c.Valid() && !v.CanRead(c) {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid user",
			Fields: map[string]string{"clearance": fmt.Sprintf("%s is above your own clearance (%s)", c, v.Clearance)}}
	}
	return nil
}

// CreateUser adds an account with a password. It needs the admin role;
// the clearance may not exceed the admin's. The audit entry holds the
// user without the password or its hash.
func (s *Store) CreateUser(ctx context.Context, u *vigil.User, password string) (err error) {
	v := vigil.ViewerFrom(ctx)
	if err := isAdmin(v, "create users"); err != nil {
		return err
	}
	defer restore(u, &err)()
	if err := u.Validate(); err != nil {
		return err
	}
	if err := checkGrant(v, u.Clearance); err != nil {
		return err
	}
	if err := vigil.ValidatePassword("password", password, u.Email); err != nil {
		return err
	}
	hash, err := s.acct.hasher.Hash(password)
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return s.write(ctx, func(t *txn) error {
		if old, err := t.userByEmail(ctx, u.Email); err != nil {
			return err
		} else if old != nil {
			return &vigil.Error{Code: vigil.ECONFLICT, Message: "a user with this email already exists",
				Fields: map[string]string{"email": "already has an account"}}
		}
		return t.insertUser(ctx, u, hash)
	})
}

// insertUser writes a new users row and audits it.
func (t *txn) insertUser(ctx context.Context, u *vigil.User, hash string) error {
	u.Disabled, u.TOTPEnabled, u.Version = false, false, 1
	u.CreatedAt, u.UpdatedAt = t.now, t.now
	err := t.queryRow(ctx, `INSERT INTO users (email, name, role, clearance, password_hash, disabled, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		u.Email, u.Name, string(u.Role), string(u.Clearance), hash, false, fmtTime(t.now), fmtTime(t.now)).Scan(&u.ID)
	if err != nil {
		return mapWriteErr(fmt.Errorf("store: create user: %w", err), "user")
	}
	return t.audit(ctx, vigil.ActionCreate, "users", u.ID, 1, userAudit{User: u})
}

// FindUserByID returns a user to an admin or to the user themself;
// anyone else gets ENOTFOUND.
func (s *Store) FindUserByID(ctx context.Context, id int64) (*vigil.User, error) {
	v := vigil.ViewerFrom(ctx)
	if !v.IsAdmin() && (v.UserID == 0 || v.UserID != id) {
		return nil, notFound("user", id)
	}
	var u *userRow
	err := s.read(ctx, func(t *txn) error {
		var err error
		u, err = t.getUser(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}

var userSorts = map[string]string{"email": "t.email", "name": "t.name", "created_at": "t.created_at"}

// FindUsers lists users; admins only.
func (s *Store) FindUsers(ctx context.Context, f vigil.UserFilter) ([]*vigil.User, int, error) {
	if err := isAdmin(vigil.ViewerFrom(ctx), "list users"); err != nil {
		return nil, 0, err
	}
	if err := f.Page.Normalize(vigil.UserSorts...); err != nil {
		return nil, 0, err
	}
	var w where
	if f.Role != "" {
		w.add("t.role = ?", string(f.Role))
	}
	if f.Email != "" {
		w.add(`t.email LIKE ? ESCAPE '\'`, likeArg(vigil.NormalizeEmail(f.Email)))
	}
	out := []*vigil.User{}
	var n int
	err := s.read(ctx, func(t *txn) error {
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM users t WHERE "+w.sql(), w.args...).Scan(&n); err != nil {
			return fmt.Errorf("store: count users: %w", err)
		}
		rows, err := t.query(ctx, "SELECT "+prefixCols("t.", userCols)+" FROM users t WHERE "+w.sql()+orderBy(f.Sort, userSorts)+" LIMIT ? OFFSET ?",
			append(w.args, f.Limit, f.Offset)...)
		if err != nil {
			return fmt.Errorf("store: list users: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			u := new(userRow)
			if err := scanUser(rows, u); err != nil {
				return fmt.Errorf("store: list users: %w", err)
			}
			out = append(out, &u.User)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: list users: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

// UpdateUser saves u at its version. Admins may change name, role,
// clearance (up to their own) and the disabled flag of anyone, except
// that the last active admin cannot be demoted or disabled; other users
// may change only their own name. A change of role, clearance or the
// disabled flag ends all the user's sessions, so their next request
// carries the new privileges in a new session, and revokes the pending
// invites the user made and the API tokens acting for them that the new
// privileges no longer cover (see revokeGrants).
func (s *Store) UpdateUser(ctx context.Context, u *vigil.User) (err error) {
	v := vigil.ViewerFrom(ctx)
	if !v.IsAdmin() && (v.UserID == 0 || v.UserID != u.ID) {
		return notFound("user", u.ID)
	}
	defer restore(u, &err)()
	if err := u.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		old, err := t.getUser(ctx, u.ID)
		if err != nil {
			return err
		}
		if u.Email != old.Email {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid user", Fields: map[string]string{"email": "cannot be changed; invite the new address instead"}}
		}
		privileged := u.Role != old.Role || u.Clearance != old.Clearance || u.Disabled != old.Disabled
		if privileged && !v.IsAdmin() {
			return vigil.Errorf(vigil.EFORBIDDEN, "you may not change your own role, clearance or status: the admin role is required")
		}
		if u.Clearance != old.Clearance {
			if err := checkGrant(v, u.Clearance); err != nil {
				return err
			}
		}
		if old.Role == vigil.RoleAdmin && !old.Disabled && (u.Role != vigil.RoleAdmin || u.Disabled) {
			var others int
			if err := t.queryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = ? AND id <> ?", false, u.ID).Scan(&others); err != nil {
				return fmt.Errorf("store: count admins: %w", err)
			}
			if others == 0 {
				return vigil.Errorf(vigil.ECONFLICT, "%s is the last active admin; make someone else an admin first", old.Email)
			}
		}
		if u.Version != old.Version {
			return stale("user", u.ID, old.Version, u.Version)
		}
		res, err := t.exec(ctx, `UPDATE users SET name = ?, role = ?, clearance = ?, disabled = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, u.Name, string(u.Role), string(u.Clearance), u.Disabled, fmtTime(t.now), u.ID, u.Version)
		if err != nil {
			return mapWriteErr(fmt.Errorf("store: update user %d: %w", u.ID, err), "user")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return stale("user", u.ID, old.Version, u.Version)
		}
		u.Version++
		u.UpdatedAt, u.CreatedAt, u.TOTPEnabled = t.now, old.CreatedAt, old.TOTPEnabled
		if err := t.audit(ctx, vigil.ActionUpdate, "users", u.ID, u.Version, userAudit{User: u}); err != nil {
			return err
		}
		if privileged {
			if err := t.revokeGrants(ctx, u); err != nil {
				return err
			}
			return t.revokeSessions(ctx, u.ID, 0)
		}
		return nil
	})
}

// ResetTOTP removes a user's second factor and ends their sessions. It
// needs the admin role.
func (s *Store) ResetTOTP(ctx context.Context, id int64) error {
	if err := isAdmin(vigil.ViewerFrom(ctx), "reset a second factor"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		u, err := t.getUser(ctx, id)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE users SET totp_secret = '', totp_pending = '', version = version + 1, updated_at = ? WHERE id = ?", fmtTime(t.now), id); err != nil {
			return fmt.Errorf("store: reset second factor of user %d: %w", id, err)
		}
		u.Version++
		u.UpdatedAt, u.TOTPEnabled = t.now, false
		if err := t.audit(ctx, vigil.ActionUpdate, "users", id, u.Version, userAudit{User: &u.User, Change: "totp_reset"}); err != nil {
			return err
		}
		return t.revokeSessions(ctx, id, 0)
	})
}

// prefixCols qualifies a comma-separated column list with a table alias.
func prefixCols(prefix, cols string) string {
	out := []byte{}
	start := true
	for i := 0; i < len(cols); i++ {
		c := cols[i]
		if start && c != ' ' {
			out = append(out, prefix...)
			start = false
		}
		out = append(out, c)
		if c == ',' {
			start = true
		}
	}
	return string(out)
}

// errNoInvite is the one answer for an invite link that cannot be used.
func errNoInvite() error {
	return vigil.Errorf(vigil.ENOTFOUND, "this invite link is unknown, used, revoked or expired; ask an admin for a new one")
}

const inviteCols = "id, email, role, clearance, created_by, created_at, expires_at, used_at, user_id, revoked_at, creator_id"

func scanInvite(sc scanner, i *vigil.Invite, more ...any) error {
	return sc.Scan(append([]any{&i.ID, &i.Email, &i.Role, &i.Clearance, &i.CreatedBy, timeCol{&i.CreatedAt}, timeCol{&i.ExpiresAt},
		timePtr{&i.UsedAt}, i64Ptr{&i.UserID}, timePtr{&i.RevokedAt}, i64Ptr{&i.CreatorID}}, more...)...)
}

// mayGrant reports whether an account with role and clearance may still
// grant inv: it must be an active admin cleared for the invite's
// clearance, as when it made the invite.
func mayGrant(role vigil.Role, clearance vigil.Sensitivity, disabled bool, inv *vigil.Invite) bool {
	v := vigil.Viewer{Role: role, Clearance: clearance}
	return !disabled && v.IsAdmin() && v.CanRead(inv.Clearance)
}

// CreateInvite stores an invite for an email without an account and
// returns the secret of its link (not stored; shown once). Older pending
// invites for the same email are revoked. Admins only; the clearance may
// not exceed the admin's.
func (s *Store) CreateInvite(ctx context.Context, inv *vigil.Invite) (secret string, err error) {
	v := vigil.ViewerFrom(ctx)
	if err := isAdmin(v, "invite users"); err != nil {
		return "", err
	}
	defer restore(inv, &err)()
	if err := inv.Validate(); err != nil {
		return "", err
	}
	if err := checkGrant(v, inv.Clearance); err != nil {
		return "", err
	}
	secret, err = newSecret()
	if err != nil {
		return "", err
	}
	err = s.write(ctx, func(t *txn) error {
		if old, err := t.userByEmail(ctx, inv.Email); err != nil {
			return err
		} else if old != nil {
			return &vigil.Error{Code: vigil.ECONFLICT, Message: "a user with this email already exists",
				Fields: map[string]string{"email": "already has an account"}}
		}
		rows, err := t.query(ctx, "SELECT "+inviteCols+" FROM invites WHERE email = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?", inv.Email, fmtTime(t.now))
		if err != nil {
			return fmt.Errorf("store: find earlier invites: %w", err)
		}
		var earlier []*vigil.Invite
		for rows.Next() {
			e := new(vigil.Invite)
			if err := scanInvite(rows, e); err != nil {
				rows.Close()
				return fmt.Errorf("store: find earlier invites: %w", err)
			}
			earlier = append(earlier, e)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("store: find earlier invites: %w", err)
		}
		rows.Close()
		for _, e := range earlier {
			if err := t.revokeInvite(ctx, e); err != nil {
				return err
			}
		}
		inv.CreatedBy, inv.CreatedAt, inv.ExpiresAt = v.Actor, t.now, t.now.Add(s.acct.policy.InviteTTL)
		inv.UsedAt, inv.UserID, inv.RevokedAt, inv.CreatorID = nil, nil, nil, nil
		if v.UserID != 0 {
			inv.CreatorID = &v.UserID
		}
		err = t.queryRow(ctx, `INSERT INTO invites (email, role, clearance, token_hash, created_by, created_at, expires_at, creator_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, inv.Email, string(inv.Role), string(inv.Clearance), hashSecret(secret),
			inv.CreatedBy, fmtTime(inv.CreatedAt), fmtTime(inv.ExpiresAt), inv.CreatorID).Scan(&inv.ID)
		if err != nil {
			return mapWriteErr(fmt.Errorf("store: create invite: %w", err), "invite")
		}
		return t.audit(ctx, vigil.ActionCreate, "invites", inv.ID, 1, inv)
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

func (t *txn) revokeInvite(ctx context.Context, inv *vigil.Invite) error {
	if _, err := t.exec(ctx, "UPDATE invites SET revoked_at = ? WHERE id = ?", fmtTime(t.now), inv.ID); err != nil {
		return fmt.Errorf("store: revoke invite %d: %w", inv.ID, err)
	}
	inv.RevokedAt = &t.now
	return t.audit(ctx, vigil.ActionUpdate, "invites", inv.ID, 2, inv)
}

// FindInvites lists every invite, newest first; admins only.
func (s *Store) FindInvites(ctx context.Context) ([]*vigil.Invite, error) {
	if err := isAdmin(vigil.ViewerFrom(ctx), "list invites"); err != nil {
		return nil, err
	}
	out := []*vigil.Invite{}
	err := s.read(ctx, func(t *txn) error {
		rows, err := t.query(ctx, "SELECT "+inviteCols+" FROM invites ORDER BY id DESC LIMIT 500")
		if err != nil {
			return fmt.Errorf("store: list invites: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			i := new(vigil.Invite)
			if err := scanInvite(rows, i); err != nil {
				return fmt.Errorf("store: list invites: %w", err)
			}
			out = append(out, i)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: list invites: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeInvite makes a pending invite unusable; revoking a used, expired
// or revoked invite changes nothing. Admins only.
func (s *Store) RevokeInvite(ctx context.Context, id int64) error {
	if err := isAdmin(vigil.ViewerFrom(ctx), "revoke invites"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		inv := new(vigil.Invite)
		err := scanInvite(t.queryRow(ctx, "SELECT "+inviteCols+" FROM invites WHERE id = ?", id), inv)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("invite", id)
		} else if err != nil {
			return fmt.Errorf("store: revoke invite %d: %w", id, err)
		}
		if !inv.Pending(t.now) {
			return nil
		}
		return t.revokeInvite(ctx, inv)
	})
}

// inviteBySecret reads the pending invite of a link's secret. An invite
// whose creator may no longer grant it (disabled, not an admin, or
// cleared below it) is refused like a revoked one, even when that
// change bypassed UpdateUser, which revokes such invites.
func (t *txn) inviteBySecret(ctx context.Context, secret string) (*vigil.Invite, error) {
	if !wellFormedSecret(secret) {
		return nil, errNoInvite()
	}
	want := hashSecret(secret)
	inv := new(vigil.Invite)
	var stored string
	var role vigil.Role
	var clearance vigil.Sensitivity
	var disabled bool
	err := scanInvite(t.queryRow(ctx, "SELECT "+prefixCols("i.", inviteCols)+`, i.token_hash,
		COALESCE(c.role, ''), COALESCE(c.clearance, ''), COALESCE(c.disabled, ?)
		FROM invites i LEFT JOIN users c ON c.id = i.creator_id WHERE i.token_hash = ?`, false, want),
		inv, &stored, &role, &clearance, boolCol{&disabled})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoInvite()
	} else if err != nil {
		return nil, fmt.Errorf("store: find invite: %w", err)
	}
	if !constantEq(stored, want) || !inv.Pending(t.now) {
		return nil, errNoInvite()
	}
	if inv.CreatorID != nil && !mayGrant(role, clearance, disabled, inv) {
		return nil, errNoInvite()
	}
	return inv, nil
}

// FindInvite returns the pending invite of a link's secret to anyone who
// holds it; ENOTFOUND when it is unknown, used, revoked or expired.
func (s *Store) FindInvite(ctx context.Context, secret string) (*vigil.Invite, error) {
	var inv *vigil.Invite
	err := s.read(ctx, func(t *txn) error {
		var err error
		inv, err = t.inviteBySecret(ctx, secret)
		return err
	})
	return inv, err
}

// AcceptInvite creates the invited account with a name and password and
// uses the invite up, in one transaction: a link works once, even when
// two people use it at the same moment.
func (s *Store) AcceptInvite(ctx context.Context, secret, name, password string) (*vigil.User, error) {
	inv, err := s.FindInvite(ctx, secret)
	if err != nil {
		return nil, err
	}
	u := &vigil.User{Email: inv.Email, Name: name, Role: inv.Role, Clearance: inv.Clearance}
	p := vigil.Problems{}
	if err := u.Validate(); err != nil {
		for k, v := range vigil.ErrorFields(err) {
			p.Add(k, "%s", v)
		}
	}
	if err := vigil.ValidatePassword("password", password, inv.Email); err != nil {
		for k, v := range vigil.ErrorFields(err) {
			p.Add(k, "%s", v)
		}
	}
	if err := p.Err("account"); err != nil {
		return nil, err
	}
	hash, err := s.acct.hasher.Hash(password)
	if err != nil {
		return nil, fmt.Errorf("store: accept invite: %w", err)
	}
	err = s.write(ctx, func(t *txn) error {
		inv, err := t.inviteBySecret(ctx, secret) // again, under the write lock
		if err != nil {
			return err
		}
		if old, err := t.userByEmail(ctx, inv.Email); err != nil {
			return err
		} else if old != nil {
			return &vigil.Error{Code: vigil.ECONFLICT, Message: inv.Email + " already has an account; sign in instead",
				Fields: map[string]string{"email": "already has an account"}}
		}
		t.as(u.Viewer())
		if err := t.insertUser(ctx, u, hash); err != nil {
			return err
		}
		t.as(u.Viewer()) // now with the id
		if _, err := t.exec(ctx, "UPDATE invites SET used_at = ?, user_id = ? WHERE id = ?", fmtTime(t.now), u.ID, inv.ID); err != nil {
			return fmt.Errorf("store: use invite %d: %w", inv.ID, err)
		}
		inv.UsedAt, inv.UserID = &t.now, &u.ID
		return t.audit(ctx, vigil.ActionUpdate, "invites", inv.ID, 2, inv)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

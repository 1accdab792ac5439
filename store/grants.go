package store

import (
	"context"
	"fmt"

	"vigil"
)

// revokeGrants revokes, each with its audit entry, what u handed out and
// may no longer hand out after a change of role, clearance or the
// disabled flag: the pending invites u made that u may no longer grant
// (all of them once u is disabled or no longer an admin; those above u's
// clearance after it is lowered), and the live API tokens acting for u
// whose scope or clearance u no longer holds (all of them once u is
// disabled). Revoked stays revoked when the privileges come back.
func (t *txn) revokeGrants(ctx context.Context, u *vigil.User) error {
	var invites []*vigil.Invite
	err := t.each(ctx, func(sc scanner) error {
		inv := new(vigil.Invite)
		if err := scanInvite(sc, inv); err != nil {
			return err
		}
		if !mayGrant(u.Role, u.Clearance, u.Disabled, inv) {
			invites = append(invites, inv)
		}
		return nil
	}, "SELECT "+inviteCols+" FROM invites WHERE creator_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY id",
		u.ID, fmtTime(t.now))
	if err != nil {
		return fmt.Errorf("store: find invites made by user %d: %w", u.ID, err)
	}
	var tokens []*vigil.Token
	err = t.each(ctx, func(sc scanner) error {
		tk := new(vigil.Token)
		if err := scanToken(sc, tk); err != nil {
			return err
		}
		if !holdsToken(u.Role, u.Clearance, u.Disabled, tk) {
			tokens = append(tokens, tk)
		}
		return nil
	}, "SELECT "+tokenCols+" FROM api_tokens WHERE owner_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY id",
		u.ID, fmtTime(t.now))
	if err != nil {
		return fmt.Errorf("store: find tokens of user %d: %w", u.ID, err)
	}
	for _, inv := range invites {
		if err := t.revokeInvite(ctx, inv); err != nil {
			return err
		}
	}
	for _, tk := range tokens {
		if err := t.revokeToken(ctx, tk); err != nil {
			return err
		}
	}
	return nil
}

// each runs query and calls fn for every row, closing the rows before it
// returns, so that the caller may write in the same transaction after.
func (t *txn) each(ctx context.Context, fn func(scanner) error, query string, args ...any) error {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

package storetest

import (
	"testing"
	"time"

	"vigil"
	"vigil/store"
)

// testHarden checks that what an account handed out (invites, API
// tokens) dies with the account's privileges, and that tokens expire.
func testHarden(t *testing.T, open Opener) {
	// invite makes a pending invite as v and returns it with its secret.
	invite := func(t *testing.T, s *store.Store, v vigil.Viewer, email string, role vigil.Role, c vigil.Sensitivity) (*vigil.Invite, string) {
		t.Helper()
		inv := &vigil.Invite{Email: email, Role: role, Clearance: c}
		secret, err := s.CreateInvite(As(v), inv)
		MustOK(t, err, "invite "+email)
		return inv, secret
	}
	pending := func(t *testing.T, s *store.Store, secret string) bool {
		t.Helper()
		_, err := s.FindInvite(As(Anonymous), secret)
		if err == nil {
			return true
		}
		MustCode(t, err, vigil.ENOTFOUND, "find invite")
		return false
	}
	reload := func(t *testing.T, s *store.Store, id int64) *vigil.User {
		t.Helper()
		u, err := s.FindUserByID(As(Admin), id)
		MustOK(t, err, "reload user")
		return u
	}
	update := func(t *testing.T, s *store.Store, u *vigil.User, change func(*vigil.User)) {
		t.Helper()
		u = reload(t, s, u.ID)
		change(u)
		MustOK(t, s.UpdateUser(As(Admin), u), "update user "+u.Email)
	}

	t.Run("a lowered clearance revokes the invites above it", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		boss := MustUser(t, s, "boss@example.org", vigil.RoleAdmin, vigil.Restricted)
		low, lowSecret := invite(t, s, boss.Viewer(), "low@example.org", vigil.RoleViewer, vigil.Coalition)
		high, highSecret := invite(t, s, boss.Viewer(), "high@example.org", vigil.RoleEditor, vigil.Restricted)
		if low.CreatorID == nil || *low.CreatorID != boss.ID {
			t.Fatalf("invite creator %v, want user %d", low.CreatorID, boss.ID)
		}
		update(t, s, boss, func(u *vigil.User) { u.Clearance = vigil.Coalition })
		if pending(t, s, highSecret) {
			t.Fatal("a restricted invite outlived its creator's restricted clearance")
		}
		if !pending(t, s, lowSecret) {
			t.Fatal("a coalition invite the admin may still grant was revoked")
		}
		e := lastEntryOf(t, s, "invites")
		if e.EntityID != high.ID || e.Action != vigil.ActionUpdate {
			t.Fatalf("revocation of invite %d not audited: %+v", high.ID, e)
		}
	})

	for _, c := range []struct {
		name   string
		change func(*vigil.User)
	}{
		{"disabled", func(u *vigil.User) { u.Disabled = true }},
		{"demoted", func(u *vigil.User) { u.Role = vigil.RoleEditor }},
	} {
		t.Run("an admin "+c.name+" loses every pending invite", func(t *testing.T) {
			s, _ := AccountStore(t, open)
			boss := MustUser(t, s, "boss@example.org", vigil.RoleAdmin, vigil.Restricted)
			MustUser(t, s, "deputy@example.org", vigil.RoleAdmin, vigil.Restricted) // not the last admin
			other, otherSecret := invite(t, s, Admin, "other@example.org", vigil.RoleViewer, vigil.Coalition)
			_, aSecret := invite(t, s, boss.Viewer(), "a@example.org", vigil.RoleViewer, vigil.Public)
			_, bSecret := invite(t, s, boss.Viewer(), "b@example.org", vigil.RoleAdmin, vigil.Restricted)
			before := QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE entity = 'invites'")
			update(t, s, boss, c.change)
			if pending(t, s, aSecret) || pending(t, s, bSecret) {
				t.Fatalf("an invite of an admin %s still works", c.name)
			}
			if !pending(t, s, otherSecret) {
				t.Fatalf("invite %d of another admin was revoked", other.ID)
			}
			if n := QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE entity = 'invites'") - before; n != 2 {
				t.Fatalf("%d invite audit entries, want 2 revocations", n)
			}
			_, err := s.AcceptInvite(As(Anonymous), bSecret, "B", Password)
			MustCode(t, err, vigil.ENOTFOUND, "accept a revoked invite")
		})
	}

	t.Run("an invite is refused when its creator lost the admin role outside the store", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		boss := MustUser(t, s, "boss@example.org", vigil.RoleAdmin, vigil.Restricted)
		_, secret := invite(t, s, boss.Viewer(), "a@example.org", vigil.RoleViewer, vigil.Restricted)
		Exec(t, s, "UPDATE users SET clearance = 'coalition' WHERE id = ?", boss.ID)
		if pending(t, s, secret) {
			t.Fatal("an invite above its creator's clearance still works")
		}
		Exec(t, s, "UPDATE users SET clearance = 'restricted', disabled = ? WHERE id = ?", true, boss.ID)
		if pending(t, s, secret) {
			t.Fatal("an invite of a disabled creator still works")
		}
		Exec(t, s, "UPDATE users SET disabled = ? WHERE id = ?", false, boss.ID)
		if !pending(t, s, secret) {
			t.Fatal("the invite does not work for its restored creator")
		}
	})

	t.Run("invites expire", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		inv, secret := invite(t, s, Admin, "late@example.org", vigil.RoleViewer, vigil.Public)
		if want := clock.Now().Add(72 * time.Hour); !inv.ExpiresAt.Equal(want) {
			t.Fatalf("invite expires %s, want %s", inv.ExpiresAt, want)
		}
		clock.Advance(72*time.Hour - time.Second)
		if !pending(t, s, secret) {
			t.Fatal("invite expired early")
		}
		clock.Advance(time.Second)
		if pending(t, s, secret) {
			t.Fatal("invite works after its expiry")
		}
	})

	t.Run("tokens expire, 90 days by default", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		tk := &vigil.Token{Name: "ingest", Scope: vigil.ScopeRead, Clearance: vigil.Public}
		secret, err := s.CreateToken(As(Admin), tk)
		MustOK(t, err, "create token")
		if want := clock.Now().Add(90 * 24 * time.Hour); !tk.ExpiresAt.Equal(want) {
			t.Fatalf("token expires %s, want %s", tk.ExpiresAt, want)
		}
		clock.Advance(90*24*time.Hour - time.Second)
		_, err = s.AuthenticateToken(As(Anonymous), secret)
		MustOK(t, err, "authenticate before expiry")
		clock.Advance(time.Second)
		_, err = s.AuthenticateToken(As(Anonymous), secret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "authenticate at expiry")
		list, err := s.FindTokens(As(Admin))
		MustOK(t, err, "list tokens")
		if len(list) != 1 || !list[0].ExpiresAt.Equal(tk.ExpiresAt) {
			t.Fatalf("listed tokens %+v do not show the expiry", list)
		}

		at := clock.Now().Add(7 * 24 * time.Hour)
		week := &vigil.Token{Name: "week", ExpiresAt: at}
		_, err = s.CreateToken(As(Admin), week)
		MustOK(t, err, "create token with an expiry")
		if !week.ExpiresAt.Equal(at) {
			t.Fatalf("token expires %s, want %s", week.ExpiresAt, at)
		}
		for name, when := range map[string]time.Time{
			"in the past":       clock.Now().Add(-time.Hour),
			"now":               clock.Now(),
			"beyond a year":     clock.Now().Add(367 * 24 * time.Hour),
			"far in the future": time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
		} {
			_, err := s.CreateToken(As(Admin), &vigil.Token{Name: "bad", ExpiresAt: when})
			MustCode(t, err, vigil.EINVALID, "token expiring "+name)
			MustField(t, err, "expires_at", "")
		}
	})

	t.Run("a token dies with its owner's privileges", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		boss := MustUser(t, s, "boss@example.org", vigil.RoleAdmin, vigil.Restricted)
		MustUser(t, s, "deputy@example.org", vigil.RoleAdmin, vigil.Restricted) // not the last admin
		ed := MustUser(t, s, "ed@example.org", vigil.RoleEditor, vigil.Restricted)
		reader := MustUser(t, s, "reader@example.org", vigil.RoleViewer, vigil.Coalition)

		mine := &vigil.Token{Name: "mine", Scope: vigil.ScopeWrite, Clearance: vigil.Coalition}
		mineSecret, err := s.CreateToken(As(boss.Viewer()), mine)
		MustOK(t, err, "create token as a user")
		if mine.OwnerID == nil || *mine.OwnerID != boss.ID {
			t.Fatalf("token owner %v, want the admin who made it (%d)", mine.OwnerID, boss.ID)
		}
		edTok := &vigil.Token{Name: "ed", Scope: vigil.ScopeWrite, Clearance: vigil.Restricted, OwnerID: &ed.ID}
		edSecret, err := s.CreateToken(As(Admin), edTok)
		MustOK(t, err, "create token for an editor")
		cliTok := &vigil.Token{Name: "cli", Scope: vigil.ScopeRead, Clearance: vigil.Restricted}
		cliSecret, err := s.CreateToken(As(Admin), cliTok)
		MustOK(t, err, "create token without an owner")
		if cliTok.OwnerID != nil {
			t.Fatalf("a token made without a user has owner %d", *cliTok.OwnerID)
		}

		// The owner must hold what the token grants.
		_, err = s.CreateToken(As(Admin), &vigil.Token{Name: "x", Scope: vigil.ScopeWrite, OwnerID: &reader.ID})
		MustField(t, err, "owner", "")
		_, err = s.CreateToken(As(Admin), &vigil.Token{Name: "x", Clearance: vigil.Restricted, OwnerID: &reader.ID})
		MustField(t, err, "owner", "")
		_, err = s.CreateToken(As(Admin), &vigil.Token{Name: "x", OwnerID: Ptr(int64(999999))})
		MustField(t, err, "owner", "")

		update(t, s, ed, func(u *vigil.User) { u.Clearance = vigil.Coalition })
		_, err = s.AuthenticateToken(As(Anonymous), edSecret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "token above its owner's lowered clearance")
		if e := lastEntryOf(t, s, "api_tokens"); e.EntityID != edTok.ID {
			t.Fatalf("revocation of token %d not audited: %+v", edTok.ID, e)
		}

		update(t, s, boss, func(u *vigil.User) { u.Disabled = true })
		_, err = s.AuthenticateToken(As(Anonymous), mineSecret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "token of a disabled owner")
		_, err = s.AuthenticateToken(As(Anonymous), cliSecret)
		MustOK(t, err, "a token without an owner")
		list, err := s.FindTokens(As(Admin))
		MustOK(t, err, "list tokens")
		for _, tk := range list {
			if (tk.ID == mine.ID || tk.ID == edTok.ID) != (tk.RevokedAt != nil) {
				t.Fatalf("token %d (%s) revoked at %v", tk.ID, tk.Name, tk.RevokedAt)
			}
		}
	})

	t.Run("a token is refused when its owner lost privileges outside the store", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		ed := MustUser(t, s, "ed@example.org", vigil.RoleEditor, vigil.Restricted)
		tk := &vigil.Token{Name: "ed", Scope: vigil.ScopeWrite, Clearance: vigil.Coalition, OwnerID: &ed.ID}
		secret, err := s.CreateToken(As(Admin), tk)
		MustOK(t, err, "create token")
		for _, c := range []struct {
			name, col string
			set, undo any
		}{
			{"disabled", "disabled", true, false},
			{"demoted", "role", "viewer", "editor"},
			{"lowered", "clearance", "public", "restricted"},
		} {
			Exec(t, s, "UPDATE users SET "+c.col+" = ? WHERE id = ?", c.set, ed.ID)
			_, err = s.AuthenticateToken(As(Anonymous), secret)
			MustCode(t, err, vigil.EUNAUTHORIZED, "token of an owner "+c.name)
			Exec(t, s, "UPDATE users SET "+c.col+" = ? WHERE id = ?", c.undo, ed.ID)
			_, err = s.AuthenticateToken(As(Anonymous), secret)
			MustOK(t, err, "token of a restored owner")
		}
	})
}

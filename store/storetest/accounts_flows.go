package storetest

import (
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/auth"
)

func testTOTP(t *testing.T, open Opener) {
	t.Run("admin must enrol, then sign in with a code once", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		u := MustUser(t, s, "admin@example.org", vigil.RoleAdmin, "")
		se, enrol := MustLogin(t, s, "admin@example.org")
		if se.Stage != vigil.StageEnrol || se.ExpiresAt.Sub(se.CreatedAt) != 15*time.Minute {
			t.Fatalf("first login %+v, want a 15-minute enrol session", se)
		}
		got, _, err := s.LookupSession(As(Anonymous), enrol)
		MustOK(t, err, "lookup enrol session")
		if got.Stage != vigil.StageEnrol {
			t.Fatalf("stage %s", got.Stage)
		}
		pending, err := s.PendingTOTP(As(Anonymous), enrol)
		MustOK(t, err, "pending")
		if len(pending.Secret) != 32 || !strings.HasPrefix(pending.URI, "otpauth://totp/vigil:admin@example.org?") {
			t.Fatalf("enrolment %+v", pending)
		}
		again, err := s.BeginTOTP(As(Anonymous), enrol)
		MustOK(t, err, "begin again")
		if again.Secret == pending.Secret {
			t.Fatal("BeginTOTP kept the old secret")
		}
		_, _, err = s.ConfirmTOTP(As(Anonymous), enrol, MustTOTP(t, pending.Secret, clock.Now()), vigil.Client{})
		MustField(t, err, "code", "does not match")
		_, full, err := s.ConfirmTOTP(As(Anonymous), enrol, MustTOTP(t, again.Secret, clock.Now()), vigil.Client{})
		MustOK(t, err, "confirm")
		_, _, err = s.LookupSession(As(Anonymous), enrol)
		MustCode(t, err, vigil.EUNAUTHORIZED, "the enrol session after confirming (rotated)")
		got, user, err := s.LookupSession(As(Anonymous), full)
		MustOK(t, err, "lookup full")
		if got.Stage != vigil.StageFull || !user.TOTPEnabled || user.Version != u.Version+1 {
			t.Fatalf("after enrolment: %+v %+v", got, user)
		}
		if e := lastEntryOf(t, s, "users"); !strings.Contains(string(e.Data), `"change":"totp_enabled"`) || e.Actor != "user:admin@example.org" {
			t.Fatalf("enrolment audit %s by %s", e.Data, e.Actor)
		}

		// Next sign-in: password, then a code. The code used to enrol
		// belongs to this step and cannot be used again.
		se, pendingSecret := MustLogin(t, s, "admin@example.org")
		if se.Stage != vigil.StageTOTP {
			t.Fatalf("second login stage %s, want totp", se.Stage)
		}
		_, u2, err := s.LookupSession(As(Anonymous), pendingSecret)
		MustOK(t, err, "lookup pending")
		if u2.ID != u.ID {
			t.Fatal("pending session of another user")
		}
		code := MustTOTP(t, again.Secret, clock.Now())
		_, _, err = s.VerifyTOTP(As(Anonymous), pendingSecret, code, vigil.Client{})
		mustBadCode(t, err)
		clock.Advance(30 * time.Second)
		code = MustTOTP(t, again.Secret, clock.Now())
		_, second, err := s.VerifyTOTP(As(Anonymous), pendingSecret, code, vigil.Client{})
		MustOK(t, err, "verify")
		if _, _, err := s.LookupSession(As(Anonymous), second); err != nil {
			t.Fatalf("full session after the code: %v", err)
		}
		_, _, err = s.LookupSession(As(Anonymous), pendingSecret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "the pending session after the code (rotated)")

		// Replay: the same code in a new sign-in is refused.
		_, third := MustLogin(t, s, "admin@example.org")
		_, _, err = s.VerifyTOTP(As(Anonymous), third, code, vigil.Client{})
		mustBadCode(t, err)
		mustNoSecrets(t, s, again.Secret, pending.Secret, enrol, full, second, third, Password)
		MustVerify(t, s)
	})
	t.Run("wrong codes lock the account", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		MustUser(t, s, "ed@example.org", vigil.RoleEditor, "")
		_, totp := MustEnrol(t, s, clock, "ed@example.org")
		clock.Advance(time.Minute)
		_, pending := MustLogin(t, s, "ed@example.org")
		var err error
		for i := 0; i < 5; i++ {
			_, _, err = s.VerifyTOTP(As(Anonymous), pending, "000000", vigil.Client{})
		}
		MustCode(t, err, vigil.ERATELIMIT, "fifth wrong code")
		_, _, err = s.VerifyTOTP(As(Anonymous), pending, MustTOTP(t, totp, clock.Now()), vigil.Client{})
		MustCode(t, err, vigil.ERATELIMIT, "right code while locked")
	})
	t.Run("restricted clearance needs a second factor; others may skip it", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		MustUser(t, s, "staff@example.org", vigil.RoleViewer, vigil.Restricted)
		MustUser(t, s, "member@example.org", vigil.RoleViewer, vigil.Coalition)
		if se, _ := MustLogin(t, s, "staff@example.org"); se.Stage != vigil.StageEnrol {
			t.Errorf("restricted viewer stage %s, want enrol", se.Stage)
		}
		se, secret := MustLogin(t, s, "member@example.org")
		if se.Stage != vigil.StageFull {
			t.Errorf("coalition viewer stage %s, want full", se.Stage)
		}
		_, err := s.PendingTOTP(As(Anonymous), secret)
		MustCode(t, err, vigil.ENOTFOUND, "nothing pending for an optional factor")
	})
	t.Run("admin reset ends sessions and asks for a new enrolment", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		u := MustUser(t, s, "ed@example.org", vigil.RoleEditor, "")
		full, _ := MustEnrol(t, s, clock, "ed@example.org")
		MustCode(t, s.ResetTOTP(As(Editor), u.ID), vigil.EFORBIDDEN, "reset as editor")
		MustOK(t, s.ResetTOTP(As(Admin), u.ID), "reset")
		_, _, err := s.LookupSession(As(Anonymous), full)
		MustCode(t, err, vigil.EUNAUTHORIZED, "session after reset")
		if se, _ := MustLogin(t, s, "ed@example.org"); se.Stage != vigil.StageEnrol {
			t.Fatalf("stage %s after reset, want enrol", se.Stage)
		}
		MustVerify(t, s)
	})
}

func testSessions(t *testing.T, open Opener) {
	t.Run("idle and absolute expiry", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		_, idle := MustLogin(t, s, "kim@example.org")
		_, busy := MustLogin(t, s, "kim@example.org")
		for h := 0; h < 11; h++ {
			clock.Advance(time.Hour)
			_, _, err := s.LookupSession(As(Anonymous), busy)
			MustOK(t, err, "busy session within its life")
		}
		_, _, err := s.LookupSession(As(Anonymous), idle)
		MustCode(t, err, vigil.EUNAUTHORIZED, "idle for 11 hours")
		clock.Advance(time.Hour)
		_, _, err = s.LookupSession(As(Anonymous), busy)
		MustCode(t, err, vigil.EUNAUTHORIZED, "busy session after 12 hours")
	})
	t.Run("logout and log out everywhere", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		other := MustUser(t, s, "lee@example.org", vigil.RoleViewer, "")
		_, a := MustLogin(t, s, "kim@example.org")
		_, b := MustLogin(t, s, "kim@example.org")
		seC, c := MustLogin(t, s, "kim@example.org")
		_, mine := MustLogin(t, s, "lee@example.org")
		MustOK(t, s.Logout(As(Anonymous), a), "logout")
		MustOK(t, s.Logout(As(Anonymous), a), "logout twice")
		MustOK(t, s.Logout(As(Anonymous), "junk"), "logout junk")
		_, _, err := s.LookupSession(As(Anonymous), a)
		MustCode(t, err, vigil.EUNAUTHORIZED, "after logout")
		list, err := s.FindSessions(As(u.Viewer()), u.ID)
		MustOK(t, err, "own sessions")
		if len(list) != 2 || list[0].ID != seC.ID {
			t.Fatalf("sessions %+v", list)
		}
		_, err = s.FindSessions(As(other.Viewer()), u.ID)
		MustCode(t, err, vigil.ENOTFOUND, "another user's sessions")
		MustCode(t, s.RevokeSession(As(other.Viewer()), seC.ID), vigil.ENOTFOUND, "revoke another user's session")
		MustCode(t, s.RevokeAllSessions(As(other.Viewer()), u.ID), vigil.ENOTFOUND, "log another user out everywhere")
		MustOK(t, s.RevokeSession(As(u.Viewer()), seC.ID), "revoke own session")
		_, _, err = s.LookupSession(As(Anonymous), c)
		MustCode(t, err, vigil.EUNAUTHORIZED, "revoked session")
		_, c = MustLogin(t, s, "kim@example.org")
		MustOK(t, s.RevokeAllSessions(As(u.Viewer()), u.ID), "log out everywhere")
		for _, sec := range []string{b, c} {
			_, _, err = s.LookupSession(As(Anonymous), sec)
			MustCode(t, err, vigil.EUNAUTHORIZED, "after log out everywhere")
		}
		_, _, err = s.LookupSession(As(Anonymous), mine)
		MustOK(t, err, "another user's session survives")
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE entity = 'sessions' AND action = 'update'"); n != 4 {
			t.Fatalf("%d session ends audited, want 4", n)
		}
		MustVerify(t, s)
	})
	t.Run("disabled user's sessions end", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		_, secret := MustLogin(t, s, "kim@example.org")
		// Even without the store ending it, a session of a disabled user
		// is refused at lookup.
		Exec(t, s, "UPDATE users SET disabled = ? WHERE id = ?", true, u.ID)
		_, _, err := s.LookupSession(As(Anonymous), secret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "disabled behind the store's back")
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, vigil.Client{})
		MustCode(t, err, vigil.EUNAUTHORIZED, "login of a disabled user")
	})
}

func testInvites(t *testing.T, open Opener) {
	t.Run("single use", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		inv := &vigil.Invite{Email: "New@Example.org", Role: vigil.RoleContributor}
		secret, err := s.CreateInvite(As(Admin), inv)
		MustOK(t, err, "invite")
		if !auth.WellFormedSecret(secret) || inv.ID <= 0 || inv.Email != "new@example.org" || inv.Clearance != vigil.Coalition || inv.CreatedBy != Admin.Actor {
			t.Fatalf("invite %+v secret %q", inv, secret)
		}
		if inv.ExpiresAt.Sub(inv.CreatedAt) != 72*time.Hour {
			t.Errorf("invite lives %s, want 72h", inv.ExpiresAt.Sub(inv.CreatedAt))
		}
		if h := QueryString(t, s, "SELECT token_hash FROM invites WHERE id = ?", inv.ID); h != auth.HashSecret(secret) {
			t.Fatal("the invite is not stored as the SHA-256 of its secret")
		}
		found, err := s.FindInvite(As(Anonymous), secret)
		MustOK(t, err, "find invite")
		if found.ID != inv.ID {
			t.Fatalf("found %+v", found)
		}
		_, err = s.AcceptInvite(As(Anonymous), secret, "새 회원", "short")
		MustField(t, err, "password", "at least 12")
		u, err := s.AcceptInvite(As(Anonymous), secret, "새 회원", Password)
		MustOK(t, err, "accept")
		if u.Email != "new@example.org" || u.Role != vigil.RoleContributor || u.Clearance != vigil.Coalition || u.Name != "새 회원" {
			t.Fatalf("user %+v", u)
		}
		if e := lastEntry(t, s); e.Entity != "invites" || e.Actor != "user:new@example.org" {
			t.Fatalf("acceptance audit %+v", e)
		}
		_, err = s.AcceptInvite(As(Anonymous), secret, "again", Password+"2")
		MustCode(t, err, vigil.ENOTFOUND, "second use")
		_, err = s.FindInvite(As(Anonymous), secret)
		MustCode(t, err, vigil.ENOTFOUND, "find used invite")
		MustLogin(t, s, "new@example.org")
		_, err = s.CreateInvite(As(Admin), &vigil.Invite{Email: "new@example.org", Role: vigil.RoleViewer})
		if e := MustCode(t, err, vigil.ECONFLICT, "invite an existing user"); e.Fields["email"] != "already has an account" {
			t.Fatalf("fields %v", e.Fields)
		}
		mustNoSecrets(t, s, secret, Password)
		MustVerify(t, s)
	})
	t.Run("expiry, revocation, replacement", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		old, err := s.CreateInvite(As(Admin), &vigil.Invite{Email: "a@example.org", Role: vigil.RoleViewer})
		MustOK(t, err, "invite")
		replaced := &vigil.Invite{Email: "a@example.org", Role: vigil.RoleEditor}
		newer, err := s.CreateInvite(As(Admin), replaced)
		MustOK(t, err, "invite again")
		_, err = s.FindInvite(As(Anonymous), old)
		MustCode(t, err, vigil.ENOTFOUND, "an invite replaced by a newer one")
		revoked := &vigil.Invite{Email: "b@example.org", Role: vigil.RoleViewer}
		rsecret, err := s.CreateInvite(As(Admin), revoked)
		MustOK(t, err, "invite b")
		MustCode(t, s.RevokeInvite(As(Editor), revoked.ID), vigil.EFORBIDDEN, "revoke as editor")
		MustOK(t, s.RevokeInvite(As(Admin), revoked.ID), "revoke")
		_, err = s.AcceptInvite(As(Anonymous), rsecret, "b", Password)
		MustCode(t, err, vigil.ENOTFOUND, "revoked invite")
		clock.Advance(72*time.Hour + time.Second)
		_, err = s.AcceptInvite(As(Anonymous), newer, "a", Password)
		MustCode(t, err, vigil.ENOTFOUND, "expired invite")
		list, err := s.FindInvites(As(Admin))
		MustOK(t, err, "list invites")
		if len(list) != 3 || list[0].ID != revoked.ID || list[0].RevokedAt == nil || list[2].RevokedAt == nil || list[1].Pending(clock.Now()) {
			t.Fatalf("invites %+v", list)
		}
		if QueryInt(t, s, "SELECT COUNT(*) FROM users") != 0 {
			t.Fatal("an unusable invite created a user")
		}
	})
	t.Run("admin only, within the admin's clearance", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		for _, v := range []vigil.Viewer{Editor, Contributor, Staff, Anonymous} {
			_, err := s.CreateInvite(As(v), &vigil.Invite{Email: "x@example.org", Role: vigil.RoleViewer})
			MustCode(t, err, vigil.EFORBIDDEN, "invite as "+v.Actor)
			_, err = s.FindInvites(As(v))
			MustCode(t, err, vigil.EFORBIDDEN, "list invites as "+v.Actor)
		}
		_, err := s.CreateInvite(As(Admin), &vigil.Invite{Email: "x@example.org", Role: vigil.RoleContributor, Clearance: vigil.Restricted})
		MustField(t, err, "clearance", "coalition records at most")
		lesser := Admin
		lesser.Clearance = vigil.Coalition
		_, err = s.CreateInvite(As(lesser), &vigil.Invite{Email: "x@example.org", Role: vigil.RoleEditor})
		MustField(t, err, "clearance", "above your own clearance")
		for _, bad := range []string{"", "x", strings.Repeat("a", 52)} {
			_, err := s.FindInvite(As(Anonymous), bad)
			MustCode(t, err, vigil.ENOTFOUND, "find invite "+bad)
		}
	})
}

func testPrivileges(t *testing.T, open Opener) {
	t.Run("nobody raises their own role or clearance", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := MustUser(t, s, "viewer@example.org", vigil.RoleViewer, vigil.Coalition)
		_, secret := MustLogin(t, s, "viewer@example.org")
		me := *u
		me.Name = "새 이름"
		MustOK(t, s.UpdateUser(As(u.Viewer()), &me), "own name")
		if me.Version != 2 {
			t.Fatalf("version %d after own edit", me.Version)
		}
		for name, change := range map[string]func(*vigil.User){
			"role":      func(x *vigil.User) { x.Role = vigil.RoleAdmin },
			"clearance": func(x *vigil.User) { x.Clearance = vigil.Restricted },
			"disabled":  func(x *vigil.User) { x.Disabled = true },
		} {
			x := me
			change(&x)
			want := x
			MustCode(t, s.UpdateUser(As(u.Viewer()), &x), vigil.EFORBIDDEN, "own "+name)
			if x != want {
				t.Fatalf("a refused update changed the struct: %+v", x)
			}
		}
		other := MustUser(t, s, "other@example.org", vigil.RoleViewer, "")
		MustCode(t, s.UpdateUser(As(u.Viewer()), other), vigil.ENOTFOUND, "edit another user")
		if _, _, err := s.LookupSession(As(Anonymous), secret); err != nil {
			t.Fatalf("a name change ended the session: %v", err)
		}
	})
	t.Run("admin changes end the user's sessions", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := MustUser(t, s, "kim@example.org", vigil.RoleViewer, vigil.Coalition)
		_, secret := MustLogin(t, s, "kim@example.org")
		x := *u
		x.Role = vigil.RoleContributor
		MustOK(t, s.UpdateUser(As(Admin), &x), "promote")
		_, _, err := s.LookupSession(As(Anonymous), secret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "session after a role change")
		stale := *u
		stale.Name = "stale"
		MustCode(t, s.UpdateUser(As(Admin), &stale), vigil.ECONFLICT, "stale version")
		x.Clearance = vigil.Restricted
		MustField(t, s.UpdateUser(As(Admin), &x), "clearance", "coalition records at most")
		x.Clearance = vigil.Coalition
		lesser := Admin
		lesser.Clearance = vigil.Coalition
		y := x
		y.Role, y.Clearance = vigil.RoleViewer, vigil.Restricted
		MustField(t, s.UpdateUser(As(lesser), &y), "clearance", "above your own clearance")
		y = x
		y.Email = "other@example.org"
		MustField(t, s.UpdateUser(As(Admin), &y), "email", "cannot be changed")
		_, secret = MustLogin(t, s, "kim@example.org")
		x.Disabled = true
		MustOK(t, s.UpdateUser(As(Admin), &x), "disable")
		_, _, err = s.LookupSession(As(Anonymous), secret)
		MustCode(t, err, vigil.EUNAUTHORIZED, "session after disabling")
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, vigil.Client{})
		MustCode(t, err, vigil.EUNAUTHORIZED, "login after disabling")
		MustVerify(t, s)
	})
	t.Run("the last admin stays", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		a := MustUser(t, s, "admin@example.org", vigil.RoleAdmin, "")
		x := *a
		x.Role = vigil.RoleEditor
		MustMessage(t, s.UpdateUser(As(Admin), &x), "last active admin")
		x = *a
		x.Disabled = true
		MustMessage(t, s.UpdateUser(As(Admin), &x), "last active admin")
		MustUser(t, s, "second@example.org", vigil.RoleAdmin, "")
		x = *a
		x.Role = vigil.RoleEditor
		MustOK(t, s.UpdateUser(As(Admin), &x), "demote with another admin")
	})
}

func testPasswords(t *testing.T, open Opener) {
	t.Run("change ends every session and rotates this one", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := MustUser(t, s, "kim@example.org", vigil.RoleContributor, "")
		_, other := MustLogin(t, s, "kim@example.org")
		_, here := MustLogin(t, s, "kim@example.org")
		const next = "a much better passphrase"
		_, _, err := s.ChangePassword(As(Anonymous), here, "wrong password!", next, vigil.Client{})
		MustField(t, err, "current_password", "wrong")
		_, _, err = s.ChangePassword(As(Anonymous), here, Password, "short", vigil.Client{})
		MustField(t, err, "new_password", "at least 12")
		_, fresh, err := s.ChangePassword(As(Anonymous), here, Password, next, vigil.Client{})
		MustOK(t, err, "change")
		for _, old := range []string{other, here} {
			_, _, err := s.LookupSession(As(Anonymous), old)
			MustCode(t, err, vigil.EUNAUTHORIZED, "old session after a password change")
		}
		_, got, err := s.LookupSession(As(Anonymous), fresh)
		MustOK(t, err, "the new session")
		if got.Version != u.Version+1 {
			t.Fatalf("version %d after a password change, want %d", got.Version, u.Version+1)
		}
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, vigil.Client{})
		MustCode(t, err, vigil.EUNAUTHORIZED, "old password")
		_, _, err = s.Login(As(Anonymous), "kim@example.org", next, vigil.Client{})
		MustOK(t, err, "new password")
		if e := lastEntryOf(t, s, "users"); !strings.Contains(string(e.Data), `"change":"password"`) {
			t.Fatalf("password change audit %s", e.Data)
		}
		mustNoSecrets(t, s, Password, next, other, here, fresh)
		MustVerify(t, s)
	})
}

// mustBadCode fails unless err refuses a TOTP code, naming the field.
func mustBadCode(tb testing.TB, err error) {
	tb.Helper()
	e := MustCode(tb, err, vigil.EUNAUTHORIZED, "bad code")
	if !strings.Contains(e.Fields["code"], "already used") {
		tb.Fatalf("fields %v, want code", e.Fields)
	}
}

package browser_test

import (
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/store/storetest"
)

// TestBrowserSignInWithTOTP signs an editor in with a password, sets up
// the second factor on the first sign-in (reading the secret off the
// setup page, as an authenticator app would from the QR code), signs
// out, and signs in again with password and code.
func TestBrowserSignInWithTOTP(t *testing.T) {
	needBrowser(t)
	s := newSite(t, false)
	storetest.MustUser(t, s.st, "editor@example.org", vigil.RoleEditor, vigil.Restricted)
	b := newTab(t, s)

	b.open("/login", "#email")
	b.snap("login-form")
	b.typeIn("#email", "editor@example.org")
	b.typeIn("#password", storetest.Password)
	b.press("form.auth button[type=submit]")
	if p := b.path(); p != "/account/totp" {
		t.Fatalf("first sign-in of an editor ended on %s, want the setup page", p)
	}
	if b.count(".required") != 1 {
		t.Error("the setup page does not say a second factor is required")
	}
	secret := b.attr("code.totp-secret", "data-secret")
	if len(secret) != 32 {
		t.Fatalf("setup secret %q", secret)
	}
	if link := b.attr("a.otpauth", "href"); !strings.HasPrefix(link, "otpauth://totp/") || !strings.Contains(link, "secret="+secret) {
		t.Errorf("otpauth link %q", link)
	}
	if eval[string](b, "document.cookie") != "" {
		t.Error("scripts can read the session cookie: it must be HttpOnly")
	}
	b.snap("totp-setup")
	// The dashboard sends an unfinished enrolment back here.
	b.open("/", "main")
	if p := b.path(); p != "/account/totp" {
		t.Errorf("the dashboard before enrolment ended on %s", p)
	}
	b.typeIn("#code", s.code(t, secret))
	b.press("form[action='/account/totp/confirm'] button[type=submit]")
	if p := b.path(); p != "/account?m=totp_enabled" || !strings.Contains(b.text("dd.totp"), "On") {
		t.Fatalf("confirming ended on %s, second factor %q", p, b.text("dd.totp"))
	}
	b.snap("totp-enabled")

	b.press("header form[action='/logout'] button")
	if p := b.path(); p != "/login?m=signed_out" || b.count(`header a[href="/login"]`) != 1 {
		t.Fatalf("signing out ended on %s", p)
	}
	b.snap("signed-out")

	s.clock.Advance(30 * time.Second) // the enrolment's code works once
	b.typeIn("#email", "editor@example.org")
	b.typeIn("#password", storetest.Password)
	b.press("form.auth button[type=submit]")
	if p := b.path(); !strings.HasPrefix(p, "/login/totp") {
		t.Fatalf("second sign-in ended on %s, want the code page", p)
	}
	b.snap("code-page")
	// A wrong code is refused on the same page.
	b.typeIn("#code", "000000")
	b.press("form.auth button[type=submit]")
	if !strings.HasPrefix(b.path(), "/login/totp") || b.count("#code-error") != 1 {
		t.Fatalf("a wrong code ended on %s", b.path())
	}
	b.snap("wrong-code")
	b.typeIn("#code", s.code(t, secret))
	b.press("form.auth button[type=submit]")
	if p := b.path(); p != "/" {
		t.Fatalf("the code ended on %s, want the dashboard", p)
	}
	if f := b.text("footer"); !strings.Contains(f, "user:editor@example.org") || b.count(`nav a[href="/audit"]`) != 1 {
		t.Fatalf("signed in, the footer says %q and the audit link is missing", f)
	}
	b.snap("signed-in")
	// The editor's session works for an editor's page.
	b.open("/audit", "main h1")
	if p := b.path(); p != "/audit" {
		t.Fatalf("the audit log ended on %s", p)
	}
}

package ui_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/api"
	"vigil/auth"
	"vigil/httpserver"
	"vigil/store"
	"vigil/store/storetest"
	"vigil/ui"
)

// authEnv is a real server over a real SQLite store with cheap password
// hashes and a settable clock.
type authEnv struct {
	srv   *httptest.Server
	st    *store.Store
	clock *storetest.Clock
}

// mustAuthServer serves the UI and API; tls serves HTTPS, behindTLS
// tells the server a proxy terminates TLS.
func mustAuthServer(tb testing.TB, tls, behindTLS bool) *authEnv {
	tb.Helper()
	base, err := store.Open(context.Background(), tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { base.Close() })
	clock := storetest.NewClock(time.Date(2024, 5, 20, 9, 30, 10, 0, time.UTC))
	st, err := base.WithAccounts(storetest.TestAccountPolicy())
	if err != nil {
		tb.Fatal(err)
	}
	st = st.WithClock(clock.Now)
	u, err := ui.New(st, ui.Options{Now: clock.Now})
	if err != nil {
		tb.Fatal(err)
	}
	h := httpserver.New(httpserver.Config{Service: st, BehindTLS: behindTLS}, api.New(st, api.Options{}).Register, u.Register).Handler()
	srv := httptest.NewUnstartedServer(h)
	if tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	tb.Cleanup(srv.Close)
	return &authEnv{srv: srv, st: st, clock: clock}
}

var testAdmin = vigil.WithViewer(context.Background(), storetest.Admin)

// user creates an account with storetest.Password.
func (e *authEnv) user(tb testing.TB, email string, role vigil.Role, c vigil.Sensitivity) *vigil.User {
	tb.Helper()
	return storetest.MustUser(tb, e.st, email, role, c)
}

// client is a browser: a cookie jar, following redirects.
func (e *authEnv) client(tb testing.TB) *http.Client {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Client{Transport: e.srv.Client().Transport, Jar: jar}
}

// post submits a form like a browser on this site and returns the page
// it ends on.
func post(tb testing.TB, c *http.Client, rawurl string, form url.Values, header ...string) (*http.Response, *goquery.Document) {
	tb.Helper()
	req, err := http.NewRequest("POST", rawurl, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, doc
}

// login signs in with storetest.Password and returns the final page.
func (e *authEnv) login(tb testing.TB, c *http.Client, email string, header ...string) (*http.Response, *goquery.Document) {
	tb.Helper()
	return post(tb, c, e.srv.URL+"/login", url.Values{"email": {email}, "password": {storetest.Password}, "next": {"/"}}, header...)
}

// code returns the TOTP code of secret at the server's time.
func (e *authEnv) code(tb testing.TB, secret string) string {
	tb.Helper()
	return storetest.MustTOTP(tb, secret, e.clock.Now())
}

// enrol signs an admin or editor in through the setup page and returns
// the TOTP secret shown there.
func (e *authEnv) enrol(tb testing.TB, c *http.Client, email string) string {
	tb.Helper()
	res, doc := e.login(tb, c, email)
	if res.Request.URL.Path != "/account/totp" {
		tb.Fatalf("login of %s ended on %s, want the setup page", email, res.Request.URL)
	}
	secret, ok := doc.Find("code.totp-secret").Attr("data-secret")
	if !ok {
		tb.Fatal("the setup page shows no secret")
	}
	res, _ = post(tb, c, e.srv.URL+"/account/totp/confirm", url.Values{"code": {e.code(tb, secret)}})
	if res.Request.URL.Path != "/account" {
		tb.Fatalf("confirming ended on %s (%d)", res.Request.URL, res.StatusCode)
	}
	return secret
}

// sessionCookie returns the session cookie the jar holds, or "".
func (e *authEnv) sessionCookie(c *http.Client, name string) string {
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func TestLogin(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "kim@example.org", vigil.RoleContributor, "")
	t.Run("the form is labelled", func(t *testing.T) {
		_, doc := mustGet(t, e.client(t), e.srv.URL+"/login")
		for _, id := range []string{"email", "password"} {
			if doc.Find(`label[for="`+id+`"]`).Length() != 1 || doc.Find("input#"+id).Length() != 1 {
				t.Errorf("field %s has no label or input", id)
			}
		}
		if ac, _ := doc.Find("input#password").Attr("autocomplete"); ac != "current-password" {
			t.Errorf("password autocomplete %q", ac)
		}
		if doc.Find(`header a[href="/login"]`).Length() != 1 {
			t.Error("the header has no sign-in link")
		}
	})
	t.Run("empty fields are named inline", func(t *testing.T) {
		res, doc := post(t, e.client(t), e.srv.URL+"/login", url.Values{"email": {""}, "password": {""}}, "Accept-Language", "ko")
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, id := range []string{"email", "password"} {
			in := doc.Find("input#" + id)
			if in.AttrOr("aria-invalid", "") != "true" || in.AttrOr("aria-describedby", "") != id+"-error" {
				t.Errorf("%s is not marked invalid", id)
			}
			if got := text(doc.Find("#" + id + "-error")); got != "필수 항목입니다." {
				t.Errorf("%s error %q", id, got)
			}
		}
	})
	cases := []struct {
		name, email, password, accept string
		status                        int
		message                       string
	}{
		{"wrong password", "kim@example.org", "not my password", "en", 401, "Wrong email or password."},
		{"unknown email, in Korean", "nobody@example.org", storetest.Password, "ko", 401, "이메일 또는 비밀번호가 틀립니다."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := e.client(t)
			res, doc := post(t, cl, e.srv.URL+"/login", url.Values{"email": {c.email}, "password": {c.password}}, "Accept-Language", c.accept)
			if res.StatusCode != c.status || text(doc.Find(".form-error")) != c.message {
				t.Fatalf("status %d message %q", res.StatusCode, text(doc.Find(".form-error")))
			}
			if v := doc.Find("input#email").AttrOr("value", ""); v != c.email {
				t.Errorf("email not kept: %q", v)
			}
			if v, ok := doc.Find("input#password").Attr("value"); ok && v != "" {
				t.Error("the password was echoed back")
			}
			if e.sessionCookie(cl, httpserver.SessionCookie) != "" {
				t.Error("a failed login set a session cookie")
			}
		})
	}
	t.Run("success goes on to next, signed in", func(t *testing.T) {
		cl := e.client(t)
		res, doc := post(t, cl, e.srv.URL+"/login", url.Values{"email": {"Kim@Example.org"}, "password": {storetest.Password}, "next": {"/?from=2024-01-01"}})
		if res.StatusCode != 200 || res.Request.URL.Path != "/" || res.Request.URL.Query().Get("from") != "2024-01-01" {
			t.Fatalf("ended on %s (%d)", res.Request.URL, res.StatusCode)
		}
		if got := text(doc.Find("footer")); !strings.Contains(got, "user:kim@example.org") {
			t.Errorf("footer %q does not name the user", got)
		}
		if doc.Find(`header a[href="/account"]`).Length() != 1 || doc.Find(`header form[action="/logout"]`).Length() != 1 {
			t.Error("the header has no account link or sign-out button")
		}
		if doc.Find(`header a[href="/admin/users"]`).Length() != 0 {
			t.Error("a contributor sees the users link")
		}
		res, _ = post(t, cl, e.srv.URL+"/logout", nil)
		if res.Request.URL.Path != "/login" || e.sessionCookie(cl, httpserver.SessionCookie) != "" {
			t.Fatalf("after sign-out: %s, cookie %q", res.Request.URL, e.sessionCookie(cl, httpserver.SessionCookie))
		}
	})
	t.Run("an off-site next is ignored", func(t *testing.T) {
		cl := e.client(t)
		cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		res, _ := post(t, cl, e.srv.URL+"/login", url.Values{"email": {"kim@example.org"}, "password": {storetest.Password}, "next": {"https://evil.example/"}})
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Fatalf("redirected to %q", loc)
		}
	})
}

func TestLockoutMessage(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "kim@example.org", vigil.RoleViewer, "")
	cl := e.client(t)
	wrong := url.Values{"email": {"kim@example.org"}, "password": {"not my password"}}
	for i := 1; i <= 4; i++ {
		if res, _ := post(t, cl, e.srv.URL+"/login", wrong); res.StatusCode != 401 {
			t.Fatalf("failure %d: status %d", i, res.StatusCode)
		}
	}
	res, doc := post(t, cl, e.srv.URL+"/login", wrong)
	want := "Too many failed sign-in attempts for this account. It is locked until 09:45 UTC; try again after that."
	if res.StatusCode != http.StatusTooManyRequests || text(doc.Find(".form-error")) != want {
		t.Fatalf("fifth failure: %d %q", res.StatusCode, text(doc.Find(".form-error")))
	}
	res, doc = e.login(t, cl, "kim@example.org", "Accept-Language", "ko")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(text(doc.Find(".form-error")), "09:45 UTC까지 잠겨") {
		t.Fatalf("right password while locked: %d %q", res.StatusCode, text(doc.Find(".form-error")))
	}
	e.clock.Advance(15 * time.Minute)
	if res, _ := e.login(t, cl, "kim@example.org"); res.Request.URL.Path != "/" {
		t.Fatalf("after the lockout: ended on %s (%d)", res.Request.URL, res.StatusCode)
	}
}

func TestTOTPRequiredAndNotReplayable(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "admin@example.org", vigil.RoleAdmin, "")
	cl := e.client(t)
	res, doc := e.login(t, cl, "admin@example.org")
	if res.Request.URL.Path != "/account/totp" || doc.Find(".required").Length() != 1 {
		t.Fatalf("an admin without a second factor ended on %s", res.Request.URL)
	}
	enrolCookie := e.sessionCookie(cl, httpserver.SessionCookie)
	uri := doc.Find("a.otpauth").AttrOr("href", "")
	secret := doc.Find("code.totp-secret").AttrOr("data-secret", "")
	if !strings.HasPrefix(uri, "otpauth://totp/vigil:admin@example.org?") || !strings.Contains(uri, "secret="+secret) || len(secret) != 32 {
		t.Fatalf("setup shows uri %q secret %q", uri, secret)
	}
	if got := text(doc.Find("code.totp-secret")); got != auth.GroupSecret(secret) {
		t.Errorf("secret shown as %q", got)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("the setup page may be cached: %q", cc)
	}
	for _, path := range []string{"/", "/admin/users", "/account"} {
		res, _ := mustGet(t, cl, e.srv.URL+path)
		if res.Request.URL.Path != "/account/totp" {
			t.Errorf("%s before enrolment ended on %s, want the setup page", path, res.Request.URL.Path)
		}
	}
	res, doc = post(t, cl, e.srv.URL+"/account/totp/confirm", url.Values{"code": {"123"}})
	if res.StatusCode != 400 || doc.Find("#code-error").Length() != 1 {
		t.Fatalf("short code: %d", res.StatusCode)
	}
	res, _ = post(t, cl, e.srv.URL+"/account/totp/confirm", url.Values{"code": {e.code(t, secret)}})
	if res.Request.URL.Path != "/account" {
		t.Fatalf("confirm ended on %s", res.Request.URL)
	}
	if c := e.sessionCookie(cl, httpserver.SessionCookie); c == enrolCookie || c == "" {
		t.Fatal("the session was not rotated when the second factor was enabled")
	}
	if res, _ := mustGet(t, cl, e.srv.URL+"/admin/users"); res.StatusCode != 200 || res.Request.URL.Path != "/admin/users" {
		t.Fatalf("admin page after enrolment: %d %s", res.StatusCode, res.Request.URL)
	}

	t.Run("next sign-in asks for a code, which works once", func(t *testing.T) {
		cl := e.client(t)
		res, _ := e.login(t, cl, "admin@example.org")
		if res.Request.URL.Path != "/login/totp" {
			t.Fatalf("ended on %s, want the code page", res.Request.URL)
		}
		if res, _ := mustGet(t, cl, e.srv.URL+"/"); res.Request.URL.Path != "/login/totp" {
			t.Errorf("the dashboard before the code ended on %s", res.Request.URL.Path)
		}
		pending := e.sessionCookie(cl, httpserver.SessionCookie)
		used := e.code(t, secret) // used to enrol, in this same step
		res, doc := post(t, cl, e.srv.URL+"/login/totp", url.Values{"code": {used}, "next": {"/"}})
		if res.StatusCode != 401 || !strings.Contains(text(doc.Find("#code-error")), "already used") {
			t.Fatalf("replayed code: %d %q", res.StatusCode, text(doc.Find("#code-error")))
		}
		e.clock.Advance(30 * time.Second)
		fresh := e.code(t, secret)
		res, doc = post(t, cl, e.srv.URL+"/login/totp", url.Values{"code": {fresh[:3] + " " + fresh[3:]}, "next": {"/"}})
		if res.Request.URL.Path != "/" || !strings.Contains(text(doc.Find("footer")), "user:admin@example.org") {
			t.Fatalf("right code ended on %s (%d)", res.Request.URL, res.StatusCode)
		}
		if c := e.sessionCookie(cl, httpserver.SessionCookie); c == pending {
			t.Fatal("the session was not rotated after the code")
		}
		other := e.client(t)
		e.login(t, other, "admin@example.org")
		res, _ = post(t, other, e.srv.URL+"/login/totp", url.Values{"code": {fresh}})
		if res.StatusCode != 401 {
			t.Fatalf("the same code in another browser: %d", res.StatusCode)
		}
	})
	t.Run("editors too", func(t *testing.T) {
		e.user(t, "ed@example.org", vigil.RoleEditor, "")
		if res, _ := e.login(t, e.client(t), "ed@example.org"); res.Request.URL.Path != "/account/totp" {
			t.Fatalf("editor ended on %s", res.Request.URL)
		}
	})
}

func TestCrossSitePostToLoginRefused(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "kim@example.org", vigil.RoleViewer, "")
	cases := []struct{ name, header, value string }{
		{"Sec-Fetch-Site cross-site", "Sec-Fetch-Site", "cross-site"},
		{"foreign Origin", "Origin", "https://evil.example"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := e.client(t)
			res, _ := e.login(t, cl, "kim@example.org", c.header, c.value)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
			if e.sessionCookie(cl, httpserver.SessionCookie) != "" {
				t.Fatal("a cross-site login set a cookie")
			}
		})
	}
	if n := storetest.QueryInt(t, e.st, "SELECT COUNT(*) FROM login_attempts"); n != 0 {
		t.Fatalf("%d attempts reached the store", n)
	}
	res, _ := e.login(t, e.client(t), "kim@example.org", "Sec-Fetch-Site", "same-origin")
	if res.Request.URL.Path != "/" {
		t.Fatalf("same-origin login ended on %s (%d)", res.Request.URL, res.StatusCode)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	cases := []struct {
		name           string
		tls, behindTLS bool
		cookie         string
		secure, hsts   bool
	}{
		{"plain http", false, false, "vigil_session", false, false},
		{"behind a TLS proxy", false, true, "__Host-vigil_session", true, true},
		{"TLS", true, false, "__Host-vigil_session", true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustAuthServer(t, c.tls, c.behindTLS)
			e.user(t, "kim@example.org", vigil.RoleViewer, "")
			cl := &http.Client{Transport: e.srv.Client().Transport}
			cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			res, _ := e.login(t, cl, "kim@example.org")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d", res.StatusCode)
			}
			cookies := res.Cookies()
			if len(cookies) != 1 {
				t.Fatalf("cookies %v", res.Header.Values("Set-Cookie"))
			}
			ck := cookies[0]
			if ck.Name != c.cookie || !ck.HttpOnly || ck.Secure != c.secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" || ck.MaxAge != 0 {
				t.Fatalf("cookie %q", res.Header.Get("Set-Cookie"))
			}
			if !auth.WellFormedSecret(ck.Value) {
				t.Fatalf("cookie value %q", ck.Value)
			}
			if got := res.Header.Get("Strict-Transport-Security") != ""; got != c.hsts {
				t.Errorf("HSTS sent: %v, want %v", got, c.hsts)
			}
			// The cookie signs the next request in.
			req, _ := http.NewRequest("GET", e.srv.URL+"/account", nil)
			req.AddCookie(ck)
			res2, err := cl.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res2.Body.Close()
			if res2.StatusCode != 200 {
				t.Fatalf("account page with the cookie: %d", res2.StatusCode)
			}
		})
	}
}

package ui_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/httpserver"
	"vigil/store/storetest"
)

func TestInviteLinkIsSingleUseAndExpires(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "admin@example.org", vigil.RoleAdmin, "")
	admin := e.client(t)
	e.enrol(t, admin, "admin@example.org")

	res, doc := post(t, admin, e.srv.URL+"/admin/users/invite", url.Values{"email": {"bad address"}, "role": {"contributor"}})
	if res.StatusCode != 400 || doc.Find("#invite-email-error").Length() != 1 || doc.Find("input.invite-url").Length() != 0 {
		t.Fatalf("bad email: %d", res.StatusCode)
	}
	res, doc = post(t, admin, e.srv.URL+"/admin/users/invite", url.Values{"email": {"new@example.org"}, "role": {"contributor"}, "clearance": {"restricted"}})
	if res.StatusCode != 400 || doc.Find("#invite-clearance-error").Length() != 1 {
		t.Fatalf("restricted contributor: %d", res.StatusCode)
	}
	res, doc = post(t, admin, e.srv.URL+"/admin/users/invite", url.Values{"email": {"new@example.org"}, "role": {"contributor"}})
	link := doc.Find("input.invite-url").AttrOr("value", "")
	if res.StatusCode != 200 || !strings.HasPrefix(link, e.srv.URL+"/invite/") {
		t.Fatalf("invite: %d, link %q", res.StatusCode, link)
	}
	if label := doc.Find(`label[for="invite-link"]`).Length(); label != 1 {
		t.Error("the link field has no label")
	}
	if got := text(doc.Find("table.invites td").First()); got != "new@example.org" {
		t.Errorf("pending invites start with %q", got)
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Error("the page with the link may be cached")
	}

	guest := e.client(t)
	res, doc = mustGet(t, guest, link, "Accept-Language", "ko")
	if res.StatusCode != 200 || !strings.Contains(text(doc.Find("main p").First()), "new@example.org") {
		t.Fatalf("invite page: %d", res.StatusCode)
	}
	res, doc = post(t, guest, link, url.Values{"name": {"새 회원"}, "password": {storetest.Password}, "confirm_password": {"something else"}}, "Accept-Language", "ko")
	if res.StatusCode != 400 || text(doc.Find("#confirm_password-error")) != "두 비밀번호가 같지 않습니다." {
		t.Fatalf("mismatch: %d %q", res.StatusCode, text(doc.Find("#confirm_password-error")))
	}
	if v := doc.Find("input#name").AttrOr("value", ""); v != "새 회원" {
		t.Errorf("name not kept: %q", v)
	}
	res, doc = post(t, guest, link, url.Values{"name": {"새 회원"}, "password": {"short"}, "confirm_password": {"short"}})
	if res.StatusCode != 400 || doc.Find("#password-error").Length() != 1 {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	res, doc = post(t, guest, link, url.Values{"name": {"새 회원"}, "password": {storetest.Password}, "confirm_password": {storetest.Password}})
	if res.Request.URL.Path != "/login" || !strings.Contains(text(doc.Find(".notice")), "Your account is ready") {
		t.Fatalf("accept ended on %s: %q", res.Request.URL, text(doc.Find(".notice")))
	}
	if res, _ := e.login(t, guest, "new@example.org"); res.Request.URL.Path != "/" {
		t.Fatalf("the new account cannot sign in: %s", res.Request.URL)
	}
	for _, method := range []string{"GET", "POST"} {
		var res *http.Response
		if method == "GET" {
			res, doc = mustGet(t, e.client(t), link)
		} else {
			res, doc = post(t, e.client(t), link, url.Values{"name": {"again"}, "password": {storetest.Password + "!"}, "confirm_password": {storetest.Password + "!"}})
		}
		if res.StatusCode != 404 || !strings.Contains(text(doc.Find(".error-message")), "invite link is not valid") {
			t.Fatalf("%s of a used link: %d %q", method, res.StatusCode, text(doc.Find(".error-message")))
		}
	}

	_, doc = post(t, admin, e.srv.URL+"/admin/users/invite", url.Values{"email": {"late@example.org"}, "role": {"viewer"}})
	late := doc.Find("input.invite-url").AttrOr("value", "")
	e.clock.Advance(72*time.Hour + time.Minute)
	if res, _ := mustGet(t, e.client(t), late); res.StatusCode != 404 {
		t.Fatalf("an expired link: %d", res.StatusCode)
	}
}

func TestLogoutEverywhereEndsOtherSessions(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "kim@example.org", vigil.RoleContributor, "")
	laptop, phone := e.client(t), e.client(t)
	e.login(t, laptop, "kim@example.org")
	e.login(t, phone, "kim@example.org")
	_, doc := mustGet(t, laptop, e.srv.URL+"/account")
	if n := doc.Find("table.sessions tbody tr").Length(); n != 2 {
		t.Fatalf("the account lists %d sessions, want 2", n)
	}
	if doc.Find("table.sessions tr.current").Length() != 1 {
		t.Error("this browser's session is not marked")
	}
	res, doc := post(t, laptop, e.srv.URL+"/account/logout-everywhere", nil)
	if res.Request.URL.Path != "/login" || !strings.Contains(text(doc.Find(".notice")), "every device") {
		t.Fatalf("ended on %s: %q", res.Request.URL, text(doc.Find(".notice")))
	}
	for name, c := range map[string]*http.Client{"laptop": laptop, "phone": phone} {
		res, doc := mustGet(t, c, e.srv.URL+"/account")
		if res.Request.URL.Path != "/login" {
			t.Errorf("%s still reaches its account: %s", name, res.Request.URL)
		}
		if doc.Find(`header a[href="/account"]`).Length() != 0 {
			t.Errorf("%s still looks signed in", name)
		}
		if e.sessionCookie(c, httpserver.SessionCookie) != "" {
			t.Errorf("%s kept the dead cookie", name)
		}
	}
}

func TestChangePasswordRotatesTheSession(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "kim@example.org", vigil.RoleViewer, "")
	cl, other := e.client(t), e.client(t)
	e.login(t, cl, "kim@example.org")
	e.login(t, other, "kim@example.org")
	before := e.sessionCookie(cl, httpserver.SessionCookie)
	const next = "a much better passphrase"
	res, doc := post(t, cl, e.srv.URL+"/account/password", url.Values{"current_password": {"wrong one!!!"}, "new_password": {next}, "confirm_password": {next}})
	if res.StatusCode != 400 || doc.Find("#current_password-error").Length() != 1 {
		t.Fatalf("wrong current password: %d", res.StatusCode)
	}
	res, doc = post(t, cl, e.srv.URL+"/account/password", url.Values{"current_password": {storetest.Password}, "new_password": {next}, "confirm_password": {next}})
	if res.Request.URL.Path != "/account" || !strings.Contains(text(doc.Find(".notice")), "password is changed") {
		t.Fatalf("change ended on %s", res.Request.URL)
	}
	if after := e.sessionCookie(cl, httpserver.SessionCookie); after == before || after == "" {
		t.Fatal("the session was not rotated")
	}
	if res, _ := mustGet(t, other, e.srv.URL+"/account"); res.Request.URL.Path != "/login" {
		t.Fatal("the other session survived a password change")
	}
}

func TestViewerCannotReachAdminPages(t *testing.T) {
	e := mustAuthServer(t, false, false)
	u := e.user(t, "viewer@example.org", vigil.RoleViewer, "")
	cl := e.client(t)
	e.login(t, cl, "viewer@example.org")
	res, doc := mustGet(t, cl, e.srv.URL+"/admin/users", "Accept-Language", "ko")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(text(doc.Find(".error-message")), "권한이 없습니다") {
		t.Fatalf("GET /admin/users as a viewer: %d %q", res.StatusCode, text(doc.Find(".error-message")))
	}
	posts := map[string]url.Values{
		"/admin/users/invite":                        {"email": {"friend@example.org"}, "role": {"admin"}},
		"/admin/users/" + itoa(u.ID):                 {"role": {"admin"}, "clearance": {"restricted"}, "version": {"1"}},
		"/admin/users/" + itoa(u.ID) + "/reset-totp": nil,
		"/admin/invites/1/revoke":                    nil,
	}
	for path, form := range posts {
		res, _ := post(t, cl, e.srv.URL+path, form)
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s as a viewer: %d", path, res.StatusCode)
		}
	}
	got, err := e.st.FindUserByID(testAdmin, u.ID)
	if err != nil || got.Role != vigil.RoleViewer || got.Version != 1 {
		t.Fatalf("the viewer changed their own account: %+v %v", got, err)
	}
	if n := storetest.QueryInt(t, e.st, "SELECT COUNT(*) FROM invites"); n != 0 {
		t.Fatalf("a viewer made %d invites", n)
	}
	anon := e.client(t)
	res, _ = mustGet(t, anon, e.srv.URL+"/admin/users")
	if res.Request.URL.Path != "/login" || res.Request.URL.Query().Get("next") != "/admin/users" {
		t.Fatalf("anonymous GET /admin/users ended on %s", res.Request.URL)
	}
}

func TestAdminChangesRoleAndDisables(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "admin@example.org", vigil.RoleAdmin, "")
	kim := e.user(t, "kim@example.org", vigil.RoleViewer, "")
	admin := e.client(t)
	e.enrol(t, admin, "admin@example.org")
	user := e.client(t)
	e.login(t, user, "kim@example.org")

	_, doc := mustGet(t, admin, e.srv.URL+"/admin/users")
	row := doc.Find(`tr[data-user="` + itoa(kim.ID) + `"]`)
	if text(row.Find("td.email")) != "kim@example.org" || row.Find(`label[for="role-`+itoa(kim.ID)+`"]`).Length() != 1 {
		t.Fatal("the user's row or its labels are missing")
	}
	version := row.Find(`form.role-form input[name="version"]`).AttrOr("value", "")
	res, doc := post(t, admin, e.srv.URL+"/admin/users/"+itoa(kim.ID), url.Values{"role": {"contributor"}, "clearance": {"restricted"}, "version": {version}, "action": {"save"}})
	if res.StatusCode != 400 || !strings.Contains(text(doc.Find(".form-error")), "kim@example.org") {
		t.Fatalf("restricted contributor: %d %q", res.StatusCode, text(doc.Find(".form-error")))
	}
	res, _ = post(t, admin, e.srv.URL+"/admin/users/"+itoa(kim.ID), url.Values{"role": {"contributor"}, "clearance": {"coalition"}, "version": {version}, "action": {"save"}})
	if res.Request.URL.Path != "/admin/users" || res.StatusCode != 200 {
		t.Fatalf("promote: %s %d", res.Request.URL, res.StatusCode)
	}
	if res, _ := mustGet(t, user, e.srv.URL+"/account"); res.Request.URL.Path != "/login" {
		t.Fatal("the user's session survived a role change")
	}
	res, _ = post(t, admin, e.srv.URL+"/admin/users/"+itoa(kim.ID), url.Values{"version": {version}, "action": {"disable"}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("a stale version: %d", res.StatusCode)
	}
	_, doc = mustGet(t, admin, e.srv.URL+"/admin/users")
	version = doc.Find(`tr[data-user="`+itoa(kim.ID)+`"] form.role-form input[name="version"]`).AttrOr("value", "")
	post(t, admin, e.srv.URL+"/admin/users/"+itoa(kim.ID), url.Values{"version": {version}, "action": {"disable"}})
	if res, _ := e.login(t, e.client(t), "kim@example.org"); res.StatusCode != 401 {
		t.Fatalf("a disabled user signed in: %d", res.StatusCode)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

package ui_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/store/storetest"
)

// TestAccountPagesAreLabelledAndStrict fetches every account page in both
// languages and checks what a keyboard or screen-reader user and the CSP
// need: every control has a label, ids are unique, no message key is
// missing, no inline style, and every script carries the nonce.
func TestAccountPagesAreLabelledAndStrict(t *testing.T) {
	e := mustAuthServer(t, false, false)
	e.user(t, "admin@example.org", vigil.RoleAdmin, "")
	e.user(t, "ed@example.org", vigil.RoleEditor, "")
	admin := e.client(t)
	e.enrol(t, admin, "admin@example.org")
	enrolling := e.client(t)
	e.login(t, enrolling, "ed@example.org")
	waiting := e.client(t)
	e.login(t, waiting, "admin@example.org")
	link, err := e.st.CreateInvite(testAdmin, &vigil.Invite{Email: "new@example.org", Role: vigil.RoleViewer})
	storetest.MustOK(t, err, "invite")

	pages := []struct {
		name string
		c    *http.Client
		path string
	}{
		{"login", e.client(t), "/login"},
		{"code", waiting, "/login/totp"},
		{"setup", enrolling, "/account/totp"},
		{"account", admin, "/account"},
		{"setup when enabled", admin, "/account/totp"},
		{"users", admin, "/admin/users"},
		{"invite", e.client(t), "/invite/" + link},
	}
	nonceRE := regexp.MustCompile(`script-src 'nonce-([^']+)'`)
	for _, p := range pages {
		for _, l := range []string{"en", "ko"} {
			t.Run(p.name+"/"+l, func(t *testing.T) {
				res, doc := mustGet(t, p.c, e.srv.URL+p.path, "Accept-Language", l)
				if res.StatusCode != 200 || res.Request.URL.Path != p.path {
					t.Fatalf("ended on %s with %d", res.Request.URL, res.StatusCode)
				}
				if got := doc.Find("html").AttrOr("lang", ""); got != l {
					t.Errorf("lang %q", got)
				}
				if strings.Contains(doc.Text(), "[auth.") {
					t.Errorf("a message key is missing: %s", doc.Find("main").Text())
				}
				if doc.Find("[style]").Length() > 0 {
					t.Error("inline style attribute")
				}
				m := nonceRE.FindStringSubmatch(res.Header.Get("Content-Security-Policy"))
				doc.Find("script").Each(func(_ int, s *goquery.Selection) {
					if m == nil || s.AttrOr("nonce", "") != m[1] {
						t.Error("a script without the response's nonce")
					}
				})
				ids := map[string]bool{}
				doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
					id := s.AttrOr("id", "")
					if ids[id] {
						t.Errorf("duplicate id %q", id)
					}
					ids[id] = true
				})
				doc.Find("main input, main select, main textarea").Each(func(_ int, s *goquery.Selection) {
					if s.AttrOr("type", "") == "hidden" || s.Is("[hidden]") {
						return
					}
					id := s.AttrOr("id", "")
					if id == "" || doc.Find(`label[for="`+id+`"]`).Length() != 1 {
						t.Errorf("control %s (id %q) has no label", s.AttrOr("name", "?"), id)
					}
				})
				doc.Find("main button").Each(func(_ int, s *goquery.Selection) {
					if strings.TrimSpace(s.Text()) == "" {
						t.Error("a button without text")
					}
				})
			})
		}
	}
}

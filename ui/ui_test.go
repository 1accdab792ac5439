package ui_test

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/api"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/store"
	"vigil/ui"
	"vigil/web"
)

// mustServer serves the UI and API over a real SQLite store with the demo.
func mustServer(tb testing.TB) (*httptest.Server, *ui.UI) {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := demo.Load(vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted}), st); err != nil {
		tb.Fatal(err)
	}
	u, err := ui.New(st, ui.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{}).Register, u.Register).Handler())
	tb.Cleanup(srv.Close)
	return srv, u
}

func mustGet(tb testing.TB, c *http.Client, rawurl string, header ...string) (*http.Response, *goquery.Document) {
	tb.Helper()
	req, err := http.NewRequest("GET", rawurl, nil)
	if err != nil {
		tb.Fatal(err)
	}
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

func TestDashboardShowsTheSeedTotals(t *testing.T) {
	srv, _ := mustServer(t)
	cases := []struct {
		name, accept, lang, heading string
	}{
		{"english", "en-GB,en;q=0.9", "en", "Repatriations"},
		{"korean from Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5", "ko", "강제송환"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, doc := mustGet(t, http.DefaultClient, srv.URL+"/?from=2023-10-01&to=2024-05-31", "Accept-Language", c.accept)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got, _ := doc.Find("html").Attr("lang"); got != c.lang {
				t.Errorf("html lang = %q, want %q", got, c.lang)
			}
			rep := doc.Find(`section.total[data-event="repatriation"]`)
			if h := strings.TrimSpace(rep.Find("h3").Text()); h != c.heading {
				t.Errorf("heading %q, want %q", h, c.heading)
			}
			for sel, want := range map[string]string{"dd.low": "770", "dd.best": "855", "dd.high": "940"} {
				if got := strings.TrimSpace(rep.Find(sel).Text()); got != want {
					t.Errorf("%s = %q, want %q", sel, got, want)
				}
			}
			if got := rep.Find("p.behind").Text(); !strings.Contains(got, "#1, #2, #3") {
				t.Errorf("incidents behind the total: %q", got)
			}
			arr := doc.Find(`section.total[data-event="arrest"]`)
			if got := strings.TrimSpace(arr.Find("dd.best").Text()); got != "61" {
				t.Errorf("arrest best %q, want 61", got)
			}
		})
	}
}

func TestDashboardDefaultPeriodCoversTheData(t *testing.T) {
	srv, _ := mustServer(t)
	_, doc := mustGet(t, http.DefaultClient, srv.URL+"/")
	if v, _ := doc.Find(`input[name="from"]`).Attr("value"); v != "2023-10-09" {
		t.Errorf("default from = %q, want the first incident's day 2023-10-09", v)
	}
	if got := strings.TrimSpace(doc.Find(`section.total[data-event="repatriation"] dd.best`).Text()); got != "855" {
		t.Errorf("default period best = %q, want 855", got)
	}
}

func TestLanguageSwitchSetsACookie(t *testing.T) {
	srv, _ := mustServer(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(srv.URL+"/lang", url.Values{"lang": {"ko"}, "next": {"/?from=2023-10-01"}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.Request.URL.Path != "/" || res.Request.URL.Query().Get("from") != "2023-10-01" {
		t.Errorf("redirected to %s, want back to /?from=2023-10-01", res.Request.URL)
	}
	_, doc := mustGet(t, c, srv.URL+"/", "Accept-Language", "en")
	if got, _ := doc.Find("html").Attr("lang"); got != "ko" {
		t.Errorf("after choosing Korean, html lang = %q (the cookie must beat Accept-Language)", got)
	}
	t.Run("redirect stays on site", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"} {
			cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := cl.PostForm(srv.URL+"/lang", url.Values{"lang": {"en"}, "next": {next}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if loc := res.Header.Get("Location"); loc != "/" {
				t.Errorf("next %q redirected to %q, want /", next, loc)
			}
		}
	})
}

func TestPagesCarryTheCSPNonce(t *testing.T) {
	srv, _ := mustServer(t)
	res, doc := mustGet(t, http.DefaultClient, srv.URL+"/")
	csp := res.Header.Get("Content-Security-Policy")
	m := regexp.MustCompile(`script-src 'nonce-([^']+)'`).FindStringSubmatch(csp)
	if m == nil {
		t.Fatalf("CSP %q has no script nonce", csp)
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if n, _ := s.Attr("nonce"); n != m[1] {
			t.Errorf("script %v has nonce %q, want %q", s.AttrOr("src", "inline"), n, m[1])
		}
	})
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP allows unsafe sources: %s", csp)
	}
	_, doc2 := mustGet(t, http.DefaultClient, srv.URL+"/")
	if n1, n2 := doc.Find("script").AttrOr("nonce", ""), doc2.Find("script").AttrOr("nonce", ""); n1 == n2 {
		t.Errorf("two responses share the nonce %q", n1)
	}
	if doc.Find("[style]").Length() > 0 {
		t.Errorf("inline style attributes break the CSP (style-src 'self')")
	}
}

func TestLocalesAreComplete(t *testing.T) {
	_, u := mustServer(t)
	if p := u.Messages().Problems(); len(p) > 0 {
		t.Errorf("locale problems:\n%s", strings.Join(p, "\n"))
	}
	// Every key a template names exists.
	re := regexp.MustCompile(`\{\{-?\s*(?:t|tn)\s+\$?\.Lang\s+"([^"]+)"`)
	files, err := fs.Glob(web.FS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, _ := fs.ReadFile(web.FS, f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !u.Messages().Has(m[1]) {
				t.Errorf("%s uses key %q, which the locales lack", f, m[1])
			}
		}
	}
}

func TestEveryTemplateIsListed(t *testing.T) {
	files, err := fs.Glob(web.FS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "public_") {
			continue // the public site's templates: publish.Pages, checked in package publish
		}
		if name != "layout" && !slices.Contains(ui.Pages, name) {
			t.Errorf("template %s is not in ui.Pages, so it is never parsed", f)
		}
	}
}

func TestUnknownPageIsLocalized404(t *testing.T) {
	srv, _ := mustServer(t)
	res, doc := mustGet(t, http.DefaultClient, srv.URL+"/incidents/99999", "Accept-Language", "ko")
	if res.StatusCode != 404 {
		t.Fatalf("status %d, want 404", res.StatusCode)
	}
	if got := doc.Find("p.error-message").Text(); !strings.Contains(got, "볼 권한이 없습니다") {
		t.Errorf("404 message %q is not the Korean one", got)
	}
}

package publish_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/api"
	"vigil/httpserver"
	"vigil/publish"
	"vigil/store"
)

// liveSite serves the public site and the API over st, with a fresh
// reading of the data on every request.
func liveSite(t *testing.T, st *store.Store) *httptest.Server {
	t.Helper()
	site, err := publish.NewSite()
	if err != nil {
		t.Fatal(err)
	}
	cache := publish.NewCache(st, publish.Options{}, 0)
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{PublicCache: cache}).Register,
		publish.NewHandler(site, cache, nil).Register).Handler())
	t.Cleanup(srv.Close)
	return srv
}

type reply struct {
	status int
	header http.Header
	body   string
}

func fetch(t *testing.T, url string, header ...string) reply {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, res.Header, string(b)}
}

func TestLiveSite(t *testing.T) {
	st := mustDemo(t)
	srv := liveSite(t, st)
	base := srv.URL + publish.Prefix

	t.Run("the root picks the reader's language", func(t *testing.T) {
		r := fetch(t, base, "Accept-Language", "ko-KR,ko;q=0.9")
		if r.status != http.StatusSeeOther || r.header.Get("Location") != publish.Prefix+"ko/index.html" {
			t.Fatalf("%d → %q", r.status, r.header.Get("Location"))
		}
		if r := fetch(t, base+"en/"); r.status != 200 || !strings.Contains(r.body, `<html lang="en">`) {
			t.Fatalf("en/: %d", r.status)
		}
	})
	t.Run("ETag and 304", func(t *testing.T) {
		r := fetch(t, base+"en/reports/2024-05-mofa-demonstration.html")
		etag := r.header.Get("ETag")
		if r.status != 200 || etag == "" || r.header.Get("Cache-Control") != "public, no-cache" || r.header.Get("Content-Language") != "en" {
			t.Fatalf("%d, ETag %q, Cache-Control %q", r.status, etag, r.header.Get("Cache-Control"))
		}
		if again := fetch(t, base+"en/reports/2024-05-mofa-demonstration.html", "If-None-Match", etag); again.status != http.StatusNotModified || again.body != "" {
			t.Fatalf("If-None-Match: %d", again.status)
		}
		if other := fetch(t, base+"en/reports/2024-05-mofa-demonstration.html", "If-None-Match", `"stale"`); other.status != 200 {
			t.Fatalf("stale ETag: %d", other.status)
		}
	})
	t.Run("a chosen period", func(t *testing.T) {
		r := fetch(t, base+"en/totals/index.html?from=2024-01-01&to=2024-12-31")
		doc := mustDoc(t, []byte(r.body))
		rep := doc.Find(`section.total[data-event="repatriation"]`)
		if r.status != 200 || text(rep.Find("dd.best")) != "255" || doc.Find(`form.period input[name="from"]`).AttrOr("value", "") != "2024-01-01" {
			t.Fatalf("%d: best %q", r.status, text(rep.Find("dd.best")))
		}
		if bad := fetch(t, base+"en/totals/index.html?from=2024-13-01"); bad.status != http.StatusBadRequest {
			t.Fatalf("a bad day: %d", bad.status)
		}
	})
	t.Run("404 in the page's language", func(t *testing.T) {
		r := fetch(t, base+"ko/incidents/99999.html")
		doc := mustDoc(t, []byte(r.body))
		if r.status != 404 || text(doc.Find("p.error-message")) != "이 주소에는 공개된 페이지가 없습니다." {
			t.Fatalf("%d %q", r.status, text(doc.Find("p.error-message")))
		}
		if href := doc.Find("a.brand").AttrOr("href", ""); href != "../index.html" {
			t.Errorf("the error page's home link %q does not resolve from the asked path", href)
		}
	})
	t.Run("pages keep the CSP", func(t *testing.T) {
		for _, p := range []string{"en/index.html", "ko/totals/index.html", "en/incidents/2.html", "ko/reports/2024-05-mofa-demonstration.html", "en/law.html"} {
			doc := mustDoc(t, []byte(fetch(t, base+p).body))
			if n := doc.Find("script, [style], style, [onclick]").Length(); n > 0 {
				t.Errorf("%s: %d scripts or inline styles", p, n)
			}
		}
	})
	t.Run("a signed-in reader gets the same public pages", func(t *testing.T) {
		secret, err := st.CreateToken(admin, &vigil.Token{Name: "staff", Scope: vigil.ScopeRead, Clearance: vigil.Restricted})
		if err != nil {
			t.Fatal(err)
		}
		restricted := &vigil.Incident{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Title: vigil.Names{En: "held back"}, Event: vigil.EventRepatriation, Date: "2024-04-27"}
		if err := st.CreateIncident(admin, restricted); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"en/incidents/index.html", "en/totals/index.html?from=2024-04-01&to=2024-04-30"} {
			anon, staff := fetch(t, base+p), fetch(t, base+p, "Authorization", "Bearer "+secret)
			if anon.status != 200 || anon.body != staff.body || strings.Contains(staff.body, "held back") {
				t.Errorf("%s: a restricted token changes the public page", p)
			}
		}
	})
}

func TestPublicAPI(t *testing.T) {
	st := mustDemo(t)
	srv := liveSite(t, st)
	r := fetch(t, srv.URL+"/api/v1/public/incidents?event=repatriation")
	if r.status != 200 || r.header.Get("ETag") == "" || !strings.Contains(r.body, `"total":3`) || strings.Contains(r.body, "date_rationale") {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if again := fetch(t, srv.URL+"/api/v1/public/incidents?event=repatriation", "If-None-Match", r.header.Get("ETag")); again.status != 304 {
		t.Fatalf("If-None-Match: %d", again.status)
	}
	if s := fetch(t, srv.URL+"/api/v1/public/stats?event=repatriation&from=2023-10-01&to=2024-05-31"); !strings.Contains(s.body, `"best":855`) {
		t.Fatalf("stats %s", s.body)
	}
	if e := fetch(t, srv.URL+"/api/v1/public/exports/hxl"); e.status != 200 || !strings.Contains(e.body, "#affected+ind") {
		t.Fatalf("HXL export %d", e.status)
	}
	if e := fetch(t, srv.URL+"/api/v1/public/exports/xml"); e.status != 400 {
		t.Fatalf("unknown format: %d", e.status)
	}
	if e := fetch(t, srv.URL+"/api/v1/public/incidents/99999"); e.status != 404 {
		t.Fatalf("missing incident: %d", e.status)
	}
}

// TestCacheKeepsAReadingUntilAChange: the cache reads the public data
// once while nothing changes, however many requests come, and again on
// the first request after a committed change.
func TestCacheKeepsAReadingUntilAChange(t *testing.T) {
	st := mustDemo(t)
	site, err := publish.NewSite()
	if err != nil {
		t.Fatal(err)
	}
	cache := publish.NewCache(st, publish.Options{}, time.Hour)
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{PublicCache: cache}).Register,
		publish.NewHandler(site, cache, nil).Register).Handler())
	t.Cleanup(srv.Close)
	for _, p := range []string{publish.Prefix + "en/index.html", publish.Prefix + "en/incidents/index.html", "/api/v1/public/incidents", "/api/v1/public/reports"} {
		if r := fetch(t, srv.URL+p); r.status != 200 {
			t.Fatalf("GET %s: %d", p, r.status)
		}
	}
	if n := publish.CacheLoads(cache); n != 1 {
		t.Fatalf("%d readings of unchanged data", n)
	}
	place := &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.PlaceCity, Names: vigil.Names{En: "Hunchun", Ko: "훈춘"}, CountryCode: "CN"}
	if err := st.CreatePlace(admin, place); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		fetch(t, srv.URL+"/api/v1/public/incidents")
	}
	if n := publish.CacheLoads(cache); n != 2 {
		t.Fatalf("%d readings after one change, want 2", n)
	}
}

package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/api"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/store"
	"vigil/ui"
)

// mustSearchServer serves the demo plus an incident whose text holds
// markup, to check that snippets are escaped.
func mustSearchServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		tb.Fatal(err)
	}
	inc := &vigil.Incident{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{Ko: "회령 사건", En: "Hoeryong <i>case</i>"},
		Summary: vigil.Names{Ko: `<script>alert(1)</script> 탈북민들이 "회령"에서 & 체포되었다`}, Event: vigil.EventArrest, DateBasis: vigil.BasisClaims}
	if err := st.CreateIncident(admin, inc); err != nil {
		tb.Fatal(err)
	}
	u, err := ui.New(st, ui.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{}).Register, u.Register).Handler())
	tb.Cleanup(srv.Close)
	return srv
}

func TestSearchPage(t *testing.T) {
	srv := mustSearchServer(t)
	find := func(t *testing.T, q url.Values, accept string) (*http.Response, *goquery.Document) {
		t.Helper()
		return mustGet(t, http.DefaultClient, srv.URL+"/search?"+q.Encode(), "Accept-Language", accept)
	}
	t.Run("korean hits with marks, best first", func(t *testing.T) {
		res, doc := find(t, url.Values{"q": {"북송"}}, "ko")
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		hits := doc.Find("ol.hits li.hit")
		if hits.Length() == 0 {
			t.Fatal("no hits for 북송")
		}
		marks := hits.Find("p.snippet mark")
		if marks.Length() == 0 || strings.TrimSpace(marks.First().Text()) != "북송" {
			t.Errorf("marks %q, want 북송", marks.Text())
		}
		if got := doc.Find("p.search-count").Text(); !strings.Contains(got, "결과") {
			t.Errorf("count %q is not in Korean", got)
		}
		if v, _ := doc.Find("#search-main-q").Attr("value"); v != "북송" {
			t.Errorf("the form does not keep the query: %q", v)
		}
	})
	t.Run("snippets are escaped", func(t *testing.T) {
		_, doc := find(t, url.Values{"q": {"탈북"}}, "en")
		hit := doc.Find(`li.hit[data-kind="incident"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Find("a.hit-title").Text(), "Hoeryong")
		})
		if hit.Length() != 1 {
			t.Fatalf("%d hits for 탈북 titled Hoeryong", hit.Length())
		}
		snip := hit.Find("p.snippet")
		if snip.Find("script, i").Length() > 0 || hit.Find("a.hit-title i").Length() > 0 {
			html, _ := snip.Html()
			t.Errorf("markup from the record became elements: %s", html)
		}
		if !strings.Contains(snip.Text(), "<script>alert(1)</script>") || !strings.Contains(snip.Text(), `"회령"에서 &`) {
			t.Errorf("snippet text %q lost the record's characters", snip.Text())
		}
		if m := snip.Find("mark"); m.Length() != 1 || m.Text() != "탈북" {
			t.Errorf("marks %q, want 탈북 once", m.Text())
		}
		if got := strings.TrimSpace(hit.Find("a.hit-title").Text()); got != "Hoeryong <i>case</i>" {
			t.Errorf("title %q", got)
		}
		if href, _ := hit.Find("a.hit-title").Attr("href"); !strings.HasPrefix(href, "/incidents/") {
			t.Errorf("incident hit links to %q, want its page", href)
		}
	})
	t.Run("kind filter", func(t *testing.T) {
		_, doc := find(t, url.Values{"q": {"북송"}, "kind": {"claim"}}, "en")
		doc.Find("li.hit").Each(func(_ int, s *goquery.Selection) {
			if k, _ := s.Attr("data-kind"); k != "claim" {
				t.Errorf("kind %s shown under the claim filter", k)
			}
		})
		if v, _ := doc.Find(`#search-kind option[selected]`).Attr("value"); v != "claim" {
			t.Errorf("selected kind %q", v)
		}
	})
	t.Run("empty query explains search", func(t *testing.T) {
		_, doc := find(t, url.Values{}, "ko")
		if doc.Find("section.search-help li").Length() < 3 || doc.Find("ol.hits").Length() != 0 {
			t.Error("no help on the empty search page")
		}
	})
	t.Run("no hits helps", func(t *testing.T) {
		_, doc := find(t, url.Values{"q": {"김규리"}}, "en")
		if doc.Find("li.hit").Length() != 0 {
			t.Fatal("anonymous search finds a protected real name")
		}
		if !strings.Contains(doc.Find("section.search-empty").Text(), "public records only") {
			t.Errorf("empty state %q does not say why", doc.Find("section.search-empty").Text())
		}
	})
	t.Run("a query of punctuation", func(t *testing.T) {
		res, doc := find(t, url.Values{"q": {"!!!"}}, "en")
		if res.StatusCode != 200 || doc.Find("p.search-problem").Length() != 1 {
			t.Errorf("status %d, problem %q", res.StatusCode, doc.Find("p.search-problem").Text())
		}
	})
	t.Run("header search box on every page", func(t *testing.T) {
		_, doc := find(t, url.Values{}, "en")
		if a, _ := doc.Find(`header form.search`).Attr("action"); a != "/search" {
			t.Errorf("header search form action %q", a)
		}
	})
}

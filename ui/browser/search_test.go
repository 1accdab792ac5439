package browser_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"vigil"
	"vigil/store/storetest"
)

// TestBrowserSearchesInKorean types a Korean word into the header's
// search box and presses Enter: the results page (/search?q=…) lists
// ranked hits with the word marked in their snippets, keeps the query in
// its own box, leads to the record, hides a restricted record from an
// anonymous reader, and says so when nothing matches.
func TestBrowserSearchesInKorean(t *testing.T) {
	needBrowser(t)
	s := newSite(t, true)
	hidden := &vigil.Incident{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Title: vigil.Names{Ko: "비공개 제보 강제북송 명단"},
		Event: vigil.EventRepatriation, Date: "2024-05-01"}
	if err := s.st.CreateIncident(admin, hidden); err != nil {
		t.Fatal(err)
	}
	b := newTab(t, s)
	b.open("/", "header #search-q")
	b.typeIn("header #search-q", "북송")
	b.snap("typed")
	b.do("mark the page", chromedp.Evaluate[chromedp.Void]("window.__vigilLeft = true"))
	b.do("press Enter", chromedp.KeyEvent(kb.Enter))
	b.waitNewPage("after searching")
	b.snap("results")

	if p := b.path(); !strings.HasPrefix(p, "/search?") || eval[string](b, `new URLSearchParams(location.search).get("q")`) != "북송" {
		t.Fatalf("searching ended on %s", p)
	}
	if got := eval[string](b, `document.getElementById("search-main-q").value`); got != "북송" {
		t.Errorf("the results page's box holds %q", got)
	}
	if hits := b.count("ol.hits li.hit"); hits == 0 {
		t.Fatal("no hits for 북송 in the demo")
	}
	if marks := b.count("ol.hits li.hit p.snippet mark"); marks == 0 {
		t.Fatal("no word is marked in the snippets")
	}
	marked := eval[[]string](b, `Array.from(document.querySelectorAll("ol.hits p.snippet mark")).map(m => m.textContent)`)
	for _, m := range marked {
		if !strings.Contains(m, "북송") {
			t.Errorf("marked %q, which is not the word searched for", m)
		}
	}
	if strings.Contains(b.text("ol.hits"), "비공개 제보") {
		t.Fatal("an anonymous reader finds a restricted incident")
	}

	first := b.attr("ol.hits li.hit a.hit-title", "href")
	b.press("ol.hits li.hit a.hit-title")
	if p := b.path(); p != first || b.count("main h1") != 1 {
		t.Fatalf("the first hit led to %s, want %s", p, first)
	}
	b.snap("record")

	b.open("/search?q="+"없는낱말입니다", "main")
	if b.count(".search-empty") != 1 || b.count("ol.hits li.hit") != 0 {
		t.Fatal("a search without matches does not say so")
	}
	b.snap("no-results")

	// An editor, cleared for restricted records, finds the one the
	// anonymous reader did not.
	storetest.MustUser(t, s.st, "editor@example.org", vigil.RoleEditor, vigil.Restricted)
	b.signIn(s, "editor@example.org", "", "/search?q="+url.QueryEscape("북송 명단"))
	if !strings.Contains(b.text("ol.hits"), "비공개 제보 강제북송 명단") {
		t.Fatalf("the editor does not find the restricted incident: %q", b.text("main"))
	}
	b.snap("editor-results")
}

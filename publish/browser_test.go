package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is Debian's Chromium, which .ci/run installs.
const chromium = "/usr/bin/chromium"

// mustBrowser starts headless Chromium, or skips (fails under CI=true)
// when it is not installed.
func mustBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; .ci/run installs it (apt-get install chromium)", chromium)
		}
		t.Skipf("%s is missing (apt-get install chromium); CI=true makes this a failure", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Headless,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// TestStaticSiteInChromium opens the static export from disk, as a
// reader who downloaded it would, and follows its links: the language
// chooser, the navigation, a report with its footnotes and photo, a live
// figure, and the report's other language.
func TestStaticSiteInChromium(t *testing.T) {
	s, d := mustSite(t, mustDemo(t))
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := s.WriteDir(context.Background(), d, dir); err != nil {
		t.Fatal(err)
	}
	ctx := mustBrowser(t)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	str := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		must(what, err)
		return v
	}
	num := func(what, js string) float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		must(what, err)
		return v
	}
	// clickTo clicks sel and waits for the page at path (relative to the
	// export) to load.
	clickTo := func(sel, wantSuffix string) {
		t.Helper()
		must("click "+sel, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))))
		deadline := time.Now().Add(15 * time.Second)
		for {
			// While the page changes, the target may answer "navigated";
			// ask again until it has settled.
			loc, err := chromedp.Run(ctx, chromedp.Location())
			ready := ""
			if err == nil {
				ready, err = chromedp.Run(ctx, chromedp.Evaluate[string]("document.readyState"))
			}
			if err == nil && strings.HasSuffix(loc, wantSuffix) && ready == "complete" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after clicking %s the browser is at %s (%s, %v), want …%s", sel, loc, ready, err, wantSuffix)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	must("open the export", chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.ToSlash(filepath.Join(dir, "index.html")))))
	clickTo(`a[hreflang="en"]`, "/en/index.html")
	if got := str("lang", "document.documentElement.lang"); got != "en" {
		t.Fatalf("html lang %q", got)
	}
	if n := num("stylesheets", "document.styleSheets.length"); n != 2 {
		t.Errorf("%v stylesheets loaded from disk, want 2", n)
	}
	clickTo(`header nav a[href="reports/index.html"]`, "/en/reports/index.html")
	clickTo(`ul.report-list a`, "/en/reports/2024-05-mofa-demonstration.html")
	if n := num("footnotes", "document.querySelectorAll('section.citations li').length"); n != 2 {
		t.Errorf("%v footnotes, want 2", n)
	}
	if got := str("credit", "document.querySelector('figure.photo .credit').textContent"); got != "Photo: Bitna Kim (김빛나)" {
		t.Errorf("photo credit %q", got)
	}
	// The photo loads lazily (loading="lazy"), so the page's load event
	// does not wait for it: bring it into view and give it a moment.
	photoWidth := func() float64 {
		return num("photo", "(() => { const img = document.querySelector('figure.photo img'); img.scrollIntoView(); return img.complete ? img.naturalWidth : 0; })()")
	}
	w := photoWidth()
	for deadline := time.Now().Add(10 * time.Second); w == 0 && time.Now().Before(deadline); w = photoWidth() {
		time.Sleep(50 * time.Millisecond)
	}
	if w != 480 {
		t.Errorf("the photo did not load from disk (naturalWidth %v)", w)
	}
	clickTo(`sup.cite a`, "#cite-1")
	clickTo(`a.live-figure`, "/en/totals/repatriation_2023-10-01_2024-05-31.html")
	if got := str("total", "document.querySelector('dd.best').textContent"); got != "855" {
		t.Errorf("the figure's page shows %q, want 855", got)
	}
	clickTo(`ol.behind li[data-id="2"] a`, "/en/incidents/2.html")
	if got := str("incident", "document.querySelector('h1').textContent"); got != "About 200 repatriated from Baishan Detention Center" {
		t.Errorf("incident page %q", got)
	}
	clickTo(`nav.langs a[hreflang="ko"]`, "/ko/incidents/2.html")
	if got := str("Korean incident", "document.querySelector('h1').textContent"); got != "바이산 구류소 탈북민 약 200명 강제북송" {
		t.Errorf("Korean incident page %q", got)
	}
	clickTo(`header nav a[href="../reports/index.html"]`, "/ko/reports/index.html")
	clickTo(`ul.report-list a`, "/ko/reports/2024-05-mofa-demonstration.html")
	if got := str("Korean title", "document.querySelector('h1').textContent"); got != "외교부 앞에서: 강제북송 문제를 중국에 제기하라고 요구하다" {
		t.Errorf("Korean report %q", got)
	}
	clickTo(`p.translation a`, "/en/reports/2024-05-mofa-demonstration.html")
}

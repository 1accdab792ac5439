// Package browser_test drives vigil's pages in headless Chromium: one
// browser per test binary (started in TestMain), one fresh browser
// context (its own cookies) per test, a real server on loopback over a
// real SQLite store, and a full-page screenshot of every step under
// testdata/artifacts/ (gitignored).
package browser_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vigil"
	"vigil/api"
	"vigil/auth"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/store"
	"vigil/store/storetest"
	"vigil/ui"
)

// artifacts is where screenshots go (gitignored).
const artifacts = "testdata/artifacts"

// The one browser of this test binary, or why there is none.
var (
	browser   context.Context
	noBrowser string
)

// TestMain starts one headless Chromium for every test of the package,
// with the flags this machine's closed network needs and a fresh profile.
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		noBrowser = "chromium is not installed (apt-get install chromium)"
		return m.Run()
	}
	profile, err := os.MkdirTemp("", "vigil-chromium-")
	if err != nil {
		noBrowser = "no profile directory: " + err.Error()
		return m.Run()
	}
	defer os.RemoveAll(profile)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(profile))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	// The first run starts the browser; a deadline here would end it.
	if err := chromedp.Do(bctx); err != nil {
		noBrowser = "chromium did not start: " + err.Error()
		return m.Run()
	}
	browser = bctx
	return m.Run()
}

// needBrowser skips the test when there is no Chromium; under CI=true it
// fails instead.
func needBrowser(t *testing.T) {
	t.Helper()
	if noBrowser == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI needs a working Chromium for browser tests: %s", noBrowser)
	}
	t.Skipf("browser test skipped: %s", noBrowser)
}

// site is a running vigil over a real SQLite store with cheap password
// hashes and a settable clock, which drives the store and the pages.
type site struct {
	URL   string
	st    *store.Store
	clock *storetest.Clock
}

// admin is the viewer the fixtures use to set data up.
var admin = vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})

// newSite serves the UI and the API; withDemo loads the demo data.
func newSite(t *testing.T, withDemo bool) *site {
	t.Helper()
	base, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { base.Close() })
	clock := storetest.NewClock(time.Date(2024, 5, 20, 9, 30, 10, 0, time.UTC))
	st, err := base.WithAccounts(storetest.TestAccountPolicy())
	if err != nil {
		t.Fatal(err)
	}
	st = st.WithClock(clock.Now)
	if withDemo {
		if err := demo.Load(admin, st); err != nil {
			t.Fatal(err)
		}
	}
	u, err := ui.New(st, ui.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{Now: clock.Now}).Register, u.Register).Handler())
	t.Cleanup(srv.Close)
	return &site{URL: srv.URL, st: st, clock: clock}
}

// code is the TOTP code of secret at the site's time.
func (s *site) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := auth.TOTPCode(secret, s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tab is one browser tab in a browser context of its own.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot int
}

// newTab opens a tab on the site in a fresh browser context: no cookies
// from other tests.
func newTab(t *testing.T, s *site) *tab {
	t.Helper()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first run opens the tab; it must run on the tab's own context,
	// or the tab would close with a shorter one.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: s.URL}
}

// stepTimeout bounds one step, so a missing element fails fast.
const stepTimeout = 20 * time.Second

// run runs one action on the tab within stepTimeout.
func run[T any](b *tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// do runs steps, failing the test with what was being done.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.snap("failed")
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a path of the site and waits for a visible element.
func (b *tab) open(path, ready string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(css(ready)))
}

// text is the visible text of the first element matching sel.
func (b *tab) text(sel string) string {
	b.t.Helper()
	v, err := run(b, chromedp.Text(css(sel)))
	if err != nil {
		b.t.Fatalf("read %s: %v", sel, err)
	}
	return strings.Join(strings.Fields(v), " ")
}

// eval evaluates a JavaScript expression.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	v, err := run(b, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// count is the number of elements matching sel.
func (b *tab) count(sel string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf("document.querySelectorAll(%q).length", sel))
}

// attr is an attribute of the first element matching sel, "" when the
// element or the attribute is missing.
func (b *tab) attr(sel, name string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf("(document.querySelector(%q) || {getAttribute: () => ''}).getAttribute(%q) || ''", sel, name))
}

// path is the page's path and query.
func (b *tab) path() string {
	b.t.Helper()
	return eval[string](b, "location.pathname + location.search")
}

// typeIn types text into an input, key by key, as a person would.
func (b *tab) typeIn(sel, text string) {
	b.t.Helper()
	b.do("type into "+sel, chromedp.WaitVisible(css(sel)), chromedp.SendKeys(css(sel), text))
}

// choose picks an option of a select by its value.
func (b *tab) choose(sel, value string) {
	b.t.Helper()
	b.do("choose "+value+" in "+sel, chromedp.SetValue(css(sel), value))
}

// press clicks an element that leaves the page (a submit button, a
// link) and waits until the next page has loaded.
func (b *tab) press(sel string) {
	b.t.Helper()
	b.do("mark the page", chromedp.Evaluate[chromedp.Void]("window.__vigilLeft = true"))
	b.do("click "+sel, chromedp.Click(css(sel)))
	b.waitNewPage("after clicking " + sel)
}

// waitNewPage waits until the page marked by press (or a script) has
// been replaced by a loaded one.
func (b *tab) waitNewPage(what string) {
	b.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		done, err := run(b, chromedp.Evaluate[bool](`window.__vigilLeft !== true && document.readyState === "complete"`))
		if err == nil && done {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.snap("stuck")
	b.t.Fatalf("%s: no new page within 30s (still on %s)", what, b.path())
}

// snap saves a full-page PNG of the tab as the test's next artifact.
//
// After a full-page screenshot (captureBeyondViewport) Chromium's page
// script reads a scroll position other than the one on screen (the
// bottom of the page, where the screen stays where it was), and the next
// click, aimed by the script's layout, is released on another element.
// snap puts the scroll position back where it was, which makes both
// agree again.
func (b *tab) snap(name string) {
	b.t.Helper()
	at, _ := run(b, chromedp.Evaluate[[]float64]("[scrollX, scrollY]"))
	png, err := run(b, chromedp.FullScreenshot(100))
	if len(at) == 2 {
		if _, err := run(b, chromedp.Evaluate[chromedp.Void](fmt.Sprintf("scrollTo(%v, %v)", at[0], at[1]))); err != nil {
			b.t.Logf("scroll back after screenshot %s: %v", name, err)
		}
	}
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	b.shot++
	dir := filepath.Join(artifacts, fileName(b.t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", b.shot, name)), png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string { return unsafeName.ReplaceAllString(s, "_") }

// signIn signs an account in through the forms: email and password,
// then the second factor (set up on the first sign-in of an editor or
// admin, asked for later), ending on next. It returns the TOTP secret
// ("" for roles without one) for later sign-ins.
func (b *tab) signIn(s *site, email, totpSecret, next string) string {
	b.t.Helper()
	b.open("/login?next="+next, "#email")
	b.typeIn("#email", email)
	b.typeIn("#password", storetest.Password)
	b.press("form.auth button[type=submit]")
	switch p := b.path(); {
	case strings.HasPrefix(p, "/account/totp"):
		totpSecret = b.attr("code.totp-secret", "data-secret")
		if totpSecret == "" {
			b.t.Fatal("the setup page shows no secret")
		}
		b.typeIn("#code", s.code(b.t, totpSecret))
		b.press("form[action='/account/totp/confirm'] button[type=submit]")
		b.open(next, "main")
	case strings.HasPrefix(p, "/login/totp"):
		s.clock.Advance(30 * time.Second) // a code works once
		b.typeIn("#code", s.code(b.t, totpSecret))
		b.press("form.auth button[type=submit]")
	}
	if !strings.Contains(b.text("footer"), "user:"+email) {
		b.t.Fatalf("signing in %s ended on %s, footer %q", email, b.path(), b.text("footer"))
	}
	return totpSecret
}

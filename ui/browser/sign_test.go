// Package browser_test drives the sign-on pages in headless Chromium.
package browser_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vigil"
	"vigil/api"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/store"
	"vigil/ui"
)

// artifacts is where screenshots go (gitignored).
const artifacts = "testdata/artifacts"

// TestBrowserSignsThroughTheConfirmPage opens an invitation link in
// Chromium, fills in the form under a pseudonym, presses the button and
// reads the confirmation; the store then holds the signature.
func TestBrowserSignsThroughTheConfirmPage(t *testing.T) {
	chrome := mustChromium(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "vigil.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		t.Fatal(err)
	}
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Browser letter"}}
	if err := st.CreateLetter(admin, l, &vigil.LetterVersion{Title: vigil.Names{Ko: "공동 서한", En: "Joint letter"}, Body: vigil.Names{Ko: "강제송환을 멈추십시오.", En: "Stop forced repatriation."}}); err != nil {
		t.Fatal(err)
	}
	if l, err = st.FreezeLetter(admin, l.ID, l.Version); err != nil {
		t.Fatal(err)
	}
	secret, err := st.CreateInvitation(admin, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual})
	if err != nil {
		t.Fatal(err)
	}
	u, err := ui.New(st, ui.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{}).Register, u.Register).Handler())
	defer srv.Close()

	bctx := mustBrowser(t, chrome)

	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return v
	}
	shot := func() []byte {
		t.Helper()
		b, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		return b
	}
	if err := chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/sign/"+secret),
		chromedp.WaitVisible(css("#sign-button")),
	); err != nil {
		t.Fatalf("open the sign page: %v", err)
	}
	hash := text("#text-hash")
	if err := chromedp.Do(bctx,
		chromedp.SendKeys(css("#name"), "김규리"),
		chromedp.Click(css("#pseudonymous")),
		chromedp.SendKeys(css("#pseudonym_ko"), "피해 당사자 C"),
		chromedp.SendKeys(css("#pseudonym_en"), "Affected individual C"),
		chromedp.Click(css("#confirm")),
	); err != nil {
		t.Fatalf("fill in the form: %v", err)
	}
	before := shot()
	if err := chromedp.Do(bctx,
		chromedp.Click(css("#sign-button")),
		chromedp.WaitVisible(css("#signed-as")),
	); err != nil {
		t.Fatalf("sign: %v", err)
	}
	signedAs := text("#signed-as")
	after := shot()
	if err := os.MkdirAll(artifacts, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(artifacts, "sign-form.png"), before, 0o644)
		_ = os.WriteFile(filepath.Join(artifacts, "sign-done.png"), after, 0o644)
	}
	if hash != l.TextHash {
		t.Fatalf("page shows hash %q, letter has %q", hash, l.TextHash)
	}
	if !strings.Contains(signedAs, "Affected individual C") && !strings.Contains(signedAs, "피해 당사자 C") {
		t.Fatalf("confirmation %q does not show the pseudonym", signedAs)
	}
	sigs, _, err := st.FindSignatures(admin, vigil.SignatureFilter{LetterID: &l.ID, CurrentOnly: true})
	if err != nil || len(sigs) != 1 || sigs[0].RealName != "김규리" || !sigs[0].Pseudonymous {
		t.Fatalf("signatures %+v, %v", sigs, err)
	}
	// The same link cannot sign again.
	res, err := http.Get(srv.URL + "/sign/" + secret)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("reopening a used link: %d", res.StatusCode)
	}
}

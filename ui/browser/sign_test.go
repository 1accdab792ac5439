package browser_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vigil"
)

// TestBrowserSignsThroughTheConfirmPage opens an invitation link in
// Chromium, fills in the form under a pseudonym, presses the button and
// reads the confirmation; the store then holds the signature.
func TestBrowserSignsThroughTheConfirmPage(t *testing.T) {
	needBrowser(t)
	s := newSite(t, true)
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Browser letter"}}
	if err := s.st.CreateLetter(admin, l, &vigil.LetterVersion{Title: vigil.Names{Ko: "공동 서한", En: "Joint letter"}, Body: vigil.Names{Ko: "강제송환을 멈추십시오.", En: "Stop forced repatriation."}}); err != nil {
		t.Fatal(err)
	}
	l, err := s.st.FreezeLetter(admin, l.ID, l.Version)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := s.st.CreateInvitation(admin, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual})
	if err != nil {
		t.Fatal(err)
	}

	b := newTab(t, s)
	b.open("/sign/"+secret, "#sign-button")
	hash := b.text("#text-hash")
	b.typeIn("#name", "김규리")
	b.do("pseudonymous", chromedp.Click(css("#pseudonymous")))
	b.typeIn("#pseudonym_ko", "피해 당사자 C")
	b.typeIn("#pseudonym_en", "Affected individual C")
	b.do("confirm", chromedp.Click(css("#confirm")))
	b.snap("sign-form")
	b.press("#sign-button")
	b.do("confirmation", chromedp.WaitVisible(css("#signed-as")))
	signedAs := b.text("#signed-as")
	b.snap("sign-done")

	if hash != l.TextHash {
		t.Fatalf("page shows hash %q, letter has %q", hash, l.TextHash)
	}
	if !strings.Contains(signedAs, "Affected individual C") && !strings.Contains(signedAs, "피해 당사자 C") {
		t.Fatalf("confirmation %q does not show the pseudonym", signedAs)
	}
	sigs, _, err := s.st.FindSignatures(admin, vigil.SignatureFilter{LetterID: &l.ID, CurrentOnly: true})
	if err != nil || len(sigs) != 1 || sigs[0].RealName != "김규리" || !sigs[0].Pseudonymous {
		t.Fatalf("signatures %+v, %v", sigs, err)
	}
	// The same link cannot sign again.
	res, err := http.Get(s.URL + "/sign/" + secret)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("reopening a used link: %d", res.StatusCode)
	}
}

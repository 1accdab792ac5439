package browser_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserSwitchesLanguage picks Korean in the header's language
// selector with the keyboard: the script submits the form on change (its
// button is hidden), the same page comes back in Korean (html lang and a
// translated label), the choice sticks on the next page, and English
// comes back the same way.
func TestBrowserSwitchesLanguage(t *testing.T) {
	needBrowser(t)
	s := newSite(t, true)
	b := newTab(t, s)
	b.open("/incidents", "#lang-select")
	check := func(lang, label string) {
		t.Helper()
		if got := b.attr("html", "lang"); got != lang {
			t.Errorf("html lang %q, want %q", got, lang)
		}
		if got := b.text(`header nav a[href="/incidents"]`); got != label {
			t.Errorf("navigation label %q, want %q", got, label)
		}
		if got := b.text(`label[for="lang-select"]`); (lang == "ko") != (got == "언어") {
			t.Errorf("language label %q in %s", got, lang)
		}
	}
	check("en", "Incidents")
	if !eval[bool](b, `document.querySelector("form.lang button[type=submit]").hidden`) {
		t.Fatal("the language form's button is shown: the script did not run")
	}
	b.snap("english")

	pick := func(key string) {
		t.Helper()
		b.do("mark the page", chromedp.Evaluate[chromedp.Void]("window.__vigilLeft = true"))
		b.do("pick a language", chromedp.Focus(css("#lang-select")), chromedp.KeyEvent(key))
		b.waitNewPage("after picking a language")
	}
	pick(kb.ArrowDown)
	if p := b.path(); p != "/incidents" {
		t.Errorf("switching language ended on %s, want the same page", p)
	}
	check("ko", "사건")
	b.snap("korean")
	b.open("/sources", "main h1")
	if got := b.attr("html", "lang"); got != "ko" {
		t.Errorf("the next page is in %q: the choice did not stick", got)
	}
	b.snap("korean-next-page")
	pick(kb.ArrowUp)
	if got := b.attr("html", "lang"); got != "en" || b.path() != "/sources" {
		t.Errorf("switching back: lang %q on %s", got, b.path())
	}
	b.snap("english-again")
}

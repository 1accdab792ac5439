package browser_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vigil"
	"vigil/store/storetest"
)

// idIn reads the record id of a page path like /sources/7?saved=1.
func idIn(t *testing.T, path, prefix string) int64 {
	t.Helper()
	m := regexp.MustCompile("^" + regexp.QuoteMeta(prefix) + `(\d+)`).FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("page %s is not under %s", path, prefix)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// source fills in the source form and returns the new source's id.
func (b *tab) source(kind, publisher, titleField, title, lang, reliability string) int64 {
	b.t.Helper()
	b.open("/sources/new", "#f-publisher")
	b.choose("#f-kind", kind)
	b.typeIn("#f-publisher", publisher)
	b.typeIn(titleField, title)
	b.typeIn("#f-language", lang)
	b.choose("#f-reliability", reliability)
	b.choose("#f-sensitivity", "public")
	b.snap("source-form-" + lang)
	b.press("form.record-form button[type=submit]")
	return idIn(b.t, b.path(), "/sources/")
}

// claim adds a claim to the incident through its "add claim" link.
func (b *tab) claim(incident, source int64, quote, figure string) {
	b.t.Helper()
	b.open("/incidents/"+strconv.FormatInt(incident, 10), "#claims")
	b.press("#claims a.button[href$='/claims/new']")
	b.choose("#f-source-id", strconv.FormatInt(source, 10))
	if got := eval[string](b, "document.querySelector('#f-incident-id').value"); got != strconv.FormatInt(incident, 10) {
		b.t.Fatalf("the claim form is for incident %q, want %d", got, incident)
	}
	b.typeIn("#f-quote", quote)
	b.typeIn("#f-figure", figure)
	// The live preview reads the typed figure through the API.
	b.do("figure preview of "+figure, chromedp.Poll[chromedp.Void](`document.getElementById("f-figure-preview").textContent.includes("→")`))
	b.choose("#f-event", "repatriation")
	b.typeIn("#f-date", "2024-04-26")
	b.choose("#f-credibility", "3")
	b.choose("#f-sensitivity", "public")
	b.snap("claim-form")
	b.press("form.record-form button[type=submit]")
}

// TestBrowserConflictingClaims records an incident from a Korean and an
// English source whose counts cannot both be right (200여 명, "about
// 50"), all through the forms, sees the conflict marked on the incident
// page, resolves it as an editor with a Korean note, and sees the marks
// go.
func TestBrowserConflictingClaims(t *testing.T) {
	needBrowser(t)
	s := newSite(t, false)
	storetest.MustUser(t, s.st, "editor@example.org", vigil.RoleEditor, vigil.Restricted)
	b := newTab(t, s)
	b.signIn(s, "editor@example.org", "", "/sources/new")

	ko := b.source("article", "데일리NK", "#f-title-ko", "중국, 탈북민 200여 명 강제북송", "ko", "B")
	if got := b.text("main h1"); !strings.Contains(got, "데일리NK") && !strings.Contains(got, "200여 명") {
		t.Errorf("the Korean source's page is headed %q", got)
	}
	b.snap("source-ko")
	en := b.source("report", "Rights Wire", "#f-title-en", "About 50 North Koreans sent back", "en", "C")
	b.snap("source-en")

	b.open("/incidents/new", "#f-title-ko")
	b.typeIn("#f-title-ko", "단둥 집단 강제북송")
	b.typeIn("#f-title-en", "Mass repatriation through Dandong")
	b.choose("#f-event", "repatriation")
	b.typeIn("#f-date", "2024-04-26")
	b.typeIn("#f-summary-ko", "중국 당국이 단둥을 거쳐 탈북민을 북송했다.")
	b.choose("#f-sensitivity", "public")
	b.snap("incident-form")
	b.press("form.record-form button[type=submit]")
	inc := idIn(t, b.path(), "/incidents/")
	if got := b.text("main h1"); !strings.Contains(got, "Mass repatriation through Dandong") && !strings.Contains(got, "단둥 집단 강제북송") {
		t.Errorf("the incident page is headed %q", got)
	}

	b.claim(inc, ko, "소식통에 따르면 중국 당국이 탈북민 200여 명을 단둥을 통해 강제북송했다.", "200여 명")
	b.claim(inc, en, "Chinese authorities sent about 50 North Koreans back through Dandong.", "about 50")

	b.open("/incidents/"+strconv.FormatInt(inc, 10), "#claims")
	b.snap("conflict")
	if n := b.count("#claims article.claim.conflicting"); n != 2 {
		t.Fatalf("%d claims marked as conflicting, want both", n)
	}
	if b.count(".conflict-banner") != 1 || b.count("a.badge.conflict") != 1 {
		t.Fatal("the incident page does not flag the conflict")
	}
	if pairs := b.text(".conflict-banner ul.pairs"); !strings.Contains(pairs, "↔") {
		t.Errorf("conflict pairs %q", pairs)
	}
	if figs := b.text("#claims"); !strings.Contains(figs, "200여 명") || !strings.Contains(figs, "about 50") {
		t.Errorf("the claims do not show both figures as typed: %q", figs)
	}
	row := "tr[data-id='" + strconv.FormatInt(inc, 10) + "']"
	b.open("/incidents", row)
	if b.count(row+".conflict .badge.conflict") != 1 {
		t.Error("the incident list does not flag the conflict")
	}
	b.snap("conflict-in-list")
	b.open("/incidents/"+strconv.FormatInt(inc, 10), "#claims")

	note := "영문 보고서는 단둥 경유분만 셌고, 한국어 보도는 전체 규모를 전한다. 두 수치 모두 기록한다."
	form := "form[action='/incidents/" + strconv.FormatInt(inc, 10) + "/resolve']"
	b.typeIn(form+" textarea[name=conflict_resolution]", note)
	b.snap("resolve")
	b.press(form + " button[type=submit]")
	b.snap("resolved")
	// The open conflict's marks go; the claims still say which of them
	// disagree, next to the editor's resolution.
	if n := b.count(".conflict-banner") + b.count("a.badge.conflict"); n != 0 {
		t.Fatalf("%d open-conflict marks remain after resolving", n)
	}
	if got := b.text(".resolution"); !strings.Contains(got, note) {
		t.Fatalf("the resolution shows %q", got)
	}
	if n := b.count("#claims article.claim.conflicting"); n != 2 {
		t.Errorf("%d claims still say they disagree, want 2", n)
	}
	b.open("/incidents", row)
	if b.count(row+".conflict") != 0 || b.count(row+" .badge.conflict") != 0 {
		t.Error("the incident list still flags the conflict")
	}
	b.snap("resolved-in-list")

	// What the browser typed is what the store holds.
	i, err := s.st.FindIncidentByID(admin, inc)
	if err != nil {
		t.Fatal(err)
	}
	if i.Conflict || i.ConflictResolution != note || i.Title.Ko != "단둥 집단 강제북송" {
		t.Fatalf("stored incident: conflict %v, resolution %q, title %q", i.Conflict, i.ConflictResolution, i.Title.Ko)
	}
	claims, _, err := s.st.FindClaims(admin, vigil.ClaimFilter{IncidentID: &inc})
	if err != nil || len(claims) != 2 {
		t.Fatalf("claims %d, %v", len(claims), err)
	}
	if claims[0].Figure.Text+claims[1].Figure.Text != "200여 명about 50" && claims[0].Figure.Text+claims[1].Figure.Text != "about 50200여 명" {
		t.Fatalf("stored figures %q and %q", claims[0].Figure.Text, claims[1].Figure.Text)
	}
}

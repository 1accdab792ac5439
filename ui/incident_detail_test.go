package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"vigil"
)

// withConflict gives the Baishan incident (#2, "about 200") a second,
// conflicting claim: Daily NK's "50-60", relaying another origin.
func withConflict(w *workspace) *vigil.Claim {
	w.t.Helper()
	return w.claim(2, 2, "50-60", "2024-04-26", 3)
}

func TestIncidentDetail(t *testing.T) {
	w := mustWorkspace(t)
	daily := withConflict(w)
	// A later report about the Nanning group, as the same cohort.
	det := w.incident(vigil.Public, "Nanning group held in detention", vigil.EventDetention, "2024-05-20")
	if err := w.st.CreateLink(as(admin), &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: det.ID, ToID: 4, Kind: vigil.LinkSameCohort}); err != nil {
		t.Fatal(err)
	}

	t.Run("claims side by side, conflicts marked", func(t *testing.T) {
		for _, lang := range []string{"en", "ko"} {
			doc := w.get("/incidents/2", "anonymous", lang, 200)
			cards := doc.Find("#claims article.claim")
			if cards.Length() != 2 {
				t.Fatalf("%s: %d claim cards, want 2", lang, cards.Length())
			}
			if got := doc.Find("#claims article.claim.conflicting").Length(); got != 2 {
				t.Errorf("%s: %d conflicting cards, want both", lang, got)
			}
			pair := doc.Find(".conflict-banner ul.pairs li")
			if pair.Length() != 1 || !strings.Contains(text(pair), fmt.Sprintf("#2 ↔ #%d", daily.ID)) {
				t.Errorf("%s: conflict pairs %q", lang, text(pair))
			}
			mine := doc.Find(fmt.Sprintf("#claim-%d", daily.ID))
			for sel, want := range map[string]string{
				".figure-text": "“50-60”",
				".interval":    "50–55–60",
				".source a":    "Daily NK",
			} {
				if got := text(mine.Find(sel)); got != want {
					t.Errorf("%s: claim %s = %q, want %q", lang, sel, got, want)
				}
			}
			if !strings.Contains(text(mine.Find(".relayed")), "anonymous source in North Hamgyong Province") {
				t.Errorf("%s: the relayed origin is missing: %q", lang, text(mine.Find(".source-meta")))
			}
			if got := mine.Find("blockquote").AttrOr("lang", ""); got != "ko" {
				t.Errorf("%s: the quote's lang is %q, want the source's language ko", lang, got)
			}
			if doc.Find("#claim-2 .badge.preferred").Length() != 1 {
				t.Errorf("%s: the preferred claim is not marked", lang)
			}
		}
	})

	t.Run("figure, basis, corroboration and date per language", func(t *testing.T) {
		cases := []struct{ lang, origins, date, basis string }{
			{"en", "2 independent origins", "26 April 2024", "Derived from the claims"},
			{"ko", "독립된 출처 2곳", "2024년 4월 26일", "주장에서 도출"},
		}
		for _, c := range cases {
			doc := w.get("/incidents/2", "anonymous", c.lang, 200)
			for sel, want := range map[string]string{"dd.low": "180", "dd.best": "200", "dd.high": "220"} {
				if got := text(doc.Find("#figure " + sel)); got != want {
					t.Errorf("%s: %s = %q, want %q", c.lang, sel, got, want)
				}
			}
			if got := text(doc.Find("dd.corroboration")); !strings.HasPrefix(got, c.origins) {
				t.Errorf("%s: corroboration %q, want %q", c.lang, got, c.origins)
			}
			if got := doc.Find("dd.corroboration ul.origins li").Length(); got != 2 {
				t.Errorf("%s: %d origins listed", c.lang, got)
			}
			if got := text(doc.Find("dd.date")); !strings.HasPrefix(got, c.date) {
				t.Errorf("%s: date %q", c.lang, got)
			}
			if got := text(doc.Find("dd.basis")); !strings.HasPrefix(got, c.basis) {
				t.Errorf("%s: basis %q", c.lang, got)
			}
			if got := text(doc.Find("dd.place ul.places li[data-role=origin]")); !strings.Contains(got, "Baishan") && !strings.Contains(got, "바이산") {
				t.Errorf("%s: origin place %q", c.lang, got)
			}
			if got := text(doc.Find("dd.perpetrator")); got == "—" {
				t.Errorf("%s: no perpetrator", c.lang)
			}
		}
	})

	t.Run("legal note", func(t *testing.T) {
		cases := map[string]string{
			"en": "China, party to the 1951 Refugee Convention and its 1967 Protocol since September 1982 (accession) and to the Convention against Torture since 4 October 1988 (ratification), is bound by the principle of non-refoulement (Refugee Convention art. 33; CAT art. 3). None of its reservations concerns these articles.",
			"ko": "중국은 1982년 9월 가입한 1951년 난민협약 및 1967년 난민의정서와 1988년 10월 4일 비준한 고문방지협약의 당사국으로서 강제송환금지 원칙(난민협약 제33조, 고문방지협약 제3조)을 지킬 의무가 있다. 중국의 유보는 이 조항들에 대한 것이 아니다.",
		}
		for lang, want := range cases {
			doc := w.get("/incidents/1", "anonymous", lang, 200)
			if got := text(doc.Find(`.legal-note[data-country="CN"] p`).First()); got != want {
				t.Errorf("%s note:\n got %s\nwant %s", lang, got, want)
			}
			if got := doc.Find("table.violations tbody tr").Length(); got != 2 {
				t.Errorf("%s: %d violations, want 2", lang, got)
			}
		}
		doc := w.get(fmt.Sprintf("/incidents/%d", det.ID), "anonymous", "en", 200)
		if doc.Find(".legal-note").Length() != 0 || doc.Find("#law .empty").Length() != 1 {
			t.Errorf("an incident without violations has no note and says so")
		}
	})

	t.Run("links and the cohort timeline", func(t *testing.T) {
		doc := w.get("/incidents/4", "anonymous", "en", 200)
		link := doc.Find(`#links li[data-kind="same_cohort"]`)
		if link.Length() != 1 || !strings.Contains(text(link), "Nanning group held in detention") {
			t.Errorf("link %q", text(link))
		}
		items := doc.Find("#cohort ol.timeline li")
		if items.Length() != 2 {
			t.Fatalf("timeline has %d entries, want 2", items.Length())
		}
		if items.Eq(0).AttrOr("data-id", "") != "4" || items.Eq(1).AttrOr("data-id", "") != fmt.Sprint(det.ID) {
			t.Errorf("timeline is not by date: %q", text(items))
		}
		if text(items.Eq(1).Find(".badge.event")) != "Detention" || items.Eq(0).AttrOr("aria-current", "") != "true" {
			t.Errorf("timeline entries: %q", text(items))
		}
		if doc := w.get("/incidents/1", "anonymous", "en", 200); doc.Find("#cohort").Length() != 0 {
			t.Errorf("an incident alone in its cohort shows no timeline")
		}
	})

	t.Run("editors see the editorial forms, readers do not", func(t *testing.T) {
		cases := []struct {
			viewer                  string
			resolve, override, edit bool
		}{
			{"anonymous", false, false, false},
			{"contributor", false, false, true},
			{"editor", true, true, true},
		}
		for _, c := range cases {
			doc := w.get("/incidents/2", c.viewer, "en", 200)
			if got := doc.Find(`form[action="/incidents/2/resolve"]`).Length() == 1; got != c.resolve {
				t.Errorf("%s: resolve form %v", c.viewer, got)
			}
			if got := doc.Find(`form[action="/incidents/2/override"] textarea[name="override.rationale"]`).Length() == 1; got != c.override {
				t.Errorf("%s: override form %v", c.viewer, got)
			}
			if got := doc.Find(`a[href="/incidents/2/edit"]`).Length() == 1; got != c.edit {
				t.Errorf("%s: edit link %v", c.viewer, got)
			}
		}
	})

	t.Run("invisible incidents are not found", func(t *testing.T) {
		res, doc := w.do("GET", fmt.Sprintf("/incidents/%d", w.restrictedInc), "contributor", "ko", nil)
		if res.StatusCode != 404 || !strings.Contains(text(doc.Find("p.error-message")), "볼 권한이 없습니다") {
			t.Errorf("status %d, message %q", res.StatusCode, text(doc.Find("p.error-message")))
		}
	})
}

func TestDashboardWork(t *testing.T) {
	w := mustWorkspace(t)
	withConflict(w)
	for _, c := range []struct{ lang, since string }{{"en", "last report 6 May 2024, 56 days ago"}, {"ko", "마지막 보고 2024년 5월 6일, 56일 전"}} {
		doc := w.get("/", "anonymous", c.lang, 200)
		conflicts := doc.Find("#open-conflicts li")
		if conflicts.Length() != 1 || conflicts.AttrOr("data-id", "") != "2" {
			t.Errorf("%s: open conflicts %q", c.lang, text(conflicts))
		}
		due := doc.Find("#follow-ups li")
		if due.Length() != 1 || due.AttrOr("data-id", "") != "4" || !strings.Contains(text(due), c.since) {
			t.Errorf("%s: follow-ups %q, want #4 with %q", c.lang, text(due), c.since)
		}
	}
	// The contributor also sees the coalition arrest of 10 May: 52 days.
	doc := w.get("/", "contributor", "en", 200)
	if got := doc.Find("#follow-ups li").Length(); got != 2 {
		t.Errorf("contributor: %d follow-ups, want 2", got)
	}
	// The threshold is a parameter.
	doc = w.get("/?wait=60", "anonymous", "en", 200)
	if doc.Find("#follow-ups li").Length() != 0 || !strings.Contains(text(doc.Find("#follow-ups .empty")), "60 days") {
		t.Errorf("wait=60: %q", text(doc.Find("#follow-ups")))
	}
	if res, _ := w.do("GET", "/?wait=soon", "anonymous", "en", nil); res.StatusCode != 400 {
		t.Errorf("a bad wait: status %d", res.StatusCode)
	}
	// Resolving the conflict takes the incident off the list.
	inc := w.find(2)
	inc.ConflictResolution = "The release's figure is the better sourced."
	if err := w.st.UpdateIncident(as(editor), inc); err != nil {
		t.Fatal(err)
	}
	if doc := w.get("/", "anonymous", "en", 200); doc.Find("#open-conflicts li").Length() != 0 || doc.Find("#open-conflicts .empty").Length() != 1 {
		t.Errorf("a resolved conflict is still listed")
	}
}

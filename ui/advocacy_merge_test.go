package ui_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"vigil"
)

// mergeCase is an advocacy edit form saved after someone else saved the
// record: the form comes back (409) with their value beside the user's,
// nothing is written, and saving the merge keeps both changes.
type mergeCase struct {
	name string
	path func() string // the edit form, opened afresh
	// theirs saves another editor's change (with a suffix that differs
	// per run) to the field named field, and returns its value as the
	// merge shows it.
	theirs func(t *testing.T, suffix string) string
	field  string
	// mine is the user's change; saved checks the store after the merge
	// was saved, with both changes.
	mine  func(v url.Values, suffix string)
	saved func(t *testing.T, suffix, theirs string)
}

func (c mergeCase) run(t *testing.T, w *workspace) {
	for _, lang := range langs {
		suffix := " (" + lang + ")"
		path := c.path()
		mine := editForm(t, w, path, "editor")
		theirs := c.theirs(t, suffix)
		c.mine(mine, suffix)
		_, before, _ := w.st.FindAuditEntries(as(admin), vigil.AuditFilter{})
		_, doc := w.post(path, "editor", lang, mine, 409)
		if _, after, _ := w.st.FindAuditEntries(as(admin), vigil.AuditFilter{}); after != before {
			t.Fatalf("%s: the stale save wrote %d audit entries", lang, after-before)
		}
		row := doc.Find(`section.merge tr[data-field="` + c.field + `"]`)
		if row.Length() != 1 {
			t.Fatalf("%s: no merge row for %s: %s", lang, c.field, text(doc.Find("section.merge")))
		}
		if got := text(row.Find("td.theirs")); got != theirs {
			t.Errorf("%s: theirs shows %q, want %q", lang, got, theirs)
		}
		intro := map[string]string{"en": "Someone else saved this record", "ko": "다른 사람이 이 기록을 저장했습니다"}[lang]
		if got := text(doc.Find(".merge-intro")); !strings.Contains(got, intro) {
			t.Errorf("%s: merge intro %q", lang, got)
		}
		merged := formValues(doc.Find("form.record-form"))
		for _, name := range strings.Split(merged.Get("decide"), ",") {
			if name != "" {
				merged.Set("keep."+name, "yours")
			}
		}
		w.post(path, "editor", lang, merged, 303)
		c.saved(t, suffix, theirs)
	}
}

func TestAdvocacyFormsMergeStaleSaves(t *testing.T) {
	w := mustWorkspace(t)
	ctx := as(admin)
	ask := w.mustAsk(1, "Reply to the letter")
	draft := draftLetter(w, "merge")
	var draftID int64
	fmt.Sscan(draft.Get("link"), &draftID)
	cases := []mergeCase{
		{
			name: "campaign", path: func() string { return "/campaigns/1/edit" }, field: "goal.en",
			theirs: func(t *testing.T, s string) string {
				c, _ := w.st.FindCampaignByID(ctx, 1)
				c.Goal.En = "Their goal" + s
				mustOK(t, w.st.UpdateCampaign(ctx, c))
				return c.Goal.En
			},
			mine: func(v url.Values, s string) { v.Set("notes", "My notes"+s) },
			saved: func(t *testing.T, s, theirs string) {
				c, _ := w.st.FindCampaignByID(ctx, 1)
				if c.Goal.En != theirs || c.Notes != "My notes"+s {
					t.Errorf("campaign: goal %q, notes %q", c.Goal.En, c.Notes)
				}
			},
		},
		{
			name: "ask", path: func() string { return fmt.Sprintf("/asks/%d/edit", ask.ID) }, field: "deadline",
			theirs: func(t *testing.T, s string) string {
				a, _ := w.st.FindAskByID(ctx, ask.ID)
				a.Deadline = map[string]string{" (en)": "2024-07-01", " (ko)": "2024-07-02"}[s]
				mustOK(t, w.st.UpdateAsk(ctx, a))
				return a.Deadline
			},
			mine: func(v url.Values, s string) { v.Set("text.en", "My text"+s) },
			saved: func(t *testing.T, s, theirs string) {
				a, _ := w.st.FindAskByID(ctx, ask.ID)
				if a.Deadline != theirs || a.Text.En != "My text"+s {
					t.Errorf("ask: deadline %q, text %q", a.Deadline, a.Text.En)
				}
			},
		},
		{
			// Someone recorded an acknowledgement while the user was
			// recording a refusal: both chose a state, so the user must
			// decide; keeping theirs as read, the ask moves on.
			name: "ask state", field: "state",
			path: func() string {
				a := w.mustAsk(1, "Respond")
				ask = a
				return fmt.Sprintf("/asks/%d/state", a.ID)
			},
			theirs: func(t *testing.T, s string) string {
				_, err := w.st.ChangeAskState(ctx, ask.ID, ask.Version, vigil.AskStateChange{State: vigil.AskAcknowledged, Date: "2024-06-03", SourceID: ptr[int64](1)})
				mustOK(t, err)
				return map[string]string{" (en)": "acknowledged (now)", " (ko)": "접수됨 (현재)"}[s]
			},
			mine: func(v url.Values, s string) {
				v.Set("state", "declined")
				v.Set("date", "2024-06-05")
				v.Set("source_id", "2")
			},
			saved: func(t *testing.T, s, theirs string) {
				hist, _ := w.st.FindAskEvents(ctx, ask.ID)
				if len(hist) != 2 || hist[0].To != vigil.AskAcknowledged || hist[1].From != vigil.AskAcknowledged || hist[1].To != vigil.AskDeclined {
					t.Errorf("ask history %+v", hist)
				}
			},
		},
		{
			name: "timeline entry", path: func() string { return "/campaign-actions/1/edit" }, field: "title.en",
			theirs: func(t *testing.T, s string) string {
				a, _ := w.st.FindActionByID(ctx, 1)
				a.Title.En = "Their title" + s
				mustOK(t, w.st.UpdateAction(ctx, a))
				return a.Title.En
			},
			mine: func(v url.Values, s string) { v.Set("summary.en", "My summary"+s) },
			saved: func(t *testing.T, s, theirs string) {
				a, _ := w.st.FindActionByID(ctx, 1)
				if a.Title.En != theirs || a.Summary.En != "My summary"+s {
					t.Errorf("action: %q, %q", a.Title.En, a.Summary.En)
				}
			},
		},
		{
			name: "outcome", path: func() string { return "/outcomes/1/edit" }, field: "significance.en",
			theirs: func(t *testing.T, s string) string {
				o, _ := w.st.FindOutcomeByID(ctx, 1)
				o.Significance.En = "Their significance" + s
				mustOK(t, w.st.UpdateOutcome(ctx, o))
				return o.Significance.En
			},
			mine: func(v url.Values, s string) { v.Set("source_ids.1", map[string]string{" (en)": "1", " (ko)": "2"}[s]) },
			saved: func(t *testing.T, s, theirs string) {
				o, _ := w.st.FindOutcomeByID(ctx, 1)
				if o.Significance.En != theirs || len(o.SourceIDs) != 2 {
					t.Errorf("outcome: %q, sources %v", o.Significance.En, o.SourceIDs)
				}
			},
		},
		{
			name: "event", path: func() string { return "/events/1/edit" }, field: "participants",
			theirs: func(t *testing.T, s string) string {
				e, _ := w.st.FindEventByID(ctx, 1)
				e.Participants.Text = map[string]string{" (en)": "about 30", " (ko)": "30여 명"}[s]
				e.Participants.Qualifier = ""
				mustOK(t, w.st.UpdateEvent(ctx, e))
				return e.Participants.Text
			},
			mine: func(v url.Values, s string) { v.Set("place_text", "Sejong-daero"+s) },
			saved: func(t *testing.T, s, theirs string) {
				e, _ := w.st.FindEventByID(ctx, 1)
				if e.Participants.Text != theirs || e.PlaceText != "Sejong-daero"+s || e.ParticipantsInterval == nil {
					t.Errorf("event: %q, %q", e.Participants.Text, e.PlaceText)
				}
			},
		},
		{
			name: "photo", path: func() string { return "/photos/1/edit" }, field: "consent",
			theirs: func(t *testing.T, s string) string {
				ph, _ := w.st.FindPhotoByID(ctx, 1)
				ph.Consent = map[string]vigil.Consent{" (en)": vigil.ConsentObtained, " (ko)": vigil.ConsentNotNeeded}[s]
				mustOK(t, w.st.UpdatePhoto(ctx, ph))
				return map[string]string{" (en)": "consent obtained", " (ko)": "동의 불필요"}[s]
			},
			mine: func(v url.Values, s string) { v.Set("caption.en", "My caption"+s) },
			saved: func(t *testing.T, s, theirs string) {
				ph, _ := w.st.FindPhotoByID(ctx, 1)
				if ph.Caption.En != "My caption"+s || ph.Consent == vigil.ConsentUnknown {
					t.Errorf("photo: %q, %s", ph.Caption.En, ph.Consent)
				}
			},
		},
		{
			name: "letter", path: func() string { return "/letters/1/edit" }, field: "addressed_to.en",
			theirs: func(t *testing.T, s string) string {
				l, _ := w.st.FindLetterByID(ctx, 1)
				l.AddressedTo.En = "Their addressee" + s
				mustOK(t, w.st.UpdateLetter(ctx, l))
				return l.AddressedTo.En
			},
			mine: func(v url.Values, s string) { v.Set("title.en", "My working title"+s) },
			saved: func(t *testing.T, s, theirs string) {
				l, _ := w.st.FindLetterByID(ctx, 1)
				if l.AddressedTo.En != theirs || l.Title.En != "My working title"+s {
					t.Errorf("letter: %q, %q", l.AddressedTo.En, l.Title.En)
				}
			},
		},
		{
			// Someone saved a new version while the user edited the
			// Korean text: their English text shows beside the user's,
			// and the merged save is the next version with both.
			name: "letter text", path: func() string { return fmt.Sprintf("/letters/%d/text", draftID) }, field: "body.en",
			theirs: func(t *testing.T, s string) string {
				l, _ := w.st.FindLetterByID(ctx, draftID)
				vs, _ := w.st.FindLetterVersions(ctx, draftID)
				cur := vs[len(vs)-1]
				_, err := w.st.SaveLetterText(ctx, draftID, l.Version, &vigil.LetterVersion{Title: cur.Title, Body: vigil.Names{Ko: cur.Body.Ko, En: "Their text" + s}})
				mustOK(t, err)
				return "Their text" + s
			},
			mine: func(v url.Values, s string) { v.Set("body.ko", "나의 본문"+s) },
			saved: func(t *testing.T, s, theirs string) {
				vs, _ := w.st.FindLetterVersions(ctx, draftID)
				last := vs[len(vs)-1]
				if last.Body.En != theirs || last.Body.Ko != "나의 본문"+s {
					t.Errorf("letter text: %+v", last.Body)
				}
			},
		},
		{
			name: "delivery", path: func() string { return "/deliveries/1/edit" }, field: "acknowledged_date",
			theirs: func(t *testing.T, s string) string {
				d, _ := w.st.FindDeliveryByID(ctx, 1)
				d.AcknowledgedDate = map[string]string{" (en)": "2024-05-10", " (ko)": "2024-05-11"}[s]
				mustOK(t, w.st.UpdateDelivery(ctx, d))
				return d.AcknowledgedDate
			},
			mine: func(v url.Values, s string) { v.Set("notes", "My notes"+s) },
			saved: func(t *testing.T, s, theirs string) {
				d, _ := w.st.FindDeliveryByID(ctx, 1)
				if d.AcknowledgedDate != theirs || d.Notes != "My notes"+s || !d.Acknowledged {
					t.Errorf("delivery: %q, %q", d.AcknowledgedDate, d.Notes)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, w) })
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestPhotoRiskCheckIsForEditors shows the risk check fields to editors
// only; the store refuses a contributor who posts them anyway.
func TestPhotoRiskCheckIsForEditors(t *testing.T) {
	w := mustWorkspace(t)
	for _, lang := range langs {
		if doc := w.get("/photos/1/edit", "contributor", lang, 200); doc.Find("#f-risk-check, #f-risk-note").Length() != 0 {
			t.Errorf("%s: a contributor is offered the risk check", lang)
		}
		if doc := w.get("/photos/1/edit", "editor", lang, 200); doc.Find("#f-risk-check").Length() != 1 {
			t.Errorf("%s: an editor is not offered the risk check", lang)
		}
	}
	forced := editForm(t, w, "/photos/1/edit", "contributor")
	forced.Set("risk_check", "cleared")
	w.post("/photos/1/edit", "contributor", "en", forced, 403)
	v := editForm(t, w, "/photos/1/edit", "editor")
	v.Set("risk_check", "cleared")
	v.Set("risk_note", "No faces; banners name no relatives.")
	w.post("/photos/1/edit", "editor", "en", v, 303)
	ph, _ := w.st.FindPhotoByID(as(admin), 1)
	if ph.RiskCheck != vigil.RiskCleared || ph.CheckedBy != editor.Actor || ph.CheckedAt == nil {
		t.Fatalf("photo after the check: %s by %q at %v", ph.RiskCheck, ph.CheckedBy, ph.CheckedAt)
	}
	// A contributor's later edit keeps the editor's check.
	c := editForm(t, w, "/photos/1/edit", "contributor")
	c.Set("caption.en", "At the ministry")
	w.post("/photos/1/edit", "contributor", "en", c, 303)
	if ph, _ := w.st.FindPhotoByID(as(admin), 1); ph.RiskCheck != vigil.RiskCleared || ph.Caption.En != "At the ministry" {
		t.Fatalf("the contributor's edit changed the check: %s", ph.RiskCheck)
	}
}

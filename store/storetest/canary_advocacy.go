package storetest

import (
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
)

// AdvocacyCanaries are the restricted advocacy records PlantCanaries
// makes when the service offers advocacy: a restricted campaign with an
// ask (whose state change carries a note), an action, an outcome, an
// event with a photo, a letter with a second version, a comment and a
// delivery; and a restricted report draft.
type AdvocacyCanaries struct {
	Campaign, Ask, Action, Outcome, Event, Photo, Letter, Delivery, Report int64
}

// plantAdvocacy makes the advocacy records of sensitivity sens, a canary
// in every field a restricted one seals; evidence is a source of the same
// sensitivity.
func (c *Canaries) plantAdvocacy(tb testing.TB, adv vigil.AdvocacyService, evidence int64, sens vigil.Sensitivity, must func(string, error)) {
	tb.Helper()
	ctx := As(Admin)
	res := vigil.Meta{Sensitivity: sens}
	a := &c.Advocacy

	camp := &vigil.Campaign{Meta: res, Title: c.names(tb, "campaigns", "title"), Goal: c.names(tb, "campaigns", "goal"),
		IncidentIDs: []int64{c.PublicIncident}, Notes: c.plant(tb, "campaigns.notes")}
	must("restricted campaign", adv.CreateCampaign(ctx, camp))
	ask := &vigil.Ask{Meta: res, CampaignID: camp.ID, Text: c.names(tb, "asks", "text")}
	must("restricted ask", adv.CreateAsk(ctx, ask))
	// The state note lands in the ask and in its history.
	note := c.plant(tb, "asks.state_note")
	c.Fields["ask_events.note"] = append(c.Fields["ask_events.note"], c.Fields["asks.state_note"]...)
	_, err := adv.ChangeAskState(ctx, ask.ID, ask.Version, vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-05-13", SourceID: &evidence, Note: note})
	must("ask state change", err)
	act := &vigil.CampaignAction{Meta: res, CampaignID: camp.ID, Kind: vigil.ActionMeeting, Title: c.names(tb, "campaign_actions", "title"),
		Summary: c.names(tb, "campaign_actions", "summary"), Date: "2024-05-13"}
	must("restricted action", adv.CreateAction(ctx, act))
	out := &vigil.Outcome{Meta: res, CampaignID: camp.ID, AskID: &ask.ID, Change: c.names(tb, "outcomes", "change"),
		ChangedBy: c.plant(tb, "outcomes.changed_by"), Date: "2024-05-14", Significance: c.names(tb, "outcomes", "significance"),
		Contribution: c.names(tb, "outcomes", "contribution"), SourceIDs: []int64{evidence}}
	must("restricted outcome", adv.CreateOutcome(ctx, out))
	ev := &vigil.Event{Meta: res, CampaignID: &camp.ID, Kind: vigil.EventMeeting, Title: c.names(tb, "events", "title"),
		Summary: c.names(tb, "events", "summary"), Date: "2024-05-13", PlaceText: c.plant(tb, "events.place_text"),
		Participants: figure.Figure{Text: "3"}, Notes: c.plant(tb, "events.notes")}
	must("restricted event", adv.CreateEvent(ctx, ev))
	ph := &vigil.Photo{Meta: res, EventID: ev.ID, Caption: c.names(tb, "photos", "caption"), Credit: c.plant(tb, "photos.credit"),
		Consent: vigil.ConsentUnknown, RiskNote: c.plant(tb, "photos.risk_note")}
	must("restricted photo", adv.CreatePhoto(ctx, ph, TinyJPEGWithGPS(tb)))
	// The image's key is made by the store: it is a canary once read back
	// (lower-cased, as Find compares).
	stored, err := adv.FindPhotoByID(ctx, ph.ID)
	must("read photo", err)
	if stored.DataKey == "" {
		tb.Fatal("plant canaries: a restricted reader's photo has no image key")
	}
	c.Strings = append(c.Strings, strings.ToLower(stored.DataKey))
	c.Fields["photos.data_key"] = append(c.Fields["photos.data_key"], strings.ToLower(stored.DataKey))
	c.Never = append(c.Never, strings.ToLower(stored.DataKey))

	l := &vigil.Letter{Meta: res, CampaignID: &camp.ID, Title: c.names(tb, "letters", "title"), AddressedTo: c.names(tb, "letters", "addressed_to")}
	must("restricted letter", adv.CreateLetter(ctx, l, &vigil.LetterVersion{Title: vigil.Names{Ko: c.plant(tb, "letter_versions.title_ko"), En: c.plant(tb, "letter_versions.title_en")},
		Body: vigil.Names{Ko: c.plant(tb, "letter_versions.body_ko"), En: c.plant(tb, "letter_versions.body_en")}, Note: c.plant(tb, "letter_versions.note")}))
	must("comment", adv.AddLetterComment(ctx, &vigil.LetterComment{LetterID: l.ID, Body: c.plant(tb, "letter_comments.body")}))
	l, err = adv.FreezeLetter(ctx, l.ID, l.Version)
	must("freeze restricted letter", err)
	d := &vigil.Delivery{Meta: res, LetterID: l.ID, Recipient: c.plant(tb, "deliveries.recipient"), Channel: vigil.ChannelHand,
		Date: "2024-05-13", Notes: c.plant(tb, "deliveries.notes")}
	must("restricted delivery", adv.CreateDelivery(ctx, d))
	a.Campaign, a.Ask, a.Action, a.Outcome, a.Event, a.Photo, a.Letter, a.Delivery = camp.ID, ask.ID, act.ID, out.ID, ev.ID, ph.ID, l.ID, d.ID
}

// plantReport makes a report draft of sensitivity sens with a photo.
func (c *Canaries) plantReport(tb testing.TB, rs vigil.ReportService, sens vigil.Sensitivity, must func(string, error)) {
	tb.Helper()
	r := &vigil.Report{Meta: vigil.Meta{Sensitivity: sens}, Slug: "canary-draft-" + string(sens), Lang: "ko", Title: c.plant(tb, "reports.title"),
		Summary: c.plant(tb, "reports.summary"), Body: c.plant(tb, "reports.body"), Byline: c.plant(tb, "reports.byline"),
		Photos: []vigil.ReportPhoto{{Image: strings.Repeat("e", 64), Caption: c.plant(tb, "reports.photos"), Credit: c.plant(tb, "reports.photos")}}}
	must("restricted report", rs.CreateReport(As(Admin), r))
	c.Advocacy.Report = r.ID
}

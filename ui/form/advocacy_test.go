package form_test

import (
	"net/url"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/ui/form"
)

func TestAdvocacyCodecsRoundTrip(t *testing.T) {
	pub := vigil.Meta{Sensitivity: vigil.Public}
	t.Run("campaign", func(t *testing.T) {
		roundTrip(t, form.Campaign, &vigil.Campaign{Meta: pub, Title: vigil.Names{Ko: "강제북송 의제화", En: "Put it on the agenda"}, Goal: vigil.Names{En: "Raise it"},
			IncidentIDs: []int64{1, 2, 3}, Targets: []vigil.CampaignTarget{{ActorID: 16, PostID: ptr[int64](2)}, {ActorID: 13}}, Deadline: "2024-05-13", Notes: "n"})
	})
	t.Run("ask", func(t *testing.T) {
		roundTrip(t, form.Ask, &vigil.Ask{Meta: pub, CampaignID: 1, TargetID: ptr[int64](16), Text: vigil.Names{Ko: "제기할 것"}, Deadline: "2024-05-13"})
	})
	t.Run("ask state", func(t *testing.T) {
		roundTrip(t, form.AskState, &vigil.Ask{State: vigil.AskAcknowledged})
	})
	t.Run("action", func(t *testing.T) {
		roundTrip(t, form.Action, &vigil.CampaignAction{Meta: pub, CampaignID: 1, Kind: vigil.ActionMeeting, Title: vigil.Names{En: "Meeting"}, Summary: vigil.Names{Ko: "면담"},
			Date: "2024-05-13", LetterID: ptr[int64](1), EventID: ptr[int64](2), SourceID: ptr[int64](3)})
	})
	t.Run("outcome", func(t *testing.T) {
		roundTrip(t, form.Outcome, &vigil.Outcome{Meta: pub, CampaignID: 1, AskID: ptr[int64](1), Change: vigil.Names{En: "Raised"}, ChangedByID: ptr[int64](16), ChangedBy: "the minister",
			Date: "2024-05-13", Significance: vigil.Names{En: "s"}, Contribution: vigil.Names{Ko: "기여"}, SourceIDs: []int64{3, 1}})
	})
	t.Run("event", func(t *testing.T) {
		roundTrip(t, form.Event, &vigil.Event{Meta: pub, CampaignID: ptr[int64](1), Kind: vigil.EventDemonstration, Title: vigil.Names{En: "Demonstration"}, Date: "2024-05-09",
			PlaceID: ptr[int64](12), PlaceText: "in front of the ministry", OrganizerIDs: []int64{1, 2, 9}, Participants: figure.Figure{Text: "at least 11", Qualifier: figure.AtLeast, Value: ptr(11)}, Notes: "n"})
	})
	t.Run("photo", func(t *testing.T) {
		roundTrip(t, form.Photo, &vigil.Photo{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Caption: vigil.Names{Ko: "집회"}, PhotographerID: ptr[int64](20), Credit: "Photographs: Bitna Kim",
			Consent: vigil.ConsentObtained, RiskCheck: vigil.RiskCleared, RiskNote: "no faces"})
	})
	t.Run("letter", func(t *testing.T) {
		roundTrip(t, form.Letter, &vigil.Letter{Meta: pub, CampaignID: ptr[int64](1), Title: vigil.Names{En: "Joint letter"}, AddressedTo: vigil.Names{Ko: "조태열 외교부 장관"}})
	})
	t.Run("new letter", func(t *testing.T) {
		roundTrip(t, form.NewLetter, &vigil.Letter{Meta: pub, Title: vigil.Names{En: "Joint letter"},
			Text: &vigil.LetterVersion{Title: vigil.Names{Ko: "공동 서한", En: "Joint letter"}, Body: vigil.Names{Ko: "본문", En: "Text"}, Note: "first"}})
	})
	t.Run("letter text", func(t *testing.T) {
		roundTrip(t, form.LetterText, &form.LetterDraft{Text: vigil.LetterVersion{Title: vigil.Names{Ko: "공동 서한"}, Body: vigil.Names{Ko: "본문", En: "Text"}}})
	})
	t.Run("delivery", func(t *testing.T) {
		roundTrip(t, form.Delivery, &vigil.Delivery{Meta: pub, LetterID: 1, RecipientID: ptr[int64](16), Recipient: "MOFA", Channel: vigil.ChannelHand, Date: "2024-05-09",
			Acknowledged: true, AcknowledgedDate: "2024-05-10", EvidenceSourceID: ptr[int64](3), Notes: "n"})
	})
	t.Run("comment", func(t *testing.T) {
		roundTrip(t, form.Comment, &vigil.LetterComment{Version: 2, Lang: "ko", Body: "둘째 단락"})
	})
}

func TestAdvocacyApply(t *testing.T) {
	t.Run("a target's post needs its person", func(t *testing.T) {
		c := &vigil.Campaign{}
		p := form.Campaign.Apply(url.Values{"targets.0.post_id": {"2"}, "targets.1.actor_id": {"16"}}, c)
		if _, ok := p["targets.0.actor_id"]; !ok || len(c.Targets) != 1 || c.Targets[0].ActorID != 16 {
			t.Fatalf("problems %v, targets %+v", p, c.Targets)
		}
	})
	t.Run("blank rows are skipped, wherever they are", func(t *testing.T) {
		o := &vigil.Outcome{}
		form.Outcome.Apply(url.Values{"source_ids.0": {""}, "source_ids.1": {"3"}, "source_ids.3": {"1"}}, o)
		if len(o.SourceIDs) != 2 || o.SourceIDs[0] != 3 || o.SourceIDs[1] != 1 {
			t.Fatalf("sources %v", o.SourceIDs)
		}
	})
	t.Run("a photo keeps its risk check when the form does not show it", func(t *testing.T) {
		ph := &vigil.Photo{RiskCheck: vigil.RiskCleared, RiskNote: "checked"}
		form.Photo.Apply(url.Values{"credit": {"c"}, "consent": {"obtained"}}, ph)
		if ph.RiskCheck != vigil.RiskCleared || ph.RiskNote != "checked" {
			t.Fatalf("risk check %s %q", ph.RiskCheck, ph.RiskNote)
		}
	})
	t.Run("an unchanged participants text keeps its reading", func(t *testing.T) {
		e := &vigil.Event{Participants: figure.Figure{Text: "at least 11", Qualifier: figure.AtLeast, Value: ptr(11)}}
		form.Event.Apply(form.Event.Values(e), e)
		if e.Participants.Qualifier != figure.AtLeast {
			t.Fatalf("participants %+v", e.Participants)
		}
	})
	t.Run("the state form records a new change", func(t *testing.T) {
		v := form.AskState.Values(&vigil.Ask{State: vigil.AskAcknowledged, StateDate: "2024-05-10", StateSourceID: ptr[int64](1), StateNote: "old"})
		if v.Get("state") != "acknowledged" || v.Get("date") != "" || v.Get("source_id") != "" || v.Get("note") != "" {
			t.Fatalf("values %v", v)
		}
	})
}

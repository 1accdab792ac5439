package ui

import (
	"net/url"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/ui/form"
)

// TestAdvocacyFormKeysExist checks the labels, help, legends and options
// of every advocacy form, and the keys built from their values.
func TestAdvocacyFormKeysExist(t *testing.T) {
	u, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, spec := range [][]form.Field{
		form.Campaign.Spec(url.Values{}), form.Ask.Spec(nil), form.AskState.Spec(nil), form.Action.Spec(nil), form.Outcome.Spec(url.Values{}),
		form.Event.Spec(url.Values{}), form.Photo.Spec(nil), form.PhotoUpload.Spec(nil), form.Letter.Spec(nil), form.NewLetter.Spec(nil),
		form.LetterText.Spec(nil), form.Comment.Spec(nil), form.Delivery.Spec(nil),
	} {
		for _, f := range spec {
			keys = append(keys, f.Label, f.Help, f.Group)
			for _, o := range f.Options {
				keys = append(keys, o.Key)
			}
		}
	}
	for _, s := range vigil.AskStates {
		keys = append(keys, "ask."+string(s), "val.state_source", "val.ask_final")
	}
	for _, k := range vigil.ActionKinds {
		keys = append(keys, "action."+string(k))
	}
	for _, k := range vigil.EventKinds {
		keys = append(keys, "evkind."+string(k))
	}
	for _, c := range vigil.DeliveryChannels {
		keys = append(keys, "channel."+string(c))
	}
	for _, c := range vigil.Consents {
		keys = append(keys, "consent."+string(c))
	}
	for _, r := range vigil.RiskChecks {
		keys = append(keys, "risk."+string(r))
	}
	for _, l := range []string{"ko", "en"} {
		keys = append(keys, "comment."+l)
	}
	for _, k := range keys {
		if k != "" && !u.msgs.Has(k) {
			t.Errorf("key %q is missing from the locales", k)
		}
	}
}

// TestAdvocacyValidatorMessagesAreTranslated checks that the advocacy
// records' validators and the store's advocacy checks reach the user
// translated, not through the fallback.
func TestAdvocacyValidatorMessagesAreTranslated(t *testing.T) {
	u, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	public := vigil.Meta{Sensitivity: vigil.Public}
	awaiting := vigil.AskAwaiting
	problems := []error{
		(&vigil.Campaign{Deadline: "2024-13-01", IncidentIDs: []int64{-1}, Targets: []vigil.CampaignTarget{{}}}).Validate(),
		(&vigil.Ask{Deadline: "soon", State: "lost"}).Validate(),
		(&vigil.AskStateChange{State: vigil.AskRaised}).Validate(awaiting),
		(&vigil.AskStateChange{State: vigil.AskAwaiting, Date: "2024-05-13"}).Validate(vigil.AskAcknowledged),
		(&vigil.AskStateChange{State: vigil.AskDeclined, Date: "2024-05-13"}).Validate(vigil.AskRaised),
		(&vigil.CampaignAction{Kind: "party"}).Validate(),
		(&vigil.Outcome{}).Validate(),
		(&vigil.Event{Kind: "party"}).Validate(figure.DefaultPolicy()),
		(&vigil.Photo{Meta: public, Consent: "maybe", RiskCheck: "later"}).Validate(),
		(&vigil.Photo{Meta: public, EventID: 1, Credit: "x"}).Validate(),
		(&vigil.Delivery{Channel: "pigeon"}).Validate(),
		(&vigil.LetterVersion{}).Validate(),
		(&vigil.LetterComment{Lang: "zh"}).Validate(),
		&vigil.Error{Code: vigil.EINVALID, Fields: map[string]string{
			"campaign_id": "references a campaign that does not exist", "letter_id": "references a letter that does not exist",
			"event_id": "references an event that does not exist", "ask_id": "ask 3 belongs to another campaign", "post_id": "references a post that does not exist",
			"body": "is the same as version 2; nothing to save", "version": "letter 4 has versions 1 to 2", "image": "must be a JPEG or PNG image (photo: not a JPEG or PNG image: unknown format)",
			"file": "is larger than 20 MiB",
		}},
	}
	n := 0
	for _, err := range problems {
		for field, msg := range vigil.ErrorFields(err) {
			n++
			for _, lang := range []string{"en", "ko"} {
				got := u.localize(lang, msg)
				if fallback := u.msgs.T(lang, "val.other", msg); got == fallback {
					t.Errorf("%s: %s: %q has no translation", lang, field, msg)
				}
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d messages checked", n)
	}
}

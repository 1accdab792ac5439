package ui_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"testing"

	"vigil"
	"vigil/ui/form"
)

// multipartForm encodes vals and a file as multipart/form-data.
func multipartForm(tb testing.TB, vals url.Values, file string, data []byte) (string, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range vals {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if file != "" {
		fw, err := mw.CreateFormFile(file, "photo.jpg")
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		tb.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

// mustAsk stores a public ask of campaign, awaiting an answer by 15 June 2024.
func (w *workspace) mustAsk(campaign int64, text string) *vigil.Ask {
	w.t.Helper()
	a := &vigil.Ask{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: campaign, Text: vigil.Names{En: text}, Deadline: "2024-06-15"}
	if err := w.st.CreateAsk(as(admin), a); err != nil {
		w.t.Fatal(err)
	}
	return a
}

// withLink adds the route table's path placeholder to a form.
func withLink(v url.Values, id int64) url.Values {
	v.Set("link", fmt.Sprint(id))
	return v
}

// advocacyFormRows are the route × role rows of the advocacy forms
// (campaign_edit.go, event_edit.go, letter_edit.go). Every POST is built
// for the role just before it is sent, with the version it read.
func advocacyFormRows(w *workspace) []routeCase {
	restricted := &vigil.Campaign{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Title: vigil.Names{En: "Restricted campaign"}}
	if err := w.st.CreateCampaign(as(admin), restricted); err != nil {
		w.t.Fatal(err)
	}
	re := fmt.Sprint(restricted.ID)
	coalition := func(v url.Values) url.Values {
		v.Set("sensitivity", "coalition")
		return v
	}
	return []routeCase{
		{"GET /campaigns/new", "GET", "/campaigns/new", nil, writers(200)},
		{"POST /campaigns", "POST", "/campaigns", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{"title.en": {"Campaign of " + role}, "incident_ids.0": {"1"}, "targets.0.actor_id": {"1"}})
		}, writers(303)},
		{"GET /campaigns/{id}/edit", "GET", "/campaigns/1/edit", nil, writers(200)},
		{"GET /campaigns/{id}/edit", "GET", "/campaigns/" + re + "/edit", nil, statuses{403, 403, 404, 200, 200}},
		{"POST /campaigns/{id}/edit", "POST", "/campaigns/1/edit", func(w *workspace, role string) url.Values {
			c, _ := w.st.FindCampaignByID(as(admin), 1)
			return versioned(form.Campaign, c, c.Version, func(v url.Values) { v.Set("notes", "checked by "+role) })
		}, writers(303)},

		{"GET /asks/new", "GET", "/asks/new?campaign_id=1", nil, writers(200)},
		{"POST /asks", "POST", "/asks", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{"campaign_id": {"1"}, "text.en": {"Asked by " + role}, "deadline": {"2024-06-30"}})
		}, writers(303)},
		{"GET /asks/{id}/edit", "GET", "/asks/1/edit", nil, writers(200)},
		{"POST /asks/{id}/edit", "POST", "/asks/1/edit", func(w *workspace, role string) url.Values {
			a, _ := w.st.FindAskByID(as(admin), 1)
			return versioned(form.Ask, a, a.Version, func(v url.Values) { v.Set("text.en", "Asked again by "+role) })
		}, writers(303)},
		{"GET /asks/{id}/state", "GET", "/asks/1/state", nil, writers(200)},
		{"POST /asks/{id}/state", "POST", "/asks/{link}/state", func(w *workspace, role string) url.Values {
			a := w.mustAsk(1, "State changed by "+role)
			return withLink(versioned(form.AskState, a, a.Version, func(v url.Values) {
				v.Set("state", "acknowledged")
				v.Set("date", "2024-06-02")
				v.Set("source_id", "1")
			}), a.ID)
		}, writers(303)},

		{"GET /campaign-actions/new", "GET", "/campaign-actions/new?campaign_id=1", nil, writers(200)},
		{"POST /campaign-actions", "POST", "/campaign-actions", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{"campaign_id": {"1"}, "kind": {"statement"}, "title.en": {"Statement by " + role}, "date": {"2024-06-01"}})
		}, writers(303)},
		{"GET /campaign-actions/{id}/edit", "GET", "/campaign-actions/1/edit", nil, writers(200)},
		{"POST /campaign-actions/{id}/edit", "POST", "/campaign-actions/1/edit", func(w *workspace, role string) url.Values {
			a, _ := w.st.FindActionByID(as(admin), 1)
			return versioned(form.Action, a, a.Version, func(v url.Values) { v.Set("summary.en", "checked by "+role) })
		}, writers(303)},

		{"GET /outcomes/new", "GET", "/outcomes/new?campaign_id=1", nil, writers(200)},
		{"POST /outcomes", "POST", "/outcomes", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{"campaign_id": {"1"}, "change.en": {"Changed, says " + role}, "changed_by": {"The ministry"}, "date": {"2024-06-01"},
				"significance.en": {"It matters."}, "contribution.en": {"Our letter."}, "source_ids.0": {"1"}})
		}, writers(303)},
		{"GET /outcomes/{id}/edit", "GET", "/outcomes/1/edit", nil, writers(200)},
		{"POST /outcomes/{id}/edit", "POST", "/outcomes/1/edit", func(w *workspace, role string) url.Values {
			o, _ := w.st.FindOutcomeByID(as(admin), 1)
			return versioned(form.Outcome, o, o.Version, func(v url.Values) { v.Set("significance.en", "checked by "+role) })
		}, writers(303)},

		{"GET /events/{id}", "GET", "/events/1", nil, all(200)},
		{"GET /events/{id}", "GET", "/events/99999", nil, all(404)},
		{"GET /events/new", "GET", "/events/new?campaign_id=1", nil, writers(200)},
		{"POST /events", "POST", "/events", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{"campaign_id": {"1"}, "kind": {"vigil"}, "title.en": {"Vigil of " + role}, "date": {"2024-06-01"}, "participants": {"about 50"}})
		}, writers(303)},
		{"GET /events/{id}/edit", "GET", "/events/1/edit", nil, writers(200)},
		{"POST /events/{id}/edit", "POST", "/events/1/edit", func(w *workspace, role string) url.Values {
			e, _ := w.st.FindEventByID(as(admin), 1)
			return versioned(form.Event, e, e.Version, func(v url.Values) { v.Set("notes", "checked by "+role) })
		}, writers(303)},
		{"GET /events/{id}/photos/new", "GET", "/events/1/photos/new", nil, writers(200)},
		{"POST /events/{id}/photos", "POST", "/events/1/photos", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{uploadKey: {"image"}, "credit": {"Photographs: " + role}, "consent": {"unknown"}})
		}, writers(303)},
		// The demo's photo is coalition: readers are refused before the
		// photo is read, contributors may edit it.
		{"GET /photos/{id}/edit", "GET", "/photos/1/edit", nil, writers(200)},
		{"POST /photos/{id}/edit", "POST", "/photos/1/edit", func(w *workspace, role string) url.Values {
			ph, _ := w.st.FindPhotoByID(as(admin), 1)
			return versioned(form.Photo, ph, ph.Version, func(v url.Values) { v.Set("caption.en", "checked by "+role) })
		}, writers(303)},

		{"GET /letters/new", "GET", "/letters/new?campaign_id=1", nil, writers(200)},
		{"POST /letters", "POST", "/letters", func(_ *workspace, role string) url.Values {
			return coalition(url.Values{"title.en": {"Letter of " + role}, "campaign_id": {"1"}, "text.title.en": {"To the Minister"}, "text.body.en": {"Text by " + role}})
		}, writers(303)},
		{"GET /letters/{id}/edit", "GET", "/letters/1/edit", nil, writers(200)},
		{"POST /letters/{id}/edit", "POST", "/letters/1/edit", func(w *workspace, role string) url.Values {
			l, _ := w.st.FindLetterByID(as(admin), 1)
			return versioned(form.Letter, l, l.Version, func(v url.Values) { v.Set("title.en", "Joint letter, checked by "+role) })
		}, writers(303)},
		{"GET /letters/{id}/text", "GET", "/letters/{link}/text", draftLetter, writers(200)},
		{"POST /letters/{id}/text", "POST", "/letters/{link}/text", func(w *workspace, role string) url.Values {
			v := draftLetter(w, role)
			var id int64
			fmt.Sscan(v.Get("link"), &id)
			d := &form.LetterDraft{Text: vigil.LetterVersion{Title: vigil.Names{En: "Letter"}, Body: vigil.Names{Ko: "본문", En: "Text by " + role}}}
			return withLink(versioned(form.LetterText, d, 1, func(v url.Values) { v.Set("body.en", "Second text by "+role) }), id)
		}, writers(303)},
		{"POST /letters/{id}/comments", "POST", "/letters/1/comments", func(_ *workspace, role string) url.Values {
			return url.Values{"version": {"1"}, "lang": {"ko"}, "body": {"A comment by " + role}}
		}, writers(303)},

		{"GET /deliveries/new", "GET", "/deliveries/new?letter_id=1", nil, writers(200)},
		{"POST /deliveries", "POST", "/deliveries", func(w *workspace, role string) url.Values {
			l := frozenLetter(w, role)
			return coalition(url.Values{"letter_id": {fmt.Sprint(l.ID)}, "recipient": {"Ministry of Foreign Affairs"}, "channel": {"email"}, "date": {"2024-06-01"}})
		}, writers(303)},
		{"GET /deliveries/{id}/edit", "GET", "/deliveries/1/edit", nil, writers(200)},
		{"POST /deliveries/{id}/edit", "POST", "/deliveries/1/edit", func(w *workspace, role string) url.Values {
			d, _ := w.st.FindDeliveryByID(as(admin), 1)
			return versioned(form.Delivery, d, d.Version, func(v url.Values) { v.Set("notes", "checked by "+role) })
		}, writers(303)},
	}
}

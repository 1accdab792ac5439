package storetest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/feed"
	"vigil/figure"
	"vigil/seal"
)

// testSealedRecords checks what seal's rules add for records that came
// after it: images are encrypted, a letter's texts and an ask's history
// follow their parent's sealing both ways, and records made from a feed
// item reach the audit log sealed.
func testSealedRecords(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		t.Run("photo images are encrypted", func(t *testing.T) {
			s := open(t)
			c := PlantCanaries(t, s)
			raw := QueryBytes(t, s, "SELECT data FROM photos WHERE id = ?", c.Advocacy.Photo)
			img, ct, err := s.PhotoImage(As(Staff), c.Advocacy.Photo)
			MustOK(t, err, "read image")
			if ct != "image/jpeg" || !bytes.HasPrefix(img, []byte{0xFF, 0xD8}) {
				t.Fatalf("image read back as %s, %d bytes", ct, len(img))
			}
			if !bytes.HasPrefix(raw, []byte(seal.BlobPrefix)) || bytes.Contains(raw, img[:16]) || bytes.Contains(raw, img[len(img)-16:]) {
				t.Fatal("the stored image is not encrypted")
			}
			_, _, err = s.PhotoImage(As(Member), c.Advocacy.Photo)
			MustCode(t, err, vigil.ENOTFOUND, "a coalition member reads a restricted image")
			// A public photo's image is encrypted too, under a key in the clear.
			ev := &vigil.Event{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Kind: vigil.EventVigil, Title: vigil.Names{En: "Vigil"}, Date: "2024-05-09", Participants: figure.Figure{Text: "10"}}
			MustOK(t, s.CreateEvent(As(Admin), ev), "event")
			ph := &vigil.Photo{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, EventID: ev.ID, Credit: "Coalition"}
			MustOK(t, s.CreatePhoto(As(Admin), ph, TinyJPEGWithGPS(t)), "photo")
			if raw := QueryBytes(t, s, "SELECT data FROM photos WHERE id = ?", ph.ID); !bytes.HasPrefix(raw, []byte(seal.BlobPrefix)) {
				t.Fatal("a coalition photo's image is stored in the clear")
			}
			if got, _, err := s.PhotoImage(As(Member), ph.ID); err != nil || !bytes.HasPrefix(got, []byte{0xFF, 0xD8}) {
				t.Fatalf("a coalition member reads a coalition image: %v", err)
			}
		})

		t.Run("a letter's texts and an ask's history follow their parent", func(t *testing.T) {
			s := open(t)
			c := PlantCanaries(t, s)
			a := c.Advocacy
			versions := func() string {
				return QueryString(t, s, "SELECT body_en FROM letter_versions WHERE letter_id = ? ORDER BY number LIMIT 1", a.Letter)
			}
			comment := func() string {
				return QueryString(t, s, "SELECT body FROM letter_comments WHERE letter_id = ?", a.Letter)
			}
			history := func() string { return QueryString(t, s, "SELECT note FROM ask_events WHERE ask_id = ?", a.Ask) }
			for what, raw := range map[string]func() string{"letter text": versions, "comment": comment, "ask history": history} {
				if !strings.HasPrefix(raw(), "v1:k1:") {
					t.Fatalf("%s of a restricted parent stored as %q", what, raw())
				}
			}
			// A delivered letter keeps its sensitivity; an ask can change,
			// once its campaign no longer holds it restricted.
			ask, err := s.FindAskByID(As(Admin), a.Ask)
			MustOK(t, err, "read ask")
			ask.Sensitivity = vigil.Coalition
			MustField(t, s.UpdateAsk(As(Admin), ask), "sensitivity", "lower the campaign first")
			camp, err := s.FindCampaignByID(As(Admin), a.Campaign)
			MustOK(t, err, "read campaign")
			camp.Sensitivity = vigil.Coalition
			MustOK(t, s.UpdateCampaign(As(Admin), camp), "campaign to coalition")
			MustOK(t, s.UpdateAsk(As(Admin), ask), "ask to coalition")
			if h := history(); !strings.HasPrefix(h, c.Fields["ask_events.note"][0]) {
				t.Fatalf("history of a coalition ask stored as %q, want its note in the clear", h)
			}
			ask.Sensitivity = vigil.Restricted
			MustOK(t, s.UpdateAsk(As(Admin), ask), "ask back to restricted")
			if h := history(); !strings.HasPrefix(h, "v1:k1:") {
				t.Fatalf("history of a restricted ask stored as %q", h)
			}
			evs, err := s.FindAskEvents(As(Staff), a.Ask)
			MustOK(t, err, "history")
			if len(evs) != 1 || !strings.HasPrefix(evs[0].Note, c.Fields["ask_events.note"][0]) {
				t.Fatalf("history read %+v", evs)
			}
			// A draft letter moves both ways with its versions and comments.
			l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Title: vigil.Names{En: "Draft"}}
			MustOK(t, s.CreateLetter(As(Admin), l, letterText("비공개 초안 본문")), "restricted draft")
			MustOK(t, s.AddLetterComment(As(Admin), &vigil.LetterComment{LetterID: l.ID, Body: "비공개 의견"}), "comment")
			raw := func() string {
				return QueryString(t, s, "SELECT body_en FROM letter_versions WHERE letter_id = ?", l.ID) + " " +
					QueryString(t, s, "SELECT body FROM letter_comments WHERE letter_id = ?", l.ID)
			}
			if r := raw(); strings.Contains(r, "비공개") {
				t.Fatalf("restricted draft stored as %q", r)
			}
			l.Sensitivity = vigil.Coalition
			MustOK(t, s.UpdateLetter(As(Admin), l), "draft to coalition")
			if r := raw(); r != "비공개 초안 본문 비공개 의견" {
				t.Fatalf("coalition draft stored as %q", r)
			}
			vs, err := s.FindLetterVersions(As(Member), l.ID)
			MustOK(t, err, "versions")
			if len(vs) != 1 || vs[0].Body.En != "비공개 초안 본문" {
				t.Fatalf("versions %+v", vs)
			}
			l.Sensitivity = vigil.Restricted
			MustOK(t, s.UpdateLetter(As(Admin), l), "draft back to restricted")
			if r := raw(); strings.Contains(r, "비공개") {
				t.Fatalf("restricted again, stored as %q", r)
			}
			l, err = s.FreezeLetter(As(Admin), l.ID, l.Version)
			MustOK(t, err, "freeze: the stored hash matches the opened text")
			MustVerify(t, s)
		})

		t.Run("search never indexes a sealed field, and still finds it for restricted readers", func(t *testing.T) {
			s := open(t)
			c := PlantCanaries(t, s)
			n, err := s.Reindex(As(Admin))
			MustOK(t, err, "reindex")
			if n == 0 {
				t.Fatal("reindexed nothing")
			}
			MustNoCanaryAtRest(t, s, c)
			for _, f := range []struct {
				field string
				kind  vigil.SearchKind
				id    int64
			}{
				{"actors.name_ko", vigil.KindActor, c.ProtectedPublic},
				{"actors.other_names", vigil.KindActor, c.ProtectedPublic},
				{"claims.quote", vigil.KindClaim, c.RestrictedClaim},
				{"sources.relayed_from", vigil.KindSource, c.RestrictedSource},
				{"incidents.summary_ko", vigil.KindIncident, c.RestrictedIncident},
				{"places.variants", vigil.KindPlace, c.RestrictedPlace},
			} {
				tok := c.Fields[f.field][0]
				h := MustFind(t, s, As(Staff), tok, f.kind, f.id)
				if _, text := marked(h.Snippet); !strings.Contains(text+h.Title.Ko+h.Title.En, tok) {
					t.Errorf("staff's hit for %s shows %+v %q", f.field, h.Title, text)
				}
				for _, v := range []vigil.Viewer{Member, Anonymous} {
					if res := MustSearch(t, s, As(v), tok); res.Total != 0 {
						t.Errorf("%s finds %s: %s", v.Actor, f.field, describeHits(res))
					}
				}
			}
			// The protected person's hit carries the pseudonym below
			// restricted clearance, the identity at it.
			h := MustFind(t, s, As(Member), "카나리아 당사자", vigil.KindActor, c.ProtectedPublic)
			if h.Title != c.Pseudonym {
				t.Errorf("member's hit title %+v", h.Title)
			}
		})

		t.Run("records made from a feed item reach the audit log sealed", func(t *testing.T) {
			s := open(t)
			f := &vigil.Feed{URL: "https://news.example/rss", Title: "Wire", Active: true}
			MustOK(t, s.CreateFeed(As(Editor), f), "feed")
			_, err := s.RecordPoll(As(feed.PollerViewer), &vigil.FeedPoll{FeedID: f.ID, Status: 200, NextPollAt: time.Now().Add(time.Hour),
				Items: []*vigil.FeedItem{{URL: "https://news.example/a", Title: "탈북민 북송", Text: "탈북민 30명 북송", Language: "ko", ContentHash: strings.Repeat("a", 64), Rules: []string{"북송"}}}})
			MustOK(t, err, "poll")
			items, _, err := s.FindFeedItems(As(Editor), vigil.FeedItemFilter{})
			MustOK(t, err, "items")
			it := items[0]
			res := vigil.Meta{Sensitivity: vigil.Restricted}
			c := &Canaries{Fields: map[string][]string{}}
			src := &vigil.Source{Meta: res, Kind: vigil.SourceArticle, Publisher: "Wire", Language: "ko", Title: vigil.Names{Ko: it.Title}, URL: it.URL,
				Published: "2024-05-20", Reliability: "C", RelayedFrom: c.plant(t, "sources.relayed_from"), Notes: c.plant(t, "sources.notes")}
			sn := &vigil.Snapshot{Meta: res, URL: it.URL, Status: 200, RetrievedAt: time.Now(), SHA256: strings.Repeat("b", 64), Size: 1,
				Title: c.plant(t, "snapshots.title"), Blob: strings.Repeat("c", 64), BlobKey: c.plant(t, "snapshots.blob_key")}
			cl := &vigil.Claim{Meta: res, Quote: c.plant(t, "claims.quote"), Figure: figure.Figure{Text: "30"}, Event: vigil.EventRepatriation,
				Date: "2024-05", Credibility: 3, Notes: c.plant(t, "claims.notes")}
			inc := &vigil.Incident{Meta: res, Title: vigil.Names{Ko: c.plant(t, "incidents.title_ko")}, Event: vigil.EventRepatriation}
			MustOK(t, s.AcceptFeedItem(As(Editor), &vigil.Acceptance{ItemID: it.ID, ItemVersion: it.Version, Source: src, Snapshot: sn, Incident: inc, Claim: cl}), "accept")
			MustNoCanaryAtRest(t, s, c)
			for _, e := range []string{"sources", "snapshots", "claims", "incidents"} {
				if n := QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE entity = ? AND action = 'create' AND data LIKE '%\"sealed\":{%'", e); n != 1 {
					t.Errorf("%d sealed audit entries for the accepted %s, want 1", n, e)
				}
			}
			MustVerify(t, s)
		})
	}
}

package ui_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/photo/phototest"
	"vigil/store"
	"vigil/ui"
)

// langs are the page languages every form is checked in, with the index
// of their message in the cases below.
var langs = []string{"en", "ko"}

// lastID returns the id a create redirect names: "/campaigns/7?saved=1"
// gives 7 for prefix "/campaigns/".
func lastID(t *testing.T, loc, prefix string) int64 {
	t.Helper()
	var id int64
	rest, ok := strings.CutPrefix(loc, prefix)
	if !ok {
		t.Fatalf("redirect %q, want %s…", loc, prefix)
	}
	if _, err := fmt.Sscanf(rest, "%d", &id); err != nil {
		t.Fatalf("redirect %q names no id", loc)
	}
	return id
}

// postMultipart posts vals and an image file as multipart/form-data.
func (w *workspace) postMultipart(path, viewer, lang string, vals url.Values, image []byte, status int) (*goquery.Document, string) {
	w.t.Helper()
	file := ""
	if image != nil {
		file = "image"
	}
	ct, body := multipartForm(w.t, vals, file, image)
	res, doc := w.doRaw("POST", path, viewer, lang, body, "Content-Type", ct)
	if res.StatusCode != status {
		w.t.Fatalf("POST %s as %s: status %d, want %d: %s", path, viewer, res.StatusCode, status, text(doc.Find("main")))
	}
	return doc, res.Header.Get("Location")
}

// ministerPost is the demo's post of the Minister of Foreign Affairs.
func (w *workspace) ministerPost() int64 {
	w.t.Helper()
	ps, _, err := w.st.FindPosts(as(admin), vigil.PostFilter{})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, p := range ps {
		if strings.Contains(p.Label.En, "Minister of Foreign Affairs") {
			return p.ID
		}
	}
	w.t.Fatal("the demo has no post of the Minister of Foreign Affairs")
	return 0
}

// formCase is one advocacy form: opened empty (or as stored), labelled
// in both languages, saved, and refused with a message next to a field.
type formCase struct {
	name string
	open string // GET: the form
	// labels are inputs of the form with their English and Korean labels.
	labels map[string][2]string
	// fill completes the opened form's values.
	fill func(v url.Values)
	// upload sends the form as multipart/form-data with this image.
	upload []byte
	// saved checks the store after the save redirected to loc.
	saved func(t *testing.T, loc string)
	// breakIt spoils the filled values; field is the input then marked
	// invalid, with its English and Korean message.
	breakIt func(v url.Values)
	field   string
	msg     [2]string
}

// run opens, fills, saves and spoils the form as a contributor.
func (c formCase) run(t *testing.T, w *workspace) {
	for n, lang := range langs {
		doc := w.get(c.open, "contributor", lang, 200)
		for id, want := range c.labels {
			if got := text(doc.Find(`label[for="` + id + `"]`)); !strings.HasPrefix(got, want[n]) {
				t.Errorf("%s: label of #%s %q, want %q", lang, id, got, want[n])
			}
		}
	}
	doc := w.get(c.open, "contributor", "en", 200)
	f := doc.Find("form.record-form")
	action := f.AttrOr("action", "")
	vals := formValues(f)
	if c.upload != nil && f.AttrOr("enctype", "") != "multipart/form-data" {
		t.Fatalf("the upload form is not multipart: %q", f.AttrOr("enctype", ""))
	}
	vals.Del("image") // the file goes as a file part
	c.fill(vals)
	bad := url.Values{}
	for k, v := range vals {
		bad[k] = append([]string(nil), v...)
	}
	c.breakIt(bad)
	for n, lang := range langs {
		var doc *goquery.Document
		if c.upload != nil {
			doc, _ = w.postMultipart(action, "contributor", lang, bad, c.upload, 400)
		} else {
			_, doc = w.post(action, "contributor", lang, bad, 400)
		}
		if got := mustInvalid(t, doc, c.field); got != c.msg[n] {
			t.Errorf("%s: message of #%s %q, want %q", lang, c.field, got, c.msg[n])
		}
		// What was typed is kept.
		kept := formValues(doc.Find("form.record-form"))
		for k := range vals {
			if k == "image" || k == "version" || k == "base" {
				continue
			}
			if kept.Get(k) != bad.Get(k) {
				t.Errorf("%s: field %s came back as %q, was %q", lang, k, kept.Get(k), bad.Get(k))
			}
		}
	}
	var loc string
	if c.upload != nil {
		_, loc = w.postMultipart(action, "contributor", "en", vals, c.upload, 303)
	} else {
		res, _ := w.post(action, "contributor", "en", vals, 303)
		loc = res.Header.Get("Location")
	}
	c.saved(t, loc)
}

func TestAdvocacyForms(t *testing.T) {
	w := mustWorkspace(t)
	post := w.ministerPost()
	state := w.mustAsk(1, "Answer the joint letter")
	draft := draftLetter(w, "forms")
	frozen := frozenLetter(w, "forms")
	cases := []formCase{
		{
			name: "campaign", open: "/campaigns/new",
			labels: map[string][2]string{"f-goal-ko": {"Goal (Korean)", "목표 (한국어)"}, "f-targets-0-post-id": {"In the post of", "직위"}, "f-incident-ids-0": {"Incident", "사건"}},
			fill: func(v url.Values) {
				v.Set("title.ko", "강제북송 중단 촉구 캠페인")
				v.Set("goal.en", "China stops forced repatriation.")
				v.Set("deadline", "2024-12-31")
				v.Set("incident_ids.0", "2")
				v.Set("targets.0.actor_id", "16")
				v.Set("targets.0.post_id", fmt.Sprint(post))
			},
			saved: func(t *testing.T, loc string) {
				c, err := w.st.FindCampaignByID(as(admin), lastID(t, loc, "/campaigns/"))
				if err != nil || len(c.Targets) != 1 || c.Targets[0].ActorID != 16 || c.Targets[0].PostID == nil || *c.Targets[0].PostID != post ||
					len(c.IncidentIDs) != 1 || c.IncidentIDs[0] != 2 || c.Deadline != "2024-12-31" || c.Sensitivity != vigil.Coalition {
					t.Fatalf("campaign %+v, %v", c, err)
				}
				doc := w.get(loc, "contributor", "ko", 200)
				if got := text(doc.Find("p.targets")); !strings.Contains(got, "조태열") || !strings.Contains(got, "외교부 장관") {
					t.Errorf("targets on the page: %q", got)
				}
			},
			breakIt: func(v url.Values) { v.Set("deadline", "2024-13-01") },
			field:   "f-deadline", msg: [2]string{"“2024-13-01” is not a day (YYYY-MM-DD).", "“2024-13-01”는 날짜(YYYY-MM-DD)가 아닙니다."},
		},
		{
			name: "ask", open: "/asks/new?campaign_id=1",
			labels: map[string][2]string{"f-text-ko": {"What is asked (Korean)", "요구 내용 (한국어)"}, "f-target-id": {"Asked of", "요구 대상"}},
			fill: func(v url.Values) {
				v.Set("target_id", "16")
				v.Set("text.ko", "강제북송 중단을 중국 측에 다시 요구할 것")
				v.Set("deadline", "2024-09-30")
			},
			saved: func(t *testing.T, loc string) {
				if !strings.HasPrefix(loc, "/campaigns/1?saved=1#ask-") {
					t.Fatalf("redirect %q", loc)
				}
				id := lastID(t, strings.SplitN(loc, "#", 2)[1], "ask-")
				a, err := w.st.FindAskByID(as(admin), id)
				if err != nil || a.State != vigil.AskAwaiting || a.TargetID == nil || *a.TargetID != 16 || a.Deadline != "2024-09-30" {
					t.Fatalf("ask %+v, %v", a, err)
				}
			},
			breakIt: func(v url.Values) { v.Set("text.ko", " ") },
			field:   "f-text-ko", msg: [2]string{"Give it in at least one language (Korean or English).", "한국어나 영어 중 적어도 하나로 적으세요."},
		},
		{
			name: "ask state", open: fmt.Sprintf("/asks/%d/state", state.ID),
			labels: map[string][2]string{"f-state": {"State", "상태"}, "f-source-id": {"Evidence (source)", "근거 (출처)"}, "f-date": {"Date of the change", "변경 날짜"}},
			fill: func(v url.Values) {
				v.Set("state", "raised")
				v.Set("date", "2024-06-20")
				v.Set("source_id", "1")
				v.Set("note", "Raised in the ministry's briefing.")
			},
			saved: func(t *testing.T, loc string) {
				a, _ := w.st.FindAskByID(as(admin), state.ID)
				hist, _ := w.st.FindAskEvents(as(admin), state.ID)
				if a.State != vigil.AskRaised || a.StateDate != "2024-06-20" || len(hist) != 1 || hist[0].SourceID == nil || *hist[0].SourceID != 1 {
					t.Fatalf("ask %+v, history %+v", a, hist)
				}
			},
			breakIt: func(v url.Values) { v.Set("source_id", "") },
			field:   "f-source-id", msg: [2]string{"A source is required as evidence when the ask is raised.", "요구사항을 ‘제기됨’ 상태로 기록하려면 근거가 되는 출처가 필요합니다."},
		},
		{
			name: "timeline entry", open: "/campaign-actions/new?campaign_id=1&kind=statement",
			labels: map[string][2]string{"f-kind": {"Kind", "종류"}, "f-letter-id": {"Letter", "서한"}},
			fill: func(v url.Values) {
				v.Set("title.en", "Joint statement after the meeting")
				v.Set("date", "2024-05-14")
				v.Set("event_id", "2")
			},
			saved: func(t *testing.T, loc string) {
				id := lastID(t, strings.SplitN(loc, "#", 2)[1], "action-")
				a, err := w.st.FindActionByID(as(admin), id)
				if err != nil || a.Kind != vigil.ActionStatement || a.EventID == nil || *a.EventID != 2 || a.DateStart != "2024-05-14" {
					t.Fatalf("action %+v, %v", a, err)
				}
			},
			breakIt: func(v url.Values) { v.Set("date", "") },
			field:   "f-date", msg: [2]string{"A date is required, in EDTF (e.g. 2024-04-26).", "날짜가 필요합니다. EDTF 형식으로 적으세요 (예: 2024-04-26)."},
		},
		{
			name: "outcome", open: "/outcomes/new?campaign_id=1&ask_id=1",
			labels: map[string][2]string{"f-change-ko": {"What changed (Korean)", "변화 내용 (한국어)"}, "f-contribution-en": {"The coalition's contribution (English)", "연대의 기여 (영어)"}, "f-source-ids-0": {"Evidence (source)", "근거 (출처)"}},
			fill: func(v url.Values) {
				v.Set("change.ko", "외교부가 강제북송 문제를 공식 브리핑에서 언급함")
				v.Set("changed_by_id", "16")
				v.Set("date", "2024-05-21")
				v.Set("significance.en", "The issue is on the public record.")
				v.Set("contribution.en", "The letter and the demonstration asked for it.")
				v.Set("source_ids.0", "3")
			},
			saved: func(t *testing.T, loc string) {
				id := lastID(t, strings.SplitN(loc, "#", 2)[1], "outcome-")
				o, err := w.st.FindOutcomeByID(as(admin), id)
				if err != nil || o.AskID == nil || *o.AskID != 1 || len(o.SourceIDs) != 1 || o.SourceIDs[0] != 3 || o.ChangedByID == nil {
					t.Fatalf("outcome %+v, %v", o, err)
				}
			},
			breakIt: func(v url.Values) { v.Set("source_ids.0", "") },
			field:   "f-source-ids-0", msg: [2]string{"At least one source is required as evidence of the outcome.", "성과의 근거가 되는 출처가 적어도 하나 필요합니다."},
		},
		{
			name: "event", open: "/events/new?campaign_id=1",
			labels: map[string][2]string{"f-participants": {"Participants, as reported", "참가자 수 (보도된 그대로)"}, "f-organizer-ids-0": {"Organizer", "주최"}},
			fill: func(v url.Values) {
				v.Set("title.ko", "중국대사관 앞 집회")
				v.Set("date", "2024-06-14")
				v.Set("place_text", "in front of the Chinese embassy")
				v.Set("organizer_ids.0", "1")
				v.Set("organizer_ids.1", "2")
				v.Set("participants", "about 50")
			},
			saved: func(t *testing.T, loc string) {
				e, err := w.st.FindEventByID(as(admin), lastID(t, loc, "/events/"))
				if err != nil || e.ParticipantsInterval == nil || e.ParticipantsInterval.Best != 50 || e.Participants.Qualifier != "approx" || len(e.OrganizerIDs) != 2 {
					t.Fatalf("event %+v, %v", e, err)
				}
				doc := w.get(loc, "contributor", "en", 200)
				if got := text(doc.Find(".event-facts dd.participants")); !strings.HasPrefix(got, "about 50 (45–50–55)") {
					t.Errorf("participants on the page: %q", got)
				}
			},
			breakIt: func(v url.Values) { v.Set("date", "") },
			field:   "f-date", msg: [2]string{"A date is required, in EDTF (e.g. 2024-04-26).", "날짜가 필요합니다. EDTF 형식으로 적으세요 (예: 2024-04-26)."},
		},
		{
			name: "photo upload", open: "/events/1/photos/new", upload: phototest.MustJPEG(t, 0),
			labels: map[string][2]string{"f-image": {"Image file (JPEG or PNG)", "이미지 파일 (JPEG 또는 PNG)"}, "f-credit": {"Credit line", "저작자 표시 문구"}},
			fill: func(v url.Values) {
				v.Set("caption.ko", "외교부 앞 집회")
				v.Set("credit", "Photographs: Bitna Kim (김빛나)")
				v.Set("consent", "obtained")
			},
			saved: func(t *testing.T, loc string) {
				id := lastID(t, strings.SplitN(loc, "#", 2)[1], "photo-")
				ph, err := w.st.FindPhotoByID(as(admin), id)
				img, _, _ := w.st.PhotoImage(as(admin), id)
				if err != nil || ph.Credit != "Photographs: Bitna Kim (김빛나)" || ph.RiskCheck != vigil.RiskPending || bytes.Contains(img, []byte(phototest.GPSMarker)) {
					t.Fatalf("photo %+v, %v", ph, err)
				}
			},
			breakIt: func(v url.Values) { v.Set("credit", "") },
			field:   "f-credit", msg: [2]string{"Say who took the photo: choose a photographer or give a credit line.", "촬영자를 밝히세요. 촬영자 기록을 고르거나 저작자 표시 문구를 적으세요."},
		},
		{
			name: "new letter", open: "/letters/new?campaign_id=1",
			labels: map[string][2]string{"f-text-body-ko": {"Text (Korean)", "본문 (한국어)"}, "f-text-body-en": {"Text (English)", "본문 (영어)"}, "f-addressed-to-en": {"Addressed to (English)", "수신 (영어)"}},
			fill: func(v url.Values) {
				v.Set("title.en", "Second joint letter")
				v.Set("text.title.ko", "중국 정부에 보내는 공동 서한")
				v.Set("text.body.ko", "강제북송을 중단하십시오.")
				v.Set("text.body.en", "Stop the forced repatriations.")
			},
			saved: func(t *testing.T, loc string) {
				id := lastID(t, loc, "/letters/")
				vs, err := w.st.FindLetterVersions(as(admin), id)
				if err != nil || len(vs) != 1 || vs[0].Body.Ko != "강제북송을 중단하십시오." || vs[0].Body.En != "Stop the forced repatriations." {
					t.Fatalf("versions %+v, %v", vs, err)
				}
			},
			breakIt: func(v url.Values) {
				v.Set("text.body.ko", "")
				v.Set("text.body.en", "")
			},
			field: "f-text-body-ko", msg: [2]string{"Give it in at least one language (Korean or English).", "한국어나 영어 중 적어도 하나로 적으세요."},
		},
		{
			name: "new version", open: "/letters/" + draft.Get("link") + "/text",
			labels: map[string][2]string{"f-body-ko": {"Text (Korean)", "본문 (한국어)"}, "f-note": {"What changed", "바뀐 점"}},
			fill: func(v url.Values) {
				v.Set("body.en", "A clearer text.")
				v.Set("note", "clearer")
			},
			saved: func(t *testing.T, loc string) {
				var id int64
				fmt.Sscan(draft.Get("link"), &id)
				vs, _ := w.st.FindLetterVersions(as(admin), id)
				if len(vs) != 2 || vs[1].Body.En != "A clearer text." || vs[1].Body.Ko != "본문" || vs[1].Note != "clearer" {
					t.Fatalf("versions %+v", vs)
				}
			},
			breakIt: func(v url.Values) {
				v.Set("body.en", "Text by forms")
				v.Set("note", "")
			},
			field: "f-body-ko", msg: [2]string{"The text is the same as version 1: nothing to save.", "본문이 버전 1과 같습니다. 저장할 내용이 없습니다."},
		},
		{
			name: "delivery", open: fmt.Sprintf("/deliveries/new?letter_id=%d", frozen.ID),
			labels: map[string][2]string{"f-channel": {"How", "방법"}, "f-acknowledged": {"The recipient acknowledged receipt", "받는 쪽이 수신을 확인함"}, "f-evidence-source-id": {"Evidence (source)", "근거 (출처)"}},
			fill: func(v url.Values) {
				v.Set("recipient_id", "16")
				v.Set("channel", "hand")
				v.Set("date", "2024-06-03")
				v.Set("acknowledged_date", "2024-06-04")
				v.Set("evidence_source_id", "3")
			},
			saved: func(t *testing.T, loc string) {
				l, _ := w.st.FindLetterByID(as(admin), frozen.ID)
				ds, _, _ := w.st.FindDeliveries(as(admin), vigil.DeliveryFilter{LetterID: &frozen.ID})
				if l.Status != vigil.LetterDelivered || len(ds) != 1 || !ds[0].Acknowledged || ds[0].Channel != vigil.ChannelHand || ds[0].TextHash != frozen.TextHash {
					t.Fatalf("letter %s, deliveries %+v", l.Status, ds)
				}
			},
			breakIt: func(v url.Values) { v.Set("recipient_id", "") },
			field:   "f-recipient", msg: [2]string{"Say to whom: choose a record or give a name.", "받는 사람을 밝히세요. 기록을 고르거나 이름을 적으세요."},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, w) })
	}
}

// TestAnUnreadableParticipantCountIsExplained posts an event whose
// participants cannot be read as a figure: the field says so, with the
// preview, in both languages.
func TestAnUnreadableParticipantCountIsExplained(t *testing.T) {
	w := mustWorkspace(t)
	body := url.Values{"kind": {"demonstration"}, "title.en": {"Vigil"}, "date": {"2024-06-14"}, "participants": {"a great many"}, "sensitivity": {"coalition"}}
	for lang, want := range map[string]string{"en": "cannot be read as a figure yet", "ko": "아직 수치로 읽을 수 없습니다"} {
		_, doc := w.post("/events", "contributor", lang, body, 400)
		if msg := mustInvalid(t, doc, "f-participants"); msg == "" {
			t.Errorf("%s: no message", lang)
		}
		if got := text(doc.Find("#f-participants-preview")); got != want {
			t.Errorf("%s: preview %q", lang, got)
		}
	}
	body.Set("participants", "30여 명")
	res, _ := w.post("/events", "contributor", "ko", body, 303)
	e, err := w.st.FindEventByID(as(admin), lastID(t, res.Header.Get("Location"), "/events/"))
	if err != nil || e.ParticipantsInterval == nil || e.ParticipantsInterval.Best < 30 {
		t.Fatalf("a Korean count is read: %+v, %v", e, err)
	}
}

// TestLetterComments adds a comment on a version from the letter page,
// and shows a refused one in the form page with the reason next to the
// field.
func TestLetterComments(t *testing.T) {
	w := mustWorkspace(t)
	for n, lang := range langs {
		doc := w.get("/letters/1", "contributor", lang, 200)
		f := doc.Find("form.comment-form")
		if got := text(f.Find(`label[for="f-body"]`)); got != [2]string{"Comment", "의견"}[n] {
			t.Errorf("%s: label %q", lang, got)
		}
		v := formValues(f)
		v.Set("body", "")
		_, doc = w.post(f.AttrOr("action", ""), "contributor", lang, v, 400)
		if got := mustInvalid(t, doc, "f-body"); got != [2]string{"Required.", "필수 항목입니다."}[n] {
			t.Errorf("%s: message %q", lang, got)
		}
		if doc.Find(`#f-version option[value="1"]`).Length() != 1 {
			t.Errorf("%s: the version choice is lost", lang)
		}
	}
	doc := w.get("/letters/1", "contributor", "en", 200)
	v := formValues(doc.Find("form.comment-form"))
	v.Set("lang", "ko")
	v.Set("body", "둘째 문장을 더 분명하게")
	res, _ := w.post("/letters/1/comments", "contributor", "en", v, 303)
	doc = w.get(res.Header.Get("Location"), "contributor", "ko", 200)
	if got := text(doc.Find("#comments li[data-version=\"1\"]")); !strings.Contains(got, "둘째 문장을 더 분명하게") || !strings.Contains(got, "한국어 본문") {
		t.Errorf("comment %q", got)
	}
	if doc := w.get("/letters/1", "", "en", 200); doc.Find("#comments li[id^=comment-]").Length() != 0 || doc.Find("form.comment-form").Length() != 0 {
		t.Errorf("the public reads comments or gets the comment form")
	}
}

// TestLargePhotoThroughTheForm uploads a 3 MiB JPEG with EXIF and GPS
// through the upload form: above the server's general 1 MiB limit, below
// the upload routes' own. The stored image has no metadata. A body over
// the upload limit is refused with the reason next to the file input.
func TestLargePhotoThroughTheForm(t *testing.T) {
	w := mustWorkspace(t)
	jpg := phototest.MustJPEG(t, 3<<20)
	vals := url.Values{"credit": {"Photographs: Bitna Kim (김빛나)"}, "consent": {"unknown"}, "sensitivity": {"coalition"}}
	_, loc := w.postMultipart("/events/1/photos", "contributor", "en", vals, jpg, 303)
	id := lastID(t, strings.SplitN(loc, "#", 2)[1], "photo-")
	img, ct, err := w.st.PhotoImage(as(admin), id)
	if err != nil || ct != "image/jpeg" || len(img) == 0 {
		t.Fatalf("stored image: %s, %d bytes, %v", ct, len(img), err)
	}
	for _, marker := range []string{"Exif", "GPS", phototest.GPSMarker} {
		if bytes.Contains(img, []byte(marker)) {
			t.Errorf("the stored image still contains %q", marker)
		}
	}
	doc := w.get(strings.SplitN(loc, "#", 2)[0], "contributor", "en", 200)
	if doc.Find(fmt.Sprintf(`#photo-%d img[src="/api/v1/photos/%d/image"]`, id, id)).Length() != 1 {
		t.Errorf("the event page does not show the photo")
	}

	t.Run("over the upload limit, without a declared length", func(t *testing.T) {
		huge := bytes.Repeat([]byte{0xFF}, 22<<20)
		ct, body := multipartForm(t, vals, "image", huge)
		for n, lang := range langs {
			req, _ := http.NewRequest("POST", w.srv.URL+"/events/1/photos", io.MultiReader(bytes.NewReader(body)))
			req.Header.Set("Content-Type", ct)
			req.Header.Set(viewerHeader, "contributor")
			req.Header.Set("Accept-Language", lang)
			res, err := noRedirects.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := goquery.NewDocumentFromReader(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusRequestEntityTooLarge {
				t.Fatalf("%s: status %d", lang, res.StatusCode)
			}
			if got := mustInvalid(t, doc, "f-image"); got != [2]string{"The image is larger than 20 MiB.", "이미지가 20 MiB보다 큽니다."}[n] {
				t.Errorf("%s: message %q", lang, got)
			}
		}
	})
	t.Run("not an image", func(t *testing.T) {
		doc, _ := w.postMultipart("/events/1/photos", "contributor", "ko", vals, []byte("GIF89a not really"), 400)
		if got := mustInvalid(t, doc, "f-image"); got != "JPEG 또는 PNG 이미지를 올리세요." {
			t.Errorf("message %q", got)
		}
	})
	t.Run("the limit the form names is the store's", func(t *testing.T) {
		if ui.MaxPhotoMiB<<20 != store.MaxPhotoBytes {
			t.Fatalf("ui.MaxPhotoMiB %d MiB, store.MaxPhotoBytes %d", ui.MaxPhotoMiB, store.MaxPhotoBytes)
		}
	})
}

// TestNewSourceFromTheEvidenceFields adds a source from the ask state
// and outcome forms ("Source not listed?") and comes back to them with
// the new source chosen as the evidence.
func TestNewSourceFromTheEvidenceFields(t *testing.T) {
	w := mustWorkspace(t)
	a := w.mustAsk(1, "Reply in writing")
	cases := []struct {
		name, form, field, input string
	}{
		{"ask state", fmt.Sprintf("/asks/%d/state", a.ID), "source_id", "#f-source-id"},
		{"outcome", "/outcomes/new?campaign_id=1", "source_ids.0", "#f-source-ids-0"},
	}
	for n, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := w.get(c.form, "contributor", "ko", 200)
			href := doc.Find(`[data-field="`+c.field+`"] .new-source a`).AttrOr("href", "")
			if !strings.HasPrefix(href, "/sources/new?next=") {
				t.Fatalf("new source link %q", href)
			}
			f := formValues(w.get(href, "contributor", "en", 200).Find("form.record-form"))
			f.Set("publisher", fmt.Sprintf("Ministry of Foreign Affairs briefing %d", n))
			f.Set("url", "https://www.mofa.go.kr/")
			res, _ := w.post("/sources", "contributor", "en", f, 303)
			loc := res.Header.Get("Location")
			if !strings.HasPrefix(loc, strings.SplitN(c.form, "?", 2)[0]) || !strings.Contains(loc, "source_id=") {
				t.Fatalf("back to %q", loc)
			}
			doc = w.get(loc, "contributor", "en", 200)
			if got := text(doc.Find(c.input + " option[selected]")); !strings.HasPrefix(got, "Ministry of Foreign Affairs briefing") {
				t.Fatalf("the new source is not chosen: %q", got)
			}
			if c.name != "ask state" {
				return
			}
			v := formValues(doc.Find("form.record-form"))
			v.Set("state", "acknowledged")
			v.Set("date", "2024-06-05")
			w.post(fmt.Sprintf("/asks/%d/state", a.ID), "contributor", "en", v, 303)
			got, _ := w.st.FindAskByID(as(admin), a.ID)
			if got.State != vigil.AskAcknowledged || got.StateSourceID == nil || fmt.Sprint(*got.StateSourceID) != strings.SplitN(strings.SplitN(loc, "source_id=", 2)[1], "&", 2)[0] {
				t.Fatalf("ask %s with evidence %v", got.State, got.StateSourceID)
			}
		})
	}
}

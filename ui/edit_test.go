package ui_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/figure"
)

// mustInvalid checks that a field is marked invalid the accessible way:
// aria-invalid, an error message it is described by, a link from the
// summary, and returns the message.
func mustInvalid(t *testing.T, doc *goquery.Document, id string) string {
	t.Helper()
	in := doc.Find("#" + id)
	if in.Length() != 1 {
		t.Fatalf("no input #%s", id)
	}
	if in.AttrOr("aria-invalid", "") != "true" {
		t.Errorf("#%s is not aria-invalid", id)
	}
	msg := doc.Find("#" + id + "-error")
	if msg.Length() != 1 || !strings.Contains(in.AttrOr("aria-describedby", ""), id+"-error") {
		t.Errorf("#%s is not described by its error (describedby %q)", id, in.AttrOr("aria-describedby", ""))
	}
	if doc.Find(`.error-summary a[href="#`+id+`"]`).Length() != 1 {
		t.Errorf("the error summary does not link to #%s", id)
	}
	return text(msg)
}

func TestCreateIncidentShowsErrorsInline(t *testing.T) {
	w := mustWorkspace(t)
	body := url.Values{"title.ko": {""}, "title.en": {" "}, "event": {"repatriation"}, "date": {"2024-13-45"},
		"victim_group": {"people held at the border"}, "sensitivity": {"restricted"}, "places.0.place_id": {"3"}}
	cases := []struct{ lang, title, date, row string }{
		{"en", "Give it in at least one language (Korean or English).", "", "Required."},
		{"ko", "한국어나 영어 중 적어도 하나로 적으세요.", "", "필수 항목입니다."},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			_, doc := w.post("/incidents", "contributor", c.lang, body, 400)
			if got := mustInvalid(t, doc, "f-title-ko"); got != c.title {
				t.Errorf("title error %q, want %q", got, c.title)
			}
			if got := mustInvalid(t, doc, "f-places-0-role"); got != c.row {
				t.Errorf("place row error %q, want %q", got, c.row)
			}
			// A contributor has coalition clearance: restricted is not
			// offered (the default is the most restricted level they may
			// write), and the store's refusal would be shown if forced.
			if doc.Find(`#f-sensitivity option[value="restricted"]`).Length() != 1 {
				t.Errorf("the submitted sensitivity must stay as the user chose it")
			}
			if v, _ := doc.Find("#f-victim-group").Attr("value"); v != "people held at the border" {
				t.Errorf("values are not kept: victim_group %q", v)
			}
			if _, ok := doc.Find("#f-title-ko").Attr("autofocus"); !ok {
				t.Errorf("the first invalid field has no autofocus")
			}
			if doc.Find("[autofocus]").Length() != 1 {
				t.Errorf("%d fields have autofocus", doc.Find("[autofocus]").Length())
			}
			if doc.Find(`label[for="f-date"]`).Length() != 1 || doc.Find("#f-date-help").Length() != 1 {
				t.Errorf("the date field lacks its label or help")
			}
		})
	}
	t.Run("the validator's messages, once the form parses", func(t *testing.T) {
		body := url.Values{"title.en": {"A title"}, "event": {"arrest"}, "date": {"2024-13-45"}, "sensitivity": {"coalition"}}
		_, doc := w.post("/incidents", "contributor", "en", body, 400)
		mustInvalid(t, doc, "f-date")
		body.Set("date", "2024-06")
		body.Set("sensitivity", "restricted")
		_, doc = w.post("/incidents", "contributor", "en", body, 400)
		if got := mustInvalid(t, doc, "f-sensitivity"); got != "Restricted is above your clearance (Coalition)." {
			t.Errorf("sensitivity error %q", got)
		}
		_, doc = w.post("/incidents", "contributor", "ko", body, 400)
		if got := mustInvalid(t, doc, "f-sensitivity"); got != "'제한'는 내 열람 등급('연대 단체')보다 높습니다." {
			t.Errorf("ko sensitivity error %q", got)
		}
	})
	t.Run("new forms default to the most restricted level the viewer may write", func(t *testing.T) {
		for viewer, want := range map[string]string{"contributor": "coalition", "editor": "restricted"} {
			doc := w.get("/incidents/new", viewer, "en", 200)
			if got := doc.Find("#f-sensitivity option[selected]").AttrOr("value", ""); got != want {
				t.Errorf("%s: default sensitivity %q, want %q", viewer, got, want)
			}
			if viewer == "contributor" && doc.Find(`#f-sensitivity option[value="restricted"]`).Length() != 0 {
				t.Errorf("a contributor is offered restricted")
			}
		}
	})
}

func TestCreateIncidentThenClaim(t *testing.T) {
	w := mustWorkspace(t)
	body := url.Values{"title.ko": {"투먼 탈북민 체포"}, "title.en": {"Defectors arrested in Tumen"}, "event": {"arrest"},
		"place_id": {"4"}, "places.0.place_id": {"2"}, "places.0.role": {"destination"}, "victim_group": {"North Korean defectors"}, "sensitivity": {"coalition"}}
	res, _ := w.post("/incidents", "contributor", "en", body, 303)
	loc := res.Header.Get("Location")
	var id int64
	if _, err := fmt.Sscanf(loc, "/incidents/%d?saved=1", &id); err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	doc := w.get(loc, "contributor", "en", 200)
	if got := text(doc.Find("p.notice")); got != "Saved (version 1)." {
		t.Errorf("notice %q", got)
	}
	if doc.Find("#figure .empty").Length() != 1 {
		t.Errorf("a new incident has no figure yet")
	}

	// The claim form opened from the incident has it and its event chosen.
	doc = w.get(fmt.Sprintf("/incidents/%d/claims/new", id), "contributor", "en", 200)
	f := formValues(doc.Find("form.record-form"))
	if f.Get("incident_id") != fmt.Sprint(id) || f.Get("event") != "arrest" {
		t.Fatalf("claim form: incident %q event %q", f.Get("incident_id"), f.Get("event"))
	}
	if doc.Find("#f-figure[data-figure-preview]").Length() != 1 || doc.Find("output#f-figure-preview").Length() != 1 {
		t.Errorf("the figure field has no preview")
	}
	f.Set("source_id", "2")
	f.Set("figure", "약 30명")
	f.Set("date", "2024-06-02")
	res, _ = w.post("/claims", "contributor", "en", f, 303)
	if !strings.HasPrefix(res.Header.Get("Location"), fmt.Sprintf("/incidents/%d", id)) {
		t.Errorf("after a claim, back to %q", res.Header.Get("Location"))
	}
	inc := w.find(id)
	if inc.Figure == nil || *inc.Figure.Low != 27 || inc.Figure.Best != 30 || *inc.Figure.High != 33 {
		t.Errorf("derived figure %+v", inc.Figure)
	}

	t.Run("an unreadable figure is explained next to the field", func(t *testing.T) {
		f.Set("figure", "a great many")
		for lang, want := range map[string]string{"en": "cannot be read as a figure yet", "ko": "아직 수치로 읽을 수 없습니다"} {
			_, doc := w.post("/claims", "contributor", lang, f, 400)
			mustInvalid(t, doc, "f-figure")
			if got := text(doc.Find("#f-figure-preview")); got != want {
				t.Errorf("%s: preview %q", lang, got)
			}
		}
		f.Set("figure", "50-60")
		_, doc := w.post("/claims", "contributor", "en", url.Values{"figure": {"50-60"}, "event": {"arrest"}, "sensitivity": {"public"}}, 400)
		if got := text(doc.Find("#f-figure-preview")); got != "reads as 50–55–60 (range)" {
			t.Errorf("preview without JavaScript %q", got)
		}
		mustInvalid(t, doc, "f-source-id")
	})
}

func TestNewSourceReturnsToTheClaimForm(t *testing.T) {
	w := mustWorkspace(t)
	doc := w.get("/incidents/4/claims/new", "contributor", "en", 200)
	href := doc.Find(`[data-field="source_id"] a`).AttrOr("href", "")
	if !strings.HasPrefix(href, "/sources/new?next=") {
		t.Fatalf("new source link %q", href)
	}
	doc = w.get(href, "contributor", "en", 200)
	f := formValues(doc.Find("form.record-form"))
	if f.Get("next") == "" {
		t.Fatalf("the source form lost its way back")
	}
	f.Set("publisher", "RFA")
	f.Set("url", "https://www.rfa.org/korean")
	f.Set("title.ko", "난닝 탈북민 소식")
	res, _ := w.post("/sources", "contributor", "en", f, 303)
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/incidents/4/claims/new?") || !strings.Contains(loc, "source_id=") {
		t.Fatalf("back to %q", loc)
	}
	doc = w.get(loc, "contributor", "en", 200)
	if got := text(doc.Find("#f-source-id option[selected]")); !strings.HasPrefix(got, "RFA") {
		t.Errorf("the new source is not chosen: %q", got)
	}
	t.Run("next never leaves the site", func(t *testing.T) {
		f.Set("next", "https://evil.example/")
		f.Set("publisher", "Another")
		res, _ := w.post("/sources", "contributor", "en", f, 303)
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/?source_id=") {
			t.Errorf("redirected to %q", loc)
		}
	})
}

// editForm fetches an edit page and returns its form values.
func editForm(t *testing.T, w *workspace, path, viewer string) url.Values {
	t.Helper()
	doc := w.get(path, viewer, "en", 200)
	return formValues(doc.Find("form.record-form"))
}

func TestStaleEditShowsTheMerge(t *testing.T) {
	w := mustWorkspace(t)
	// Editor A opens the form.
	mine := editForm(t, w, "/incidents/2/edit", "contributor")
	if mine.Get("version") != "1" || mine.Get("base") == "" {
		t.Fatalf("the form carries version %q and base %q", mine.Get("version"), mine.Get("base"))
	}
	// Editor B saves first: a new English title and victim group.
	theirs := w.find(2)
	theirs.Title.En = "About 200 returned from Baishan"
	theirs.VictimGroup = "defectors held at the Baishan Detention Center"
	if err := w.st.UpdateIncident(as(editor), theirs); err != nil {
		t.Fatal(err)
	}
	// A saves a different English title and a date rationale.
	mine.Set("title.en", "About 200 sent back from Baishan")
	mine.Set("date_rationale", "Date given by the post.")
	for _, lang := range []string{"en", "ko"} {
		_, doc := w.post("/incidents/2/edit", "contributor", lang, mine, 409)
		if stored := w.find(2); stored.Title.En != theirs.Title.En || stored.Version != 2 || stored.DateRationale != "" {
			t.Fatalf("a stale save wrote something: %+v", stored)
		}
		rows := doc.Find("section.merge tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%s: %d merge rows, want 2 (title.en, victim_group): %s", lang, rows.Length(), text(rows))
		}
		title := doc.Find(`section.merge tr[data-field="title.en"]`)
		if !title.HasClass("both") {
			t.Errorf("%s: title.en, changed by both, is not marked", lang)
		}
		if v, _ := title.Find("td.yours input").Attr("value"); v != "About 200 sent back from Baishan" {
			t.Errorf("%s: yours %q", lang, v)
		}
		if got := text(title.Find("td.theirs")); got != theirs.Title.En {
			t.Errorf("%s: theirs %q", lang, got)
		}
		if title.Find(`input[type=radio][checked]`).Length() != 0 || title.Find(`input[type=radio][required]`).Length() != 1 {
			t.Errorf("%s: a field both changed must be decided, with no default", lang)
		}
		group := doc.Find(`section.merge tr[data-field="victim_group"]`)
		if group.Find(`input[type=radio][value=theirs][checked]`).Length() != 1 {
			t.Errorf("%s: a field only they changed defaults to theirs", lang)
		}
		if doc.Find(`section.merge tr[data-field="date_rationale"]`).Length() != 0 {
			t.Errorf("%s: a field only I changed is not a merge row", lang)
		}
		f := formValues(doc.Find("form.record-form"))
		if f.Get("version") != "2" || f.Get("decide") != "title.en" {
			t.Errorf("%s: the merge carries version %q and decide %q", lang, f.Get("version"), f.Get("decide"))
		}
		if got := text(doc.Find(".merge-intro")); !strings.Contains(got, "2") {
			t.Errorf("%s: merge intro %q", lang, got)
		}
	}

	_, doc := w.post("/incidents/2/edit", "contributor", "en", mine, 409)
	merged := formValues(doc.Find("form.record-form"))
	t.Run("saving without deciding asks again", func(t *testing.T) {
		_, doc := w.post("/incidents/2/edit", "contributor", "en", merged, 409)
		if got := text(doc.Find(`tr[data-field="title.en"] .field-error, #f-title-en-error`)); !strings.Contains(got, "Choose which value to keep") {
			t.Errorf("undecided field message %q", got)
		}
		if w.find(2).Version != 2 {
			t.Fatalf("an undecided merge wrote something")
		}
	})
	t.Run("keeping mine for the title, theirs for the group", func(t *testing.T) {
		merged.Set("keep.title.en", "yours")
		res, _ := w.post("/incidents/2/edit", "contributor", "en", merged, 303)
		if !strings.HasPrefix(res.Header.Get("Location"), "/incidents/2?saved=3") {
			t.Errorf("redirect %q", res.Header.Get("Location"))
		}
		got := w.find(2)
		if got.Title.En != "About 200 sent back from Baishan" || got.VictimGroup != theirs.VictimGroup || got.DateRationale != "Date given by the post." {
			t.Errorf("merged record: title %q, group %q, rationale %q", got.Title.En, got.VictimGroup, got.DateRationale)
		}
	})
	t.Run("keeping theirs", func(t *testing.T) {
		a := editForm(t, w, "/incidents/2/edit", "contributor")
		b := w.find(2)
		b.Title.En = "Their title again"
		if err := w.st.UpdateIncident(as(editor), b); err != nil {
			t.Fatal(err)
		}
		a.Set("title.en", "My title again")
		_, doc := w.post("/incidents/2/edit", "contributor", "en", a, 409)
		m := formValues(doc.Find("form.record-form"))
		m.Set("keep.title.en", "theirs")
		w.post("/incidents/2/edit", "contributor", "en", m, 303)
		if got := w.find(2).Title.En; got != "Their title again" {
			t.Errorf("title %q", got)
		}
	})
	t.Run("a form without a version cannot overwrite", func(t *testing.T) {
		a := editForm(t, w, "/incidents/2/edit", "contributor")
		a.Del("version")
		a.Del("base")
		a.Set("title.en", "blind write")
		w.post("/incidents/2/edit", "contributor", "en", a, 409)
		if got := w.find(2).Title.En; got == "blind write" {
			t.Errorf("a versionless save overwrote the record")
		}
	})
	t.Run("other records merge the same way", func(t *testing.T) {
		a := editForm(t, w, "/sources/2/edit", "editor")
		s, _ := w.st.FindSourceByID(as(admin), 2)
		s.Reliability = "B"
		if err := w.st.UpdateSource(as(admin), s); err != nil {
			t.Fatal(err)
		}
		a.Set("reliability", "D")
		_, doc := w.post("/sources/2/edit", "editor", "ko", a, 409)
		row := doc.Find(`section.merge tr[data-field="reliability"]`)
		if got := text(row.Find("td.theirs")); got != "B — 대체로 신뢰" {
			t.Errorf("theirs shows %q, want the option's label", got)
		}
	})
}

func TestEditorialForms(t *testing.T) {
	w := mustWorkspace(t)
	withConflict(w)
	doc := w.get("/incidents/2", "editor", "en", 200)
	resolve := formValues(doc.Find(`form[action="/incidents/2/resolve"]`))
	override := formValues(doc.Find(`form[action="/incidents/2/override"]`))

	t.Run("contributors may not resolve", func(t *testing.T) {
		resolve.Set("conflict_resolution", "mine")
		w.post("/incidents/2/resolve", "contributor", "en", resolve, 403)
	})
	t.Run("resolution is required", func(t *testing.T) {
		resolve.Set("conflict_resolution", " ")
		_, doc := w.post("/incidents/2/resolve", "editor", "ko", resolve, 400)
		if got := mustInvalid(t, doc, "f-conflict-resolution"); got != "필수 항목입니다." {
			t.Errorf("message %q", got)
		}
	})
	t.Run("resolving clears the open conflict", func(t *testing.T) {
		resolve.Set("conflict_resolution", "The NKHR figure is better sourced than the relayed one.")
		w.post("/incidents/2/resolve", "editor", "en", resolve, 303)
		inc := w.find(2)
		if inc.Conflict || inc.ConflictResolution == "" {
			t.Fatalf("conflict %v, resolution %q", inc.Conflict, inc.ConflictResolution)
		}
		doc := w.get("/incidents/2", "anonymous", "en", 200)
		if doc.Find(".conflict-banner").Length() != 0 || !strings.Contains(text(doc.Find(".resolution")), "better sourced") {
			t.Errorf("the page still shows the conflict: %q", text(doc.Find("#claims")))
		}
	})
	t.Run("an override needs a rationale", func(t *testing.T) {
		// The resolve bumped the version: the override form is stale and
		// shows the merge rather than saving.
		override.Set("override.best", "210")
		_, doc := w.post("/incidents/2/override", "editor", "en", override, 409)
		fresh := formValues(doc.Find("form.record-form"))
		_, doc = w.post("/incidents/2/override", "editor", "en", fresh, 400)
		if got := mustInvalid(t, doc, "f-override-rationale"); got != "A rationale is required when overriding the derived figure." {
			t.Errorf("message %q", got)
		}
		fresh.Set("override.low", "230")
		fresh.Set("override.rationale", "Satellite imagery of the buses.")
		_, doc = w.post("/incidents/2/override", "editor", "en", fresh, 400)
		mustInvalid(t, doc, "f-override-low")
		fresh.Set("override.low", "200")
		w.post("/incidents/2/override", "editor", "en", fresh, 303)
		inc := w.find(2)
		if inc.FigureBasis != vigil.BasisEditor || inc.Figure.Best != 210 || *inc.Figure.Low != 200 || inc.Figure.High != nil {
			t.Errorf("figure %+v basis %s", inc.Figure, inc.FigureBasis)
		}
		doc = w.get("/incidents/2", "anonymous", "ko", 200)
		if got := text(doc.Find("#figure dd.high")); got != "상한 없음" {
			t.Errorf("an unbounded high reads %q", got)
		}
	})
}

func TestRecordForms(t *testing.T) {
	w := mustWorkspace(t)
	cases := []struct {
		name, path string
		body       url.Values
		field      string // the input that must be marked invalid
		want       string // its English message
	}{
		{"source with a bad address", "/sources", url.Values{"kind": {"article"}, "publisher": {"X"}, "url": {"ftp://x"}, "reliability": {"C"}, "sensitivity": {"public"}},
			"f-url", "“ftp://x” is not an http(s) address."},
		{"source without publisher", "/sources", url.Values{"kind": {"article"}, "reliability": {"C"}, "sensitivity": {"public"}}, "f-publisher", "Required."},
		{"place with half a position", "/places", url.Values{"kind": {"city"}, "names.en": {"Tumen"}, "lat": {"42.97"}, "sensitivity": {"public"}},
			"f-lat", "Give latitude and longitude together, or neither."},
		{"place with a word for latitude", "/places", url.Values{"kind": {"city"}, "names.en": {"Tumen"}, "lat": {"north"}, "lon": {"129.8"}, "sensitivity": {"public"}},
			"f-lat", "Must be a decimal number such as 41.94."},
		{"protected organization", "/actors", url.Values{"kind": {"organization"}, "name.en": {"Org"}, "protected": {"on"}, "pseudonym.en": {"P"}, "sensitivity": {"public"}},
			"f-protected", "Only a person's identity can be protected."},
		{"protected person without pseudonym", "/actors", url.Values{"kind": {"person"}, "name.ko": {"홍길동"}, "protected": {"on"}, "sensitivity": {"restricted"}},
			"f-pseudonym-ko", "Give it in at least one language (Korean or English)."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, doc := w.post(c.path, "editor", "en", c.body, 400)
			if got := mustInvalid(t, doc, c.field); got != c.want {
				t.Errorf("message %q, want %q", got, c.want)
			}
		})
	}
	t.Run("a place is created under its parent", func(t *testing.T) {
		res, _ := w.post("/places", "editor", "en", url.Values{"kind": {"city"}, "names.en": {"Tumen"}, "names.ko": {"투먼"}, "variants": {"图们\n Tumen City \n"},
			"parent_id": {"4"}, "lat": {"42.97"}, "lon": {"129.84"}, "country_code": {"cn"}, "sensitivity": {"public"}}, 303)
		doc := w.get(strings.Split(res.Header.Get("Location"), "?")[0], "anonymous", "ko", 200)
		if got := text(doc.Find("h1")); got != "투먼" {
			t.Errorf("heading %q", got)
		}
		if got := text(doc.Find(".record-facts")); !strings.Contains(got, "图们, Tumen City") || !strings.Contains(got, "CN") || !strings.Contains(got, "지린성") {
			t.Errorf("facts %q", got)
		}
	})
	t.Run("a protected person's edit form needs restricted clearance", func(t *testing.T) {
		w.get("/actors/18/edit", "contributor", "en", 403)
		doc := w.get("/actors/18", "contributor", "en", 200)
		if got := text(doc.Find("h1")); got != "Affected individual A" {
			t.Errorf("a contributor sees %q, want the pseudonym", got)
		}
		if doc.Find(`a[href="/actors/18/edit"]`).Length() != 0 {
			t.Errorf("a contributor is offered the edit form of a protected person")
		}
		doc = w.get("/actors/18/edit", "editor", "en", 200)
		if v, _ := doc.Find("#f-name-en").Attr("value"); v != "Gyuri Kim" {
			t.Errorf("staff edit the real name, got %q", v)
		}
	})
	t.Run("a claim keeps a place the editor cannot see", func(t *testing.T) {
		secret := &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Kind: vigil.PlaceFacility, Names: vigil.Names{En: "Safe house"}}
		if err := w.st.CreatePlace(as(admin), secret); err != nil {
			t.Fatal(err)
		}
		c := &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Public}, SourceID: 1, IncidentID: ptr[int64](1), Figure: figure.Figure{Text: "600"},
			Event: vigil.EventRepatriation, PlaceID: &secret.ID, Credibility: 3}
		if err := w.st.CreateClaim(as(admin), c); err != nil {
			t.Fatal(err)
		}
		f := editForm(t, w, fmt.Sprintf("/claims/%d/edit", c.ID), "contributor")
		if f.Get("place_id") != fmt.Sprint(secret.ID) {
			t.Fatalf("the form dropped the hidden place: %q", f.Get("place_id"))
		}
		f.Set("quote", "600 people")
		w.post(fmt.Sprintf("/claims/%d/edit", c.ID), "contributor", "en", f, 303)
		got, _ := w.st.FindClaimByID(as(admin), c.ID)
		if got.PlaceID == nil || *got.PlaceID != secret.ID || got.Quote != "600 people" {
			t.Errorf("claim after save: place %v quote %q", got.PlaceID, got.Quote)
		}
	})
}

func TestLinkForms(t *testing.T) {
	w := mustWorkspace(t)
	det := w.incident(vigil.Public, "Held in Nanning", vigil.EventDetention, "2024-05-09")
	w.post("/incidents/4/links", "contributor", "en", url.Values{"kind": {"same_cohort"}, "to_id": {fmt.Sprint(det.ID)}, "sensitivity": {"coalition"}}, 303)
	doc := w.get("/incidents/4", "editor", "en", 200)
	if doc.Find("#cohort ol.timeline li").Length() != 2 {
		t.Fatalf("no cohort after linking")
	}
	t.Run("a link to itself is refused next to the field", func(t *testing.T) {
		_, doc := w.post("/incidents/4/links", "contributor", "ko", url.Values{"kind": {"part_of"}, "to_id": {"4"}, "sensitivity": {"public"}}, 400)
		if got := mustInvalid(t, doc, "f-to-id"); got != "사건을 자기 자신과 연결할 수 없습니다." {
			t.Errorf("message %q", got)
		}
	})
	t.Run("editors remove links at the version shown", func(t *testing.T) {
		del := doc.Find(`#links form[action^="/links/"]`)
		if del.Length() != 1 {
			t.Fatalf("%d remove buttons", del.Length())
		}
		w.post(del.AttrOr("action", ""), "contributor", "en", formValues(del), 403)
		w.post(del.AttrOr("action", ""), "editor", "en", formValues(del), 303)
		if doc := w.get("/incidents/4", "editor", "en", 200); doc.Find("#links li").Length() != 0 {
			t.Errorf("the link is still there")
		}
	})
}

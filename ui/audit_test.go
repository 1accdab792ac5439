package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestAuditPages(t *testing.T) {
	w := mustWorkspace(t)
	inc := w.find(2)
	inc.Title.En = "About 200 returned from Baishan"
	inc.VictimGroup = ""
	if err := w.st.UpdateIncident(as(editor), inc); err != nil {
		t.Fatal(err)
	}

	t.Run("the log, newest first", func(t *testing.T) {
		doc := w.get("/audit", "editor", "en", 200)
		first := doc.Find("ol.audit li.entry").First()
		if !strings.Contains(text(first), "test:editor") || !strings.Contains(text(first), "Incident #2") || !strings.Contains(text(first), "version 2") {
			t.Errorf("newest entry %q", text(first))
		}
		if first.Find("table.changes").Length() != 0 {
			t.Errorf("the whole log lists entries; diffs are in a record's history")
		}
		if !strings.Contains(text(doc.Find("p.count")), "entries") {
			t.Errorf("count %q", text(doc.Find("p.count")))
		}
	})

	t.Run("a record's history with field diffs", func(t *testing.T) {
		for _, c := range []struct{ lang, heading, action string }{
			{"en", "History of Incident #2", "changed"},
			{"ko", "사건 #2 변경 이력", "변경"},
		} {
			doc := w.get("/incidents/2/history", "admin", c.lang, 200)
			if got := text(doc.Find("h1")); got != c.heading {
				t.Errorf("%s: heading %q", c.lang, got)
			}
			entries := doc.Find("ol.audit li.entry")
			if entries.Length() != 2 {
				t.Fatalf("%s: %d entries, want create and update", c.lang, entries.Length())
			}
			upd := entries.First()
			if got := text(upd.Find(".action")); got != c.action {
				t.Errorf("%s: action %q", c.lang, got)
			}
			rows := map[string][2]string{}
			upd.Find("table.changes tbody tr:not(.derived)").Each(func(_ int, r *goquery.Selection) {
				rows[r.AttrOr("data-field", "")] = [2]string{text(r.Find("td.old")), text(r.Find("td.new"))}
			})
			want := map[string][2]string{
				"title.en":     {"About 200 repatriated from Baishan Detention Center", "About 200 returned from Baishan"},
				"victim_group": {"North Korean defectors held in China", ""},
			}
			if fmt.Sprint(rows) != fmt.Sprint(want) {
				t.Errorf("%s: diff %v\nwant %v", c.lang, rows, want)
			}
			if got := upd.Find(`table.changes tr.derived[data-field="figure.best"]`).Length(); got != 1 {
				t.Errorf("%s: the figure, derived when the claim was added, is not shown apart", c.lang)
			}
			created := entries.Last()
			if got := text(created.Find(`tr[data-field="event"] td.new`)); got != "repatriation" {
				t.Errorf("%s: the creation lists its fields, event %q", c.lang, got)
			}
			if doc.Find(`.crumbs a[href="/incidents/2"]`).Length() != 1 {
				t.Errorf("%s: no way back to the record", c.lang)
			}
		}
	})

	t.Run("filtering by entity and id is the same history", func(t *testing.T) {
		a := text(w.get("/audit?entity=incidents&entity_id=2", "editor", "en", 200).Find("ol.audit"))
		b := text(w.get("/incidents/2/history", "editor", "en", 200).Find("ol.audit"))
		if a != b {
			t.Errorf("the two history views differ")
		}
		res, doc := w.do("GET", "/audit?entity=secrets", "editor", "en", nil)
		if res.StatusCode != 400 || doc.Find(".field.invalid #flt-entity").Length() != 1 {
			t.Errorf("an unknown entity: status %d", res.StatusCode)
		}
	})

	t.Run("paginated histories diff across the page break", func(t *testing.T) {
		for n := range 26 {
			i := w.find(1)
			i.DateRationale = fmt.Sprintf("revision %d", n)
			if err := w.st.UpdateIncident(as(editor), i); err != nil {
				t.Fatal(err)
			}
		}
		doc := w.get("/incidents/1/history", "editor", "en", 200)
		if got := doc.Find("ol.audit li.entry").Length(); got != 25 {
			t.Fatalf("page 1 has %d entries", got)
		}
		last := doc.Find("ol.audit li.entry").Last()
		if got := text(last.Find(`tr[data-field="date_rationale"] td.old`)); got != "revision 0" {
			t.Errorf("the page's oldest entry diffs against the one on the next page: old %q", got)
		}
		next := doc.Find(`nav.pager a[rel="next"]`).AttrOr("href", "")
		doc = w.get(next, "editor", "en", 200)
		if got := doc.Find("ol.audit li.entry").Length(); got != 2 {
			t.Errorf("page 2 has %d entries, want 2", got)
		}
	})

	t.Run("only restricted clearance reads the log", func(t *testing.T) {
		for _, v := range []string{"anonymous", "viewer", "contributor"} {
			res, doc := w.do("GET", "/audit", v, "ko", nil)
			if res.StatusCode != 403 || !strings.Contains(text(doc.Find("p.error-message")), "권한이 없습니다") {
				t.Errorf("%s: status %d, message %q", v, res.StatusCode, text(doc.Find("p.error-message")))
			}
			if doc := w.get("/incidents/1", v, "en", 200); doc.Find(`a[href="/incidents/1/history"]`).Length() != 0 || doc.Find(`nav a[href="/audit"]`).Length() != 0 {
				t.Errorf("%s is offered the history", v)
			}
		}
		if doc := w.get("/incidents/1", "editor", "en", 200); doc.Find(`nav a[href="/audit"]`).Length() != 1 {
			t.Errorf("staff have no audit link in the navigation")
		}
	})
}

func TestRestoreAnEarlierVersion(t *testing.T) {
	w := mustWorkspace(t)
	inc := w.find(3)
	original := inc.Title.En
	inc.Title.En = "A mistaken title"
	inc.DateRationale = "mistake"
	if err := w.st.UpdateIncident(as(editor), inc); err != nil {
		t.Fatal(err)
	}
	doc := w.get("/incidents/3/history", "editor", "en", 200)
	link := doc.Find("ol.audit li.entry a.restore")
	if link.Length() != 1 || link.AttrOr("href", "") != "/incidents/3/edit?restore=1" {
		t.Fatalf("restore links %d, href %q (only the earlier version has one)", link.Length(), link.AttrOr("href", ""))
	}
	doc = w.get(link.AttrOr("href", ""), "editor", "ko", 200)
	f := formValues(doc.Find("form.record-form"))
	if f.Get("title.en") != original || f.Get("version") != "2" {
		t.Fatalf("restore form: title %q version %q", f.Get("title.en"), f.Get("version"))
	}
	if got := text(doc.Find(".merge-intro")); !strings.Contains(got, "버전 1") {
		t.Errorf("restore notice %q", got)
	}
	if w.find(3).Title.En != "A mistaken title" {
		t.Fatalf("opening the restore form changed the record")
	}
	w.post("/incidents/3/edit", "editor", "en", f, 303)
	if got := w.find(3); got.Title.En != original || got.DateRationale != "\"around April 26\": approximate day." || got.Version != 3 {
		t.Errorf("after restoring: title %q rationale %q version %d", got.Title.En, got.DateRationale, got.Version)
	}
	w.get("/incidents/3/edit?restore=9", "editor", "en", 404)
	w.get("/incidents/3/edit?restore=1", "contributor", "en", 403)
}

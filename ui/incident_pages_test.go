package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
)

// rowIDs lists the incident ids of the list's rows, in order.
func rowIDs(doc *goquery.Document) []string {
	var ids []string
	doc.Find("table.incidents tbody tr").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, s.AttrOr("data-id", ""))
	})
	return ids
}

func TestIncidentList(t *testing.T) {
	w := mustWorkspace(t)
	co, re := fmt.Sprint(w.coalitionInc), fmt.Sprint(w.restrictedInc)
	cases := []struct {
		name, query, viewer string
		want                []string
	}{
		{"everything visible, newest first", "", "anonymous", []string{"4", "3", "2", "1"}},
		{"coalition sees its own", "", "contributor", []string{co, "4", "3", "2", "1"}},
		{"staff see everything", "", "editor", []string{re, co, "4", "3", "2", "1"}},
		{"event", "?event=repatriation", "anonymous", []string{"3", "2", "1"}},
		{"period", "?from=2024-04-01&to=2024-04-30", "anonymous", []string{"3", "2"}},
		{"place with the places inside it (Jilin)", "?place=4", "anonymous", []string{"2"}},
		{"place: China and everything in it", "?place=1&sort=date", "anonymous", []string{"1", "2", "3", "4"}},
		{"perpetrator", "?perpetrator=13&event=arrest", "anonymous", []string{"4"}},
		{"sensitivity", "?sensitivity=restricted", "admin", []string{re}},
		{"no conflict", "?conflict=no&event=arrest", "anonymous", []string{"4"}},
		{"largest figure first", "?sort=-best", "anonymous", []string{"1", "2", "4", "3"}},
		{"title search", "?q=Baishan", "anonymous", []string{"2"}},
		{"title search in Korean", "?q=" + "%EB%82%9C%EB%8B%9D", "anonymous", []string{"4"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := w.get("/incidents"+c.query, c.viewer, "en", 200)
			if got := strings.Join(rowIDs(doc), ","); got != strings.Join(c.want, ",") {
				t.Errorf("rows %s, want %s", got, strings.Join(c.want, ","))
			}
		})
	}

	t.Run("figures, dates and events per language", func(t *testing.T) {
		for _, c := range []struct{ lang, date, event, count string }{
			{"en", "9 October 2023", "Repatriation", "4 incidents"},
			{"ko", "2023년 10월 9일", "강제송환", "사건 4건"},
		} {
			doc := w.get("/incidents", "anonymous", c.lang, 200)
			row := doc.Find(`table.incidents tr[data-id="1"]`)
			if got := text(row.Find("td.figure")); got != "540–600–660" {
				t.Errorf("%s: figure %q", c.lang, got)
			}
			if got := text(row.Find("td.date")); got != c.date {
				t.Errorf("%s: date %q, want %q", c.lang, got, c.date)
			}
			if got := text(row.Find("td").Eq(2)); got != c.event {
				t.Errorf("%s: event %q, want %q", c.lang, got, c.event)
			}
			if got := text(doc.Find("p.count")); got != c.count {
				t.Errorf("%s: count %q, want %q", c.lang, got, c.count)
			}
			if got := text(doc.Find(`table.incidents tr[data-id="4"] td.figure`)); got != "61–61–…" {
				t.Errorf("%s: unbounded figure %q", c.lang, got)
			}
			if got := doc.Find(`label[for="flt-event"]`).Length(); got != 1 {
				t.Errorf("%s: the event filter has %d labels", c.lang, got)
			}
		}
	})

	t.Run("filters stay in the form", func(t *testing.T) {
		doc := w.get("/incidents?event=repatriation&from=2024-01-01&conflict=no&sort=best", "anonymous", "en", 200)
		f := formValues(doc.Find("form.filters"))
		for k, v := range map[string]string{"event": "repatriation", "from": "2024-01-01", "conflict": "no", "sort": "best"} {
			if f.Get(k) != v {
				t.Errorf("filter %s = %q, want %q", k, f.Get(k), v)
			}
		}
		if doc.Find(`form.filters[method="get"][action="/incidents"]`).Length() != 1 {
			t.Errorf("filters must be a GET form, so they live in the URL")
		}
	})

	t.Run("empty state", func(t *testing.T) {
		for lang, want := range map[string]string{"en": "No incidents match", "ko": "조건에 맞는 사건이 없습니다"} {
			doc := w.get("/incidents?conflict=yes", "anonymous", lang, 200)
			if doc.Find("table.incidents").Length() != 0 {
				t.Errorf("%s: an empty list shows a table", lang)
			}
			if got := text(doc.Find(".empty")); !strings.Contains(got, want) {
				t.Errorf("%s: empty state %q, want %q", lang, got, want)
			}
			if doc.Find(`.empty a[href="/incidents"]`).Length() != 1 {
				t.Errorf("%s: the empty state offers no way to clear the filters", lang)
			}
		}
	})

	t.Run("bad filters are named, not ignored", func(t *testing.T) {
		res, doc := w.do("GET", "/incidents?from=2024-13-01&event=picnic", "anonymous", "en", nil)
		if res.StatusCode != 400 {
			t.Fatalf("status %d", res.StatusCode)
		}
		if doc.Find(`#flt-from[aria-invalid="true"]`).Length() != 1 || text(doc.Find("#flt-from-error")) == "" {
			t.Errorf("the bad day is not marked")
		}
		if doc.Find(".field.invalid #flt-event").Length() != 1 {
			t.Errorf("the bad event is not marked")
		}
	})

	t.Run("pagination with total count", func(t *testing.T) {
		for n := range 30 {
			w.incident(vigil.Public, fmt.Sprintf("Arrest %02d", n), vigil.EventArrest, fmt.Sprintf("2022-01-%02d", n+1))
		}
		doc := w.get("/incidents?event=arrest&sort=date", "anonymous", "en", 200)
		if got := len(rowIDs(doc)); got != 25 {
			t.Fatalf("page 1 has %d rows, want 25", got)
		}
		if got := text(doc.Find("p.count")); got != "31 incidents · showing 1–25" {
			t.Errorf("count %q", got)
		}
		next := doc.Find(`nav.pager a[rel="next"]`).AttrOr("href", "")
		if !strings.Contains(next, "event=arrest") || !strings.Contains(next, "sort=date") || !strings.Contains(next, "page=2") {
			t.Fatalf("next link %q loses the filters", next)
		}
		doc = w.get(next, "anonymous", "ko", 200)
		if got := rowIDs(doc); len(got) != 6 || got[5] != "4" {
			t.Errorf("page 2 rows %v, want 6 ending with the Nanning arrest", got)
		}
		if got := text(doc.Find("nav.pager .pages")); got != "2 / 2쪽" {
			t.Errorf("pager %q", got)
		}
		if doc.Find(`nav.pager a[rel="prev"]`).Length() != 1 || doc.Find(`nav.pager a[rel="next"]`).Length() != 0 {
			t.Errorf("page 2 of 2 links prev only")
		}
	})
}

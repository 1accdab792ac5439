package triage_test

import (
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/triage"
)

func ptr[T any](v T) *T { return &v }

func TestRank(t *testing.T) {
	// Places: Jilin (1) ⊃ Tumen (2) ⊃ Tumen detention (3); Liaoning (4) ⊃ Dandong (5).
	parents := map[int64]int64{2: 1, 3: 2, 5: 4}
	iv := func(lo, best, hi int) *figure.Interval { return &figure.Interval{Low: &lo, Best: best, High: &hi} }
	inc := func(id int64, ev vigil.EventType, start, end string, place int64, fig *figure.Interval) *vigil.Incident {
		i := &vigil.Incident{Meta: vigil.Meta{ID: id}, Event: ev, DateStart: start, DateEnd: end, Figure: fig}
		if place != 0 {
			i.PlaceID = &place
		}
		return i
	}
	incidents := []*vigil.Incident{
		inc(1, vigil.EventRepatriation, "2024-04-20", "2024-04-30", 3, iv(27, 30, 33)), // same event, overlapping dates, facility under the claim's city, figures overlap
		inc(2, vigil.EventRepatriation, "2024-04-26", "2024-04-26", 5, iv(180, 200, 220)),
		inc(3, vigil.EventArrest, "2024-04-25", "2024-04-25", 2, nil),
		inc(4, vigil.EventRelease, "2023-01-01", "2023-01-01", 0, nil), // nothing in common
		inc(5, vigil.EventRepatriation, "2024-05-10", "2024-05-10", 0, nil),
	}
	probe := triage.Probe{Event: vigil.EventRepatriation, DateStart: "2024-04-21", DateEnd: "2024-04-30", PlaceID: 2, Interval: iv(30, 30, 33)}
	got := triage.Rank(probe, incidents, parents, 10)
	var order []int64
	for _, m := range got {
		order = append(order, m.Incident.ID)
	}
	want := []int64{1, 2, 3, 5}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v (%+v)", order, want, got)
		}
	}
	if r := strings.Join(got[0].Reasons, ","); r != "event,date,place_near,figure" {
		t.Fatalf("reasons of the best match: %s", r)
	}
	if r := strings.Join(got[3].Reasons, ","); r != "event,date_near" {
		t.Fatalf("reasons of incident 5: %s", r)
	}
	if limited := triage.Rank(probe, incidents, parents, 2); len(limited) != 2 || limited[0].Incident.ID != 1 {
		t.Fatalf("limit 2: %+v", limited)
	}
	t.Run("ties go to the newer incident", func(t *testing.T) {
		a := inc(7, vigil.EventArrest, "", "", 0, nil)
		b := inc(9, vigil.EventArrest, "", "", 0, nil)
		got := triage.Rank(triage.Probe{Event: vigil.EventArrest}, []*vigil.Incident{a, b}, nil, 0)
		if len(got) != 2 || got[0].Incident.ID != 9 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("unbounded figures overlap", func(t *testing.T) {
		open := &figure.Interval{Low: ptr(61), Best: 61}
		got := triage.Rank(triage.Probe{Interval: iv(50, 55, 60)}, []*vigil.Incident{inc(1, vigil.EventOther, "", "", 0, open)}, nil, 0)
		if len(got) != 0 {
			t.Fatalf("50–60 overlaps 61+: %+v", got)
		}
		got = triage.Rank(triage.Probe{Interval: iv(60, 65, 70)}, []*vigil.Incident{inc(1, vigil.EventOther, "", "", 0, open)}, nil, 0)
		if len(got) != 1 {
			t.Fatalf("60–70 does not overlap 61+: %+v", got)
		}
	})
}

func TestHighlight(t *testing.T) {
	text := "<b>Title</b>\nabout 40 & more than 20 \"people\""
	i := strings.Index(text, "about 40")
	j := strings.Index(text, "more than 20")
	got := string(triage.Highlight(text, []triage.Span{{j, j + len("more than 20"), `at_least "x"`}, {i, i + len("about 40"), "repatriation"}, {-5, 3, "clipped"}, {i, i + 3, "overlap"}}))
	want := `&lt;b&gt;Title&lt;/b&gt;<br>` + "\n" + `<mark title="repatriation">about 40</mark> &amp; <mark title="at_least &#34;x&#34;">more than 20</mark> &#34;people&#34;`
	if !strings.HasSuffix(got, want[len("&lt;b&gt;"):]) || strings.Contains(got, "<b>") {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestSentence(t *testing.T) {
	text := "Title line\nFirst one. Police arrested 15 North Koreans last week. They face repatriation."
	i := strings.Index(text, "15")
	s, e := triage.Sentence(text, i, i+2)
	if got := text[s:e]; got != "Police arrested 15 North Koreans last week." {
		t.Fatalf("%q", got)
	}
	ko := "제목\n소식통에 따르면 탈북민 30여 명이 북송됐다. 다음 문장."
	i = strings.Index(ko, "30여 명")
	s, e = triage.Sentence(ko, i, i+len("30여 명"))
	if got := ko[s:e]; got != "소식통에 따르면 탈북민 30여 명이 북송됐다." {
		t.Fatalf("%q", got)
	}
}

func TestCandidatesUseTheStoresPlaces(t *testing.T) {
	places := []*vigil.Place{
		{Meta: vigil.Meta{ID: 11}, Kind: vigil.PlaceCity, Names: vigil.Names{Ko: "단둥", En: "Dandong", Zh: "丹东"}, Variants: []string{"Andong"}},
	}
	it := &vigil.FeedItem{Title: "단둥서 탈북민 체포", Text: "중국 공안이 지난 9일 랴오닝성 단둥에서 탈북민 12명을 체포했다고 대북 소식통이 전했다.", Language: "ko", Published: "2024-05-13"}
	cs := triage.Candidates(it, triage.Gazetteer(places))
	if len(cs) != 1 {
		t.Fatalf("%d candidates: %+v", len(cs), cs)
	}
	c := cs[0]
	text := triage.ItemText(it)
	if c.CountText != "12명" || text[c.Start:c.End] != "12명" || c.Event != "arrest" || c.Date != "2024-05-09" || c.PlaceID != 11 {
		t.Fatalf("%+v", c)
	}
	if c.Quote != it.Text || c.DateStart != "2024-05-09" {
		t.Fatalf("quote %q, date start %q", c.Quote, c.DateStart)
	}
}

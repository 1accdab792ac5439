package chart_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigil"
	"vigil/chart"
	"vigil/i18n"
	"vigil/web"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr(n int) *int { return &n }

// mustBundle loads the UI's real messages, so golden files show the text
// a reader sees.
func mustBundle(tb testing.TB) *i18n.Bundle {
	tb.Helper()
	b, err := i18n.Load(web.FS, "locales")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustOptions(tb testing.TB, lang, from, to string) chart.Options {
	tb.Helper()
	b := mustBundle(tb)
	T := func(k string, a ...any) string { return b.T(lang, k, a...) }
	return chart.Options{Lang: lang, ID: "c", T: T, Title: T("viz.chart.title", T("event.repatriation")), From: from, To: to}
}

// seed is the demo's repatriations, with the Nanning arrest's unbounded
// high and an unknown low added to May to exercise every mark.
var seed = []vigil.MonthTotal{
	{Month: "2023-10", Total: vigil.Total{Low: 540, Best: 600, High: ptr(660)}, Incidents: []int64{1}},
	{Month: "2024-04", Total: vigil.Total{Low: 230, Best: 255, High: ptr(280)}, Incidents: []int64{2, 3}},
	{Month: "2024-05", Total: vigil.Total{Low: 61, Best: 61, LowIncomplete: true, HighUnbounded: true}, Incidents: []int64{4}},
}

// node is a parsed SVG element, for structural checks.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls f on n and every descendant.
func (n node) walk(f func(node)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

// mustParse checks that out is well-formed XML and returns its root.
func mustParse(tb testing.TB, out []byte) node {
	tb.Helper()
	var root node
	if err := xml.Unmarshal(out, &root); err != nil {
		tb.Fatalf("not well-formed SVG: %v\n%s", err, out)
	}
	return root
}

// find returns the elements named name with the given class (or any
// class when class is "").
func find(root node, name, class string) []node {
	var out []node
	root.walk(func(n node) {
		if n.XMLName.Local == name && (class == "" || n.attr("class") == class) {
			out = append(out, n)
		}
	})
	return out
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./chart -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./chart -update and review the diff", name)
	}
}

func TestRenderGolden(t *testing.T) {
	var decade []vigil.MonthTotal
	for _, m := range []string{"2014-03", "2016-07", "2019-11", "2023-10"} {
		decade = append(decade, vigil.MonthTotal{Month: m, Total: vigil.Total{Low: 10, Best: 12, High: ptr(15)}})
	}
	cases := []struct {
		name, lang, from, to string
		months               []vigil.MonthTotal
	}{
		{"seed-en.svg", "en", "2023-10-09", "2024-05-31", seed},
		{"seed-ko.svg", "ko", "2023-10-09", "2024-05-31", seed},
		{"empty-en.svg", "en", "", "", nil},
		{"one-month-en.svg", "en", "2024-04-26", "2024-04-26", seed[1:2]},
		{"huge-range-en.svg", "en", "2024-01-01", "2024-03-31", []vigil.MonthTotal{
			{Month: "2024-01", Total: vigil.Total{Low: 2, Best: 3, High: ptr(4)}},
			{Month: "2024-03", Total: vigil.Total{Low: 900000, Best: 1000000, High: ptr(1200000)}},
		}},
		{"decade-ko.svg", "ko", "2014-01-01", "2023-12-31", decade},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := chart.Render(c.months, mustOptions(t, c.lang, c.from, c.to))
			if err != nil {
				t.Fatal(err)
			}
			mustParse(t, out)
			again, _ := chart.Render(c.months, mustOptions(t, c.lang, c.from, c.to))
			if !bytes.Equal(out, again) {
				t.Fatal("two renderings of the same input differ")
			}
			checkGolden(t, c.name, out)
		})
	}
}

func TestRenderIsAccessible(t *testing.T) {
	cases := []struct {
		lang, title string
		inDesc      []string
	}{
		{"en", "Repatriations by month", []string{"October 2023: low 540, best 600, high 660", "November 2023 to March 2024: no recorded incident", "May 2024: low 61, best 61, high no upper bound (low incomplete"}},
		{"ko", "월별 강제송환", []string{"2023년 10월: 최소 540, 최선 추정 600, 최대 660", "2023년 11월 ~ 2024년 3월: 기록된 사건 없음", "상한 없음"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			out, err := chart.Render(seed, mustOptions(t, c.lang, "2023-10-09", "2024-05-31"))
			if err != nil {
				t.Fatal(err)
			}
			root := mustParse(t, out)
			if root.attr("role") != "img" || root.attr("aria-labelledby") != "c-title c-desc" || root.attr("lang") != c.lang {
				t.Errorf("root role=%q aria-labelledby=%q lang=%q", root.attr("role"), root.attr("aria-labelledby"), root.attr("lang"))
			}
			titles := find(root, "title", "")
			if len(titles) == 0 || titles[0].attr("id") != "c-title" || titles[0].Text != c.title {
				t.Errorf("first title = %+v, want %q", titles, c.title)
			}
			desc := find(root, "desc", "")
			if len(desc) != 1 {
				t.Fatalf("%d desc elements, want 1", len(desc))
			}
			for _, s := range c.inDesc {
				if !strings.Contains(desc[0].Text, s) {
					t.Errorf("desc lacks %q:\n%s", s, desc[0].Text)
				}
			}
			root.walk(func(n node) {
				if n.attr("style") != "" {
					t.Errorf("<%s> has a style attribute, which the CSP blocks", n.XMLName.Local)
				}
			})
		})
	}
}

func TestRenderMarks(t *testing.T) {
	root := mustParse(t, must(chart.Render(seed, mustOptions(t, "en", "2023-10-09", "2024-05-31"))))
	// October and April are separate runs (a gap between), May is open.
	if n := len(find(root, "polygon", "band")); n != 2 {
		t.Errorf("%d band polygons, want 2 (October; April)", n)
	}
	open := find(root, "rect", "band-open")
	if len(open) != 1 {
		t.Fatalf("%d open bands, want 1 (May)", len(open))
	}
	if fill := open[0].attr("fill"); fill != "url(#c-hatch)" {
		t.Errorf("open band fill %q, want the chart's own hatch pattern", fill)
	}
	if n := len(find(root, "line", "low-incomplete")); n != 1 {
		t.Errorf("%d incomplete-low marks, want 1", n)
	}
	// November to March: one gap mark across the run, and no point.
	if n := len(find(root, "line", "gap")); n != 1 {
		t.Errorf("%d gap marks, want 1 (November–March)", n)
	}
	if n := len(find(root, "g", "point")); n != 3 {
		t.Errorf("%d points, want 3", n)
	}
	// Best lines: one per run of consecutive months (October; April–May).
	if n := len(find(root, "polyline", "best")); n != 2 {
		t.Errorf("%d best lines, want 2", n)
	}
}

func TestRenderEscapesText(t *testing.T) {
	opt := mustOptions(t, "en", "", "")
	opt.Title = `Repatriations <script>alert("x")</script> & "more"`
	out, err := chart.Render(seed, opt)
	if err != nil {
		t.Fatal(err)
	}
	root := mustParse(t, out)
	if len(find(root, "script", "")) > 0 {
		t.Fatal("a title made a script element")
	}
	if got := find(root, "title", "")[0].Text; got != opt.Title {
		t.Errorf("title text %q, want it unchanged after unescaping", got)
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		name     string
		months   []vigil.MonthTotal
		from, to string
	}{
		{"bad month", []vigil.MonthTotal{{Month: "2024-13"}}, "", ""},
		{"bad from", nil, "2024-xx-01", "2024-05-01"},
		{"to before from", nil, "2024-05-01", "2024-01-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := chart.Render(c.months, mustOptions(t, "en", c.from, c.to)); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestSpans(t *testing.T) {
	spans, err := chart.Spans(seed, "2023-09-15", "2024-06-30")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range spans {
		mark := "empty"
		if !s.Empty() {
			mark = "total"
		}
		got = append(got, s.From+".."+s.To+":"+mark)
	}
	want := "2023-09..2023-09:empty 2023-10..2023-10:total 2023-11..2024-03:empty 2024-04..2024-04:total 2024-05..2024-05:total 2024-06..2024-06:empty"
	if strings.Join(got, " ") != want {
		t.Errorf("spans\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestLongPeriodIsTrimmedToTheData(t *testing.T) {
	spans, err := chart.Spans(seed, "1950-01-01", "2100-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if first, last := spans[0].From, spans[len(spans)-1].To; first != "2023-10" || last != "2024-05" {
		t.Errorf("axis %s..%s, want the data's 2023-10..2024-05 for a %d-year period", first, last, 150)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

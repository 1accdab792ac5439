package exchange

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/internal/gen"
)

// gazetteer returns the generator's places with their keys as ids, as a
// database would hold them.
func testPlaces() []*vigil.Place { return gen.Gazetteer() }

// mustProblem fails unless err is EINVALID with a reason at where that
// contains want.
func mustProblem(t *testing.T, err error, where, want string) {
	t.Helper()
	var ve *vigil.Error
	if !errors.As(err, &ve) || ve.Code != vigil.EINVALID {
		t.Fatalf("error %v, want EINVALID", err)
	}
	reason, ok := ve.Fields[where]
	if !ok {
		t.Fatalf("error %q does not name %q", err, where)
	}
	if !strings.Contains(reason, want) {
		t.Fatalf("%s: %q, want it to contain %q", where, reason, want)
	}
}

func TestReadCSVShapes(t *testing.T) {
	// Columns in another order than the writer's, a BOM, CRLF line ends,
	// quoted cells with commas, quotes, line breaks and Korean text, a
	// blank row, and a source and an incident spread over rows.
	in := "\xEF\xBB\xBFfigure,event,source_publisher,source_url,incident,incident_title_ko,incident_place,quote,place,sensitivity,source_sensitivity,incident_sensitivity\r\n" +
		"약 200명,repatriation,연합뉴스,https://yna.example/1,K1,\"바이산 구류소, 200여 명 북송\",Baishan Detention Center,\"소식통은 \"\"약 200명이\r\n북송됐다\"\"고 말했다\",백산 구류소,public,public,public\r\n" +
		",,,,,,,,,,,\r\n" +
		"50-60,REPATRIATION,연합뉴스,https://yna.example/1,K1,,,\"two, cohorts\",,coalition,,\r\n" +
		"more than 60,arrest,Daily NK,,K2,난닝 체포,nanning,,Nanning,public,public,public\r\n"
	d, err := ReadCSV(strings.NewReader(in), CSVOptions{Places: append(testPlaces(), &vigil.Place{Meta: vigil.Meta{ID: 99}, Names: vigil.Names{En: "Nanning"}})})
	if err == nil {
		t.Fatal("Nanning names two places; want an error")
	}
	mustProblem(t, err, "row 5, column place", `"Nanning" names 2 places`)
	mustProblem(t, err, "row 5, column incident_place", `"nanning" names 2 places`)

	d, err = ReadCSV(strings.NewReader(in), CSVOptions{Places: testPlaces()})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Claims) != 3 || len(d.Sources) != 2 || len(d.Incidents) != 2 {
		t.Fatalf("%d claims, %d sources, %d incidents; want 3, 2, 2", len(d.Claims), len(d.Sources), len(d.Incidents))
	}
	c := d.Claims[0]
	if c.Quote != "소식통은 \"약 200명이\n북송됐다\"고 말했다" || c.Figure.Text != "약 200명" || *c.IncidentID != 1 || *c.PlaceID != 20 {
		t.Fatalf("claim 0: %+v", c)
	}
	if d.Claims[1].Event != vigil.EventRepatriation || d.Claims[1].Quote != "two, cohorts" || d.Claims[1].Sensitivity != vigil.Coalition {
		t.Fatalf("claim 1: %+v", d.Claims[1])
	}
	if i := d.Incidents[0]; i.Title.Ko != "바이산 구류소, 200여 명 북송" || *i.PlaceID != 20 || i.Event != vigil.EventRepatriation || i.DateBasis != vigil.BasisClaims {
		t.Fatalf("incident 0: %+v", i)
	}
	if d.Incidents[1].Event != vigil.EventArrest || *d.Incidents[1].PlaceID != 18 {
		t.Fatalf("incident 1: %+v", d.Incidents[1])
	}
	if d.KnownPlaces[20] != 20 || d.KnownPlaces[18] != 18 || len(d.KnownPlaces) != 2 {
		t.Fatalf("known places %v", d.KnownPlaces)
	}
	for _, tc := range []struct {
		section string
		index   int
		field   string
		want    string
	}{
		{vigil.SectionClaims, 2, "figure", "row 5, column figure"},
		{vigil.SectionClaims, 1, "date", "row 4, column date"},
		{vigil.SectionIncidents, 0, "title", "row 2, column incident_title_ko"},
		{vigil.SectionIncidents, 1, "event", "row 5, column incident_event"},
		{vigil.SectionSources, 1, "published", "row 5, column source_published"},
		{vigil.SectionSources, 0, "title.en", "row 2, column source_title_en"},
	} {
		if got := d.Where(tc.section, tc.index, tc.field); got != tc.want {
			t.Errorf("Where(%s, %d, %s) = %q, want %q", tc.section, tc.index, tc.field, got, tc.want)
		}
	}
}

func TestReadCSVProblems(t *testing.T) {
	const head = "incident,incident_title_ko,source_publisher,figure,event,credibility,incident_part_of\n"
	big := strings.Repeat("가", DefaultMaxCell/3+1)
	cases := []struct {
		name, in, where, want string
	}{
		{"empty file", "", "", "the file is empty"},
		{"header only", head, "row 2", "no rows after the header"},
		{"unknown column", "figure,source_publisher,figur\n", "row 1, column figur", "unknown column"},
		{"repeated column", "figure,source_publisher,figure\n", "row 1, column figure", "appears twice (columns 1 and 3)"},
		{"missing column", "source_publisher,event\nA,arrest\n", "row 1, column figure", "is missing"},
		{"incident columns without the key", "incident_title_ko,source_publisher,figure\n", "row 1, column incident_title_ko", "needs the column incident"},
		{"cell count", head + "K,제목,A,15,arrest,2\nK,제목,A,15\n", "row 3", "has 4 cells, but the header has 7"},
		{"oversized cell", head + "K,제목,A,15,arrest,2,\nK,\"" + big + "\",A,15,arrest,2,\n", "row 3, column incident_title_ko", "the limit is 65536"},
		{"not UTF-8", head + "K,\xb9\xd9\xc0\xcc,A,15,arrest,2,\n", "row 2, column incident_title_ko", "not UTF-8"},
		{"credibility", head + "K,제목,A,15,arrest,high,\n", "row 2, column credibility", `"high" is not a grade`},
		{"conflicting incident cells", head + "K,제목,A,15,arrest,2,\nK,다른 제목,A,16,arrest,2,\n", "row 3, column incident_title_ko", `is given as "다른 제목" here, but as "제목" in row 2`},
		{"missing part_of key", head + "K,제목,A,15,arrest,2,K9\n", "row 2, column incident_part_of", `refers to incident "K9", which is not in the file`},
		{"no source", head + "K,제목,,15,arrest,2,\n", "row 2, column source_publisher", "every claim cites a source"},
		{"bare quote", head + "K,제\"목,A,15,arrest,2,\n", "row 2", "bare \" in non-quoted-field"},
		{"unknown place", "incident,incident_place,source_publisher,figure\nK,Tumenn,A,15\n", "row 2, column incident_place", `no place named "Tumenn"`},
		{"unknown place id", "source_publisher,figure,place\nA,15,404\n", "row 2, column place", "no place 404"},
		{"value in an unnamed column", "source_publisher,figure,\nA,15,x\n", "row 2, column 3", "no name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), CSVOptions{Places: testPlaces()})
			if tc.where == "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error %v, want %q", err, tc.want)
				}
				return
			}
			mustProblem(t, err, tc.where, tc.want)
		})
	}
}

func TestReadCSVStopsAfter100Problems(t *testing.T) {
	var b strings.Builder
	b.WriteString("source_publisher,figure,credibility\n")
	for i := 0; i < 500; i++ {
		b.WriteString("A,15,x\n")
	}
	_, err := ReadCSV(strings.NewReader(b.String()), CSVOptions{})
	var ve *vigil.Error
	if !errors.As(err, &ve) || len(ve.Fields) != 100 || !strings.Contains(ve.Message, "stopped after 100 problems") {
		t.Fatalf("error %v", err)
	}
}

func TestCellEscaping(t *testing.T) {
	for _, s := range []string{"", "plain", "=SUM(A1)", "+82", "-5", "@cmd", "\tx", "'", "''", "'a", "'=x", "a'b"} {
		if got := unescapeCell(escapeCell(s)); got != s {
			t.Errorf("%q escaped to %q came back as %q", s, escapeCell(s), got)
		}
	}
	for s, want := range map[string]string{"=1+1": "'=1+1", "-x": "'-x", "'q": "''q", "q": "q"} {
		if got := escapeCell(s); got != want {
			t.Errorf("escapeCell(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestFigureTextReadsBack(t *testing.T) {
	p := func(v int) *int { return &v }
	for _, f := range []figure.Figure{
		{Qualifier: figure.Exact, Value: p(15)}, {Qualifier: figure.Approx, Value: p(200)}, {Qualifier: figure.ApproxOver, Value: p(200)},
		{Qualifier: figure.MoreThan, Value: p(60)}, {Qualifier: figure.AtLeast, Value: p(50)}, {Qualifier: figure.AtMost, Value: p(200)},
		{Qualifier: figure.Range, Low: p(50), High: p(60)}, {Qualifier: figure.Vague, Value: p(10)}, {Qualifier: figure.Vague, Value: p(100)},
		{Qualifier: figure.Vague, Value: p(1000)},
	} {
		text := FigureText(f)
		got, err := figure.Parse(text)
		got.Text = ""
		if err != nil || got.Qualifier != f.Qualifier || !sameInt(got.Value, f.Value) || !sameInt(got.Low, f.Low) || !sameInt(got.High, f.High) {
			t.Errorf("%+v → %q → %+v, %v", f, text, got, err)
		}
	}
}

func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// TestCSVWriterReader writes a generated dataset and reads it back: the
// claims, their sources and incidents come back the same.
func TestCSVWriterReader(t *testing.T) {
	d := gen.Dataset(gen.Config{Seed: 1, Claims: 2000})
	var b bytes.Buffer
	w := NewCSVWriter(&b, CSVWriterOptions{NoBOM: true})
	if err := d.Each(w.WriteRecord); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b.Bytes(), utf8BOM) {
		t.Fatal("NoBOM wrote a BOM")
	}
	back, err := ReadCSV(&b, CSVOptions{Places: testPlaces()})
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Claims) != len(d.Claims) || len(back.Incidents) != len(d.Incidents) || len(back.Links) != len(d.Links) {
		t.Fatalf("read back %d claims, %d incidents, %d links; wrote %d, %d, %d",
			len(back.Claims), len(back.Incidents), len(back.Links), len(d.Claims), len(d.Incidents), len(d.Links))
	}
	for i, c := range back.Claims {
		o := d.Claims[i]
		src, osrc := back.Sources[c.SourceID-1], d.Sources[o.SourceID-1]
		if c.Quote != o.Quote || c.Figure.Text != o.Figure.Text || c.Date != o.Date || c.Event != o.Event || c.Credibility != o.Credibility ||
			c.Sensitivity != o.Sensitivity || *c.PlaceID != *o.PlaceID || src.URL != osrc.URL || src.Sensitivity != osrc.Sensitivity {
			t.Fatalf("claim %d: %+v\nwant %+v", i, c, o)
		}
		if (c.IncidentID == nil) != (o.IncidentID == nil) {
			t.Fatalf("claim %d: incident %v, want %v", i, c.IncidentID, o.IncidentID)
		}
		if c.IncidentID != nil && back.Incidents[*c.IncidentID-1].Title != d.Incidents[*o.IncidentID-1].Title {
			t.Fatalf("claim %d: incident title differs", i)
		}
	}
	if len(w.Skipped()) != 0 {
		t.Fatalf("skipped %v", w.Skipped())
	}
}

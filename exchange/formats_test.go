package exchange_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"vigil"
	"vigil/exchange"
	"vigil/figure"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func ptr[T any](v T) *T { return &v }

// fixture is a small dataset as an export hands it to the writers: a
// facility drawn at its city, an incident known only to its country, an
// arrest with no upper bound, a protected person under a pseudonym.
func fixture() *vigil.Dataset {
	at := time.Date(2024, 5, 21, 9, 30, 0, 0, time.UTC)
	m := func(id int64) vigil.Meta {
		return vigil.Meta{ID: id, Sensitivity: vigil.Public, Version: 1, CreatedAt: at, UpdatedAt: at}
	}
	d := &vigil.Dataset{}
	d.Places = []*vigil.Place{
		{Meta: m(1), Kind: vigil.PlaceCountry, Names: vigil.Names{En: "China", Ko: "중국"}, CountryCode: "CN", Lat: ptr(35.0), Lon: ptr(105.0)},
		{Meta: m(2), Kind: vigil.PlaceProvince, Names: vigil.Names{En: "Jilin Province", Ko: "지린성"}, CountryCode: "CN", ParentID: ptr[int64](1), Lat: ptr(43.5), Lon: ptr(126.5)},
		{Meta: m(3), Kind: vigil.PlaceCity, Names: vigil.Names{En: "Baishan", Ko: "바이산"}, CountryCode: "CN", ParentID: ptr[int64](2), Lat: ptr(41.94), Lon: ptr(126.42)},
		{Meta: m(4), Kind: vigil.PlaceFacility, Names: vigil.Names{En: "Baishan Detention Center", Ko: "바이산 구류소"}, CountryCode: "CN", ParentID: ptr[int64](3)},
		{Meta: m(5), Kind: vigil.PlaceProvince, Names: vigil.Names{En: "Guangxi"}, CountryCode: "CN", ParentID: ptr[int64](1), Lat: ptr(23.8), Lon: ptr(108.8)},
		{Meta: m(6), Kind: vigil.PlaceCity, Names: vigil.Names{En: "Nanning", Ko: "난닝"}, CountryCode: "CN", ParentID: ptr[int64](5), Lat: ptr(22.82), Lon: ptr(108.32)},
	}
	d.Actors = []*vigil.Actor{
		{Meta: m(1), Kind: vigil.ActorOrganization, Classification: "state_agency", Name: vigil.Names{En: "Chinese public security", Ko: "중국 공안"}, CountryCode: "CN"},
		{Meta: m(2), Kind: vigil.ActorOrganization, Classification: "ngo", Name: vigil.Names{En: "NKHR", Ko: "북한인권시민연합"}, URL: "https://www.nkhr.or.kr/en/", CountryCode: "KR",
			Identifiers: []vigil.Identifier{{Scheme: "url", Identifier: "https://www.nkhr.or.kr/en/"}}},
		{Meta: m(3), Kind: vigil.ActorOrganization, Classification: "ministry", Name: vigil.Names{En: "Ministry of Foreign Affairs (ROK)", Ko: "외교부"}, CountryCode: "KR"},
		{Meta: m(4), Kind: vigil.ActorPerson, Classification: "official", Name: vigil.Names{En: "Cho Tae-yul", Ko: "조태열"}, CountryCode: "KR"},
		{Meta: m(5), Kind: vigil.ActorPerson, Classification: "affected", Name: vigil.Names{En: "Affected individual A", Ko: "피해 당사자 A"}, Redacted: true},
	}
	d.Posts = []*vigil.Post{{Meta: m(1), OrganizationID: 3, Label: vigil.Names{En: "Minister of Foreign Affairs", Ko: "외교부 장관"}}}
	d.Memberships = []*vigil.Membership{{Meta: m(1), PersonID: 4, OrganizationID: 3, PostID: ptr[int64](1), Role: vigil.Names{En: "Minister"}, StartDate: "2024-01"}}
	d.Sources = []*vigil.Source{
		{Meta: m(1), Kind: vigil.SourceNewsRelease, Publisher: "NKHR", URL: "https://example.org/release", Language: "ko", Published: "2024-05-20", Reliability: "B"},
		{Meta: m(2), Kind: vigil.SourceArticle, Publisher: "Daily NK", URL: "https://example.org/dnk", Language: "ko", Published: "2024-05-07", Reliability: "C"},
	}
	iv := func(low *int, best int, high *int) *figure.Interval {
		return &figure.Interval{Low: low, Best: best, High: high}
	}
	d.Incidents = []*vigil.Incident{
		{Meta: m(1), Title: vigil.Names{En: "Some 600 repatriated", Ko: "약 600명 북송"}, Event: vigil.EventRepatriation, Date: "2023-10-09",
			DateStart: "2023-10-09", DateEnd: "2023-10-09", DateBasis: vigil.BasisEditor, PlaceID: ptr[int64](1), PerpetratorID: ptr[int64](1),
			VictimGroup: "North Korean defectors held in China", Figure: iv(ptr(540), 600, ptr(660)), FigureBasis: vigil.BasisClaims},
		{Meta: m(2), Title: vigil.Names{En: "About 200 from Baishan", Ko: "바이산 약 200명"}, Event: vigil.EventRepatriation, Date: "2024-04-26~",
			DateStart: "2024-04-26", DateEnd: "2024-04-26", DateBasis: vigil.BasisEditor, PlaceID: ptr[int64](4), PerpetratorID: ptr[int64](1),
			Figure: iv(ptr(180), 200, ptr(220)), FigureBasis: vigil.BasisClaims, Conflict: true},
		{Meta: m(3), Title: vigil.Names{En: "More than 60 arrested in Nanning", Ko: "난닝 60여 명 체포"}, Event: vigil.EventArrest, Date: "2024-05",
			DateStart: "2024-05-01", DateEnd: "2024-05-31", DateBasis: vigil.BasisEditor, PlaceID: ptr[int64](6),
			Figure: iv(ptr(61), 61, nil), FigureBasis: vigil.BasisClaims},
	}
	d.Claims = []*vigil.Claim{
		{Meta: m(1), SourceID: 1, IncidentID: ptr[int64](1), Figure: figure.Figure{Text: "some 600"}, Event: vigil.EventRepatriation},
		{Meta: m(2), SourceID: 1, IncidentID: ptr[int64](2), Figure: figure.Figure{Text: "about 200"}, Event: vigil.EventRepatriation},
		{Meta: m(3), SourceID: 2, IncidentID: ptr[int64](2), Figure: figure.Figure{Text: "200여 명"}, Event: vigil.EventRepatriation},
		{Meta: m(4), SourceID: 2, IncidentID: ptr[int64](3), Figure: figure.Figure{Text: "more than 60"}, Event: vigil.EventArrest},
	}
	return d
}

// mustWrite writes the fixture in format.
func mustWrite(t *testing.T, format string, d *vigil.Dataset) []byte {
	t.Helper()
	f, ok := exchange.FindExportFormat(format)
	if !ok {
		t.Fatalf("no format %s", format)
	}
	var b bytes.Buffer
	if err := exchange.WriteDataset(f.New(&b, exchange.WriterOptions{ExportedAt: time.Date(2024, 5, 21, 10, 0, 0, 0, time.UTC), Clearance: vigil.Public, NoBOM: true}), d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestExportGolden compares every incident-centric and actor format with
// its golden file (go test ./exchange -run Golden -update rewrites them).
func TestExportGolden(t *testing.T) {
	for _, name := range []string{"hxl", "acled", "ucdp", "geojson", "popolo"} {
		t.Run(name, func(t *testing.T) {
			got := mustWrite(t, name, fixture())
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", name, path, got)
			}
		})
	}
}

// TestGeoJSONLoadsInAGISLibrary parses the GeoJSON export with orb's
// RFC 7946 decoder: points are [lon, lat], and an incident known only to
// its country has a null geometry.
func TestGeoJSONLoadsInAGISLibrary(t *testing.T) {
	fc, err := geojson.UnmarshalFeatureCollection(mustWrite(t, "geojson", fixture()))
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 3 {
		t.Fatalf("%d features, want 3", len(fc.Features))
	}
	byTitle := map[string]*geojson.Feature{}
	for _, f := range fc.Features {
		byTitle[f.Properties.MustString("title_en")] = f
	}
	if g := byTitle["Some 600 repatriated"].Geometry; g != nil {
		t.Errorf("an incident known only to China has geometry %v, want null", g)
	}
	// The facility has no coordinates of its own: it is drawn at its city.
	if p, ok := byTitle["About 200 from Baishan"].Geometry.(orb.Point); !ok || p.Lon() != 126.42 || p.Lat() != 41.94 {
		t.Errorf("Baishan geometry %v, want the point [126.42, 41.94]", byTitle["About 200 from Baishan"].Geometry)
	}
	nanning := byTitle["More than 60 arrested in Nanning"]
	if p, ok := nanning.Geometry.(orb.Point); !ok || p.Lon() != 108.32 || p.Lat() != 22.82 {
		t.Errorf("Nanning geometry %v", nanning.Geometry)
	}
	if nanning.Properties["high"] != nil || nanning.Properties.MustFloat64("best") != 61 {
		t.Errorf("Nanning figure: best %v, high %v (want 61 and null)", nanning.Properties["best"], nanning.Properties["high"])
	}
	if n := len(byTitle["About 200 from Baishan"].Properties["sources"].([]any)); n != 2 {
		t.Errorf("Baishan has %d sources, want 2", n)
	}
}

func TestACLEDArrestsAreStrategicDevelopments(t *testing.T) {
	rows := mustCSV(t, mustWrite(t, "acled", fixture()))
	col := index(rows[0])
	for _, r := range rows[1:] {
		if r[col["event_type"]] != "Strategic developments" {
			t.Errorf("event_type %q", r[col["event_type"]])
		}
		wantSub := "Other"
		if strings.Contains(r[col["tags"]], "vigil_event=arrest") {
			wantSub = "Arrests"
		}
		if r[col["sub_event_type"]] != wantSub || r[col["fatalities"]] != "0" {
			t.Errorf("sub_event_type %q, fatalities %q for tags %q", r[col["sub_event_type"]], r[col["fatalities"]], r[col["tags"]])
		}
	}
	if tags := rows[3][col["tags"]]; !strings.Contains(tags, "people_best=61") || !strings.Contains(tags, "people_high=unbounded") {
		t.Errorf("Nanning tags %q", tags)
	}
}

func TestReadUCDPReportsInconsistentRows(t *testing.T) {
	in := "id,best,low,high,date_start,date_end,where_description,country\n" +
		"101,10,12,15,2017-01-03 00:00:00.000,2017-01-03 00:00:00.000,Somewhere,Atlantis\n" +
		"102,10,5,8,2017-02-01,2017-02-03,Elsewhere,Atlantis\n" +
		"103,7,7,9,2017-03-01,2017-03-01,Nanning,China\n"
	_, _, err := exchange.ReadUCDP(strings.NewReader(in), exchange.ImportOptions{Places: fixture().Places})
	if vigil.ErrorCode(err) != vigil.EINVALID {
		t.Fatalf("error %v, want EINVALID naming the rows", err)
	}
	fields := vigil.ErrorFields(err)
	if !strings.Contains(fields["row 2, column low"], "low 12 is above best 10") || !strings.Contains(fields["row 3, column high"], "high 8 is below best 10") {
		t.Errorf("problems %v", fields)
	}
	d, skipped, err := exchange.ReadUCDP(strings.NewReader(in), exchange.ImportOptions{Places: fixture().Places, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 2 || skipped[0].Row != 2 || skipped[1].Row != 3 || len(d.Incidents) != 1 {
		t.Fatalf("skipped %v, %d incidents", skipped, len(d.Incidents))
	}
	inc := d.Incidents[0]
	if inc.Event != vigil.EventOther || inc.Date != "2017-03-01" || inc.Override == nil || inc.Override.Best != 7 || *inc.Override.High != 9 ||
		inc.PlaceID == nil || *inc.PlaceID != 6 || inc.Sensitivity != vigil.Restricted || !strings.Contains(inc.Override.Rationale, "count deaths") {
		t.Errorf("imported row: %+v (override %+v)", inc, inc.Override)
	}
}

func TestReadHXLMatchesColumnsByHashtag(t *testing.T) {
	// Columns in another order, attributes in another order, no header
	// row above the hashtags.
	in := "#affected+max +ind,#event+type,#date+start,#event +name +i_en,#affected+ind,#loc+name,#meta+sensitivity\n" +
		"220,repatriation,2024-04-26,About 200 from Baishan,200,Baishan Detention Center,public\n"
	d, _, err := exchange.ReadHXL(strings.NewReader(in), exchange.ImportOptions{Places: fixture().Places})
	if err != nil {
		t.Fatal(err)
	}
	inc := d.Incidents[0]
	if inc.Title.En != "About 200 from Baishan" || inc.Event != vigil.EventRepatriation || inc.Date != "2024-04-26" ||
		*inc.PlaceID != 4 || inc.Override.Best != 200 || *inc.Override.High != 220 || inc.Override.Low != nil || inc.Sensitivity != vigil.Public {
		t.Errorf("imported %+v, override %+v", inc, inc.Override)
	}
	t.Run("problems", func(t *testing.T) {
		_, _, err := exchange.ReadHXL(strings.NewReader("#event+type,#affected+ind,#event+name,#loc+name\narrest,many,X,Tumenn\n"), exchange.ImportOptions{Places: fixture().Places})
		f := vigil.ErrorFields(err)
		if !strings.Contains(f["row 2, column #affected+ind"], "not a number") || !strings.Contains(f["row 2, column #loc+name"], "no place named") {
			t.Errorf("problems %v", f)
		}
		_, _, err = exchange.ReadHXL(strings.NewReader("Title,Count\nX,1\n"), exchange.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "no hashtag row") {
			t.Errorf("no hashtags: %v", err)
		}
	})
}

func mustCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csvRows(b)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func index(header []string) map[string]int {
	m := map[string]int{}
	for i, h := range header {
		m[h] = i
	}
	return m
}

func csvRows(b []byte) ([][]string, error) {
	return csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))).ReadAll()
}

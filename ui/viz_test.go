package ui_test

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/api"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/store"
	"vigil/ui"
)

// mustDemoStore serves the UI over a demo store and returns the store too,
// so a test can change the data.
func mustDemoStore(tb testing.TB) (*httptest.Server, *store.Store, context.Context) {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		tb.Fatal(err)
	}
	u, err := ui.New(st, ui.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, api.New(st, api.Options{}).Register, u.Register).Handler())
	tb.Cleanup(srv.Close)
	return srv, st, admin
}

func TestDashboardChartsInBothLanguages(t *testing.T) {
	srv, _ := mustServer(t)
	cases := []struct {
		lang, title, month, firstRow string
	}{
		{"en", "Repatriations by month", "October 2023: low 540, best 600, high 660", "October 2023"},
		{"ko", "월별 강제송환", "2023년 10월: 최소 540, 최선 추정 600, 최대 660", "2023년 10월"},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			_, doc := mustGet(t, http.DefaultClient, srv.URL+"/?from=2023-10-01&to=2024-05-31", "Accept-Language", c.lang)
			fig := doc.Find(`figure.viz-chart[data-event="repatriation"]`)
			svg := fig.Find(`svg.chart[role="img"]`)
			if svg.Length() != 1 {
				t.Fatalf("%d repatriation charts with role=img, want 1", svg.Length())
			}
			if l, _ := svg.Attr("lang"); l != c.lang {
				t.Errorf("chart lang %q", l)
			}
			labelled, _ := svg.Attr("aria-labelledby")
			ids := strings.Fields(labelled)
			if len(ids) != 2 {
				t.Fatalf("aria-labelledby %q, want a title and a desc id", labelled)
			}
			if got := strings.TrimSpace(doc.Find("#" + ids[0]).Text()); got != c.title {
				t.Errorf("chart title %q, want %q", got, c.title)
			}
			if got := doc.Find("#" + ids[1]).Text(); !strings.Contains(got, c.month) {
				t.Errorf("chart desc lacks %q: %q", c.month, got)
			}
			row := fig.Find("details.viz-data tbody tr").First()
			if got := strings.TrimSpace(row.Find("th").Text()); got != c.firstRow {
				t.Errorf("first table row %q, want %q", got, c.firstRow)
			}
			if got := strings.TrimSpace(row.Find("td.best").Text()); got != "600" {
				t.Errorf("first row best %q, want 600", got)
			}
			if doc.Find(`figure.viz-chart[data-event="arrest"] svg.chart rect.band-open`).Length() != 1 {
				t.Error("the arrest chart does not draw Nanning's unbounded high as an open band")
			}
		})
	}
}

// markerArea is the drawn area of a marker group's shape.
func markerArea(tb testing.TB, g *goquery.Selection) float64 {
	tb.Helper()
	if c := g.Find("circle"); c.Length() > 0 {
		r, _ := strconv.ParseFloat(c.AttrOr("r", ""), 64)
		return math.Pi * r * r
	}
	w, err := strconv.ParseFloat(g.Find("rect").AttrOr("width", ""), 64)
	if err != nil {
		tb.Fatalf("marker has no shape: %v", err)
	}
	return w * w
}

// markerNamed finds the marker whose title starts with name.
func markerNamed(svg *goquery.Selection, name string) *goquery.Selection {
	return svg.Find("g.marker").FilterFunction(func(_ int, g *goquery.Selection) bool {
		return strings.HasPrefix(g.ChildrenFiltered("title").Text(), name)
	})
}

func TestDashboardMapMarksTheDemoPlaces(t *testing.T) {
	srv, _ := mustServer(t)
	_, doc := mustGet(t, http.DefaultClient, srv.URL+"/?from=2023-10-01&to=2024-05-31", "Accept-Language", "en")
	route := doc.Find(`svg.map-route[role="img"]`)
	if route.Length() != 1 {
		t.Fatal("no route map")
	}
	if n := route.Find("g.marker").Length(); n != 2 {
		t.Errorf("%d markers on the route map, want 2 (Baishan Detention Center, Nanning)", n)
	}
	baishan, nanning := markerNamed(route, "Baishan Detention Center"), markerNamed(route, "Nanning")
	if baishan.Length() != 1 || nanning.Length() != 1 {
		t.Fatalf("markers: Baishan %d, Nanning %d", baishan.Length(), nanning.Length())
	}
	if b := baishan.AttrOr("data-best", ""); b != "200" {
		t.Errorf("Baishan best %q, want 200", b)
	}
	if !strings.Contains(baishan.AttrOr("class", ""), "marker-facility") || !strings.Contains(baishan.AttrOr("class", ""), "approximate") {
		t.Errorf("Baishan marker class %q: want a facility drawn at its city", baishan.AttrOr("class", ""))
	}
	if r := markerArea(t, baishan) / markerArea(t, nanning); math.Abs(r-200.0/61) > 0.05 {
		t.Errorf("area ratio %.3f, want 200/61 = %.3f", r, 200.0/61)
	}
	border := doc.Find(`svg.map-border[role="img"]`)
	if markerNamed(border, "Baishan Detention Center").Length() != 1 || markerNamed(border, "Nanning").Length() != 0 {
		t.Error("the border map should show Baishan and not Nanning")
	}
	items := doc.Find("ul.map-markers li")
	if items.Length() != 2 || items.Eq(0).AttrOr("data-best", "") != "200" || items.Eq(1).AttrOr("data-best", "") != "61" {
		t.Errorf("marker list %q, want Baishan (200) then Nanning (61)", items.Text())
	}
	if !strings.Contains(items.Eq(0).Text(), "drawn at Baishan") {
		t.Errorf("list item %q does not say where the facility is drawn", items.Eq(0).Text())
	}
	if got := doc.Find("p.map-unplaced").Text(); !strings.Contains(got, "#1 (China)") || !strings.Contains(got, "#3 (China)") {
		t.Errorf("unplaced note %q, want #1 and #3, located only to China", got)
	}
}

func TestDashboardMapInKorean(t *testing.T) {
	srv, _ := mustServer(t)
	_, doc := mustGet(t, http.DefaultClient, srv.URL+"/", "Accept-Language", "ko")
	route := doc.Find("svg.map-route")
	id := strings.Fields(route.AttrOr("aria-labelledby", ""))
	if len(id) != 2 || !strings.Contains(doc.Find("#"+id[0]).Text(), "북중 접경") {
		t.Errorf("route map title in Korean missing: %q", doc.Find("#"+id[0]).Text())
	}
	if markerNamed(route, "바이산 구류소").Length() != 1 || markerNamed(route, "난닝").Length() != 1 {
		t.Error("Korean marker titles missing")
	}
	if !strings.Contains(doc.Find("ul.map-markers").Text(), "바이산 위치에 표시") {
		t.Errorf("list %q", doc.Find("ul.map-markers").Text())
	}
}

func TestDashboardMapFollowsThePeriod(t *testing.T) {
	srv, _ := mustServer(t)
	_, doc := mustGet(t, http.DefaultClient, srv.URL+"/?from=2023-10-01&to=2023-12-31", "Accept-Language", "en")
	if n := doc.Find("svg.map g.marker").Length(); n != 0 {
		t.Errorf("%d markers for a period with only the country-level October incident", n)
	}
	if doc.Find("ul.map-markers").Length() != 0 || doc.Find(".viz-map p.empty").Length() != 1 {
		t.Error("an empty map should say so instead of listing markers")
	}
}

func TestDashboardEscapesPlaceNamesInSVG(t *testing.T) {
	srv, st, admin := mustDemoStore(t)
	places, _, err := st.FindPlaces(admin, vigil.PlaceFilter{Name: "Nanning"})
	if err != nil || len(places) != 1 {
		t.Fatalf("find Nanning: %v (%d)", err, len(places))
	}
	p := places[0]
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	p.Names.En = evil
	if err := st.UpdatePlace(admin, p); err != nil {
		t.Fatal(err)
	}
	_, doc := mustGet(t, http.DefaultClient, srv.URL+"/", "Accept-Language", "en")
	doc.Find("script").Each(func(_ int, sc *goquery.Selection) {
		if src, _ := sc.Attr("src"); !strings.HasPrefix(src, "/static/") {
			t.Errorf("script element with src %q is not one of the page's own", src)
		}
	})
	if n := doc.Find("svg img, li img").Length(); n != 0 {
		t.Errorf("%d img elements injected through a place name", n)
	}
	if markerNamed(doc.Find("svg.map-route"), evil).Length() != 1 {
		t.Error("the place name does not read back as plain text in the marker title")
	}
}

package geomap_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"vigil"
	"vigil/geomap"
	"vigil/i18n"
	"vigil/web"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func mustOptions(tb testing.TB, lang, id string) geomap.Options {
	tb.Helper()
	b, err := i18n.Load(web.FS, "locales")
	if err != nil {
		tb.Fatal(err)
	}
	return geomap.Options{Lang: lang, ID: id, T: func(k string, a ...any) string { return b.T(lang, k, a...) }}
}

// demo holds markers like the seed's: Baishan Detention Center drawn at
// its city, Nanning, a crossing, and a place far outside both views.
var demo = []geomap.Marker{
	{Key: "6-repatriation", Name: "Baishan Detention Center", Kind: vigil.PlaceFacility, Event: vigil.EventRepatriation, Lat: 41.94, Lon: 126.42, Best: 200, Approximate: true, Title: "Baishan Detention Center: Repatriations, best 200 (incidents #2) (drawn at Baishan)"},
	{Key: "8-arrest", Name: "Nanning", Kind: vigil.PlaceCity, Event: vigil.EventArrest, Lat: 22.82, Lon: 108.32, Best: 61, Title: "Nanning: Arrests, best 61 (incidents #4)"},
	{Key: "9-repatriation", Name: "Dandong crossing", Kind: vigil.PlaceCrossing, Event: vigil.EventRepatriation, Lat: 40.12, Lon: 124.39, Best: 15, Title: "Dandong crossing: Repatriations, best 15 (incidents #5)"},
	{Key: "10-detention", Name: "Far away", Kind: vigil.PlaceCity, Event: vigil.EventDetention, Lat: 60, Lon: 30, Best: 500, Title: "Far away"},
}

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

func (n node) walk(f func(node)) {
	f(n)
	for _, c := range n.Nodes {
		c.walk(f)
	}
}

func mustRender(tb testing.TB, v geomap.View, ms []geomap.Marker, opt geomap.Options) ([]byte, node) {
	tb.Helper()
	out, err := geomap.Render(v, ms, opt)
	if err != nil {
		tb.Fatal(err)
	}
	var root node
	if err := xml.Unmarshal(out, &root); err != nil {
		tb.Fatalf("not well-formed SVG: %v", err)
	}
	return out, root
}

// markers returns the marker groups by data-place.
func markers(root node) map[string]node {
	out := map[string]node{}
	root.walk(func(n node) {
		if n.XMLName.Local == "g" && strings.HasPrefix(n.attr("class"), "marker ") {
			out[n.attr("data-place")] = n
		}
	})
	return out
}

// area is the drawn area of a marker's shape.
func area(tb testing.TB, g node) float64 {
	tb.Helper()
	for _, c := range g.Nodes {
		switch c.XMLName.Local {
		case "circle":
			r, _ := strconv.ParseFloat(c.attr("r"), 64)
			return math.Pi * r * r
		case "rect":
			w, _ := strconv.ParseFloat(c.attr("width"), 64)
			return w * w
		}
	}
	tb.Fatalf("marker %s has no shape", g.attr("data-place"))
	return 0
}

func TestRenderGolden(t *testing.T) {
	cases := []struct {
		name string
		view geomap.View
		lang string
		ms   []geomap.Marker
	}{
		{"route-en.svg", geomap.Route, "en", demo},
		{"border-ko.svg", geomap.Border, "ko", demo},
		{"border-empty-en.svg", geomap.Border, "en", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opt := mustOptions(t, c.lang, "m")
			opt.MaxBest = 200
			if c.view.Name == "route" {
				opt.Inset = &geomap.Border
			}
			out, _ := mustRender(t, c.view, c.ms, opt)
			again, _ := mustRender(t, c.view, c.ms, opt)
			if !bytes.Equal(out, again) {
				t.Fatal("two renderings of the same input differ")
			}
			path := filepath.Join("testdata", c.name)
			if *update {
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./geomap -update to create it)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("%s differs from the golden file; run go test ./geomap -update and review the diff", c.name)
			}
			if len(out) > 160_000 {
				t.Errorf("%s is %d bytes; the page inlines it, keep it small", c.name, len(out))
			}
		})
	}
}

func TestMarkersAreSizedAndShapedByFigureAndKind(t *testing.T) {
	opt := mustOptions(t, "en", "m")
	_, root := mustRender(t, geomap.Route, demo, opt)
	ms := markers(root)
	if len(ms) != 3 {
		t.Fatalf("%d markers on the route map, want 3 (the far-away place is outside)", len(ms))
	}
	// Area is proportional to the figure: 200 vs 61 vs 15. The largest
	// marker is the Far away one (500), outside the view but setting the
	// scale, so all three keep their ratios.
	a, b, c := area(t, ms["6-repatriation"]), area(t, ms["8-arrest"]), area(t, ms["9-repatriation"])
	if r := a / b; math.Abs(r-200.0/61) > 0.05 {
		t.Errorf("area ratio Baishan/Nanning = %.3f, want %.3f", r, 200.0/61)
	}
	if r := b / c; math.Abs(r-61.0/15) > 0.1 {
		t.Errorf("area ratio Nanning/Dandong = %.3f, want %.3f", r, 61.0/15)
	}
	shape := func(g node) string {
		for _, c := range g.Nodes {
			if c.XMLName.Local == "rect" && c.attr("transform") != "" {
				return "diamond"
			} else if c.XMLName.Local != "title" {
				return c.XMLName.Local
			}
		}
		return ""
	}
	for key, want := range map[string]string{"6-repatriation": "rect", "8-arrest": "circle", "9-repatriation": "diamond"} {
		if got := shape(ms[key]); got != want {
			t.Errorf("marker %s is a %s, want a %s", key, got, want)
		}
	}
	if !strings.Contains(ms["6-repatriation"].attr("class"), "approximate") {
		t.Error("the facility drawn at its city is not marked approximate")
	}
	// Largest first, so small markers stay on top.
	var order []string
	root.walk(func(n node) {
		if n.XMLName.Local == "g" && strings.HasPrefix(n.attr("class"), "marker ") {
			order = append(order, n.attr("data-place"))
		}
	})
	if strings.Join(order, " ") != "6-repatriation 8-arrest 9-repatriation" {
		t.Errorf("drawing order %v, want largest first", order)
	}
}

func TestBorderViewShowsOnlyItsMarkers(t *testing.T) {
	_, root := mustRender(t, geomap.Border, demo, mustOptions(t, "ko", "b"))
	ms := markers(root)
	if _, ok := ms["8-arrest"]; ok {
		t.Error("Nanning is drawn on the border map")
	}
	if _, ok := ms["6-repatriation"]; !ok {
		t.Error("Baishan is missing from the border map")
	}
	if root.attr("role") != "img" || root.attr("lang") != "ko" {
		t.Errorf("role %q lang %q", root.attr("role"), root.attr("lang"))
	}
	var title, desc string
	var labels []string
	root.walk(func(n node) {
		switch {
		case n.XMLName.Local == "title" && n.attr("id") == "b-title":
			title = n.Text
		case n.XMLName.Local == "desc":
			desc = n.Text
		case n.XMLName.Local == "text" && n.attr("class") == "label-province":
			labels = append(labels, n.Text)
		}
	})
	if title != "북중 접경 지역 지도" {
		t.Errorf("title %q", title)
	}
	if !strings.Contains(desc, "Baishan Detention Center") || strings.Contains(desc, "Nanning") {
		t.Errorf("desc should list the markers in view only: %q", desc)
	}
	if !strings.Contains(strings.Join(labels, " "), "함경북도") {
		t.Errorf("province labels %v lack 함경북도", labels)
	}
}

func TestRenderEscapesMarkerText(t *testing.T) {
	evil := []geomap.Marker{{Key: `1"><script>`, Name: `<script>alert(1)</script>`, Kind: vigil.PlaceCity, Event: vigil.EventArrest,
		Lat: 41, Lon: 126, Best: 3, Title: `a & <b onload="x">`}}
	out, root := mustRender(t, geomap.Border, evil, mustOptions(t, "en", "e"))
	if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte("<b ")) {
		t.Fatalf("markup from data reached the SVG:\n%s", out)
	}
	found := false
	root.walk(func(n node) {
		if n.XMLName.Local == "text" && n.Text == `<script>alert(1)</script>` {
			found = true
		}
	})
	if !found {
		t.Error("the escaped name does not read back as the original text")
	}
}

func TestRenderNeedsMessages(t *testing.T) {
	if _, err := geomap.Render(geomap.Border, nil, geomap.Options{Lang: "en", ID: "x"}); err == nil {
		t.Error("no error without a message function")
	}
}

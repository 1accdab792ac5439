// Package geomap draws vigil's offline maps: an SVG of the China–North
// Korea border region and of the route to Southeast Asia, with country and
// province boundaries from Natural Earth (embedded, see data/PROVENANCE.md)
// and a marker for each place with incidents, its area proportional to the
// best estimate. No tile server and no network: the map is built on the
// server from the embedded file.
//
// The projection is equirectangular with a standard parallel at the
// view's middle latitude (x = λ·cos φ₀, y = φ), so distances are true
// along that parallel and along meridians; at the region's latitudes the
// distortion stays under the precision of the figures shown.
package geomap

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sync"

	"vigil"
	"vigil/geomap/internal/geom"
	"vigil/internal/svg"
)

// View is a map extent in degrees and its width in pixels; the height
// follows from the projection.
type View struct {
	Name                     string // "route" or "border": used in ids, classes and message keys
	West, South, East, North float64
	Width                    int
}

// The two views the dashboard shows.
var (
	// Route spans the escape route: the border region, China's south,
	// Vietnam, Laos, Myanmar and Thailand.
	Route = View{Name: "route", West: 92, South: 8, East: 134, North: 50, Width: 640}
	// Border is the China–North Korea border region, with Jilin,
	// Liaoning and the whole of North Korea.
	Border = View{Name: "border", West: 119, South: 37, East: 132, North: 45.5, Width: 640}
)

// Contains reports whether a coordinate falls inside the view.
func (v View) Contains(lat, lon float64) bool {
	return lon >= v.West && lon <= v.East && lat >= v.South && lat <= v.North
}

// projection maps degrees to the view's pixels.
type projection struct {
	v     View
	k     float64 // pixels per degree of latitude
	cos0  float64
	h     float64
	frame geom.Rect
}

func newProjection(v View) projection {
	cos0 := math.Cos((v.South + v.North) / 2 * math.Pi / 180)
	k := float64(v.Width) / ((v.East - v.West) * cos0)
	h := (v.North - v.South) * k
	return projection{v: v, k: k, cos0: cos0, h: h, frame: geom.Rect{Max: geom.Point{X: float64(v.Width), Y: h}}}
}

func (p projection) xy(lon, lat float64) geom.Point {
	return geom.Point{X: (lon - p.v.West) * p.cos0 * p.k, Y: (p.v.North - lat) * p.k}
}

// Height returns the view's height in pixels.
func (v View) Height() int { return int(math.Round(newProjection(v).h)) }

// Marker is one place with incidents of one event type.
type Marker struct {
	// Key distinguishes markers in element ids ("12-repatriation").
	Key string
	// Name is the place's name in the page language.
	Name string
	// Kind picks the shape: facilities are squares, crossings diamonds,
	// every other kind a circle. All three have the same area for the
	// same figure.
	Kind  vigil.PlaceKind
	Event vigil.EventType
	// Lat and Lon locate the marker.
	Lat, Lon float64
	// Best is the sum of the best estimates of the counted incidents
	// there; the marker's area is proportional to it.
	Best int
	// Approximate is set when the coordinates belong to an enclosing
	// place (a facility drawn at its city); the outline is then dashed.
	Approximate bool
	// Title is the marker's text alternative, shown on hover and listed
	// in the map's description.
	Title string
}

// Options configures a rendering.
type Options struct {
	// Lang is "en" or "ko"; it picks label names and the svg's lang.
	Lang string
	// ID prefixes the ids of the map's elements; it must be unique in the
	// page.
	ID string
	// T returns a localized message (the UI's message bundle).
	T func(key string, args ...any) string
	// MaxBest is the figure drawn at the largest marker size; give the
	// same value to every view of one page so that sizes compare. Zero
	// means the largest Best among the markers.
	MaxBest int
	// Inset, when set, is drawn as a frame: the extent of a detail view.
	Inset *View
}

// Marker sizes, in pixels.
const (
	maxRadius = 26.0
	minRadius = 3.0
)

// radius is the marker radius for a figure: area-proportional, with a
// floor so that small figures stay visible.
func radius(best, maxBest int) float64 {
	if best <= 0 || maxBest <= 0 {
		return minRadius
	}
	r := maxRadius * math.Sqrt(float64(best)/float64(maxBest))
	return math.Max(r, minRadius)
}

// eventColors are the marker colours per event type (ColorBrewer-like,
// distinguishable in greyscale by lightness as well).
var eventColors = map[vigil.EventType]string{
	vigil.EventRepatriation:  "#b2182b",
	vigil.EventArrest:        "#e66101",
	vigil.EventDetention:     "#5e3c99",
	vigil.EventAtRisk:        "#b8860b",
	vigil.EventTransfer:      "#2166ac",
	vigil.EventRelease:       "#1b7837",
	vigil.EventPunishment:    "#40004b",
	vigil.EventDisappearance: "#4d4d4d",
	vigil.EventOther:         "#737373",
}

func colorOf(ev vigil.EventType) string {
	if c, ok := eventColors[ev]; ok {
		return c
	}
	return "#737373"
}

// MaxBest returns the largest Best among markers (at least 1).
func MaxBest(markers []Marker) int {
	m := 1
	for _, mk := range markers {
		m = max(m, mk.Best)
	}
	return m
}

// Render draws the view with the markers that fall inside it. Output is
// deterministic: markers are drawn largest first (small ones stay on
// top), ties by Key.
func Render(v View, markers []Marker, opt Options) ([]byte, error) {
	reg, err := load()
	if err != nil {
		return nil, err
	}
	if opt.T == nil {
		return nil, fmt.Errorf("geomap: Options.T is required")
	}
	if opt.MaxBest <= 0 {
		opt.MaxBest = MaxBest(markers)
	}
	p := newProjection(v)
	id := opt.ID
	var in []Marker
	for _, m := range markers {
		if v.Contains(m.Lat, m.Lon) {
			in = append(in, m)
		}
	}
	slices.SortStableFunc(in, func(a, b Marker) int { return cmp.Or(cmp.Compare(b.Best, a.Best), cmp.Compare(a.Key, b.Key)) })

	leg := newLegend(in, opt)
	var w svg.Writer
	w.Start("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "map map-"+v.Name, "id", id,
		"viewBox", "0 0 "+svg.Int(v.Width)+" "+svg.Num(p.h+leg.height), "role", "img", "lang", opt.Lang,
		"aria-labelledby", id+"-title "+id+"-desc")
	w.Elem("title", opt.T("viz.map.title."+v.Name), "id", id+"-title")
	w.Elem("desc", describe(v, in, opt), "id", id+"-desc")

	w.Empty("rect", "class", "sea", "x", "0", "y", "0", "width", svg.Int(v.Width), "height", svg.Num(p.h), "fill", "#dfeaf2")
	w.Append(shapes(reg, p))
	drawLabels(&w, p, v, opt.Lang)
	if opt.Inset != nil {
		drawInset(&w, p, *opt.Inset, opt)
	}
	w.Start("g", "class", "markers")
	for _, m := range in {
		drawMarker(&w, p, m, opt.MaxBest)
	}
	w.End("g")
	drawMarkerLabels(&w, p, in, opt)
	leg.draw(&w, p, p.h, opt)
	w.End("svg")
	return w.Bytes(), nil
}

// describe is the map's text alternative: what it shows and each marker.
func describe(v View, in []Marker, opt Options) string {
	s := opt.T("viz.map.desc."+v.Name) + " "
	if len(in) == 0 {
		return s + opt.T("viz.map.no_markers")
	}
	s += opt.T("viz.map.marker_count", len(in)) + " "
	byName := slices.Clone(in)
	slices.SortStableFunc(byName, func(a, b Marker) int { return cmp.Compare(a.Key, b.Key) })
	for i, m := range byName {
		if i > 0 {
			s += "; "
		}
		s += m.Title
	}
	return s + "."
}

// shapeCache holds each view's boundary markup: it depends on the view
// only, and projecting, clipping and simplifying it is most of a map's
// cost (BENCHMARKS.md).
var shapeCache sync.Map // View → []byte

// shapes returns the view's boundary markup, drawing it once.
func shapes(reg *region, p projection) []byte {
	if b, ok := shapeCache.Load(p.v); ok {
		return b.([]byte)
	}
	var w svg.Writer
	drawShapes(&w, reg, p)
	b, _ := shapeCache.LoadOrStore(p.v, w.Bytes())
	return b.([]byte)
}

// drawShapes draws the countries, province boundaries and the border.
func drawShapes(w *svg.Writer, reg *region, p projection) {
	margin := geom.Rect{Min: geom.Point{X: -2, Y: -2}, Max: geom.Point{X: p.frame.Max.X + 2, Y: p.frame.Max.Y + 2}}
	w.Start("g", "class", "land")
	for _, s := range reg.Shapes {
		if s.Kind != "country" {
			continue
		}
		d := ""
		for _, part := range s.Parts {
			px := make([]geom.Point, len(part))
			for i, pt := range part {
				px[i] = p.xy(pt.X, pt.Y)
			}
			r := geom.ClipRing(px, margin)
			if r == nil {
				continue
			}
			r = geom.Simplify(r, 0.5)
			if len(r) < 3 || math.Abs(geom.Area(r)) < 4 {
				continue
			}
			d += pathData(r, true)
		}
		if d == "" {
			continue
		}
		fill := "#f4f1ea"
		switch s.Country {
		case "CN":
			fill = "#f2e8d5"
		case "KP":
			fill = "#ead7d1"
		}
		w.Empty("path", "class", "country country-"+s.Country, "d", d, "fill", fill, "stroke", "#8c8c8c", "stroke-width", "0.8", "fill-rule", "evenodd")
	}
	w.End("g")
	lines := func(kind, class, stroke, width, dash string) {
		d := ""
		for _, s := range reg.Shapes {
			if s.Kind != kind {
				continue
			}
			for _, part := range s.Parts {
				px := make([]geom.Point, len(part))
				for i, pt := range part {
					px[i] = p.xy(pt.X, pt.Y)
				}
				for _, piece := range geom.ClipLine(px, margin) {
					if piece = geom.Simplify(piece, 0.5); len(piece) >= 2 {
						d += pathData(piece, false)
					}
				}
			}
		}
		if d != "" {
			w.Empty("path", "class", class, "d", d, "fill", "none", "stroke", stroke, "stroke-width", width, "stroke-dasharray", dash)
		}
	}
	lines("admin1", "admin1", "#a8a8a8", "0.6", "3 2")
	lines("border", "border-cn-kp", "#7a1f1f", "1.6", "")
}

// pathData writes points as SVG path data.
func pathData(pts []geom.Point, closed bool) string {
	b := make([]byte, 0, len(pts)*10)
	for i, pt := range pts {
		if i == 0 {
			b = append(b, 'M')
		} else {
			b = append(b, ' ')
		}
		b = append(b, svg.Num(pt.X)...)
		b = append(b, ',')
		b = append(b, svg.Num(pt.Y)...)
	}
	if closed {
		b = append(b, 'Z')
	}
	return string(b)
}

// drawLabels draws the country, province and reference-city names.
func drawLabels(w *svg.Writer, p projection, v View, lang string) {
	key := v.Name[:1]
	w.Start("g", "class", "labels")
	for _, l := range labels {
		if !containsRune(l.views, key) || !v.Contains(l.lat, l.lon) {
			continue
		}
		pt := p.xy(l.lon, l.lat)
		anchor := l.anchor
		if anchor == "" {
			anchor = "middle"
		}
		switch l.class {
		case "country":
			w.Elem("text", l.text(lang), "class", "label-country", "x", svg.Num(pt.X), "y", svg.Num(pt.Y), "text-anchor", anchor, "font-size", "13", "fill", "#444", "font-weight", "bold")
		case "province":
			w.Elem("text", l.text(lang), "class", "label-province", "x", svg.Num(pt.X), "y", svg.Num(pt.Y), "text-anchor", anchor, "font-size", "10", "fill", "#666")
		case "city":
			w.Empty("circle", "class", "ref-city", "cx", svg.Num(pt.X), "cy", svg.Num(pt.Y), "r", "2", "fill", "#555")
			w.Elem("text", l.text(lang), "class", "label-city", "x", svg.Num(pt.X+4), "y", svg.Num(pt.Y-3), "font-size", "10", "fill", "#555", "font-style", "italic")
		}
	}
	w.End("g")
}

func containsRune(s, r string) bool {
	for _, c := range s {
		if string(c) == r {
			return true
		}
	}
	return false
}

// drawInset frames the extent of the detail view.
func drawInset(w *svg.Writer, p projection, in View, opt Options) {
	a, b := p.xy(in.West, in.North), p.xy(in.East, in.South)
	w.Start("g", "class", "inset")
	w.Empty("rect", "x", svg.Num(a.X), "y", svg.Num(a.Y), "width", svg.Num(b.X-a.X), "height", svg.Num(b.Y-a.Y), "fill", "none", "stroke", "#333", "stroke-width", "1", "stroke-dasharray", "5 3")
	w.Elem("text", opt.T("viz.map.inset"), "x", svg.Num(a.X+3), "y", svg.Num(a.Y-4), "font-size", "10", "fill", "#333")
	w.End("g")
}

// drawMarker draws one marker with its title.
func drawMarker(w *svg.Writer, p projection, m Marker, maxBest int) {
	c := p.xy(m.Lon, m.Lat)
	r := radius(m.Best, maxBest)
	col := colorOf(m.Event)
	class := "marker marker-" + string(m.Kind) + " event-" + string(m.Event)
	dash := ""
	if m.Approximate {
		class += " approximate"
		dash = "3 2"
	}
	common := []string{"fill", col, "fill-opacity", "0.45", "stroke", col, "stroke-width", "1.5", "stroke-dasharray", dash}
	w.Start("g", "class", class, "data-place", m.Key, "data-best", svg.Int(m.Best))
	w.Elem("title", m.Title)
	switch m.Kind {
	case vigil.PlaceFacility, vigil.PlaceCrossing:
		// A square of the circle's area: side r·√π.
		s := r * math.Sqrt(math.Pi)
		attrs := []string{"x", svg.Num(c.X - s/2), "y", svg.Num(c.Y - s/2), "width", svg.Num(s), "height", svg.Num(s)}
		if m.Kind == vigil.PlaceCrossing {
			attrs = append(attrs, "transform", "rotate(45 "+svg.Num(c.X)+" "+svg.Num(c.Y)+")")
		}
		w.Empty("rect", append(attrs, common...)...)
	default:
		w.Empty("circle", append([]string{"cx", svg.Num(c.X), "cy", svg.Num(c.Y), "r", svg.Num(r)}, common...)...)
	}
	w.End("g")
}

// drawMarkerLabels names each marked place once, beside its largest
// marker.
func drawMarkerLabels(w *svg.Writer, p projection, in []Marker, opt Options) {
	if len(in) == 0 {
		return
	}
	maxBest := opt.MaxBest
	seen := map[string]bool{}
	w.Start("g", "class", "marker-labels")
	for _, m := range in { // largest first
		k := svg.Num(m.Lat) + "," + svg.Num(m.Lon) + m.Name
		if seen[k] {
			continue
		}
		seen[k] = true
		if opt.Inset != nil && opt.Inset.Contains(m.Lat, m.Lon) {
			continue // the detail view names it
		}
		c := p.xy(m.Lon, m.Lat)
		r := radius(m.Best, maxBest)
		if m.Kind == vigil.PlaceFacility || m.Kind == vigil.PlaceCrossing {
			r *= math.Sqrt(math.Pi) / 2 * math.Sqrt2
		}
		x, anchor := c.X+r+3, "start"
		if x+textWidth(m.Name, 11) > float64(p.v.Width)-4 {
			x, anchor = c.X-r-3, "end" // no room on the right
		}
		w.Elem("text", m.Name, "x", svg.Num(x), "y", svg.Num(c.Y+4), "text-anchor", anchor, "font-size", "11", "fill", "#111", "font-weight", "bold")
	}
	w.End("g")
}

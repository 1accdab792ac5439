package geomap

import (
	"math"
	"slices"

	"vigil"
	"vigil/i18n"
	"vigil/internal/svg"
)

// textWidth estimates the width of s in pixels at a font size: Latin
// letters and digits take about 0.6 em, Hangul and other wide scripts 1 em.
func textWidth(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		if r < 0x1100 {
			w += 0.6
		} else {
			w += 1
		}
	}
	return w * size
}

// niceBelow returns the largest 1, 2 or 5 × 10ⁿ not above v (v ≥ 1).
func niceBelow(v int) int {
	if v < 1 {
		return 1
	}
	p := int(math.Pow(10, math.Floor(math.Log10(float64(v)))))
	for _, m := range []int{5, 2, 1} {
		if m*p <= v {
			return m * p
		}
	}
	return p
}

// legendRow is one entry of the key: a swatch and its text.
type legendRow struct {
	event vigil.EventType // set for colour entries
	shape string          // "place", "facility", "crossing", "approximate"
	text  string
}

// legend is the strip under the map: the size key, the colour and shape
// key, the scale bar and the attribution.
type legend struct {
	rows   []legendRow
	sizes  []int
	height float64
}

// Legend geometry, in pixels.
const (
	legPad    = 8.0
	legRowH   = 16.0
	legFont   = 11.0
	legPerCol = 5
)

// newLegend lists only what the view shows.
func newLegend(in []Marker, opt Options) legend {
	var l legend
	var events []vigil.EventType
	shapes := map[string]bool{}
	for _, m := range in {
		if !slices.Contains(events, m.Event) {
			events = append(events, m.Event)
		}
		switch m.Kind {
		case vigil.PlaceFacility, vigil.PlaceCrossing:
			shapes[string(m.Kind)] = true
		default:
			shapes["place"] = true
		}
		if m.Approximate {
			shapes["approximate"] = true
		}
	}
	slices.Sort(events)
	for _, ev := range events {
		l.rows = append(l.rows, legendRow{event: ev, text: opt.T("event." + string(ev))})
	}
	for _, s := range []string{"place", "facility", "crossing", "approximate"} {
		if shapes[s] {
			l.rows = append(l.rows, legendRow{shape: s, text: opt.T("viz.map.legend." + s)})
		}
	}
	if len(in) > 0 {
		big := niceBelow(opt.MaxBest)
		l.sizes = []int{big}
		if small := niceBelow(max(1, big/5)); small < big {
			l.sizes = append(l.sizes, small)
		}
	}
	inner := 30.0 // the scale bar and the attribution
	if len(in) > 0 {
		inner = max(inner, 14+2*maxRadius+6, float64(min(len(l.rows), legPerCol))*legRowH)
	}
	l.height = legPad + inner + 16 + legPad
	return l
}

// draw draws the strip below the map, whose height is top.
func (l legend) draw(w *svg.Writer, p projection, top float64, opt Options) {
	width := float64(p.v.Width)
	w.Start("g", "class", "legend")
	w.Empty("rect", "x", "0", "y", svg.Num(top), "width", svg.Num(width), "height", svg.Num(l.height), "fill", "#ffffff")
	x := legPad
	y := top + legPad
	if len(l.sizes) > 0 {
		title := opt.T("viz.map.legend.size")
		w.Elem("text", title, "x", svg.Num(x), "y", svg.Num(y+10), "font-size", svg.Num(legFont), "fill", "#222")
		cx, base := x+maxRadius, y+14+2*maxRadius+4
		for _, v := range l.sizes {
			r := radius(v, opt.MaxBest)
			w.Empty("circle", "cx", svg.Num(cx), "cy", svg.Num(base-r), "r", svg.Num(r), "fill", "none", "stroke", "#555", "stroke-width", "1")
			w.Empty("line", "x1", svg.Num(cx), "y1", svg.Num(base-2*r), "x2", svg.Num(cx+maxRadius+6), "y2", svg.Num(base-2*r), "stroke", "#555", "stroke-width", "0.5")
			w.Elem("text", i18n.Int(opt.Lang, v), "x", svg.Num(cx+maxRadius+8), "y", svg.Num(base-2*r+4), "font-size", "10", "fill", "#222")
		}
		x += max(textWidth(title, legFont), 2*maxRadius+14+textWidth(i18n.Int(opt.Lang, l.sizes[0]), 10)) + 18
	}
	for start := 0; start < len(l.rows); start += legPerCol {
		col := l.rows[start:min(start+legPerCol, len(l.rows))]
		colW := 0.0
		for i, r := range col {
			sx, sy := x+7, y+float64(i)*legRowH+legRowH/2
			drawSwatch(w, r, sx, sy)
			w.Elem("text", r.text, "x", svg.Num(x+20), "y", svg.Num(sy+4), "font-size", svg.Num(legFont), "fill", "#222")
			colW = max(colW, 20+textWidth(r.text, legFont))
		}
		x += colW + 16
	}
	drawScale(w, p, top+l.height-legPad-22, opt)
	w.Elem("text", opt.T("viz.map.attribution"), "class", "attribution", "x", svg.Num(width-legPad), "y", svg.Num(top+l.height-legPad), "text-anchor", "end", "font-size", "9", "fill", "#555")
	w.End("g")
}

// drawSwatch draws a legend row's symbol centred on (x, y).
func drawSwatch(w *svg.Writer, r legendRow, x, y float64) {
	if r.event != "" {
		c := colorOf(r.event)
		w.Empty("circle", "cx", svg.Num(x), "cy", svg.Num(y), "r", "6", "fill", c, "fill-opacity", "0.45", "stroke", c, "stroke-width", "1.5")
		return
	}
	line := []string{"fill", "none", "stroke", "#333", "stroke-width", "1.5"}
	switch r.shape {
	case "facility", "crossing":
		a := []string{"x", svg.Num(x - 5.3), "y", svg.Num(y - 5.3), "width", "10.6", "height", "10.6"}
		if r.shape == "crossing" {
			a = append(a, "transform", "rotate(45 "+svg.Num(x)+" "+svg.Num(y)+")")
		}
		w.Empty("rect", append(a, line...)...)
	case "approximate":
		w.Empty("circle", append([]string{"cx", svg.Num(x), "cy", svg.Num(y), "r", "6", "stroke-dasharray", "3 2"}, line...)...)
	default:
		w.Empty("circle", append([]string{"cx", svg.Num(x), "cy", svg.Num(y), "r", "6"}, line...)...)
	}
}

// drawScale draws a scale bar ending at the strip's right edge, true
// along the standard parallel.
func drawScale(w *svg.Writer, p projection, y float64, opt Options) {
	pxPerKm := p.k / 111.32
	km := 0
	for _, c := range []int{25, 50, 100, 200, 250, 500, 1000} {
		if l := float64(c) * pxPerKm; l >= 50 && l <= 140 {
			km = c
			break
		}
	}
	if km == 0 {
		return
	}
	x1 := float64(p.v.Width) - legPad
	l := float64(km) * pxPerKm
	w.Empty("path", "class", "scale", "d", "M"+svg.Num(x1-l)+","+svg.Num(y-4)+" "+svg.Num(x1-l)+","+svg.Num(y)+" "+svg.Num(x1)+","+svg.Num(y)+" "+svg.Num(x1)+","+svg.Num(y-4), "fill", "none", "stroke", "#333", "stroke-width", "1.2")
	w.Elem("text", opt.T("viz.map.scale", km), "x", svg.Num(x1-l-4), "y", svg.Num(y+1), "text-anchor", "end", "font-size", "10", "fill", "#333")
}

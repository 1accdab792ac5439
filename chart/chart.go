// Package chart draws the monthly series of a total as an accessible SVG:
// for each month, the range from low to high as a band and the best
// estimate as a line with points. The markup is built with every text
// escaped (internal/svg), so the UI can place it inline; it uses
// presentation attributes and class names, never style attributes, so it
// passes a strict Content-Security-Policy.
//
// How the honest total's marks are drawn:
//   - an unbounded high (some incident "more than N") draws the month's
//     band hatched up to the top of the plot, with an "open" legend entry;
//   - an incomplete low (some incident's low unknown, counted as 0) draws
//     the band's lower edge dashed;
//   - a month with no recorded incident is a gap, not a zero: nothing is
//     drawn but a dotted line above the baseline, and the text alternative
//     says "no recorded incident". The absence of a record is not evidence
//     that nobody was sent back.
//
// Months are steps, not points on a curve: each month's band and best
// line span the month's slot, and consecutive months join. Nothing is
// interpolated between months.
package chart

import (
	"fmt"
	"math"
	"strings"

	"vigil"
	"vigil/i18n"
	"vigil/internal/svg"
)

// Options configures a chart.
type Options struct {
	// Lang is "en" or "ko".
	Lang string
	// ID prefixes the ids of the chart's elements; it must be unique in
	// the page (the hatch pattern is referenced by id).
	ID string
	// T returns a localized message (the UI's message bundle).
	T func(key string, args ...any) string
	// Title is the chart's accessible name, e.g. "Repatriations by month".
	Title string
	// From and To bound the axis (YYYY-MM-DD or YYYY-MM); either may be
	// empty. The axis always covers the months of the data.
	From, To string
	// Width is the drawing's width in pixels; 0 means 640.
	Width int
}

// Geometry, in pixels.
const (
	plotH     = 180.0
	topPad    = 26.0
	rightPad  = 12.0
	xLabelsH  = 36.0
	maxSlot   = 72.0
	legendRow = 18.0
	fontSize  = 11.0
)

// Colours (presentation attributes; web/static/viz.css may refine them).
const (
	bandFill   = "#b9d3ea"
	openStroke = "#4a78a6"
	bestStroke = "#08306b"
	gridStroke = "#e0e0e0"
	axisStroke = "#555555"
	textFill   = "#333333"
)

// Render draws the monthly series. It returns an error for a month that is
// not YYYY-MM or bounds that are not days or months.
func Render(months []vigil.MonthTotal, opt Options) ([]byte, error) {
	if opt.T == nil {
		return nil, fmt.Errorf("chart: Options.T is required")
	}
	if opt.Width <= 0 {
		opt.Width = 640
	}
	ax, err := axis(months, opt.From, opt.To)
	if err != nil {
		return nil, err
	}
	spans, err := Spans(months, opt.From, opt.To)
	if err != nil {
		return nil, err
	}
	byMonth := map[string]*vigil.Total{}
	for i := range months {
		byMonth[months[i].Month] = &months[i].Total
	}
	c := newCanvas(ax, byMonth, opt)

	var w svg.Writer
	id := opt.ID
	w.Start("svg", "xmlns", "http://www.w3.org/2000/svg", "class", "chart", "id", id,
		"viewBox", "0 0 "+svg.Int(opt.Width)+" "+svg.Num(c.height), "role", "img", "lang", opt.Lang,
		"aria-labelledby", id+"-title "+id+"-desc")
	w.Elem("title", opt.Title, "id", id+"-title")
	w.Elem("desc", describe(spans, opt), "id", id+"-desc")
	w.Start("defs")
	w.Start("pattern", "id", id+"-hatch", "patternUnits", "userSpaceOnUse", "width", "6", "height", "6", "patternTransform", "rotate(45)")
	w.Empty("rect", "width", "6", "height", "6", "fill", "#eef4fa")
	w.Empty("line", "x1", "0", "y1", "0", "x2", "0", "y2", "6", "stroke", openStroke, "stroke-width", "2")
	w.End("pattern")
	w.End("defs")

	c.drawGrid(&w)
	if len(ax) == 0 {
		w.Elem("text", opt.T("viz.chart.none"), "class", "chart-empty", "x", svg.Num(c.left+c.plotW/2), "y", svg.Num(topPad+plotH/2), "text-anchor", "middle", "font-size", "13", "fill", textFill)
	} else {
		c.drawXAxis(&w)
		c.drawSeries(&w)
	}
	if len(ax) > 0 {
		c.drawLegend(&w)
	}
	w.End("svg")
	return w.Bytes(), nil
}

// canvas holds the scales of one chart.
type canvas struct {
	opt     Options
	ax      []string
	totals  map[string]*vigil.Total
	left    float64
	plotW   float64
	slot    float64
	x0      float64 // left edge of the first month's slot
	yMax    int
	step    int
	height  float64
	legend  []legendItem
	hasOpen bool
	hasLowI bool
	hasGap  bool
}

type legendItem struct{ kind, text string }

func newCanvas(ax []string, totals map[string]*vigil.Total, opt Options) *canvas {
	c := &canvas{opt: opt, ax: ax, totals: totals}
	maxV := 0.0
	for _, m := range ax {
		t := totals[m]
		if t == nil {
			c.hasGap = true
			continue
		}
		maxV = math.Max(maxV, float64(max(t.Low, t.Best)))
		if t.High != nil {
			maxV = math.Max(maxV, float64(*t.High))
		} else {
			c.hasOpen = true
			// Leave room above an open band so the hatching shows.
			maxV = math.Max(maxV, 1.25*float64(max(t.Low, t.Best)))
		}
		c.hasLowI = c.hasLowI || t.LowIncomplete
	}
	c.step = niceStep(maxV / 4)
	c.yMax = int(math.Ceil(maxV/float64(c.step))) * c.step
	if c.yMax == 0 {
		c.yMax = c.step
	}
	widest := 0.0
	for v := 0; v <= c.yMax; v += c.step {
		widest = math.Max(widest, textWidth(i18n.Int(opt.Lang, v), fontSize))
	}
	c.left = math.Ceil(widest) + 14
	c.plotW = float64(opt.Width) - c.left - rightPad
	if n := len(ax); n > 0 {
		c.slot = math.Min(c.plotW/float64(n), maxSlot)
		c.x0 = c.left + (c.plotW-c.slot*float64(n))/2
	}

	c.legend = []legendItem{{"band", opt.T("viz.chart.legend.band")}, {"best", opt.T("viz.chart.legend.best")}}
	if c.hasOpen {
		c.legend = append(c.legend, legendItem{"open", opt.T("viz.chart.legend.open")})
	}
	if c.hasLowI {
		c.legend = append(c.legend, legendItem{"low", opt.T("viz.chart.legend.low_incomplete")})
	}
	if c.hasGap {
		c.legend = append(c.legend, legendItem{"gap", opt.T("viz.chart.legend.gap")})
	}
	c.height = topPad + plotH + xLabelsH + 6
	if len(ax) > 0 {
		c.height += float64(c.legendRows()) * legendRow
	}
	return c
}

// niceStep returns the smallest 1, 2 or 5 × 10ⁿ (at least 1) not below v:
// counts of people have integer ticks.
func niceStep(v float64) int {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return int(m * p)
		}
	}
	return int(10 * p)
}

// textWidth estimates a text's width: about 0.6 em for Latin letters and
// digits, 1 em for Hangul.
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

func (c *canvas) y(v int) float64 {
	return topPad + plotH - float64(v)/float64(c.yMax)*plotH
}

func (c *canvas) slotX(i int) (float64, float64) {
	a := c.x0 + float64(i)*c.slot
	return a, a + c.slot
}

// drawGrid draws the horizontal grid, the value ticks and the unit.
func (c *canvas) drawGrid(w *svg.Writer) {
	w.Start("g", "class", "chart-grid")
	for v := 0; v <= c.yMax; v += c.step {
		y := c.y(v)
		w.Empty("line", "x1", svg.Num(c.left), "y1", svg.Num(y), "x2", svg.Num(c.left+c.plotW), "y2", svg.Num(y), "stroke", gridStroke, "stroke-width", "1")
		w.Elem("text", i18n.Int(c.opt.Lang, v), "x", svg.Num(c.left-6), "y", svg.Num(y+4), "text-anchor", "end", "font-size", svg.Num(fontSize), "fill", textFill)
	}
	w.Elem("text", c.opt.T("viz.chart.axis_y"), "class", "chart-unit", "x", svg.Num(c.left), "y", "14", "font-size", svg.Num(fontSize), "fill", textFill)
	w.Empty("line", "x1", svg.Num(c.left), "y1", svg.Num(c.y(0)), "x2", svg.Num(c.left+c.plotW), "y2", svg.Num(c.y(0)), "stroke", axisStroke, "stroke-width", "1")
	w.End("g")
}

// labelEvery picks how many months apart the tick labels are, so that
// labels do not overlap: 1, 2, 3, 6 or 12 (then years only).
func (c *canvas) labelEvery() int {
	need := textWidth("Sep", fontSize) + 8
	if c.opt.Lang == "ko" {
		need = textWidth("12월", fontSize) + 8
	}
	for _, k := range []int{1, 2, 3, 6} {
		if c.slot*float64(k) >= need {
			return k
		}
	}
	return 12
}

// drawXAxis labels the months, with the year on a second line at the
// first label and at each January.
func (c *canvas) drawXAxis(w *svg.Writer) {
	k := c.labelEvery()
	base := c.y(0)
	w.Start("g", "class", "chart-months")
	shownYear := false
	for i, m := range c.ax {
		mon := int(m[5]-'0')*10 + int(m[6]-'0')
		if (mon-1)%k != 0 {
			continue
		}
		a, b := c.slotX(i)
		x := (a + b) / 2
		if k == 12 {
			x = a
		}
		w.Empty("line", "x1", svg.Num(a), "y1", svg.Num(base), "x2", svg.Num(a), "y2", svg.Num(base+4), "stroke", axisStroke, "stroke-width", "1")
		anchor := "middle"
		if k == 12 {
			anchor = "start"
			w.Elem("text", i18n.Year(c.opt.Lang, m), "x", svg.Num(x), "y", svg.Num(base+16), "text-anchor", anchor, "font-size", svg.Num(fontSize), "fill", textFill)
			continue
		}
		w.Elem("text", i18n.MonthAbbr(c.opt.Lang, m), "x", svg.Num(x), "y", svg.Num(base+16), "text-anchor", anchor, "font-size", svg.Num(fontSize), "fill", textFill)
		if !shownYear || mon == 1 {
			w.Elem("text", i18n.Year(c.opt.Lang, m), "x", svg.Num(x), "y", svg.Num(base+30), "text-anchor", anchor, "font-size", svg.Num(fontSize), "fill", textFill)
			shownYear = true
		}
	}
	w.End("g")
}

// drawSeries draws gaps, bands, open bands, incomplete lows, the best
// line and the points.
func (c *canvas) drawSeries(w *svg.Writer) {
	base := c.y(0)
	w.Start("g", "class", "chart-series")
	// Gaps: a dotted line just above the baseline across each run of
	// months with no recorded incident.
	for _, run := range c.gapRuns() {
		a, _ := c.slotX(run[0])
		_, b := c.slotX(run[len(run)-1])
		inset := math.Min(3, (b-a)/4)
		w.Empty("line", "class", "gap", "x1", svg.Num(a+inset), "y1", svg.Num(base-4), "x2", svg.Num(b-inset), "y2", svg.Num(base-4), "stroke", "#888888", "stroke-width", "2", "stroke-dasharray", "2 3")
	}
	// Bands: one step polygon per run of consecutive bounded months.
	for _, run := range c.runs(func(t *vigil.Total) bool { return t.High != nil }) {
		var top, bottom []string
		for _, i := range run {
			t := c.totals[c.ax[i]]
			a, b := c.slotX(i)
			yh, yl := c.y(*t.High), c.y(t.Low)
			if yl-yh < 1.5 { // keep a thin band visible
				yh = yl - 1.5
			}
			top = append(top, svg.Num(a)+","+svg.Num(yh), svg.Num(b)+","+svg.Num(yh))
			bottom = append([]string{svg.Num(b) + "," + svg.Num(yl), svg.Num(a) + "," + svg.Num(yl)}, bottom...)
		}
		w.Empty("polygon", "class", "band", "points", strings.Join(append(top, bottom...), " "), "fill", bandFill, "stroke", "none")
	}
	// Open bands: hatched from the low to the top of the plot.
	for i, m := range c.ax {
		t := c.totals[m]
		if t == nil || t.High != nil {
			continue
		}
		a, b := c.slotX(i)
		yl := c.y(t.Low)
		w.Empty("rect", "class", "band-open", "x", svg.Num(a), "y", svg.Num(topPad), "width", svg.Num(b-a), "height", svg.Num(yl-topPad), "fill", "url(#"+c.opt.ID+"-hatch)", "stroke", openStroke, "stroke-width", "1")
		// An arrow at the top: the range continues.
		x := (a + b) / 2
		w.Empty("path", "class", "open-arrow", "d", "M"+svg.Num(x-5)+","+svg.Num(topPad+2)+" "+svg.Num(x)+","+svg.Num(topPad-6)+" "+svg.Num(x+5)+","+svg.Num(topPad+2)+"Z", "fill", openStroke)
	}
	// Incomplete lows: the band's lower edge dashed.
	for i, m := range c.ax {
		if t := c.totals[m]; t != nil && t.LowIncomplete {
			a, b := c.slotX(i)
			w.Empty("line", "class", "low-incomplete", "x1", svg.Num(a), "y1", svg.Num(c.y(t.Low)), "x2", svg.Num(b), "y2", svg.Num(c.y(t.Low)), "stroke", "#a14a00", "stroke-width", "2", "stroke-dasharray", "4 3")
		}
	}
	// Best: a step line per run of consecutive months, and a point each.
	for _, run := range c.runs(func(*vigil.Total) bool { return true }) {
		var pts []string
		for _, i := range run {
			a, b := c.slotX(i)
			y := c.y(c.totals[c.ax[i]].Best)
			pts = append(pts, svg.Num(a)+","+svg.Num(y), svg.Num(b)+","+svg.Num(y))
		}
		w.Empty("polyline", "class", "best", "points", strings.Join(pts, " "), "fill", "none", "stroke", bestStroke, "stroke-width", "2")
	}
	for i, m := range c.ax {
		t := c.totals[m]
		if t == nil {
			continue
		}
		a, b := c.slotX(i)
		w.Start("g", "class", "point", "data-month", m)
		w.Elem("title", monthLine(c.opt, m, t))
		w.Empty("circle", "cx", svg.Num((a+b)/2), "cy", svg.Num(c.y(t.Best)), "r", "3.5", "fill", bestStroke, "stroke", "#ffffff", "stroke-width", "1")
		w.End("g")
	}
	w.End("g")
}

// runs returns the indices of consecutive axis months that have a total
// and satisfy keep.
func (c *canvas) runs(keep func(*vigil.Total) bool) [][]int {
	var out [][]int
	var cur []int
	for i, m := range c.ax {
		if t := c.totals[m]; t != nil && keep(t) {
			cur = append(cur, i)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// gapRuns returns the indices of consecutive axis months without a
// total.
func (c *canvas) gapRuns() [][]int {
	var out [][]int
	var cur []int
	for i, m := range c.ax {
		if c.totals[m] == nil {
			cur = append(cur, i)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// legendRows lays the legend out in rows that fit the width.
func (c *canvas) legendRows() int {
	rows, x := 1, 0.0
	for _, it := range c.legend {
		wd := 26 + textWidth(it.text, fontSize) + 14
		if x > 0 && x+wd > float64(c.opt.Width)-c.left {
			rows++
			x = 0
		}
		x += wd
	}
	return rows
}

// drawLegend draws a swatch and a label per item, wrapping rows.
func (c *canvas) drawLegend(w *svg.Writer) {
	y := topPad + plotH + xLabelsH + legendRow/2
	x := c.left
	w.Start("g", "class", "chart-legend")
	for _, it := range c.legend {
		wd := 26 + textWidth(it.text, fontSize) + 14
		if x > c.left && x+wd > float64(c.opt.Width) {
			x = c.left
			y += legendRow
		}
		switch it.kind {
		case "band":
			w.Empty("rect", "x", svg.Num(x), "y", svg.Num(y-6), "width", "20", "height", "12", "fill", bandFill)
		case "best":
			w.Empty("line", "x1", svg.Num(x), "y1", svg.Num(y), "x2", svg.Num(x+20), "y2", svg.Num(y), "stroke", bestStroke, "stroke-width", "2")
			w.Empty("circle", "cx", svg.Num(x+10), "cy", svg.Num(y), "r", "3.5", "fill", bestStroke)
		case "open":
			w.Empty("rect", "x", svg.Num(x), "y", svg.Num(y-6), "width", "20", "height", "12", "fill", "url(#"+c.opt.ID+"-hatch)", "stroke", openStroke, "stroke-width", "1")
		case "low":
			w.Empty("line", "x1", svg.Num(x), "y1", svg.Num(y), "x2", svg.Num(x+20), "y2", svg.Num(y), "stroke", "#a14a00", "stroke-width", "2", "stroke-dasharray", "4 3")
		case "gap":
			w.Empty("line", "x1", svg.Num(x), "y1", svg.Num(y), "x2", svg.Num(x+20), "y2", svg.Num(y), "stroke", "#888888", "stroke-width", "2", "stroke-dasharray", "2 3")
		}
		w.Elem("text", it.text, "x", svg.Num(x+26), "y", svg.Num(y+4), "font-size", svg.Num(fontSize), "fill", textFill)
		x += wd
	}
	w.End("g")
}

// monthLine is one month in words: "April 2024: low 230, best 265, high
// no upper bound (low incomplete)".
func monthLine(opt Options, month string, t *vigil.Total) string {
	high := opt.T("figure.unbounded")
	if t.High != nil {
		high = i18n.Int(opt.Lang, *t.High)
	}
	s := opt.T("viz.chart.month", i18n.Month(opt.Lang, month), i18n.Int(opt.Lang, t.Low), i18n.Int(opt.Lang, t.Best), high)
	if t.LowIncomplete {
		s += " " + opt.T("viz.chart.low_incomplete_note")
	}
	return s
}

// SpanText is a span in words, as in the chart's description.
func SpanText(opt Options, s Span) string {
	switch {
	case s.Total != nil:
		return monthLine(opt, s.From, s.Total)
	case s.From == s.To:
		return opt.T("viz.chart.month_empty", i18n.Month(opt.Lang, s.From))
	default:
		return opt.T("viz.chart.months_empty", i18n.Month(opt.Lang, s.From), i18n.Month(opt.Lang, s.To))
	}
}

// describe is the chart's text alternative: how to read it, then every
// month.
func describe(spans []Span, opt Options) string {
	if len(spans) == 0 {
		return opt.T("viz.chart.none")
	}
	parts := []string{opt.T("viz.chart.reading")}
	for _, s := range spans {
		parts = append(parts, SpanText(opt, s)+".")
	}
	return strings.Join(parts, " ")
}

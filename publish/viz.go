package publish

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"vigil"
	"vigil/chart"
	"vigil/geomap"
	"vigil/i18n"
)

// eventTotal is one event's total for a period, with its monthly chart.
type eventTotal struct {
	Event vigil.EventType
	Stats *vigil.Stats
	// Chart is inline SVG from package chart (see safeSVG).
	Chart template.HTML
	// Rows are the chart's numbers as a table.
	Rows []monthRow
}

// monthRow is one month of a chart's table.
type monthRow struct {
	Month, Low, Best, High, Incidents string
	Empty, LowIncomplete              bool
	IDs                               []int64
}

// mapView is the maps of a period's counted incidents.
type mapView struct {
	Route, Border template.HTML
	Markers       []markerRow
	// Unplaced are counted incidents the maps cannot show (known only to
	// a country, or outside the maps).
	Unplaced []*Incident
}

// markerRow is one marker in words.
type markerRow struct {
	Name, Event, Best, DrawnAt string
	IDs                        []int64
	best                       int
}

// safeSVG marks markup from chart and geomap as safe HTML. Both build
// their SVG with internal/svg, which escapes every attribute value and
// text node taken from data.
func safeSVG(b []byte) template.HTML { return template.HTML(b) }

// totals builds the event totals of a period, with charts.
func (s *Site) totals(lang string, stats func(vigil.EventType) *vigil.Stats, from, to string) ([]eventTotal, error) {
	T := func(key string, args ...any) string { return s.msgs.T(lang, key, args...) }
	var out []eventTotal
	for _, ev := range Events {
		st := stats(ev)
		if st == nil || (len(st.Incidents) == 0 && len(st.Excluded) == 0) {
			continue
		}
		svg, err := chart.Render(st.Months, chart.Options{Lang: lang, ID: "chart-" + string(ev), T: T,
			Title: T("viz.chart.title", T("event."+string(ev))), From: from, To: to})
		if err != nil {
			return nil, err
		}
		spans, err := chart.Spans(st.Months, from, to)
		if err != nil {
			return nil, err
		}
		et := eventTotal{Event: ev, Stats: st, Chart: safeSVG(svg)}
		for _, sp := range spans {
			et.Rows = append(et.Rows, monthRowOf(lang, T, sp))
		}
		out = append(out, et)
	}
	return out, nil
}

func monthRowOf(lang string, T func(string, ...any) string, sp chart.Span) monthRow {
	m := i18n.Month(lang, sp.From)
	if sp.Empty() {
		if sp.To != sp.From {
			m += " – " + i18n.Month(lang, sp.To)
		}
		return monthRow{Month: m, Empty: true}
	}
	high := T("figure.unbounded")
	if sp.Total.High != nil {
		high = i18n.Int(lang, *sp.Total.High)
	}
	return monthRow{Month: m, Low: i18n.Int(lang, sp.Total.Low), Best: i18n.Int(lang, sp.Total.Best), High: high,
		LowIncomplete: sp.Total.LowIncomplete, IDs: sp.Incidents}
}

// maps draws the counted incidents of the totals: one marker per place
// and event type, at the place or the nearest enclosing place with
// coordinates below the country level, sized by the sum of best figures.
func (s *Site) maps(d *Data, lang string, totals []eventTotal) (*mapView, error) {
	T := func(key string, args ...any) string { return s.msgs.T(lang, key, args...) }
	type key struct {
		place int64
		event vigil.EventType
	}
	type agg struct {
		place, at *Place
		best      int
		ids       []int64
	}
	groups := map[key]*agg{}
	mv := &mapView{}
	for _, et := range totals {
		for _, id := range et.Stats.Incidents {
			inc := d.Incident(id)
			if inc == nil || inc.Figure == nil {
				continue
			}
			var place, at *Place
			if inc.Place != nil {
				place = d.Place(inc.Place.ID)
				at = d.drawnAt(place)
			}
			if at == nil || !geomap.Route.Contains(*at.Lat, *at.Lon) {
				mv.Unplaced = append(mv.Unplaced, inc)
				continue
			}
			k := key{place.ID, inc.Event}
			g := groups[k]
			if g == nil {
				g = &agg{place: place, at: at}
				groups[k] = g
			}
			g.best += inc.Figure.Best
			g.ids = append(g.ids, inc.ID)
		}
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.place, b.place), cmp.Compare(a.event, b.event)) })
	var markers []geomap.Marker
	for _, k := range keys {
		g := groups[k]
		slices.Sort(g.ids)
		name := g.place.Names.In(lang)
		ev := T("event." + string(k.event))
		title := T("viz.map.marker_title", name, ev, i18n.Int(lang, g.best), hashIDs(g.ids))
		row := markerRow{Name: name, Event: ev, Best: i18n.Int(lang, g.best), IDs: g.ids, best: g.best}
		if g.at.ID != g.place.ID {
			row.DrawnAt = T("viz.map.drawn_at", g.at.Names.In(lang))
			title += " (" + row.DrawnAt + ")"
		}
		markers = append(markers, geomap.Marker{Key: strconv.FormatInt(k.place, 10) + "-" + string(k.event), Name: name,
			Kind: g.place.Kind, Event: k.event, Lat: *g.at.Lat, Lon: *g.at.Lon, Best: g.best, Approximate: row.DrawnAt != "", Title: title})
		mv.Markers = append(mv.Markers, row)
	}
	slices.SortStableFunc(mv.Markers, func(a, b markerRow) int { return cmp.Compare(b.best, a.best) })
	maxBest := geomap.MaxBest(markers)
	route, err := geomap.Render(geomap.Route, markers, geomap.Options{Lang: lang, ID: "map-route", T: T, MaxBest: maxBest, Inset: &geomap.Border})
	if err != nil {
		return nil, err
	}
	border, err := geomap.Render(geomap.Border, markers, geomap.Options{Lang: lang, ID: "map-border", T: T, MaxBest: maxBest})
	if err != nil {
		return nil, err
	}
	mv.Route, mv.Border = safeSVG(route), safeSVG(border)
	return mv, nil
}

// drawnAt is the place at or above p whose coordinates a map may use:
// never a country, whose centroid says nothing about where.
func (d *Data) drawnAt(p *Place) *Place {
	for depth := 0; p != nil && depth < 8; depth++ {
		if p.Kind == vigil.PlaceCountry {
			return nil
		}
		if p.Lat != nil && p.Lon != nil {
			return p
		}
		if p.ParentID == nil {
			return nil
		}
		p = d.Place(*p.ParentID)
	}
	return nil
}

func hashIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

package ui

import (
	"cmp"
	"context"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"vigil"
	"vigil/chart"
	"vigil/geomap"
	"vigil/i18n"
)

// dashboardViz is what the dashboard shows besides the totals: a monthly
// chart per total and the maps of the period's incidents.
type dashboardViz struct {
	// Charts holds one chart per event total shown, keyed by event.
	Charts map[vigil.EventType]*eventChart
	// RouteMap and BorderMap are inline SVG (see safeSVG).
	RouteMap, BorderMap template.HTML
	// Markers lists what the maps show, as text.
	Markers []markerRow
	// Unplaced lists the counted incidents the maps cannot show:
	// "#1 (China), #3 (China)".
	Unplaced string
}

// eventChart is one total's monthly chart and its numbers as a table.
type eventChart struct {
	SVG  template.HTML
	Rows []spanRow
}

// spanRow is a row of the table behind a chart: a month with its total,
// or a run of months without a recorded incident (Empty).
type spanRow struct {
	Month           string
	Empty           bool
	Low, Best, High string
	LowIncomplete   bool
	Incidents       string
}

// markerRow is one map marker in words.
type markerRow struct {
	Name, Kind, Event, Best, Incidents, DrawnAt string
	BestValue                                   int
}

// safeSVG marks markup from chart and geomap as safe HTML. Both build
// their SVG with internal/svg, which escapes every attribute value and
// text node taken from data, so the markup cannot carry a script or an
// attribute the page did not intend.
func safeSVG(b []byte) template.HTML { return template.HTML(b) }

// dashboardViz builds the charts and maps for the dashboard's totals.
func (u *UI) dashboardViz(r *http.Request, from, to string, totals []eventTotal) (*dashboardViz, error) {
	lang := lang(r)
	T := func(key string, args ...any) string { return u.msgs.T(lang, key, args...) }
	v := &dashboardViz{Charts: map[vigil.EventType]*eventChart{}}
	for _, et := range totals {
		svg, err := chart.Render(et.Stats.Months, chart.Options{
			Lang: lang, ID: "chart-" + string(et.Event), T: T,
			Title: T("viz.chart.title", T("event."+string(et.Event))),
			From:  from, To: to,
		})
		if err != nil {
			return nil, err
		}
		spans, err := chart.Spans(et.Stats.Months, from, to)
		if err != nil {
			return nil, err
		}
		ec := &eventChart{SVG: safeSVG(svg)}
		for _, s := range spans {
			ec.Rows = append(ec.Rows, spanRowOf(lang, T, s))
		}
		v.Charts[et.Event] = ec
	}

	markers, rows, unplaced, err := u.incidentMarkers(r.Context(), lang, T, totals)
	if err != nil {
		return nil, err
	}
	v.Markers, v.Unplaced = rows, strings.Join(unplaced, ", ")
	maxBest := geomap.MaxBest(markers)
	route, err := geomap.Render(geomap.Route, markers, geomap.Options{Lang: lang, ID: "map-route", T: T, MaxBest: maxBest, Inset: &geomap.Border})
	if err != nil {
		return nil, err
	}
	border, err := geomap.Render(geomap.Border, markers, geomap.Options{Lang: lang, ID: "map-border", T: T, MaxBest: maxBest})
	if err != nil {
		return nil, err
	}
	v.RouteMap, v.BorderMap = safeSVG(route), safeSVG(border)
	return v, nil
}

func spanRowOf(lang string, T func(string, ...any) string, s chart.Span) spanRow {
	if s.Empty() {
		m := i18n.Month(lang, s.From)
		if s.To != s.From {
			m += " – " + i18n.Month(lang, s.To)
		}
		return spanRow{Month: m, Empty: true}
	}
	t := s.Total
	high := T("figure.unbounded")
	if t.High != nil {
		high = i18n.Int(lang, *t.High)
	}
	return spanRow{
		Month: i18n.Month(lang, s.From), Low: i18n.Int(lang, t.Low), Best: i18n.Int(lang, t.Best), High: high,
		LowIncomplete: t.LowIncomplete, Incidents: hashIDs(s.Incidents),
	}
}

func hashIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// located is a place resolved for the map: the place itself and the
// place whose coordinates it is drawn at (itself or an ancestor).
type located struct {
	place, at *vigil.Place
}

// maxPlaceDepth bounds the walk up the gazetteer (facility → city →
// county → province → country), so a parent cycle cannot loop.
const maxPlaceDepth = 8

// incidentMarkers turns the counted incidents of every total into map
// markers: one per place and event type, sized by the sum of the
// incidents' best estimates. Only counted incidents are used, so a
// part_of child or a repeated same_cohort member is not drawn on top of
// the incident that counts. An incident is drawn at its place, or at the
// nearest enclosing place with coordinates; one known only to a country,
// or at a place the viewer may not see, is listed as unplaced.
func (u *UI) incidentMarkers(ctx context.Context, lang string, T func(string, ...any) string, totals []eventTotal) ([]geomap.Marker, []markerRow, []string, error) {
	cache := map[int64]*located{}
	type key struct {
		place int64
		event vigil.EventType
	}
	type agg struct {
		loc  *located
		best int
		ids  []int64
	}
	groups := map[key]*agg{}
	var unplaced []string
	for _, et := range totals {
		incs, err := u.incidentsByID(ctx, et.Stats.Incidents)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, inc := range incs {
			if inc.Figure == nil {
				continue
			}
			var loc *located
			if inc.PlaceID != nil {
				if loc, err = u.locate(ctx, *inc.PlaceID, cache); err != nil {
					return nil, nil, nil, err
				}
			}
			if loc == nil || loc.at == nil || !geomap.Route.Contains(*loc.at.Lat, *loc.at.Lon) {
				s := "#" + strconv.FormatInt(inc.ID, 10)
				if loc != nil {
					s += " (" + loc.place.Names.In(lang) + ")"
				}
				unplaced = append(unplaced, s)
				continue
			}
			k := key{loc.place.ID, inc.Event}
			g := groups[k]
			if g == nil {
				g = &agg{loc: loc}
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
	var rows []markerRow
	for _, k := range keys {
		g := groups[k]
		slices.Sort(g.ids)
		name := g.loc.place.Names.In(lang)
		ev := T("event." + string(k.event))
		title := T("viz.map.marker_title", name, ev, i18n.Int(lang, g.best), hashIDs(g.ids))
		drawnAt := ""
		if g.loc.at.ID != g.loc.place.ID {
			drawnAt = T("viz.map.drawn_at", g.loc.at.Names.In(lang))
			title += " (" + drawnAt + ")"
		}
		markers = append(markers, geomap.Marker{
			Key: strconv.FormatInt(k.place, 10) + "-" + string(k.event), Name: name, Kind: g.loc.place.Kind, Event: k.event,
			Lat: *g.loc.at.Lat, Lon: *g.loc.at.Lon, Best: g.best, Approximate: drawnAt != "", Title: title,
		})
		rows = append(rows, markerRow{Name: name, Kind: T("viz.map.legend." + kindKey(g.loc.place.Kind)), Event: ev,
			Best: i18n.Int(lang, g.best), BestValue: g.best, Incidents: hashIDs(g.ids), DrawnAt: drawnAt})
	}
	slices.SortStableFunc(rows, func(a, b markerRow) int { return cmp.Compare(b.BestValue, a.BestValue) })
	return markers, rows, unplaced, nil
}

// kindKey is the legend entry of a place kind.
func kindKey(k vigil.PlaceKind) string {
	switch k {
	case vigil.PlaceFacility, vigil.PlaceCrossing:
		return string(k)
	}
	return "place"
}

// incidentsByID reads the visible incidents among ids, a page at a time.
func (u *UI) incidentsByID(ctx context.Context, ids []int64) ([]*vigil.Incident, error) {
	var out []*vigil.Incident
	for start := 0; start < len(ids); start += vigil.MaxLimit {
		part := ids[start:min(start+vigil.MaxLimit, len(ids))]
		incs, _, err := u.svc.FindIncidents(ctx, vigil.IncidentFilter{IDs: part, Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "id"}})
		if err != nil {
			return nil, err
		}
		out = append(out, incs...)
	}
	return out, nil
}

// locate resolves a place and the nearest place at or above it with
// coordinates finer than a country. It returns nil when the viewer may
// not see the place; at is nil when no such coordinates exist.
func (u *UI) locate(ctx context.Context, id int64, cache map[int64]*located) (*located, error) {
	if l, ok := cache[id]; ok {
		return l, nil
	}
	p, err := u.svc.FindPlaceByID(ctx, id)
	if vigil.ErrorCode(err) == vigil.ENOTFOUND {
		cache[id] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	l := &located{place: p}
	cur := p
	for depth := 0; cur != nil && depth < maxPlaceDepth; depth++ {
		if cur.Kind == vigil.PlaceCountry {
			break // a country's centroid says nothing about where
		}
		if cur.Lat != nil && cur.Lon != nil {
			l.at = cur
			break
		}
		if cur.ParentID == nil {
			break
		}
		parent, err := u.svc.FindPlaceByID(ctx, *cur.ParentID)
		if vigil.ErrorCode(err) == vigil.ENOTFOUND {
			break
		}
		if err != nil {
			return nil, err
		}
		cur = parent
	}
	cache[id] = l
	return l, nil
}

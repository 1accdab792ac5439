package ui

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"vigil"
	"vigil/i18n"
	"vigil/ui/form"
)

// lookups loads the records forms choose from, once per request.
type lookups struct {
	u      *UI
	ctx    context.Context
	lang   string
	places []*vigil.Place
	actors []*vigil.Actor
	loaded map[string]bool
}

func (u *UI) lookups(ctx context.Context, lang string) *lookups {
	return &lookups{u: u, ctx: ctx, lang: lang, loaded: map[string]bool{}}
}

func (l *lookups) allPlaces() ([]*vigil.Place, error) {
	if !l.loaded["places"] {
		ps, _, err := l.u.svc.FindPlaces(l.ctx, vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "name"}})
		if err != nil {
			return nil, err
		}
		l.places, l.loaded["places"] = ps, true
	}
	return l.places, nil
}

func (l *lookups) allActors() ([]*vigil.Actor, error) {
	if !l.loaded["actors"] {
		as, _, err := l.u.svc.FindActors(l.ctx, vigil.ActorFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "name"}})
		if err != nil {
			return nil, err
		}
		l.actors, l.loaded["actors"] = as, true
	}
	return l.actors, nil
}

// placeLabel names a place with its parent: "Baishan Detention Center
// (Baishan)".
func placeLabel(lang string, p *vigil.Place, byID map[int64]*vigil.Place) string {
	s := p.Names.In(lang)
	if p.ParentID != nil {
		if parent := byID[*p.ParentID]; parent != nil {
			s += " (" + parent.Names.In(lang) + ")"
		}
	}
	return s
}

// options returns the choices of a dynamic select.
func (l *lookups) options(kind string) ([]form.Option, error) {
	var out []form.Option
	switch kind {
	case "places":
		ps, err := l.allPlaces()
		if err != nil {
			return nil, err
		}
		byID := map[int64]*vigil.Place{}
		for _, p := range ps {
			byID[p.ID] = p
		}
		for _, p := range ps {
			out = append(out, form.Option{Value: strconv.FormatInt(p.ID, 10), Label: placeLabel(l.lang, p, byID)})
		}
	case "orgs", "actors":
		as, err := l.allActors()
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			if kind == "orgs" && a.Kind != vigil.ActorOrganization {
				continue
			}
			out = append(out, form.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name.In(l.lang)})
		}
	case "sources":
		ss, _, err := l.u.svc.FindSources(l.ctx, vigil.SourceFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "-published"}})
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			out = append(out, form.Option{Value: strconv.FormatInt(s.ID, 10), Label: sourceLabel(l.lang, s)})
		}
	case "incidents":
		is, _, err := l.u.svc.FindIncidents(l.ctx, vigil.IncidentFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "-date"}})
		if err != nil {
			return nil, err
		}
		for _, i := range is {
			label := "#" + strconv.FormatInt(i.ID, 10) + " " + i.Title.In(l.lang)
			if i.Date != "" {
				label += " (" + i18n.Date(l.lang, i.Date) + ")"
			}
			out = append(out, form.Option{Value: strconv.FormatInt(i.ID, 10), Label: label})
		}
	default:
		return l.advocacyOptions(kind)
	}
	return out, nil
}

// sourceLabel names a source: "Daily NK — title (May 2024)".
func sourceLabel(lang string, s *vigil.Source) string {
	label := s.Publisher
	if t := s.Title.In(lang); t != "" {
		label += " — " + truncate(t, 70)
	}
	if s.Published != "" {
		label += " (" + i18n.Date(lang, s.Published) + ")"
	}
	return label
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}

// fill completes a form for the viewer: the choices of dynamic selects,
// the sensitivities the viewer may write, and every current value kept as
// a choice, so that saving never silently drops a reference to a record
// the viewer cannot see.
func (l *lookups) fill(f *form.Form, v vigil.Viewer) error {
	for _, fl := range f.Fields {
		if fl.Dynamic != "" {
			opts, err := l.options(fl.Dynamic)
			if err != nil {
				return err
			}
			first := form.Option{Value: "", Key: "opt.none"}
			if fl.Required {
				first.Key = "opt.choose"
			}
			fl.Options = append([]form.Option{first}, opts...)
		}
		if fl.Name == "sensitivity" {
			var keep []form.Option
			for _, o := range fl.Options {
				if mayChoose(v, vigil.Sensitivity(o.Value), vigil.Sensitivity(fl.Value)) || o.Value == fl.Value {
					keep = append(keep, o)
				}
			}
			fl.Options = keep
		}
		if fl.Kind == form.Select && fl.Value != "" && !hasOption(fl.Options, fl.Value) {
			label := fl.Value
			if fl.Dynamic != "" {
				label = "#" + fl.Value + " — " + l.u.msgs.T(l.lang, "opt.hidden")
			}
			fl.Options = append(fl.Options, form.Option{Value: fl.Value, Label: label})
		}
	}
	return nil
}

// mayChoose reports whether the viewer may set sensitivity s on a record
// whose form holds cur: within their clearance, and, without an editing
// role, never public on a new record nor lower than cur (the store
// refuses both: making a record more widely readable is publishing it).
func mayChoose(v vigil.Viewer, s, cur vigil.Sensitivity) bool {
	if !v.CanRead(s) {
		return false
	}
	if v.CanEdit() {
		return true
	}
	return s != vigil.Public && (!cur.Valid() || s.Rank() >= cur.Rank())
}

func hasOption(opts []form.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

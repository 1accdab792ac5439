package ui

import (
	"net/http"
	"strconv"
	"strings"

	"vigil"
)

// placeList lists the gazetteer, by name.
func (u *UI) placeList(r *http.Request) (*view, error) {
	l := lang(r)
	q, kind, page, offset := listParams(r)
	f := vigil.PlaceFilter{Page: vigil.Page{Limit: pageSize, Offset: offset, Sort: "name"}, Name: q, Kind: validKind(kind, vigil.PlaceKinds)}
	ps, total, err := u.svc.FindPlaces(r.Context(), f)
	if err != nil {
		return nil, err
	}
	all, err := u.lookups(r.Context(), l).allPlaces()
	if err != nil {
		return nil, err
	}
	byID := map[int64]*vigil.Place{}
	for _, p := range all {
		byID[p.ID] = p
	}
	t := recordTable{Columns: []string{"col.name", "col.kind", "col.parent", "col.country", "col.sensitivity"}, Empty: "empty.places"}
	for _, p := range ps {
		parent := cell{}
		if p.ParentID != nil && byID[*p.ParentID] != nil {
			parent = cell{Text: byID[*p.ParentID].Names.In(l), Href: "/places/" + itoa(*p.ParentID)}
		}
		t.Rows = append(t.Rows, recordRow{Cells: []cell{
			{Text: p.Names.In(l), Href: "/places/" + itoa(p.ID)},
			{Text: u.msgs.T(l, "pkind."+string(p.Kind))},
			parent,
			{Text: p.CountryCode},
			u.sensCell(l, p.Sensitivity),
		}})
	}
	return &view{name: "records", data: &recordsPage{
		Heading: "places.title", Entity: "places", Q: q, Kind: string(f.Kind), Kinds: kindOptions("pkind.", vigil.PlaceKinds),
		Table: t, Pager: newPager(r, total, page, pageSize), CanWrite: vigil.ViewerFrom(r.Context()).CanWrite(), New: "place.new",
		Filtered: q != "" || f.Kind != "",
	}}, nil
}

// placeDetail shows a place, the places under it and the incidents there.
func (u *UI) placeDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	l := lang(r)
	ctx := r.Context()
	v := vigil.ViewerFrom(ctx)
	p, err := u.svc.FindPlaceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	pg := &recordPage{Heading: p.Names.In(l), Entity: "places", ID: p.ID, Kind: "pkind." + string(p.Kind), Meta: p.Meta,
		CanEdit: v.CanWrite(), CanAudit: v.Clearance == vigil.Restricted, Saved: saved(r)}
	parent := fact{Label: "field.parent_place"}
	if p.ParentID != nil {
		if pp, err := u.svc.FindPlaceByID(ctx, *p.ParentID); err == nil {
			parent.Value, parent.Href = pp.Names.In(l), "/places/"+itoa(pp.ID)
		} else if !notFound(err) {
			return nil, err
		}
	}
	coords := ""
	if p.Lat != nil && p.Lon != nil {
		coords = strconv.FormatFloat(*p.Lat, 'f', -1, 64) + ", " + strconv.FormatFloat(*p.Lon, 'f', -1, 64)
	}
	geo := fact{Label: "field.geonames_id"}
	if p.GeoNamesID != nil {
		geo.Value = itoa(*p.GeoNamesID)
		geo.Href = "https://www.geonames.org/" + geo.Value
	}
	pg.Facts = []fact{
		{Label: "field.names.ko", Value: p.Names.Ko, Lang: "ko"},
		{Label: "field.names.en", Value: p.Names.En, Lang: "en"},
		{Label: "field.names.zh", Value: p.Names.Zh, Lang: "zh"},
		{Label: "field.variants", Value: strings.Join(p.Variants, ", ")},
		parent,
		{Label: "field.country_code", Value: p.CountryCode},
		geo,
		{Label: "field.coordinates", Value: coords},
	}
	children, _, err := u.svc.FindPlaces(ctx, vigil.PlaceFilter{ParentID: &p.ID, Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "name"}})
	if err != nil {
		return nil, err
	}
	ct := recordTable{Heading: "place.children", Columns: []string{"col.name", "col.kind"}, Empty: "empty.children"}
	for _, c := range children {
		ct.Rows = append(ct.Rows, recordRow{Cells: []cell{{Text: c.Names.In(l), Href: "/places/" + itoa(c.ID)}, {Text: u.msgs.T(l, "pkind."+string(c.Kind))}}})
	}
	if v.CanWrite() {
		ct.Action = &link{Href: "/places/new?parent_id=" + itoa(p.ID), Label: "place.new_child"}
	}
	incs, n, err := u.svc.FindIncidents(ctx, vigil.IncidentFilter{PlaceID: &p.ID, Page: vigil.Page{Limit: pageSize, Sort: "-date"}})
	if err != nil {
		return nil, err
	}
	more := ""
	if n > len(incs) {
		more = "/incidents?place=" + itoa(p.ID)
	}
	pg.Related = []recordTable{ct, u.incidentTable(l, "place.incidents", incs, more)}
	return &view{name: "record", data: pg}, nil
}

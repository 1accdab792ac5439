package ui

import (
	"net/http"

	"vigil"
)

// actorList lists persons and organizations by name. Protected people
// appear under their pseudonyms to anyone without restricted clearance
// (the store's projection).
func (u *UI) actorList(r *http.Request) (*view, error) {
	l := lang(r)
	q, kind, page, offset := listParams(r)
	f := vigil.ActorFilter{Page: vigil.Page{Limit: pageSize, Offset: offset, Sort: "name"}, Name: q,
		Kind: validKind(kind, []vigil.ActorKind{vigil.ActorOrganization, vigil.ActorPerson})}
	as, total, err := u.svc.FindActors(r.Context(), f)
	if err != nil {
		return nil, err
	}
	t := recordTable{Columns: []string{"col.name", "col.kind", "col.classification", "col.country", "col.sensitivity"}, Empty: "empty.actors"}
	for _, a := range as {
		class := ""
		if a.Classification != "" {
			class = u.msgs.T(l, "class."+a.Classification)
		}
		name := cell{Text: a.Name.In(l), Href: "/actors/" + itoa(a.ID)}
		if a.Redacted {
			name.Class = "pseudonym"
		}
		t.Rows = append(t.Rows, recordRow{Cells: []cell{
			name,
			{Text: u.msgs.T(l, "actor_kind."+string(a.Kind))},
			{Text: class},
			{Text: a.CountryCode},
			u.sensCell(l, a.Sensitivity),
		}})
	}
	return &view{name: "records", data: &recordsPage{
		Heading: "actors.title", Entity: "actors", Q: q, Kind: string(f.Kind),
		Kinds: kindOptions("actor_kind.", []vigil.ActorKind{vigil.ActorOrganization, vigil.ActorPerson}),
		Table: t, Pager: newPager(r, total, page, pageSize), CanWrite: vigil.ViewerFrom(r.Context()).CanWrite(), New: "actor.new",
		Filtered: q != "" || f.Kind != "",
	}}, nil
}

// actorDetail shows a person or organization and the incidents it is
// named as perpetrator of.
func (u *UI) actorDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	l := lang(r)
	ctx := r.Context()
	v := vigil.ViewerFrom(ctx)
	a, err := u.svc.FindActorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &recordPage{Heading: a.Name.In(l), Entity: "actors", ID: a.ID, Kind: "actor_kind." + string(a.Kind), Meta: a.Meta,
		CanEdit: v.CanWrite() && (!a.Protected || v.Clearance == vigil.Restricted), CanAudit: v.Clearance == vigil.Restricted, Saved: saved(r)}
	if a.Redacted {
		p.Note = "actor.redacted"
	}
	class := ""
	if a.Classification != "" {
		class = u.msgs.T(l, "class."+a.Classification)
	}
	parent := fact{Label: "field.parent_org"}
	if a.ParentID != nil {
		if pa, err := u.svc.FindActorByID(ctx, *a.ParentID); err == nil {
			parent.Value, parent.Href = pa.Name.In(l), "/actors/"+itoa(pa.ID)
		} else if !notFound(err) {
			return nil, err
		}
	}
	p.Facts = []fact{
		{Label: "field.name.ko", Value: a.Name.Ko, Lang: "ko"},
		{Label: "field.name.en", Value: a.Name.En, Lang: "en"},
		{Label: "field.name.zh", Value: a.Name.Zh, Lang: "zh"},
		{Label: "field.classification", Value: class},
		parent,
		{Label: "field.country_code", Value: a.CountryCode},
		{Label: "field.url", Value: a.URL, Href: a.URL},
		{Label: "field.notes", Value: a.Notes},
	}
	if a.Protected && !a.Redacted {
		p.Facts = append(p.Facts,
			fact{Label: "field.pseudonym.ko", Value: a.Pseudonym.Ko, Lang: "ko"},
			fact{Label: "field.pseudonym.en", Value: a.Pseudonym.En, Lang: "en"})
		p.Note = "actor.protected"
	}
	if a.Kind == vigil.ActorOrganization {
		incs, n, err := u.svc.FindIncidents(ctx, vigil.IncidentFilter{PerpetratorID: &a.ID, Page: vigil.Page{Limit: pageSize, Sort: "-date"}})
		if err != nil {
			return nil, err
		}
		more := ""
		if n > len(incs) {
			more = "/incidents?perpetrator=" + itoa(a.ID)
		}
		p.Related = []recordTable{u.incidentTable(l, "actor.incidents", incs, more)}
	}
	return &view{name: "record", data: p}, nil
}

package ui

import (
	"net/http"

	"vigil"
)

// sourceList lists the sources the viewer may see, newest first.
func (u *UI) sourceList(r *http.Request) (*view, error) {
	l := lang(r)
	q, kind, page, offset := listParams(r)
	f := vigil.SourceFilter{Page: vigil.Page{Limit: pageSize, Offset: offset, Sort: "-published"}, Query: q, Kind: validKind(kind, vigil.SourceKinds)}
	ss, total, err := u.svc.FindSources(r.Context(), f)
	if err != nil {
		return nil, err
	}
	t := recordTable{Columns: []string{"col.publisher", "col.title", "col.published", "col.reliability", "col.relayed_from", "col.sensitivity"}, Empty: "empty.sources"}
	for _, s := range ss {
		t.Rows = append(t.Rows, recordRow{Cells: []cell{
			{Text: s.Publisher, Href: "/sources/" + itoa(s.ID)},
			{Text: truncate(s.Title.In(l), 90), Lang: titleLang(l, s.Title)},
			{Text: dateText(l, s.Published)},
			{Text: s.Reliability, Class: "grade"},
			{Text: s.RelayedFrom},
			u.sensCell(l, s.Sensitivity),
		}})
	}
	return &view{name: "records", data: &recordsPage{
		Heading: "sources.title", Entity: "sources", Q: q, Kind: string(f.Kind), Kinds: kindOptions("skind.", vigil.SourceKinds),
		Table: t, Pager: newPager(r, total, page, pageSize), CanWrite: vigil.ViewerFrom(r.Context()).CanWrite(), New: "source.new",
		Filtered: q != "" || f.Kind != "",
	}}, nil
}

// sourceDetail shows a source and the claims it makes.
func (u *UI) sourceDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	l := lang(r)
	ctx := r.Context()
	v := vigil.ViewerFrom(ctx)
	s, err := u.svc.FindSourceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &recordPage{Heading: sourceLabel(l, s), Entity: "sources", ID: s.ID, Kind: "skind." + string(s.Kind), Meta: s.Meta,
		CanEdit: v.CanWrite(), CanAudit: v.Clearance == vigil.Restricted, Saved: saved(r)}
	publisher := fact{Label: "field.publisher", Value: s.Publisher}
	if s.PublisherID != nil {
		publisher.Href = "/actors/" + itoa(*s.PublisherID)
	}
	p.Facts = []fact{
		publisher,
		{Label: "field.title.ko", Value: s.Title.Ko, Lang: "ko"},
		{Label: "field.title.en", Value: s.Title.En, Lang: "en"},
		{Label: "field.url", Value: s.URL, Href: s.URL},
		{Label: "field.language", Value: s.Language},
		{Label: "field.published", Value: dateText(l, s.Published)},
		{Label: "field.reliability", Value: u.msgs.T(l, "rel."+s.Reliability)},
		{Label: "field.relayed_from", Value: s.RelayedFrom},
		{Label: "field.notes", Value: s.Notes},
	}
	claims, n, err := u.svc.FindClaims(ctx, vigil.ClaimFilter{SourceID: &s.ID, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, err
	}
	t := recordTable{Heading: "source.claims", Columns: []string{"col.claim", "col.quote", "col.figure", "col.event", "col.date", "col.incident"}, Empty: "empty.claims"}
	if v.CanWrite() {
		t.Action = &link{Href: "/claims/new?source_id=" + itoa(s.ID), Label: "claim.new_from_source"}
	}
	for _, c := range claims {
		inc := cell{Text: u.msgs.T(l, "claim.unassigned")}
		if c.IncidentID != nil {
			inc = cell{Text: "#" + itoa(*c.IncidentID), Href: incidentPath(*c.IncidentID)}
		}
		t.Rows = append(t.Rows, recordRow{ID: "claim-" + itoa(c.ID), Cells: []cell{
			{Text: "#" + itoa(c.ID), Href: claimEditHref(v, c)},
			{Text: truncate(c.Quote, 140), Class: "quote"},
			{Text: c.Figure.Text + " → " + intervalOf(l, &c.Interval), Class: "num"},
			{Text: u.msgs.T(l, "ev."+string(c.Event))},
			{Text: dateText(l, c.Date)},
			inc,
		}})
	}
	if n > len(claims) {
		t.More = "/api/v1/claims?source=" + itoa(s.ID)
	}
	p.Related = []recordTable{t}
	return &view{name: "record", data: p}, nil
}

// claimEditHref links a claim to its edit form for writers.
func claimEditHref(v vigil.Viewer, c *vigil.Claim) string {
	if v.CanWrite() {
		return "/claims/" + itoa(c.ID) + "/edit"
	}
	return ""
}

// titleLang is the language a title is shown in.
func titleLang(l string, n vigil.Names) string {
	switch {
	case l == "ko" && n.Ko != "":
		return "ko"
	case n.En != "":
		return "en"
	case n.Ko != "":
		return "ko"
	}
	return ""
}

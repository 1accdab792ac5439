package publish

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"vigil"
	"vigil/figure"
)

// The projections below are the only way a record reaches public
// output. Each takes a record read as the anonymous viewer, returns nil
// unless it is public, and copies the fields the public may see by name.
// A new field of a record stays internal until a line here copies it.

func isPublic(m vigil.Meta) bool { return m.Sensitivity == vigil.Public }

func projectPlace(p *vigil.Place) *Place {
	if !isPublic(p.Meta) {
		return nil
	}
	return &Place{ID: p.ID, Kind: p.Kind, Names: p.Names, GeoNamesID: p.GeoNamesID, Lat: p.Lat, Lon: p.Lon,
		ParentID: p.ParentID, CountryCode: p.CountryCode}
}

// projectActor shows a protected person (or one the store redacted) by
// the pseudonym and classification alone.
func projectActor(a *vigil.Actor) *Actor {
	if !isPublic(a.Meta) {
		return nil
	}
	if a.Protected || a.Redacted {
		return &Actor{ID: a.ID, Kind: vigil.ActorPerson, Name: a.Pseudonym, Pseudonymous: true, Classification: a.Classification,
			OtherNames: []vigil.OtherName{}, Identifiers: []vigil.Identifier{}}
	}
	return &Actor{ID: a.ID, Kind: a.Kind, Name: a.Name, Classification: a.Classification,
		OtherNames: slices.Clone(orEmpty(a.OtherNames)), Identifiers: slices.Clone(orEmpty(a.Identifiers)),
		URL: a.URL, CountryCode: a.CountryCode, ParentID: a.ParentID}
}

func projectSource(s *vigil.Source) *Source {
	if !isPublic(s.Meta) {
		return nil
	}
	return &Source{ID: s.ID, Kind: s.Kind, Publisher: s.Publisher, URL: s.URL, Language: s.Language, Title: s.Title, Published: s.Published}
}

func projectIncident(i *vigil.Incident) *Incident {
	if !isPublic(i.Meta) {
		return nil
	}
	out := &Incident{ID: i.ID, Title: i.Title, Summary: i.Summary, Event: i.Event, Date: i.Date, DateStart: i.DateStart, DateEnd: i.DateEnd,
		VictimGroup: i.VictimGroup, FigureBasis: i.FigureBasis, Conflict: i.Conflict, Corroboration: i.Corroboration,
		UpdatedAt: i.UpdatedAt.UTC(), SourceIDs: []int64{}, Claims: []Claim{}, Links: []Link{}, Violations: []Violation{}, Places: []IncidentPlace{}}
	if i.Figure != nil {
		f := figure.Interval{Low: i.Figure.Low, Best: i.Figure.Best, High: i.Figure.High}
		out.Figure = &f
	}
	return out
}

func projectClaim(c *vigil.Claim) *Claim {
	if !isPublic(c.Meta) || c.IncidentID == nil {
		return nil
	}
	return &Claim{ID: c.ID, SourceID: c.SourceID, IncidentID: *c.IncidentID, Quote: c.Quote, Figure: c.Figure.Text,
		Interval: c.Interval, Event: c.Event, Date: c.Date}
}

// project builds Data from the records an anonymous export holds.
func project(ds *vigil.Dataset) *Data {
	d := &Data{place: map[int64]*Place{}, actor: map[int64]*Actor{}, source: map[int64]*Source{}, incident: map[int64]*Incident{},
		provision: map[int64]*Provision{}, instr: map[int64]*Instrument{}}
	see := func(m vigil.Meta) { d.AsOf = later(d.AsOf, m.UpdatedAt) }
	for _, p := range ds.Places {
		if pp := projectPlace(p); pp != nil {
			d.Places, d.place[pp.ID] = append(d.Places, pp), pp
			see(p.Meta)
		}
	}
	for _, p := range d.Places { // a parent the public does not see is no parent
		if p.ParentID != nil && d.place[*p.ParentID] == nil {
			p.ParentID = nil
		}
	}
	for _, a := range ds.Actors {
		if pa := projectActor(a); pa != nil {
			d.Actors, d.actor[pa.ID] = append(d.Actors, pa), pa
			see(a.Meta)
		}
	}
	for _, a := range d.Actors {
		if a.ParentID != nil && d.actor[*a.ParentID] == nil {
			a.ParentID = nil
		}
	}
	for _, p := range ds.Posts {
		if isPublic(p.Meta) && d.actor[p.OrganizationID] != nil {
			d.Posts = append(d.Posts, &Post{ID: p.ID, OrganizationID: p.OrganizationID, Label: p.Label})
			see(p.Meta)
		}
	}
	posts := map[int64]bool{}
	for _, p := range d.Posts {
		posts[p.ID] = true
	}
	for _, m := range ds.Memberships {
		person := d.actor[m.PersonID]
		if !isPublic(m.Meta) || person == nil || person.Pseudonymous || d.actor[m.OrganizationID] == nil {
			continue // a protected person's affiliations could identify them
		}
		pm := &Membership{ID: m.ID, PersonID: m.PersonID, OrganizationID: m.OrganizationID, Role: m.Role, StartDate: m.StartDate, EndDate: m.EndDate}
		if m.PostID != nil && posts[*m.PostID] {
			pm.PostID = m.PostID
		}
		d.Memberships = append(d.Memberships, pm)
		see(m.Meta)
	}
	for _, in := range ds.Instruments {
		if isPublic(in.Meta) {
			pi := &Instrument{ID: in.ID, Code: in.Code, Name: in.Name, Adopted: in.Adopted, URL: in.URL}
			d.Instruments, d.instr[pi.ID] = append(d.Instruments, pi), pi
			see(in.Meta)
		}
	}
	for _, lp := range ds.Provisions {
		if isPublic(lp.Meta) && d.instr[lp.InstrumentID] != nil {
			pp := &Provision{ID: lp.ID, InstrumentID: lp.InstrumentID, Article: lp.Article, Title: lp.Title, Summary: lp.Summary}
			d.Provisions, d.provision[pp.ID] = append(d.Provisions, pp), pp
			see(lp.Meta)
		}
	}
	for _, sp := range ds.StateParties {
		if isPublic(sp.Meta) && d.instr[sp.InstrumentID] != nil {
			d.StateParties = append(d.StateParties, &StateParty{ID: sp.ID, InstrumentID: sp.InstrumentID, CountryCode: sp.CountryCode,
				Action: sp.Action, Date: sp.Date, Reservations: sp.Reservations, SourceURL: sp.SourceURL})
			see(sp.Meta)
		}
	}
	for _, s := range ds.Sources {
		if ps := projectSource(s); ps != nil {
			d.Sources, d.source[ps.ID] = append(d.Sources, ps), ps
			see(s.Meta)
		}
	}
	for _, i := range ds.Incidents {
		if pi := projectIncident(i); pi != nil {
			d.projectIncidentRefs(i, pi)
			d.Incidents, d.incident[pi.ID] = append(d.Incidents, pi), pi
			see(i.Meta)
		}
	}
	for _, l := range ds.Links {
		if isPublic(l.Meta) && d.incident[l.FromID] != nil && d.incident[l.ToID] != nil {
			pl := Link{Kind: l.Kind, FromID: l.FromID, ToID: l.ToID}
			d.Links = append(d.Links, pl)
			d.incident[l.FromID].Links = append(d.incident[l.FromID].Links, pl)
			d.incident[l.ToID].Links = append(d.incident[l.ToID].Links, pl)
			see(l.Meta)
		}
	}
	for _, c := range ds.Claims {
		pc := projectClaim(c)
		if pc == nil || d.incident[pc.IncidentID] == nil || d.source[pc.SourceID] == nil {
			continue
		}
		inc := d.incident[pc.IncidentID]
		inc.Claims = append(inc.Claims, *pc)
		if !slices.Contains(inc.SourceIDs, pc.SourceID) {
			inc.SourceIDs = append(inc.SourceIDs, pc.SourceID)
		}
		see(c.Meta)
	}
	for _, v := range ds.Violations {
		if isPublic(v.Meta) && d.incident[v.IncidentID] != nil && d.provision[v.ProvisionID] != nil {
			inc := d.incident[v.IncidentID]
			inc.Violations = append(inc.Violations, Violation{IncidentID: v.IncidentID, ProvisionID: v.ProvisionID, CountryCode: v.CountryCode, Analysis: v.Analysis})
			see(v.Meta)
		}
	}
	// Corroboration counts the distinct origins of the public sources
	// only: the stored count includes sources the public does not see,
	// and would tell that they exist.
	origin := map[int64]string{}
	for _, s := range ds.Sources {
		origin[s.ID] = s.Origin()
	}
	for _, inc := range d.Incidents {
		slices.Sort(inc.SourceIDs)
		seen := map[string]bool{}
		for _, id := range inc.SourceIDs {
			seen[origin[id]] = true
		}
		inc.Corroboration = len(seen)
	}
	slices.SortStableFunc(d.Incidents, func(a, b *Incident) int {
		if (a.DateStart == "") != (b.DateStart == "") {
			if a.DateStart == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.DateStart, b.DateStart), cmp.Compare(a.ID, b.ID))
	})
	return d
}

// projectIncidentRefs copies the references of an incident that point at
// public records, with their public names.
func (d *Data) projectIncidentRefs(i *vigil.Incident, pi *Incident) {
	if i.PlaceID != nil {
		if p := d.place[*i.PlaceID]; p != nil {
			pi.Place = &Ref{ID: p.ID, Name: p.Names}
		}
	}
	for _, ip := range i.Places {
		if p := d.place[ip.PlaceID]; p != nil {
			pi.Places = append(pi.Places, IncidentPlace{Role: ip.Role, Place: Ref{ID: p.ID, Name: p.Names}})
		}
	}
	if i.PerpetratorID != nil {
		if a := d.actor[*i.PerpetratorID]; a != nil {
			pi.Perpetrator = &Ref{ID: a.ID, Name: a.Name}
		}
	}
}

// projectStats keeps what public incidents explain: every incident id a
// total lists is a public one (the store counted only those, since it
// read as the anonymous viewer; this checks again).
func (d *Data) projectStats(s *vigil.Stats) *vigil.Stats {
	pub := func(ids []int64) []int64 {
		out := []int64{}
		for _, id := range ids {
			if d.incident[id] != nil {
				out = append(out, id)
			}
		}
		return out
	}
	out := &vigil.Stats{Filter: vigil.StatsFilter{Event: s.Filter.Event, From: s.Filter.From, To: s.Filter.To},
		Total: projectTotal(s.Total, pub), Incidents: pub(s.Incidents), Excluded: []vigil.Exclusion{}, Months: []vigil.MonthTotal{}}
	for _, e := range s.Excluded {
		if d.incident[e.ID] != nil {
			out.Excluded = append(out.Excluded, vigil.Exclusion{ID: e.ID, Reason: e.Reason})
		}
	}
	for _, m := range s.Months {
		out.Months = append(out.Months, vigil.MonthTotal{Month: m.Month, Total: projectTotal(m.Total, pub), Incidents: pub(m.Incidents)})
	}
	return out
}

func projectTotal(t vigil.Total, pub func([]int64) []int64) vigil.Total {
	return vigil.Total{Low: t.Low, Best: t.Best, High: t.High, LowIncomplete: t.LowIncomplete, UnknownLow: pub(t.UnknownLow),
		HighUnbounded: t.HighUnbounded, Unbounded: pub(t.Unbounded)}
}

// projectReport copies a published public report and loads its photos'
// images; a report that is not both is nil.
func (d *Data) projectReport(ctx context.Context, st Store, r *vigil.Report) (*Report, error) {
	if !isPublic(r.Meta) || r.Status != vigil.ReportPublished || r.PublishedAt == nil {
		return nil, nil
	}
	out := &Report{ID: r.ID, Slug: r.Slug, Lang: r.Lang, Title: r.Title, Summary: r.Summary, Body: r.Body, Byline: r.Byline,
		Date: r.Date, PublishedAt: r.PublishedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Photos: []Photo{}}
	for _, ph := range r.Photos {
		img := d.Images[ph.Image]
		if img == nil {
			var err error
			if img, err = st.FindImage(ctx, ph.Image); err != nil {
				return nil, fmt.Errorf("publish: image %s of report %d: %w", ph.Image, r.ID, err)
			}
			d.Images[ph.Image] = img
		}
		out.Photos = append(out.Photos, Photo{Image: ph.Image, MediaType: img.MediaType, Caption: ph.Caption, Alt: ph.Alt, Credit: ph.Credit})
	}
	return out, nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

package ui

import (
	"net/http"
	"slices"

	"vigil"
	"vigil/derive"
	"vigil/ui/form"
)

// claimCard is one claim beside its source, with the claims it conflicts
// with.
type claimCard struct {
	Claim     *vigil.Claim
	Source    *vigil.Source // nil when the viewer cannot see it
	Place     *vigil.Place
	Preferred bool
	Conflicts []int64
}

// placeRole is a place of the incident in a role; Place is nil when the
// viewer cannot see it.
type placeRole struct {
	ID    int64
	Role  vigil.PlaceRole
	Place *vigil.Place
}

// linkRow is a link as seen from this incident.
type linkRow struct {
	Link     *vigil.IncidentLink
	Outgoing bool // this incident is the link's from
	Other    *vigil.Incident
}

// violationRow is a violation with its provision and instrument.
type violationRow struct {
	V          *vigil.Violation
	Provision  *vigil.LegalProvision
	Instrument *vigil.Instrument
	State      string
}

// legalNote is the generated note for one state.
type legalNote struct {
	Country, State, Text string
}

type incidentPage struct {
	Inc         *vigil.Incident
	Place       *vigil.Place
	Places      []placeRole
	Perpetrator *vigil.Actor
	Claims      []claimCard
	Pairs       [][2]int64
	Origins     []string
	Links       []linkRow
	Cohort      []*vigil.Incident
	Violations  []violationRow
	Notes       []legalNote
	Saved       int
	CanWrite    bool
	CanEdit     bool
	CanAudit    bool
	Resolve     *form.Form
	Override    *form.Form
	Link        *form.Form
}

// incidentDetail shows an incident: its figure with basis and rationale,
// date, places, perpetrator and victim group; its claims side by side
// with their sources, conflicting claims marked; its links and the
// cohort's timeline; its violations with the generated legal note; and,
// for editors, the forms to resolve a conflict or override the figure.
func (u *UI) incidentDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	v := vigil.ViewerFrom(ctx)
	inc, err := u.svc.FindIncidentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &incidentPage{Inc: inc, Saved: saved(r), CanWrite: v.CanWrite(), CanEdit: v.CanEdit(), CanAudit: v.Clearance == vigil.Restricted}

	claims, _, err := u.svc.FindClaims(ctx, vigil.ClaimFilter{IncidentID: &inc.ID, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, err
	}
	placeIDs := []int64{}
	if inc.PlaceID != nil {
		placeIDs = append(placeIDs, *inc.PlaceID)
	}
	for _, ip := range inc.Places {
		placeIDs = append(placeIDs, ip.PlaceID)
	}
	var sourceIDs []int64
	for _, c := range claims {
		sourceIDs = append(sourceIDs, c.SourceID)
		if c.PlaceID != nil {
			placeIDs = append(placeIDs, *c.PlaceID)
		}
	}
	places := map[int64]*vigil.Place{}
	if len(placeIDs) > 0 {
		ps, _, err := u.svc.FindPlaces(ctx, vigil.PlaceFilter{IDs: placeIDs, Page: vigil.Page{Limit: vigil.MaxLimit}})
		if err != nil {
			return nil, err
		}
		for _, pl := range ps {
			places[pl.ID] = pl
		}
	}
	if inc.PlaceID != nil {
		p.Place = places[*inc.PlaceID]
	}
	for _, ip := range inc.Places {
		p.Places = append(p.Places, placeRole{ID: ip.PlaceID, Role: ip.Role, Place: places[ip.PlaceID]})
	}
	if inc.PerpetratorID != nil {
		if a, err := u.svc.FindActorByID(ctx, *inc.PerpetratorID); err == nil {
			p.Perpetrator = a
		} else if !notFound(err) {
			return nil, err
		}
	}
	if err := u.claimCards(r, p, claims, sourceIDs, places); err != nil {
		return nil, err
	}
	if err := u.incidentLinks(r, p); err != nil {
		return nil, err
	}
	if err := u.incidentLaw(r, p); err != nil {
		return nil, err
	}
	if err := u.incidentForms(r, p); err != nil {
		return nil, err
	}
	return &view{name: "incident", data: p}, nil
}

// claimCards pairs each visible claim with its source and marks the
// conflicts among them with derive.Overlap, the rule the store derives
// the incident's conflict with.
func (u *UI) claimCards(r *http.Request, p *incidentPage, claims []*vigil.Claim, sourceIDs []int64, places map[int64]*vigil.Place) error {
	sources := map[int64]*vigil.Source{}
	if len(sourceIDs) > 0 {
		ss, _, err := u.svc.FindSources(r.Context(), vigil.SourceFilter{IDs: sourceIDs, Page: vigil.Page{Limit: vigil.MaxLimit}})
		if err != nil {
			return err
		}
		for _, s := range ss {
			sources[s.ID] = s
		}
	}
	conflicts := map[int64][]int64{}
	for a := range claims {
		for b := a + 1; b < len(claims); b++ {
			ca, cb := claims[a], claims[b]
			if !derive.Overlap(ca.Interval, cb.Interval) {
				lo, hi := min(ca.ID, cb.ID), max(ca.ID, cb.ID)
				p.Pairs = append(p.Pairs, [2]int64{lo, hi})
				conflicts[ca.ID] = append(conflicts[ca.ID], cb.ID)
				conflicts[cb.ID] = append(conflicts[cb.ID], ca.ID)
			}
		}
	}
	slices.SortFunc(p.Pairs, func(x, y [2]int64) int {
		if x[0] != y[0] {
			return int(x[0] - y[0])
		}
		return int(x[1] - y[1])
	})
	seen := map[string]bool{}
	for _, c := range claims {
		card := claimCard{Claim: c, Source: sources[c.SourceID], Conflicts: conflicts[c.ID]}
		slices.Sort(card.Conflicts)
		if c.PlaceID != nil {
			card.Place = places[*c.PlaceID]
		}
		if pc := p.Inc.PreferredClaimID; pc != nil && *pc == c.ID {
			card.Preferred = true
		}
		if s := card.Source; s != nil {
			origin := s.RelayedFrom
			if origin == "" {
				origin = s.Publisher
			}
			if key := s.Origin(); key != "" && !seen[key] {
				seen[key] = true
				p.Origins = append(p.Origins, origin)
			}
		}
		p.Claims = append(p.Claims, card)
	}
	return nil
}

// incidentLinks loads the links of the incident, the incidents at their
// other ends, and the cohort's timeline.
func (u *UI) incidentLinks(r *http.Request, p *incidentPage) error {
	ctx := r.Context()
	links, _, err := u.svc.FindLinks(ctx, vigil.LinkFilter{IncidentID: &p.Inc.ID, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return err
	}
	var others []int64
	for _, l := range links {
		others = append(others, l.FromID, l.ToID)
	}
	byID := map[int64]*vigil.Incident{}
	if len(others) > 0 {
		is, _, err := u.svc.FindIncidents(ctx, vigil.IncidentFilter{IDs: others, Page: vigil.Page{Limit: vigil.MaxLimit}})
		if err != nil {
			return err
		}
		for _, i := range is {
			byID[i.ID] = i
		}
	}
	for _, l := range links {
		row := linkRow{Link: l, Outgoing: l.FromID == p.Inc.ID}
		if row.Outgoing {
			row.Other = byID[l.ToID]
		} else {
			row.Other = byID[l.FromID]
		}
		p.Links = append(p.Links, row)
	}
	cohort, err := u.svc.FindCohort(ctx, p.Inc.ID)
	if err != nil {
		return err
	}
	if len(cohort) > 1 {
		p.Cohort = cohort
	}
	return nil
}

// incidentForms prepares the editors' forms: resolve a conflict, override
// the figure, add a link.
func (u *UI) incidentForms(r *http.Request, p *incidentPage) error {
	v := vigil.ViewerFrom(r.Context())
	l := lang(r)
	lk := u.lookups(r.Context(), l)
	if p.CanEdit {
		vals := form.Resolve.Values(p.Inc)
		p.Resolve = form.Build(incidentPath(p.Inc.ID)+"/resolve", form.Resolve.Spec(vals), vals)
		p.Resolve.SetBase(p.Inc.Version, vals)
		vals = form.Override.Values(p.Inc)
		p.Override = form.Build(incidentPath(p.Inc.ID)+"/override", form.Override.Spec(vals), vals)
		p.Override.SetBase(p.Inc.Version, vals)
	}
	if p.CanWrite {
		l := &vigil.IncidentLink{Kind: vigil.LinkSameCohort}
		l.Sensitivity = p.Inc.Sensitivity
		if l.Sensitivity == vigil.Public && !v.CanEdit() {
			// Only editors publish: a contributor's link starts at coalition.
			l.Sensitivity = vigil.Coalition
		}
		vals := form.Link.Values(l)
		vals.Set("to_id", "")
		p.Link = form.Build(incidentPath(p.Inc.ID)+"/links", form.Link.Spec(vals), vals)
		if err := lk.fill(p.Link, v); err != nil {
			return err
		}
	}
	return nil
}

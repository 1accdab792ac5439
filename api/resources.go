package api

import (
	"context"

	"vigil"
	"vigil/figure"
)

var (
	pageParams = []param{
		{"limit", "integer", "page size, 1–500 (default 50)"},
		{"offset", "integer", "rows to skip"},
		{"sort", "string", "field to sort by; prefix - for descending"},
	}
	idsParam = param{"ids", "string", "comma-separated ids"}
)

// resources lists every record type the API serves.
func (a *API) resources() []registerable {
	s := a.svc
	return []registerable{
		&resource[vigil.Source]{
			path: "sources", name: "source", sorts: vigil.SourceSorts,
			filters: []param{idsParam, {"kind", "string", "source kind"}, {"language", "string", "language tag"}, {"publisher", "string", "publisher contains"}, {"q", "string", "title, publisher or URL contains"}},
			newT:    func() *vigil.Source { return &vigil.Source{} },
			meta:    func(t *vigil.Source) *vigil.Meta { return &t.Meta },
			find:    s.FindSourceByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Source, int, error) {
				f := vigil.SourceFilter{Page: pg, Kind: vigil.SourceKind(q.str("kind")), Language: q.str("language"), Publisher: q.str("publisher"), Query: q.str("q")}
				var err error
				if f.IDs, err = q.ids("ids"); err != nil {
					return nil, 0, err
				}
				return s.FindSources(ctx, f)
			},
			create: s.CreateSource, update: s.UpdateSource, del: s.DeleteSource,
		},
		&resource[vigil.Claim]{
			path: "claims", name: "claim", sorts: vigil.ClaimSorts,
			filters: []param{idsParam, {"source", "integer", "source id"}, {"incident", "integer", "incident id"}, {"unassigned", "boolean", "only claims without an incident"}, {"event", "string", "event type"}},
			newT:    func() *vigil.Claim { return &vigil.Claim{} },
			meta:    func(t *vigil.Claim) *vigil.Meta { return &t.Meta },
			find:    s.FindClaimByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Claim, int, error) {
				f := vigil.ClaimFilter{Page: pg}
				var unassigned *bool
				err := collect(
					func() (err error) { f.IDs, err = q.ids("ids"); return },
					func() (err error) { f.SourceID, err = q.id("source"); return },
					func() (err error) { f.IncidentID, err = q.id("incident"); return },
					func() (err error) { unassigned, err = q.boolPtr("unassigned"); return },
					func() (err error) { f.Event, err = q.event("event"); return },
				)
				if err != nil {
					return nil, 0, err
				}
				f.Unassigned = unassigned != nil && *unassigned
				return s.FindClaims(ctx, f)
			},
			create: s.CreateClaim, update: s.UpdateClaim, del: s.DeleteClaim,
			replace: map[string]func(*vigil.Claim){"figure": func(c *vigil.Claim) { c.Figure = figure.Figure{} }},
		},
		&resource[vigil.Incident]{
			path: "incidents", name: "incident", sorts: vigil.IncidentSorts,
			filters: []param{idsParam, {"event", "string", "event type"}, {"from", "string", "earliest day on or after (YYYY-MM-DD)"}, {"to", "string", "earliest day on or before (YYYY-MM-DD)"}, {"place", "integer", "place id, including places under it"}, {"perpetrator", "integer", "actor id"}, {"sensitivity", "string", "public, coalition or restricted"}, {"conflict", "boolean", "only incidents with (or without) an open conflict"}, {"q", "string", "title contains"}},
			newT:    func() *vigil.Incident { return &vigil.Incident{} },
			meta:    func(t *vigil.Incident) *vigil.Meta { return &t.Meta },
			find:    s.FindIncidentByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Incident, int, error) {
				f := vigil.IncidentFilter{Page: pg, Sensitivity: vigil.Sensitivity(q.str("sensitivity")), Query: q.str("q")}
				err := collect(
					func() (err error) { f.IDs, err = q.ids("ids"); return },
					func() (err error) { f.Event, err = q.event("event"); return },
					func() (err error) { f.From, err = q.day("from"); return },
					func() (err error) { f.To, err = q.day("to"); return },
					func() (err error) { f.PlaceID, err = q.id("place"); return },
					func() (err error) { f.PerpetratorID, err = q.id("perpetrator"); return },
					func() (err error) { f.Conflict, err = q.boolPtr("conflict"); return },
				)
				if err != nil {
					return nil, 0, err
				}
				if f.Sensitivity != "" && !f.Sensitivity.Valid() {
					return nil, 0, invalidParam("sensitivity", "%q is not public, coalition or restricted", f.Sensitivity)
				}
				return s.FindIncidents(ctx, f)
			},
			create: s.CreateIncident, update: s.UpdateIncident, del: s.DeleteIncident,
			replace: map[string]func(*vigil.Incident){"override": func(i *vigil.Incident) { i.Override = nil }},
		},
		&resource[vigil.IncidentLink]{
			path: "incident-links", name: "incident link",
			filters: []param{{"incident", "integer", "incident id at either end"}, {"kind", "string", "part_of, same_cohort or follow_up_of"}},
			newT:    func() *vigil.IncidentLink { return &vigil.IncidentLink{} },
			meta:    func(t *vigil.IncidentLink) *vigil.Meta { return &t.Meta },
			find:    s.FindLinkByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.IncidentLink, int, error) {
				f := vigil.LinkFilter{Page: pg, Kind: vigil.LinkKind(q.str("kind"))}
				var err error
				if f.IncidentID, err = q.id("incident"); err != nil {
					return nil, 0, err
				}
				return s.FindLinks(ctx, f)
			},
			create: s.CreateLink, update: s.UpdateLink, del: s.DeleteLink,
		},
		&resource[vigil.Place]{
			path: "places", name: "place", sorts: vigil.PlaceSorts,
			filters: []param{idsParam, {"kind", "string", "place kind"}, {"parent", "integer", "parent place id"}, {"name", "string", "any name or variant contains"}},
			newT:    func() *vigil.Place { return &vigil.Place{} },
			meta:    func(t *vigil.Place) *vigil.Meta { return &t.Meta },
			find:    s.FindPlaceByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Place, int, error) {
				f := vigil.PlaceFilter{Page: pg, Kind: vigil.PlaceKind(q.str("kind")), Name: q.str("name")}
				err := collect(
					func() (err error) { f.IDs, err = q.ids("ids"); return },
					func() (err error) { f.ParentID, err = q.id("parent"); return },
				)
				if err != nil {
					return nil, 0, err
				}
				return s.FindPlaces(ctx, f)
			},
			create: s.CreatePlace, update: s.UpdatePlace, del: s.DeletePlace,
		},
		&resource[vigil.Actor]{
			path: "actors", name: "actor", sorts: vigil.ActorSorts,
			filters: []param{idsParam, {"kind", "string", "person or organization"}, {"classification", "string", "e.g. ngo, ministry, state_agency"}, {"name", "string", "name contains"}},
			newT:    func() *vigil.Actor { return &vigil.Actor{} },
			meta:    func(t *vigil.Actor) *vigil.Meta { return &t.Meta },
			find:    s.FindActorByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Actor, int, error) {
				f := vigil.ActorFilter{Page: pg, Kind: vigil.ActorKind(q.str("kind")), Classification: q.str("classification"), Name: q.str("name")}
				var err error
				if f.IDs, err = q.ids("ids"); err != nil {
					return nil, 0, err
				}
				return s.FindActors(ctx, f)
			},
			create: s.CreateActor, update: s.UpdateActor, del: s.DeleteActor,
		},
		&resource[vigil.Post]{
			path: "posts", name: "post",
			filters: []param{{"organization", "integer", "organization id"}},
			newT:    func() *vigil.Post { return &vigil.Post{} },
			meta:    func(t *vigil.Post) *vigil.Meta { return &t.Meta },
			find:    s.FindPostByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Post, int, error) {
				f := vigil.PostFilter{Page: pg}
				var err error
				if f.OrganizationID, err = q.id("organization"); err != nil {
					return nil, 0, err
				}
				return s.FindPosts(ctx, f)
			},
			create: s.CreatePost, update: s.UpdatePost, del: s.DeletePost,
		},
		&resource[vigil.Membership]{
			path: "memberships", name: "membership",
			filters: []param{{"person", "integer", "person id"}, {"organization", "integer", "organization id"}, {"post", "integer", "post id"}},
			newT:    func() *vigil.Membership { return &vigil.Membership{} },
			meta:    func(t *vigil.Membership) *vigil.Meta { return &t.Meta },
			find:    s.FindMembershipByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Membership, int, error) {
				f := vigil.MembershipFilter{Page: pg}
				err := collect(
					func() (err error) { f.PersonID, err = q.id("person"); return },
					func() (err error) { f.OrganizationID, err = q.id("organization"); return },
					func() (err error) { f.PostID, err = q.id("post"); return },
				)
				if err != nil {
					return nil, 0, err
				}
				return s.FindMemberships(ctx, f)
			},
			create: s.CreateMembership, update: s.UpdateMembership, del: s.DeleteMembership,
		},
		&resource[vigil.Instrument]{
			path: "instruments", name: "instrument",
			newT: func() *vigil.Instrument { return &vigil.Instrument{} },
			meta: func(t *vigil.Instrument) *vigil.Meta { return &t.Meta },
			find: s.FindInstrumentByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Instrument, int, error) {
				return s.FindInstruments(ctx, pg)
			},
			create: s.CreateInstrument, update: s.UpdateInstrument, del: s.DeleteInstrument,
		},
		&resource[vigil.LegalProvision]{
			path: "provisions", name: "legal provision",
			filters: []param{{"instrument", "integer", "instrument id"}},
			newT:    func() *vigil.LegalProvision { return &vigil.LegalProvision{} },
			meta:    func(t *vigil.LegalProvision) *vigil.Meta { return &t.Meta },
			find:    s.FindProvisionByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.LegalProvision, int, error) {
				f := vigil.ProvisionFilter{Page: pg}
				var err error
				if f.InstrumentID, err = q.id("instrument"); err != nil {
					return nil, 0, err
				}
				return s.FindProvisions(ctx, f)
			},
			create: s.CreateProvision, update: s.UpdateProvision, del: s.DeleteProvision,
		},
		&resource[vigil.StateParty]{
			path: "state-parties", name: "state party",
			filters: []param{{"instrument", "integer", "instrument id"}, {"country", "string", "ISO 3166-1 alpha-2 code"}},
			newT:    func() *vigil.StateParty { return &vigil.StateParty{} },
			meta:    func(t *vigil.StateParty) *vigil.Meta { return &t.Meta },
			find:    s.FindStatePartyByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.StateParty, int, error) {
				f := vigil.StatePartyFilter{Page: pg, CountryCode: q.str("country")}
				var err error
				if f.InstrumentID, err = q.id("instrument"); err != nil {
					return nil, 0, err
				}
				return s.FindStateParties(ctx, f)
			},
			create: s.CreateStateParty, update: s.UpdateStateParty, del: s.DeleteStateParty,
		},
		&resource[vigil.Violation]{
			path: "violations", name: "violation",
			filters: []param{{"incident", "integer", "incident id"}, {"provision", "integer", "provision id"}},
			newT:    func() *vigil.Violation { return &vigil.Violation{} },
			meta:    func(t *vigil.Violation) *vigil.Meta { return &t.Meta },
			find:    s.FindViolationByID,
			list: func(ctx context.Context, q query, pg vigil.Page) ([]*vigil.Violation, int, error) {
				f := vigil.ViolationFilter{Page: pg}
				err := collect(
					func() (err error) { f.IncidentID, err = q.id("incident"); return },
					func() (err error) { f.ProvisionID, err = q.id("provision"); return },
				)
				if err != nil {
					return nil, 0, err
				}
				return s.FindViolations(ctx, f)
			},
			create: s.CreateViolation, update: s.UpdateViolation, del: s.DeleteViolation,
		},
	}
}

package store

import (
	"vigil"
)

// check validates every record of the dataset without the database:
// keys, each record's Validate, the writer's clearance and roles,
// references within the dataset, the uniqueness rules of the schema, and
// cycles. Problems go to im.prob.
func (im *importer) check() {
	im.startStage(vigil.StageCheck)
	d := im.d
	im.keys = map[string]map[int64]int{}
	im.indexKeys(vigil.SectionPlaces, len(d.Places), func(i int) int64 { return d.Places[i].ID })
	im.indexKeys(vigil.SectionActors, len(d.Actors), func(i int) int64 { return d.Actors[i].ID })
	im.indexKeys(vigil.SectionPosts, len(d.Posts), func(i int) int64 { return d.Posts[i].ID })
	im.indexKeys(vigil.SectionMemberships, len(d.Memberships), func(i int) int64 { return d.Memberships[i].ID })
	im.indexKeys(vigil.SectionInstruments, len(d.Instruments), func(i int) int64 { return d.Instruments[i].ID })
	im.indexKeys(vigil.SectionProvisions, len(d.Provisions), func(i int) int64 { return d.Provisions[i].ID })
	im.indexKeys(vigil.SectionStateParties, len(d.StateParties), func(i int) int64 { return d.StateParties[i].ID })
	im.indexKeys(vigil.SectionSources, len(d.Sources), func(i int) int64 { return d.Sources[i].ID })
	im.indexKeys(vigil.SectionIncidents, len(d.Incidents), func(i int) int64 { return d.Incidents[i].ID })
	im.indexKeys(vigil.SectionLinks, len(d.Links), func(i int) int64 { return d.Links[i].ID })
	im.indexKeys(vigil.SectionClaims, len(d.Claims), func(i int) int64 { return d.Claims[i].ID })
	im.indexKeys(vigil.SectionViolations, len(d.Violations), func(i int) int64 { return d.Violations[i].ID })
	for key := range d.KnownPlaces {
		if i, ok := im.keys[vigil.SectionPlaces][key]; ok {
			im.prob.add(vigil.SectionPlaces, i, "id", "key %d also names a place already in the database", key)
		}
	}
	for _, fn := range []func(){im.checkPlaces, im.checkActors, im.checkPosts, im.checkMemberships, im.checkLaw,
		im.checkSources, im.checkIncidents, im.checkLinks, im.checkClaims, im.checkViolations} {
		if im.prob.full() {
			return
		}
		fn()
	}
}

// indexKeys maps every non-zero key of a section to its index, refusing
// negative and repeated keys. A record without a key (0) cannot be
// referred to, which is fine for claims and the like.
func (im *importer) indexKeys(section string, n int, key func(int) int64) {
	m := make(map[int64]int, n)
	for i := 0; i < n; i++ {
		k := key(i)
		switch {
		case k < 0:
			im.prob.add(section, i, "id", "%d is not a key: use a positive number, or leave it out", k)
		case k == 0:
		default:
			if j, dup := m[k]; dup {
				im.prob.add(section, i, "id", "key %d is also used by %s", k, im.d.Where(section, j, ""))
				continue
			}
			m[k] = i
		}
	}
	im.keys[section] = m
}

// record reports the problems of a record's Validate error, a
// sensitivity above the writer's clearance and a public record written
// without an editing role (checkPublish).
func (im *importer) record(section string, i int, err error, s vigil.Sensitivity) {
	if err != nil {
		im.prob.addErr(section, i, err)
	}
	if s.Valid() && !im.v.CanRead(s) {
		im.prob.add(section, i, "sensitivity", "%s is above your clearance (%s)", s, im.v.Clearance)
	} else if err := checkPublish(im.v, s, nil, vigil.SectionNoun(section)); err != nil {
		im.prob.add(section, i, "sensitivity", "%s", vigil.ErrorFields(err)["sensitivity"])
	}
	im.progress()
}

// ref resolves a reference to a key of section target and returns the
// index of the record it names (-1 for a known place or a nil key). A
// key that names nothing is a problem.
func (im *importer) ref(section string, i int, field, target string, key *int64) (int, bool) {
	if key == nil || *key <= 0 { // Validate reports non-positive ids
		return -1, key == nil
	}
	if target == vigil.SectionPlaces {
		if _, ok := im.d.KnownPlaces[*key]; ok {
			return -1, true
		}
	}
	if j, ok := im.keys[target][*key]; ok {
		return j, true
	}
	im.prob.add(section, i, field, "refers to %s %d, which is not in the file", vigil.SectionNoun(target), *key)
	return -1, false
}

func (im *importer) refID(section string, i int, field, target string, key int64) (int, bool) {
	return im.ref(section, i, field, target, &key)
}

func (im *importer) checkPlaces() {
	geo := map[int64]int{}
	parents := make([]int, len(im.d.Places))
	for i, p := range im.d.Places {
		im.record(vigil.SectionPlaces, i, p.Validate(), p.Sensitivity)
		parents[i], _ = im.ref(vigil.SectionPlaces, i, "parent_id", vigil.SectionPlaces, p.ParentID)
		if g := p.GeoNamesID; g != nil {
			if j, dup := geo[*g]; dup {
				im.prob.add(vigil.SectionPlaces, i, "geonames_id", "GeoNames id %d is also used by %s", *g, im.d.Where(vigil.SectionPlaces, j, ""))
			}
			geo[*g] = i
		}
	}
	im.checkCycles(vigil.SectionPlaces, "parent_id", parents, "its parents lead back to it")
}

func (im *importer) checkActors() {
	parents := make([]int, len(im.d.Actors))
	for i, a := range im.d.Actors {
		im.record(vigil.SectionActors, i, a.Validate(), a.Sensitivity)
		if a.Protected && !im.v.CanRead(vigil.Restricted) {
			im.prob.add(vigil.SectionActors, i, "protected", "writing a protected person needs restricted clearance")
		}
		a.Redacted = false
		parents[i], _ = im.ref(vigil.SectionActors, i, "parent_id", vigil.SectionActors, a.ParentID)
	}
	im.checkCycles(vigil.SectionActors, "parent_id", parents, "its parent organizations lead back to it")
}

// actorKind adds a problem when the actor at index j is not of kind want.
func (im *importer) actorKind(section string, i int, field string, j int, want vigil.ActorKind) {
	if j >= 0 && im.d.Actors[j].Kind != want {
		im.prob.add(section, i, field, "actor %d is a %s, not a %s", im.d.Actors[j].ID, im.d.Actors[j].Kind, want)
	}
}

func (im *importer) checkPosts() {
	for i, p := range im.d.Posts {
		im.record(vigil.SectionPosts, i, p.Validate(), p.Sensitivity)
		j, _ := im.refID(vigil.SectionPosts, i, "organization_id", vigil.SectionActors, p.OrganizationID)
		im.actorKind(vigil.SectionPosts, i, "organization_id", j, vigil.ActorOrganization)
		if j >= 0 {
			atLeast(&p.Sensitivity, im.d.Actors[j].Sensitivity)
		}
	}
}

func (im *importer) checkMemberships() {
	for i, m := range im.d.Memberships {
		im.record(vigil.SectionMemberships, i, m.Validate(), m.Sensitivity)
		j, _ := im.refID(vigil.SectionMemberships, i, "person_id", vigil.SectionActors, m.PersonID)
		im.actorKind(vigil.SectionMemberships, i, "person_id", j, vigil.ActorPerson)
		if j >= 0 {
			atLeast(&m.Sensitivity, im.d.Actors[j].Sensitivity)
		}
		j, _ = im.refID(vigil.SectionMemberships, i, "organization_id", vigil.SectionActors, m.OrganizationID)
		im.actorKind(vigil.SectionMemberships, i, "organization_id", j, vigil.ActorOrganization)
		if j >= 0 {
			atLeast(&m.Sensitivity, im.d.Actors[j].Sensitivity)
		}
		if j, _ := im.ref(vigil.SectionMemberships, i, "post_id", vigil.SectionPosts, m.PostID); j >= 0 {
			atLeast(&m.Sensitivity, im.d.Posts[j].Sensitivity)
			if org := im.d.Posts[j].OrganizationID; org != m.OrganizationID {
				im.prob.add(vigil.SectionMemberships, i, "post_id", "post %d belongs to organization %d, not %d", *m.PostID, org, m.OrganizationID)
			}
		}
	}
}

func (im *importer) checkLaw() {
	codes := map[string]int{}
	for i, in := range im.d.Instruments {
		im.record(vigil.SectionInstruments, i, in.Validate(), in.Sensitivity)
		if j, dup := codes[in.Code]; dup && in.Code != "" {
			im.prob.add(vigil.SectionInstruments, i, "code", "%q is also the code of %s", in.Code, im.d.Where(vigil.SectionInstruments, j, ""))
		}
		codes[in.Code] = i
	}
	type article struct {
		instrument int64
		article    string
	}
	articles := map[article]int{}
	for i, lp := range im.d.Provisions {
		im.record(vigil.SectionProvisions, i, lp.Validate(), lp.Sensitivity)
		im.refID(vigil.SectionProvisions, i, "instrument_id", vigil.SectionInstruments, lp.InstrumentID)
		k := article{lp.InstrumentID, lp.Article}
		if j, dup := articles[k]; dup {
			im.prob.add(vigil.SectionProvisions, i, "article", "article %q of instrument %d is also %s", lp.Article, lp.InstrumentID, im.d.Where(vigil.SectionProvisions, j, ""))
		}
		articles[k] = i
	}
	type party struct {
		instrument int64
		country    string
		action     vigil.PartyAction
	}
	parties := map[party]int{}
	for i, sp := range im.d.StateParties {
		im.record(vigil.SectionStateParties, i, sp.Validate(), sp.Sensitivity)
		im.refID(vigil.SectionStateParties, i, "instrument_id", vigil.SectionInstruments, sp.InstrumentID)
		k := party{sp.InstrumentID, sp.CountryCode, sp.Action}
		if j, dup := parties[k]; dup {
			im.prob.add(vigil.SectionStateParties, i, "action", "the same %s of instrument %d by %s is also %s", sp.Action, sp.InstrumentID, sp.CountryCode, im.d.Where(vigil.SectionStateParties, j, ""))
		}
		parties[k] = i
	}
}

func (im *importer) checkSources() {
	for i, s := range im.d.Sources {
		im.record(vigil.SectionSources, i, s.Validate(), s.Sensitivity)
		im.ref(vigil.SectionSources, i, "publisher_id", vigil.SectionActors, s.PublisherID)
	}
}

func (im *importer) checkIncidents() {
	type placeRole struct {
		place int64
		role  vigil.PlaceRole
	}
	for i, inc := range im.d.Incidents {
		im.record(vigil.SectionIncidents, i, inc.Validate(), inc.Sensitivity)
		if (inc.Override != nil || inc.ConflictResolution != "") && !im.v.CanEdit() {
			field := "override"
			if inc.Override == nil {
				field = "conflict_resolution"
			}
			im.prob.add(vigil.SectionIncidents, i, field, "setting an override or a conflict resolution needs an editor or admin role")
		}
		im.ref(vigil.SectionIncidents, i, "place_id", vigil.SectionPlaces, inc.PlaceID)
		im.ref(vigil.SectionIncidents, i, "perpetrator_id", vigil.SectionActors, inc.PerpetratorID)
		seen := map[placeRole]bool{}
		for n, ip := range inc.Places {
			im.refID(vigil.SectionIncidents, i, "places", vigil.SectionPlaces, ip.PlaceID)
			if seen[placeRole{ip.PlaceID, ip.Role}] {
				im.prob.add(vigil.SectionIncidents, i, "places", "entry %d repeats place %d as %s", n+1, ip.PlaceID, ip.Role)
			}
			seen[placeRole{ip.PlaceID, ip.Role}] = true
		}
	}
}

func (im *importer) checkLinks() {
	type link struct {
		from, to int64
		kind     vigil.LinkKind
	}
	seen := map[link]int{}
	parent := make([]int, len(im.d.Incidents))
	for i := range parent {
		parent[i] = -1
	}
	parentLink := map[int]int{} // child incident index → link index
	for i, l := range im.d.Links {
		im.record(vigil.SectionLinks, i, l.Validate(), l.Sensitivity)
		from, okf := im.refID(vigil.SectionLinks, i, "from_id", vigil.SectionIncidents, l.FromID)
		to, okt := im.refID(vigil.SectionLinks, i, "to_id", vigil.SectionIncidents, l.ToID)
		for _, j := range []int{from, to} {
			if j >= 0 {
				atLeast(&l.Sensitivity, im.d.Incidents[j].Sensitivity)
			}
		}
		k := link{l.FromID, l.ToID, l.Kind}
		if j, dup := seen[k]; dup {
			im.prob.add(vigil.SectionLinks, i, "to_id", "the same %s link is also %s", l.Kind, im.d.Where(vigil.SectionLinks, j, ""))
		}
		seen[k] = i
		if l.Kind != vigil.LinkPartOf || !okf || !okt || from == to {
			continue
		}
		if j, dup := parentLink[from]; dup {
			im.prob.add(vigil.SectionLinks, i, "from_id", "incident %d is already part of incident %d (%s); an incident has at most one parent",
				l.FromID, im.d.Links[j].ToID, im.d.Where(vigil.SectionLinks, j, ""))
			continue
		}
		parentLink[from] = i
		parent[from] = to
	}
	// A part_of cycle is reported on the link that closes it.
	cyc := im.cycles(parent)
	for child, i := range parentLink {
		if cyc[child] {
			im.prob.add(vigil.SectionLinks, i, "to_id", "incident %d is itself part of incident %d: the links make a cycle", im.d.Links[i].ToID, im.d.Links[i].FromID)
		}
	}
}

func (im *importer) checkClaims() {
	for i, c := range im.d.Claims {
		if im.prob.full() {
			return
		}
		im.record(vigil.SectionClaims, i, c.Validate(im.s.policy), c.Sensitivity)
		im.refID(vigil.SectionClaims, i, "source_id", vigil.SectionSources, c.SourceID)
		im.ref(vigil.SectionClaims, i, "incident_id", vigil.SectionIncidents, c.IncidentID)
		im.ref(vigil.SectionClaims, i, "place_id", vigil.SectionPlaces, c.PlaceID)
		im.ref(vigil.SectionClaims, i, "perpetrator_id", vigil.SectionActors, c.PerpetratorID)
	}
}

func (im *importer) checkViolations() {
	type violation struct {
		incident, provision int64
		country             string
	}
	seen := map[violation]int{}
	for i, v := range im.d.Violations {
		im.record(vigil.SectionViolations, i, v.Validate(), v.Sensitivity)
		if j, _ := im.refID(vigil.SectionViolations, i, "incident_id", vigil.SectionIncidents, v.IncidentID); j >= 0 {
			atLeast(&v.Sensitivity, im.d.Incidents[j].Sensitivity)
		}
		im.refID(vigil.SectionViolations, i, "provision_id", vigil.SectionProvisions, v.ProvisionID)
		k := violation{v.IncidentID, v.ProvisionID, v.CountryCode}
		if j, dup := seen[k]; dup {
			im.prob.add(vigil.SectionViolations, i, "provision_id", "the same violation is also %s", im.d.Where(vigil.SectionViolations, j, ""))
		}
		seen[k] = i
	}
}

// atLeast raises *s to parent when parent is more sensitive: a child
// record is kept at least as sensitive as its parents (store/within.go).
func atLeast(s *vigil.Sensitivity, parent vigil.Sensitivity) {
	if parent.Valid() && parent.Rank() > s.Rank() {
		*s = parent
	}
}

// checkCycles reports every record of a section whose chain of parents
// (indexes, -1 for none) comes back to it.
func (im *importer) checkCycles(section, field string, parent []int, reason string) {
	for i, bad := range im.cycles(parent) {
		if bad {
			im.prob.add(section, i, field, "%s", reason)
		}
	}
}

// cycles marks the nodes that lie on a cycle of the parent function.
func (im *importer) cycles(parent []int) []bool {
	const (
		unseen = iota
		active
		done
	)
	state := make([]uint8, len(parent))
	onCycle := make([]bool, len(parent))
	var path []int
	for start := range parent {
		path = path[:0]
		n := start
		for n >= 0 && state[n] == unseen {
			state[n] = active
			path = append(path, n)
			n = parent[n]
		}
		if n >= 0 && state[n] == active { // the walk met itself: n starts a cycle
			for k := len(path) - 1; k >= 0; k-- {
				onCycle[path[k]] = true
				if path[k] == n {
					break
				}
			}
		}
		for _, p := range path {
			state[p] = done
		}
	}
	return onCycle
}

// topoOrder returns the indexes of a section so that every record comes
// after its parent (parent indexes, -1 for none; no cycles), keeping the
// file order otherwise.
func topoOrder(parent []int) []int {
	out := make([]int, 0, len(parent))
	placed := make([]bool, len(parent))
	var place func(int)
	place = func(i int) {
		if placed[i] {
			return
		}
		placed[i] = true // set first, so that a cycle cannot recurse forever
		if p := parent[i]; p >= 0 {
			place(p)
		}
		out = append(out, i)
	}
	for i := range parent {
		place(i)
	}
	return out
}

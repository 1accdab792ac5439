package storetest

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"vigil"
	"vigil/exchange"
	"vigil/store"
)

// readers are the viewers whose reads the view tests compare: a public,
// a coalition and a restricted one.
var readers = []struct {
	name string
	v    vigil.Viewer
}{{"anonymous", Anonymous}, {"contributor", Contributor}, {"editor", Editor}}

// incidentAs reads incident id as v through every read path a reader
// has (by id, in a list, in an export) and fails unless the three agree;
// it returns the one read by id.
func incidentAs(t *testing.T, s *store.Store, v vigil.Viewer, id int64) *vigil.Incident {
	t.Helper()
	byID, err := s.FindIncidentByID(As(v), id)
	MustOK(t, err, fmt.Sprintf("read incident %d as %s", id, v.Actor))
	list, _, err := s.FindIncidents(As(v), vigil.IncidentFilter{IDs: []int64{id}})
	MustOK(t, err, "list incident")
	if len(list) != 1 {
		t.Fatalf("the list as %s has %d incidents %d", v.Actor, len(list), id)
	}
	MustEqualJSON(t, list[0], byID, fmt.Sprintf("incident %d listed and read by id as %s", id, v.Actor))
	ds, err := exchange.ReadJSON(bytes.NewReader(exportJSON(t, s, v)))
	MustOK(t, err, "read export")
	i := slices.IndexFunc(ds.Incidents, func(x *vigil.Incident) bool { return x.ID == id })
	if i < 0 {
		t.Fatalf("the export as %s has no incident %d", v.Actor, id)
	}
	exp := ds.Incidents[i]
	for _, f := range []struct {
		name      string
		got, want any
	}{{"parent_id", exp.ParentID, byID.ParentID}, {"cohort_id", exp.CohortID, byID.CohortID}, {"claim_count", exp.ClaimCount, byID.ClaimCount},
		{"corroboration", exp.Corroboration, byID.Corroboration}, {"conflict", exp.Conflict, byID.Conflict},
		{"preferred_claim_id", exp.PreferredClaimID, byID.PreferredClaimID}, {"figure_rationale", exp.FigureRationale, byID.FigureRationale}} {
		MustEqualJSON(t, f.got, f.want, fmt.Sprintf("incident %d's %s in the export as %s", id, f.name, v.Actor))
	}
	return byID
}

// claimRef matches a claim id cited in a rationale.
var claimRef = regexp.MustCompile(`#(\d+)`)

// mustCiteOnly fails when the incident's rationale or preferred claim
// names a claim the viewer may not see.
func mustCiteOnly(t *testing.T, s *store.Store, v vigil.Viewer, i *vigil.Incident) {
	t.Helper()
	var ids []int64
	for _, m := range claimRef.FindAllStringSubmatch(i.FigureRationale, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	if i.PreferredClaimID != nil {
		ids = append(ids, *i.PreferredClaimID)
	}
	for _, id := range ids {
		if _, err := s.FindClaimByID(As(v), id); err != nil {
			t.Errorf("incident %d shows %s claim %d, which they may not see (rationale %q)", i.ID, v.Actor, id, i.FigureRationale)
		}
	}
}

func testReaderViews(t *testing.T, open Opener) {
	t.Run("parent and cohort follow the links the reader sees", func(t *testing.T) {
		s := open(t)
		inc := func(title string, ev vigil.EventType, date string, sens vigil.Sensitivity) *vigil.Incident {
			return MustCreate(t, s.CreateIncident, dated(title, ev, date, sens))
		}
		hiddenEnd := inc("restricted arrest", vigil.EventArrest, "2024-03-01", vigil.Restricted) // the smallest id
		arrest := inc("arrest", vigil.EventArrest, "2024-03-02", vigil.Public)
		repatriation := inc("repatriation", vigil.EventRepatriation, "2024-04-01", vigil.Public)
		other := inc("other arrest", vigil.EventArrest, "2024-03-05", vigil.Public)
		detention := inc("detention", vigil.EventDetention, "2024-03-10", vigil.Public)
		child := inc("part", vigil.EventRepatriation, "2024-04-01", vigil.Public)
		parent := inc("whole", vigil.EventRepatriation, "2024-04-01", vigil.Public)
		lnk := func(from, to *vigil.Incident, kind vigil.LinkKind, sens vigil.Sensitivity) {
			l := link(from, to, kind)
			l.Sensitivity = sens
			MustCreate(t, s.CreateLink, l)
		}
		// A restricted link joins the arrest to its later repatriation; a
		// public link joins another arrest to the restricted incident; a
		// coalition link joins that arrest to a detention; a restricted
		// part_of link.
		lnk(arrest, repatriation, vigil.LinkSameCohort, vigil.Restricted)
		lnk(other, hiddenEnd, vigil.LinkSameCohort, vigil.Public)
		lnk(detention, other, vigil.LinkSameCohort, vigil.Coalition)
		lnk(child, parent, vigil.LinkPartOf, vigil.Restricted)

		type want struct {
			cohort int64
			parent *int64
		}
		cases := []struct {
			v    vigil.Viewer
			want map[*vigil.Incident]want
		}{
			{Anonymous, map[*vigil.Incident]want{arrest: {arrest.ID, nil}, repatriation: {repatriation.ID, nil},
				other: {other.ID, nil}, detention: {detention.ID, nil}, child: {child.ID, nil}}},
			{Contributor, map[*vigil.Incident]want{arrest: {arrest.ID, nil}, repatriation: {repatriation.ID, nil},
				other: {other.ID, nil}, detention: {other.ID, nil}, child: {child.ID, nil}}},
			{Editor, map[*vigil.Incident]want{arrest: {arrest.ID, nil}, repatriation: {arrest.ID, nil},
				other: {hiddenEnd.ID, nil}, detention: {hiddenEnd.ID, nil}, child: {child.ID, &parent.ID}}},
		}
		for _, c := range cases {
			t.Run(c.v.Actor, func(t *testing.T) {
				for i, w := range c.want {
					got := incidentAs(t, s, c.v, i.ID)
					if got.CohortID != w.cohort || !sameID(got.ParentID, w.parent) {
						t.Errorf("incident %q: cohort %d parent %s, want cohort %d parent %s", i.Title.En, got.CohortID, idOf(got.ParentID), w.cohort, idOf(w.parent))
					}
				}
			})
		}
		t.Run("a chain read from its end", func(t *testing.T) {
			// c3 reaches c1 in two steps, by public links; a restricted
			// link goes on to a restricted incident.
			c1 := inc("chain 1", vigil.EventArrest, "2024-02-01", vigil.Public)
			c2 := inc("chain 2", vigil.EventDetention, "2024-02-02", vigil.Public)
			c3 := inc("chain 3", vigil.EventRepatriation, "2024-02-03", vigil.Public)
			c4 := inc("chain 4", vigil.EventRelease, "2024-02-04", vigil.Restricted)
			lnk(c3, c2, vigil.LinkSameCohort, vigil.Public)
			lnk(c2, c1, vigil.LinkSameCohort, vigil.Public)
			lnk(c4, c1, vigil.LinkSameCohort, vigil.Restricted)
			for _, r := range readers {
				if got := incidentAs(t, s, r.v, c3.ID); got.CohortID != c1.ID {
					t.Errorf("as %s the chain's end has cohort %d, want %d", r.name, got.CohortID, c1.ID)
				}
				cohort, err := s.FindCohort(As(r.v), c3.ID)
				MustOK(t, err, "cohort")
				if want := 3 + btoi(r.v.Clearance == vigil.Restricted); len(cohort) != want {
					t.Errorf("as %s the chain has %d incidents, want %d", r.name, len(cohort), want)
				}
			}
		})
		t.Run("cohorts", func(t *testing.T) {
			for _, c := range []struct {
				v    vigil.Viewer
				of   *vigil.Incident
				want []int64
			}{
				{Anonymous, arrest, []int64{arrest.ID}},
				{Anonymous, detention, []int64{detention.ID}},
				{Contributor, detention, []int64{other.ID, detention.ID}},
				{Editor, repatriation, []int64{arrest.ID, repatriation.ID}},
				{Editor, detention, []int64{hiddenEnd.ID, other.ID, detention.ID}},
			} {
				got, err := s.FindCohort(As(c.v), c.of.ID)
				MustOK(t, err, "cohort")
				var ids []int64
				for _, i := range got {
					ids = append(ids, i.ID)
				}
				MustEqualJSON(t, ids, c.want, fmt.Sprintf("cohort of %q as %s", c.of.Title.En, c.v.Actor))
			}
		})
		t.Run("follow-ups", func(t *testing.T) {
			// The public reader does not see that the arrest was followed by
			// a repatriation, nor that the other arrest and the detention
			// are one chain: all three await news for them.
			for _, c := range []struct {
				v     vigil.Viewer
				want  []int64
				sizes []int
			}{
				{Anonymous, []int64{arrest.ID, other.ID, detention.ID}, []int{1, 1, 1}},
				{Contributor, []int64{arrest.ID, detention.ID}, []int{1, 2}},
				{Editor, []int64{detention.ID}, []int{3}},
			} {
				due, n, err := s.FindFollowUpsDue(As(c.v), vigil.FollowUpFilter{AsOf: "2024-06-30"})
				MustOK(t, err, "follow-ups")
				var sizes []int
				for _, d := range due {
					sizes = append(sizes, d.CohortSize)
				}
				MustEqualJSON(t, dueIDs(due), c.want, "follow-ups as "+c.v.Actor)
				MustEqualJSON(t, sizes, c.sizes, "cohort sizes as "+c.v.Actor)
				if n != len(c.want) {
					t.Errorf("as %s: count %d, want %d", c.v.Actor, n, len(c.want))
				}
				// Pages and the reverse order agree with the whole list.
				rev, _, err := s.FindFollowUpsDue(As(c.v), vigil.FollowUpFilter{AsOf: "2024-06-30", Page: vigil.Page{Sort: "-since", Limit: 1, Offset: 1}})
				MustOK(t, err, "follow-ups, second page newest first")
				if len(c.want) > 1 {
					MustEqualJSON(t, dueIDs(rev), []int64{c.want[len(c.want)-2]}, "second page newest first as "+c.v.Actor)
				}
			}
		})
		t.Run("the writer's copy", func(t *testing.T) {
			// A contributor editing the detention gets back the cohort they
			// see, not the stored one (the restricted incident's id).
			d := incidentAs(t, s, Contributor, detention.ID)
			d.Summary = vigil.Names{En: "edited"}
			MustOK(t, s.UpdateIncident(As(Contributor), d), "edit as contributor")
			if d.CohortID != other.ID {
				t.Fatalf("the contributor's copy has cohort %d, want %d", d.CohortID, other.ID)
			}
			if got := incidentAs(t, s, Editor, detention.ID); got.CohortID != hiddenEnd.ID {
				t.Fatalf("the edit changed the stored cohort to %d", got.CohortID)
			}
		})
	})

	t.Run("a total does not join incidents through one the reader may not see", func(t *testing.T) {
		s := open(t)
		// Two public repatriations joined only through a restricted
		// incident, by public links, count twice for the public.
		inc := func(title string, sens vigil.Sensitivity) *vigil.Incident {
			i := dated(title, vigil.EventRepatriation, "2024-05-01", sens)
			i.Override = &vigil.FigureOverride{Best: 10, Rationale: "counted"}
			return MustCreate(t, s.CreateIncident, i)
		}
		hub := inc("restricted hub", vigil.Restricted)
		a, b := inc("repatriated A", vigil.Public), inc("repatriated B", vigil.Public)
		MustCreate(t, s.CreateLink, link(a, hub, vigil.LinkSameCohort))
		MustCreate(t, s.CreateLink, link(b, hub, vigil.LinkSameCohort))
		for _, c := range []struct {
			v     vigil.Viewer
			total int
		}{{Anonymous, 20}, {Contributor, 20}, {Editor, 10}} {
			st, err := s.Stats(As(c.v), vigil.StatsFilter{Event: vigil.EventRepatriation})
			MustOK(t, err, "stats")
			if st.Total.Best != c.total {
				t.Errorf("total as %s: %+v excluding %+v, want %d", c.v.Actor, st.Total, st.Excluded, c.total)
			}
			if got := incidentAs(t, s, c.v, b.ID); c.v.Clearance != vigil.Restricted && got.CohortID != b.ID {
				t.Errorf("as %s incident B has cohort %d, the restricted incident's id", c.v.Actor, got.CohortID)
			}
		}
	})

	t.Run("derived values count only the claims the reader sees", func(t *testing.T) {
		s := open(t)
		pub := MustCreate(t, s.CreateSource, NewSource("Public Daily", "", "B", "2024-05-01"))
		co := NewSource("Coalition network", "coalition informant", "B", "2024-05-02")
		co.Sensitivity = vigil.Coalition
		MustCreate(t, s.CreateSource, co)
		re := NewSource("Interviews", "restricted informant", "A", "2024-05-03")
		re.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateSource, re)
		claim := func(src *vigil.Source, inc *vigil.Incident, text string, cred int, sens vigil.Sensitivity) *vigil.Claim {
			c := NewClaim(src, inc, text, vigil.EventRepatriation, "2024-04-20")
			c.Credibility, c.Sensitivity = cred, sens
			return MustCreate(t, s.CreateClaim, c)
		}
		newInc := func(title string) *vigil.Incident {
			return MustCreate(t, s.CreateIncident, NewIncident(title, vigil.EventRepatriation, nil))
		}
		// hidden: the preferred claim is restricted, and conflicts with
		// the public one. seen: the public claim is preferred; a coalition
		// and a restricted claim conflict with it. relayed: a public claim
		// from a restricted source. plain: public claims only.
		hidden, seen, relayed, plain := newInc("hidden"), newInc("seen"), newInc("relayed"), newInc("plain")
		claim(pub, hidden, "about 30", 3, vigil.Public)
		hRes := claim(re, hidden, "7", 1, vigil.Restricted)
		sPub := claim(pub, seen, "about 30", 1, vigil.Public)
		claim(co, seen, "300", 2, vigil.Coalition)
		claim(re, seen, "3", 4, vigil.Restricted)
		rPub := claim(re, relayed, "12", 2, vigil.Public)
		claim(pub, plain, "20", 2, vigil.Public)
		claim(co, plain, "about 20", 3, vigil.Public)

		type want struct {
			count, corroboration int
			conflict             bool
			preferred            *int64
			rationale            bool // a rationale is given
			best                 int
		}
		cases := []struct {
			v    vigil.Viewer
			want map[*vigil.Incident]want
		}{
			{Anonymous, map[*vigil.Incident]want{
				hidden:  {1, 1, false, nil, false, 7},
				seen:    {1, 1, false, &sPub.ID, true, 30},
				relayed: {1, 0, false, &rPub.ID, true, 12},
				plain:   {2, 1, false, nil, true, 20}, // two public claims, one from a coalition source
			}},
			{Contributor, map[*vigil.Incident]want{
				hidden:  {1, 1, false, nil, false, 7},
				seen:    {2, 2, true, &sPub.ID, true, 30},
				relayed: {1, 0, false, &rPub.ID, true, 12},
				plain:   {2, 2, false, nil, true, 20},
			}},
			{Editor, map[*vigil.Incident]want{
				hidden:  {2, 2, true, &hRes.ID, true, 7},
				seen:    {3, 3, true, &sPub.ID, true, 30},
				relayed: {1, 1, false, &rPub.ID, true, 12},
				plain:   {2, 2, false, nil, true, 20},
			}},
		}
		for _, c := range cases {
			t.Run(c.v.Actor, func(t *testing.T) {
				for i, w := range c.want {
					got := incidentAs(t, s, c.v, i.ID)
					if w.preferred == nil && i == plain {
						w.preferred = got.PreferredClaimID // both claims are seen: whichever derivation prefers
					}
					best := -1
					if got.Figure != nil {
						best = got.Figure.Best
					}
					if got.ClaimCount != w.count || got.Corroboration != w.corroboration || got.Conflict != w.conflict ||
						!sameID(got.PreferredClaimID, w.preferred) || (got.FigureRationale != "") != w.rationale || best != w.best {
						t.Errorf("incident %q: claims %d corroboration %d conflict %v preferred %s rationale %q best %d, want %+v (preferred %s)",
							i.Title.Ko, got.ClaimCount, got.Corroboration, got.Conflict, idOf(got.PreferredClaimID), got.FigureRationale, best, w, idOf(w.preferred))
					}
					mustCiteOnly(t, s, c.v, got)
				}
			})
		}
		t.Run("the conflict filter", func(t *testing.T) {
			for _, c := range []struct {
				v           vigil.Viewer
				conflicting []int64
				agreeing    []int64
			}{
				{Anonymous, []int64{}, []int64{hidden.ID, seen.ID, relayed.ID, plain.ID}},
				{Contributor, []int64{seen.ID}, []int64{hidden.ID, relayed.ID, plain.ID}},
				{Editor, []int64{hidden.ID, seen.ID}, []int64{relayed.ID, plain.ID}},
			} {
				for _, f := range []struct {
					on   bool
					want []int64
				}{{true, c.conflicting}, {false, c.agreeing}} {
					got, n, err := s.FindIncidents(As(c.v), vigil.IncidentFilter{Conflict: &f.on})
					MustOK(t, err, "filter")
					ids := []int64{}
					for _, i := range got {
						ids = append(ids, i.ID)
						if i.Conflict != f.on {
							t.Errorf("as %s, conflict=%v lists incident %d with conflict %v", c.v.Actor, f.on, i.ID, i.Conflict)
						}
					}
					MustEqualJSON(t, ids, f.want, fmt.Sprintf("conflict=%v as %s", f.on, c.v.Actor))
					if n != len(f.want) {
						t.Errorf("conflict=%v as %s: count %d", f.on, c.v.Actor, n)
					}
				}
			}
		})
		t.Run("a resolved conflict stays resolved", func(t *testing.T) {
			i := Reload(t, s, seen)
			i.ConflictResolution = "the coalition figure counts another group"
			MustOK(t, s.UpdateIncident(As(Editor), i), "resolve")
			for _, r := range readers {
				if got := incidentAs(t, s, r.v, seen.ID); got.Conflict {
					t.Errorf("as %s the resolved incident shows a conflict", r.name)
				}
			}
		})
		t.Run("the writer's copy", func(t *testing.T) {
			i := incidentAs(t, s, Contributor, hidden.ID)
			i.Summary = vigil.Names{En: "edited by a contributor"}
			MustOK(t, s.UpdateIncident(As(Contributor), i), "edit as contributor")
			if i.ClaimCount != 1 || i.PreferredClaimID != nil || i.FigureRationale != "" || i.Conflict {
				t.Fatalf("the contributor's copy: claims %d preferred %v rationale %q conflict %v", i.ClaimCount, i.PreferredClaimID, i.FigureRationale, i.Conflict)
			}
			if got := incidentAs(t, s, Editor, hidden.ID); got.ClaimCount != 2 || !sameID(got.PreferredClaimID, &hRes.ID) {
				t.Fatalf("the stored derivation changed: %+v", got)
			}
		})
	})
}

func idOf(p *int64) string {
	if p == nil {
		return "none"
	}
	return "#" + strconv.FormatInt(*p, 10)
}

func sameID(a, b *int64) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

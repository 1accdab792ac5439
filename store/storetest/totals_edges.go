package storetest

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vigil"
	"vigil/store"
)

// totalWant is what a total must be for one reader: the counted
// incidents, the excluded ones with their reasons, the best total and the
// incidents of each month.
type totalWant struct {
	counted  []int64
	excluded map[int64]string
	best     int
	months   map[string][]int64
}

// mustTotal computes f as v and fails unless it is want. Every incident
// id the total names (counted, excluded, in a reason, in a month or a
// mark) must be one v sees: hidden lists the ids v must never be told.
func mustTotal(t *testing.T, s *store.Store, v vigil.Viewer, f vigil.StatsFilter, want totalWant, hidden ...int64) *vigil.Stats {
	t.Helper()
	st, err := s.Stats(As(v), f)
	MustOK(t, err, "stats as "+v.Actor)
	what := fmt.Sprintf("total of %s as %s", f.Event, v.Actor)
	if f.From != "" || f.To != "" {
		what += fmt.Sprintf(" from %q to %q", f.From, f.To)
	}
	if f.PlaceID != nil {
		what += fmt.Sprintf(" at place %d", *f.PlaceID)
	}
	if f.PerpetratorID != nil {
		what += fmt.Sprintf(" by %d", *f.PerpetratorID)
	}
	if want.counted == nil {
		want.counted = []int64{}
	}
	if !slices.Equal(st.Incidents, sorted(want.counted)) {
		t.Errorf("%s counts %v, want %v (excluded %+v)", what, st.Incidents, sorted(want.counted), st.Excluded)
	}
	got := map[int64]string{}
	for _, e := range st.Excluded {
		got[e.ID] = e.Reason
	}
	if want.excluded == nil {
		want.excluded = map[int64]string{}
	}
	if !maps.Equal(got, want.excluded) {
		t.Errorf("%s excludes %v, want %v", what, got, want.excluded)
	}
	if st.Total.Best != want.best {
		t.Errorf("%s has best %d, want %d", what, st.Total.Best, want.best)
	}
	if want.months != nil {
		months := map[string][]int64{}
		for _, m := range st.Months {
			months[m.Month] = m.Incidents
		}
		if !maps.EqualFunc(months, want.months, slices.Equal) {
			t.Errorf("%s has months %v, want %v", what, months, want.months)
		}
	}
	for _, h := range hidden {
		if named := namedIn(st, h); named != "" {
			t.Errorf("%s names incident %d, which the reader may not see, in %s", what, h, named)
		}
	}
	return st
}

// namedIn says where a total names incident id ("" when nowhere).
func namedIn(st *vigil.Stats, id int64) string {
	lists := map[string][]int64{"incidents": st.Incidents, "unknown_low": st.Total.UnknownLow, "unbounded": st.Total.Unbounded}
	for _, m := range st.Months {
		lists["month "+m.Month] = slices.Concat(m.Incidents, m.Total.UnknownLow, m.Total.Unbounded)
	}
	for name, l := range lists {
		if slices.Contains(l, id) {
			return name
		}
	}
	for _, e := range st.Excluded {
		if e.ID == id {
			return "excluded"
		}
		if f := strings.Fields(e.Reason); len(f) == 2 && f[1] == strconv.FormatInt(id, 10) {
			return "the reason for excluding " + strconv.FormatInt(e.ID, 10)
		}
	}
	return ""
}

// figured returns an unsaved incident of the given event, day and
// sensitivity whose figure is an editor's: low, best and high, where a
// negative low is unknown and a negative high unbounded.
func figured(title string, event vigil.EventType, day string, sens vigil.Sensitivity, low, best, high int) *vigil.Incident {
	i := dated(title, event, day, sens)
	i.Override = &vigil.FigureOverride{Best: best, Rationale: "counted"}
	if low >= 0 {
		i.Override.Low = &low
	}
	if high >= 0 {
		i.Override.High = &high
	}
	return i
}

// sensLink returns an unsaved link of the given sensitivity.
func sensLink(from, to *vigil.Incident, kind vigil.LinkKind, sens vigil.Sensitivity) *vigil.IncidentLink {
	l := link(from, to, kind)
	l.Sensitivity = sens
	return l
}

func testTotalsEdges(t *testing.T, open Opener) {
	rep := vigil.EventRepatriation
	all := vigil.StatsFilter{Event: rep}
	below := []vigil.Viewer{Anonymous, Member}

	t.Run("links ending at a hidden incident", func(t *testing.T) {
		t.Run("a public child of a restricted parent counts on its own below restricted clearance", func(t *testing.T) {
			s := open(t)
			cn := MustCreate(t, s.CreatePlace, &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.PlaceCountry, Names: vigil.Names{En: "China"}, CountryCode: "CN"})
			jilin := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceProvince, "Jilin", "지린성", cn))
			police := MustCreate(t, s.CreateActor, NewOrg("Chinese public security", "중국 공안"))
			// The parent's figure is unbounded with an unknown low: a
			// reader who may not see it must not get those marks either.
			parent := figured("restricted whole", rep, "2024-03-01", vigil.Restricted, -1, 100, -1)
			child := figured("public part", rep, "2024-04-10", vigil.Public, 25, 30, 35)
			for _, i := range []*vigil.Incident{parent, child} {
				i.PlaceID, i.PerpetratorID = &jilin.ID, &police.ID
				MustCreate(t, s.CreateIncident, i)
			}
			MustCreate(t, s.CreateLink, link(child, parent, vigil.LinkPartOf))
			filters := []vigil.StatsFilter{all, {Event: rep, PlaceID: &cn.ID}, {Event: rep, PerpetratorID: &police.ID},
				{Event: rep, From: "2024-01-01", To: "2024-12-31"}}
			for _, f := range filters {
				for _, v := range below {
					st := mustTotal(t, s, v, f, totalWant{counted: []int64{child.ID}, best: 30,
						months: map[string][]int64{"2024-04": {child.ID}}}, parent.ID)
					if st.Total.LowIncomplete || st.Total.HighUnbounded || st.Total.Low != 25 || st.Total.High == nil || *st.Total.High != 35 {
						t.Errorf("as %s the child's total is %+v, want 25/30/35 with no marks from the hidden parent", v.Actor, st.Total)
					}
				}
				st := mustTotal(t, s, Staff, f, totalWant{counted: []int64{parent.ID}, best: 100,
					excluded: map[int64]string{child.ID: "part_of " + itoa(int(parent.ID))},
					months:   map[string][]int64{"2024-03": {parent.ID}}})
				if !st.Total.LowIncomplete || !st.Total.HighUnbounded {
					t.Errorf("as staff the parent's marks are missing: %+v", st.Total)
				}
			}
		})
		t.Run("a hidden part_of link is as if it did not exist", func(t *testing.T) {
			s := open(t)
			parent := MustCreate(t, s.CreateIncident, figured("public whole", rep, "2024-03-01", vigil.Public, 100, 100, 100))
			child := MustCreate(t, s.CreateIncident, figured("public part", rep, "2024-04-10", vigil.Public, 30, 30, 30))
			MustCreate(t, s.CreateLink, sensLink(child, parent, vigil.LinkPartOf, vigil.Coalition))
			mustTotal(t, s, Anonymous, all, totalWant{counted: []int64{parent.ID, child.ID}, best: 130,
				months: map[string][]int64{"2024-03": {parent.ID}, "2024-04": {child.ID}}})
			for _, v := range []vigil.Viewer{Member, Staff} {
				mustTotal(t, s, v, all, totalWant{counted: []int64{parent.ID}, best: 100,
					excluded: map[int64]string{child.ID: "part_of " + itoa(int(parent.ID))}})
			}
		})
		t.Run("a grandparent does not absorb a child through a hidden middle", func(t *testing.T) {
			s := open(t)
			grand := MustCreate(t, s.CreateIncident, figured("public whole", rep, "2024-03-01", vigil.Public, 500, 500, 500))
			middle := MustCreate(t, s.CreateIncident, figured("restricted part", rep, "2024-03-01", vigil.Restricted, 200, 200, 200))
			child := MustCreate(t, s.CreateIncident, figured("public part of the part", rep, "2024-03-02", vigil.Public, 20, 20, 20))
			MustCreate(t, s.CreateLink, link(middle, grand, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(child, middle, vigil.LinkPartOf))
			for _, v := range below {
				mustTotal(t, s, v, all, totalWant{counted: []int64{grand.ID, child.ID}, best: 520}, middle.ID)
			}
			mustTotal(t, s, Staff, all, totalWant{counted: []int64{grand.ID}, best: 500, excluded: map[int64]string{
				middle.ID: "part_of " + itoa(int(grand.ID)), child.ID: "part_of " + itoa(int(middle.ID))}})
		})
		t.Run("a same_cohort chain through a hidden member neither merges nor drops visible incidents", func(t *testing.T) {
			s := open(t)
			// The hidden member is the earliest and has the smallest id:
			// the stored cohort key and the counted member are both it.
			hub := MustCreate(t, s.CreateIncident, figured("restricted report", rep, "2024-01-05", vigil.Restricted, 50, 50, 50))
			a := MustCreate(t, s.CreateIncident, figured("public report A", rep, "2024-02-01", vigil.Public, 40, 40, 40))
			b := MustCreate(t, s.CreateIncident, figured("public report B", rep, "2024-03-01", vigil.Public, 45, 45, 45))
			lone := MustCreate(t, s.CreateIncident, figured("public report joined to the hub alone", rep, "2024-02-10", vigil.Public, 7, 7, 7))
			MustCreate(t, s.CreateLink, link(a, hub, vigil.LinkSameCohort))
			MustCreate(t, s.CreateLink, link(hub, b, vigil.LinkSameCohort))
			MustCreate(t, s.CreateLink, link(lone, hub, vigil.LinkSameCohort))
			for _, f := range []vigil.StatsFilter{all, {Event: rep, From: "2024-02-01", To: "2024-03-31"}} {
				for _, v := range below {
					mustTotal(t, s, v, f, totalWant{counted: []int64{a.ID, b.ID, lone.ID}, best: 92,
						months: map[string][]int64{"2024-02": {a.ID, lone.ID}, "2024-03": {b.ID}}}, hub.ID)
				}
			}
			hubReason := "same_cohort " + itoa(int(hub.ID))
			mustTotal(t, s, Staff, all, totalWant{counted: []int64{hub.ID}, best: 50,
				excluded: map[int64]string{a.ID: hubReason, b.ID: hubReason, lone.ID: hubReason},
				months:   map[string][]int64{"2024-01": {hub.ID}}})
		})
		t.Run("a hidden same_cohort link is as if it did not exist", func(t *testing.T) {
			s := open(t)
			a := MustCreate(t, s.CreateIncident, figured("public report A", rep, "2024-02-01", vigil.Public, 40, 40, 40))
			b := MustCreate(t, s.CreateIncident, figured("public report B", rep, "2024-03-01", vigil.Public, 45, 45, 45))
			MustCreate(t, s.CreateLink, sensLink(b, a, vigil.LinkSameCohort, vigil.Restricted))
			for _, v := range below {
				mustTotal(t, s, v, all, totalWant{counted: []int64{a.ID, b.ID}, best: 85})
			}
			mustTotal(t, s, Staff, all, totalWant{counted: []int64{a.ID}, best: 40,
				excluded: map[int64]string{b.ID: "same_cohort " + itoa(int(a.ID))}})
		})
	})

	t.Run("part_of with same_cohort counts a group of people once", func(t *testing.T) {
		// Every link is public: all readers see the same total.
		readers := []vigil.Viewer{Anonymous, Staff}
		t.Run("a child in a chain with a standalone report", func(t *testing.T) {
			s := open(t)
			dandong := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCrossing, "Dandong", "단둥", nil))
			jilin := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceProvince, "Jilin", "지린성", nil))
			whole := figured("the whole", rep, "2024-04-01", vigil.Public, 90, 100, 110)
			whole.PlaceID = &dandong.ID
			MustCreate(t, s.CreateIncident, whole)
			part := figured("a part of it", rep, "2024-04-01", vigil.Public, 30, 30, 30)
			part.PlaceID = &jilin.ID
			MustCreate(t, s.CreateIncident, part)
			// The same people, reported on their own, earlier.
			again := figured("the same people reported alone", rep, "2024-03-20", vigil.Public, 30, 30, 30)
			again.PlaceID = &jilin.ID
			MustCreate(t, s.CreateIncident, again)
			MustCreate(t, s.CreateLink, link(part, whole, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(again, part, vigil.LinkSameCohort))
			for _, v := range readers {
				mustTotal(t, s, v, all, totalWant{counted: []int64{whole.ID}, best: 100, excluded: map[int64]string{
					part.ID: "part_of " + itoa(int(whole.ID)), again.ID: "same_cohort " + itoa(int(whole.ID))},
					months: map[string][]int64{"2024-04": {whole.ID}}})
				// Without the whole in the selection, the chain counts
				// once by itself: its earliest report.
				mustTotal(t, s, v, vigil.StatsFilter{Event: rep, PlaceID: &jilin.ID}, totalWant{counted: []int64{again.ID}, best: 30,
					excluded: map[int64]string{part.ID: "same_cohort " + itoa(int(again.ID))}})
			}
		})
		t.Run("two children of different parents in one chain", func(t *testing.T) {
			s := open(t)
			oct := MustCreate(t, s.CreateIncident, figured("9 Oct 2023", rep, "2023-10-09", vigil.Public, 540, 600, 660))
			apr := MustCreate(t, s.CreateIncident, figured("26 Apr 2024", rep, "2024-04-26", vigil.Public, 180, 200, 220))
			a := MustCreate(t, s.CreateIncident, figured("30 via Dandong", rep, "2023-10-09", vigil.Public, 30, 30, 30))
			c := MustCreate(t, s.CreateIncident, figured("30 from Baishan", rep, "2024-04-26", vigil.Public, 30, 30, 30))
			other := MustCreate(t, s.CreateIncident, figured("unrelated", rep, "2024-05-01", vigil.Public, 5, 5, 5))
			MustCreate(t, s.CreateLink, link(a, oct, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(c, apr, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(c, a, vigil.LinkSameCohort))
			for _, v := range readers {
				mustTotal(t, s, v, all, totalWant{counted: []int64{oct.ID, other.ID}, best: 605, excluded: map[int64]string{
					a.ID: "part_of " + itoa(int(oct.ID)), c.ID: "part_of " + itoa(int(apr.ID)), apr.ID: "same_cohort " + itoa(int(oct.ID))}})
				// Each whole alone in the window counts in full.
				mustTotal(t, s, v, vigil.StatsFilter{Event: rep, From: "2024-01-01"}, totalWant{counted: []int64{apr.ID, other.ID}, best: 205,
					excluded: map[int64]string{c.ID: "part_of " + itoa(int(apr.ID))}})
			}
		})
		t.Run("a grandchild in a chain stands for the whole that counts", func(t *testing.T) {
			s := open(t)
			grand := MustCreate(t, s.CreateIncident, figured("national", rep, "2024-04-01", vigil.Public, 500, 500, 500))
			mid := MustCreate(t, s.CreateIncident, figured("province", rep, "2024-04-01", vigil.Public, 200, 200, 200))
			leaf := MustCreate(t, s.CreateIncident, figured("facility", rep, "2024-04-01", vigil.Public, 30, 30, 30))
			lone := MustCreate(t, s.CreateIncident, figured("same people", rep, "2024-04-02", vigil.Public, 30, 30, 30))
			MustCreate(t, s.CreateLink, link(mid, grand, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(leaf, mid, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(lone, leaf, vigil.LinkSameCohort))
			for _, v := range readers {
				mustTotal(t, s, v, all, totalWant{counted: []int64{grand.ID}, best: 500, excluded: map[int64]string{
					mid.ID: "part_of " + itoa(int(grand.ID)), leaf.ID: "part_of " + itoa(int(mid.ID)), lone.ID: "same_cohort " + itoa(int(grand.ID))}})
			}
		})
		t.Run("a chain across event types counts once in each", func(t *testing.T) {
			s := open(t)
			arrests := MustCreate(t, s.CreateIncident, figured("mass arrest", vigil.EventArrest, "2024-02-01", vigil.Public, 100, 100, 100))
			arrested := MustCreate(t, s.CreateIncident, figured("20 arrested", vigil.EventArrest, "2024-02-01", vigil.Public, 20, 20, 20))
			held := MustCreate(t, s.CreateIncident, figured("20 detained", vigil.EventDetention, "2024-02-10", vigil.Public, 20, 20, 20))
			sent := MustCreate(t, s.CreateIncident, figured("20 repatriated", rep, "2024-04-01", vigil.Public, 20, 20, 20))
			retold := MustCreate(t, s.CreateIncident, figured("20 repatriated, reported again", rep, "2024-03-30", vigil.Public, 20, 20, 20))
			sendings := MustCreate(t, s.CreateIncident, figured("repatriation of 300", rep, "2024-04-01", vigil.Public, 300, 300, 300))
			// A whole of another event type absorbs nothing.
			mixed := MustCreate(t, s.CreateIncident, figured("detained, part of the arrest", vigil.EventDetention, "2024-02-11", vigil.Public, 9, 9, 9))
			MustCreate(t, s.CreateLink, link(arrested, arrests, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(held, arrested, vigil.LinkSameCohort))
			MustCreate(t, s.CreateLink, link(sent, held, vigil.LinkSameCohort))
			MustCreate(t, s.CreateLink, link(retold, sent, vigil.LinkSameCohort))
			MustCreate(t, s.CreateLink, link(sent, sendings, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(mixed, arrests, vigil.LinkPartOf))
			for _, v := range readers {
				mustTotal(t, s, v, vigil.StatsFilter{Event: vigil.EventArrest}, totalWant{counted: []int64{arrests.ID}, best: 100,
					excluded: map[int64]string{arrested.ID: "part_of " + itoa(int(arrests.ID))}})
				mustTotal(t, s, v, vigil.StatsFilter{Event: vigil.EventDetention}, totalWant{counted: []int64{held.ID, mixed.ID}, best: 29})
				mustTotal(t, s, v, all, totalWant{counted: []int64{sendings.ID}, best: 300, excluded: map[int64]string{
					sent.ID: "part_of " + itoa(int(sendings.ID)), retold.ID: "same_cohort " + itoa(int(sendings.ID))}})
			}
		})
		t.Run("a chain whose wholes are hidden counts once by itself", func(t *testing.T) {
			s := open(t)
			whole := MustCreate(t, s.CreateIncident, figured("restricted whole", rep, "2024-04-01", vigil.Restricted, 100, 100, 100))
			part := MustCreate(t, s.CreateIncident, figured("public part", rep, "2024-04-01", vigil.Public, 30, 30, 30))
			again := MustCreate(t, s.CreateIncident, figured("same people", rep, "2024-03-20", vigil.Public, 30, 30, 30))
			MustCreate(t, s.CreateLink, link(part, whole, vigil.LinkPartOf))
			MustCreate(t, s.CreateLink, link(again, part, vigil.LinkSameCohort))
			for _, v := range below {
				mustTotal(t, s, v, all, totalWant{counted: []int64{again.ID}, best: 30,
					excluded: map[int64]string{part.ID: "same_cohort " + itoa(int(again.ID))}}, whole.ID)
			}
			mustTotal(t, s, Staff, all, totalWant{counted: []int64{whole.ID}, best: 100, excluded: map[int64]string{
				part.ID: "part_of " + itoa(int(whole.ID)), again.ID: "same_cohort " + itoa(int(whole.ID))}})
		})
	})

	t.Run("place filters walk only the places the reader sees", func(t *testing.T) {
		s := open(t)
		cn := MustCreate(t, s.CreatePlace, &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.PlaceCountry, Names: vigil.Names{En: "China"}, CountryCode: "CN"})
		jilin := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceProvince, "Jilin", "지린성", cn))
		site := NewPlace(vigil.PlaceFacility, "unlisted holding site", "비공개 구금 시설", jilin)
		site.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreatePlace, site)
		// A public place under the restricted one is not reached through it.
		block := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceFacility, "cell block", "감방", site))
		office := NewPlace(vigil.PlaceFacility, "coalition-only office", "연대 전용 사무소", jilin)
		office.Sensitivity = vigil.Coalition
		MustCreate(t, s.CreatePlace, office)
		at := func(title string, p *vigil.Place, best int) *vigil.Incident {
			i := figured(title, rep, "2024-04-01", vigil.Public, best, best, best)
			i.PlaceID = &p.ID
			return MustCreate(t, s.CreateIncident, i)
		}
		inJilin, atSite, inBlock, atOffice := at("in Jilin", jilin, 10), at("at the site", site, 40), at("in the block", block, 5), at("at the office", office, 3)
		unknown := QueryInt(t, s, "SELECT MAX(id) FROM places") + 1000

		for _, c := range []struct {
			v      vigil.Viewer
			counts []*vigil.Incident
		}{{Anonymous, []*vigil.Incident{inJilin}}, {Member, []*vigil.Incident{inJilin, atOffice}},
			{Staff, []*vigil.Incident{inJilin, atSite, inBlock, atOffice}}} {
			best := 0
			for _, i := range c.counts {
				best += i.Override.Best
			}
			for _, p := range []*vigil.Place{cn, jilin} {
				mustTotal(t, s, c.v, vigil.StatsFilter{Event: rep, PlaceID: &p.ID}, totalWant{counted: ids(c.counts...), best: best})
				list, n, err := s.FindIncidents(As(c.v), vigil.IncidentFilter{PlaceID: &p.ID})
				MustOK(t, err, "incidents by place")
				if got := ids(list...); n != len(c.counts) || !slices.Equal(got, ids(c.counts...)) {
					t.Errorf("incidents under %s as %s: %v (%d), want %v", p.Names.En, c.v.Actor, got, n, ids(c.counts...))
				}
			}
		}
		// A place the reader sees counts its own incidents wherever it hangs.
		mustTotal(t, s, Anonymous, vigil.StatsFilter{Event: rep, PlaceID: &block.ID}, totalWant{counted: []int64{inBlock.ID}, best: 5})

		// A place the reader may not see answers exactly like one that
		// does not exist.
		for _, c := range []struct {
			v      vigil.Viewer
			hidden int64
		}{{Anonymous, site.ID}, {Anonymous, office.ID}, {Member, site.ID}} {
			for _, f := range []vigil.StatsFilter{{Event: rep}, {Event: rep, From: "2024-01-01", To: "2024-12-31"}} {
				hf, uf := f, f
				hf.PlaceID, uf.PlaceID = &c.hidden, &unknown
				hidden, errH := s.Stats(As(c.v), hf)
				missing, errU := s.Stats(As(c.v), uf)
				MustOK(t, errH, "stats at a hidden place")
				MustOK(t, errU, "stats at an unknown place")
				hidden.Filter.PlaceID, missing.Filter.PlaceID = nil, nil
				MustEqualJSON(t, hidden, missing, fmt.Sprintf("the total as %s at hidden place %d and at an unknown place", c.v.Actor, c.hidden))
				if len(hidden.Incidents) != 0 || hidden.Total.Best != 0 {
					t.Errorf("as %s hidden place %d totals %+v", c.v.Actor, c.hidden, hidden)
				}
			}
			hl, hn, errH := s.FindIncidents(As(c.v), vigil.IncidentFilter{PlaceID: &c.hidden})
			ul, un, errU := s.FindIncidents(As(c.v), vigil.IncidentFilter{PlaceID: &unknown})
			MustOK(t, errH, "incidents at a hidden place")
			MustOK(t, errU, "incidents at an unknown place")
			if hn != 0 || un != 0 || len(hl) != 0 || len(ul) != 0 {
				t.Errorf("as %s incidents at hidden place %d: %d, at an unknown place: %d", c.v.Actor, c.hidden, hn, un)
			}
		}
	})
}

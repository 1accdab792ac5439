package storetest

import (
	"slices"
	"testing"

	"vigil"
)

func ids(is ...*vigil.Incident) []int64 {
	out := make([]int64, len(is))
	for n, i := range is {
		out[n] = i.ID
	}
	slices.Sort(out)
	return out
}

func sorted(v []int64) []int64 {
	out := slices.Clone(v)
	slices.Sort(out)
	return out
}

func excluded(st *vigil.Stats, id int64) string {
	for _, e := range st.Excluded {
		if e.ID == id {
			return e.Reason
		}
	}
	return ""
}

func testStats(t *testing.T, open Opener) {
	s := open(t)
	w := Seed(t, s)
	ctx := As(Anonymous)
	window := vigil.StatsFilter{Event: vigil.EventRepatriation, From: "2023-10-01", To: "2024-05-31"}
	mustStats := func(t *testing.T, f vigil.StatsFilter) *vigil.Stats {
		t.Helper()
		st, err := s.Stats(ctx, f)
		MustOK(t, err, "stats")
		return st
	}
	t.Run("repatriations of the seed", func(t *testing.T) {
		st := mustStats(t, window)
		tot := st.Total
		if tot.Low != 770 || tot.Best != 855 || tot.High == nil || *tot.High != 940 || tot.HighUnbounded || tot.LowIncomplete {
			t.Fatalf("total %+v, want low 770 best 855 high 940", tot)
		}
		if got, want := sorted(st.Incidents), ids(w.Oct9, w.Baishan200, w.More50); !slices.Equal(got, want) {
			t.Fatalf("incidents %v, want %v", got, want)
		}
		if st.Filter != window {
			t.Fatalf("filter %+v", st.Filter)
		}
		months := map[string]int{}
		for _, m := range st.Months {
			months[m.Month] = m.Total.Best
		}
		if months["2023-10"] != 600 || months["2024-04"] != 255 {
			t.Fatalf("months %v", months)
		}
	})
	t.Run("arrests are unbounded", func(t *testing.T) {
		st := mustStats(t, vigil.StatsFilter{Event: vigil.EventArrest, From: "2024-05-01", To: "2024-05-31"})
		tot := st.Total
		if tot.Best != 61 || tot.High != nil || !tot.HighUnbounded || !slices.Equal(tot.Unbounded, []int64{w.Nanning60.ID}) {
			t.Fatalf("arrest total %+v, want best 61 and high unbounded by %d", tot, w.Nanning60.ID)
		}
	})
	t.Run("window bounds date_start", func(t *testing.T) {
		st := mustStats(t, vigil.StatsFilter{Event: vigil.EventRepatriation, From: "2024-01-01"})
		if st.Total.Best != 255 {
			t.Fatalf("from 2024: best %d, want 255", st.Total.Best)
		}
		st = mustStats(t, vigil.StatsFilter{Event: vigil.EventRepatriation, To: "2023-10-09"})
		if st.Total.Best != 600 {
			t.Fatalf("to 2023-10-09 inclusive: best %d, want 600", st.Total.Best)
		}
	})
	t.Run("place filter includes places under it", func(t *testing.T) {
		st := mustStats(t, vigil.StatsFilter{Event: vigil.EventRepatriation, PlaceID: &w.Jilin.ID})
		if got, want := sorted(st.Incidents), ids(w.Baishan200, w.More50); !slices.Equal(got, want) || st.Total.Best != 255 {
			t.Fatalf("Jilin: incidents %v best %d, want %v (Baishan Detention Center is under Baishan under Jilin)", got, st.Total.Best, want)
		}
		st = mustStats(t, vigil.StatsFilter{Event: vigil.EventRepatriation, PlaceID: &w.BaishanDC.ID})
		if st.Total.Best != 200 {
			t.Fatalf("facility: best %d", st.Total.Best)
		}
		is, n, err := s.FindIncidents(ctx, vigil.IncidentFilter{PlaceID: &w.China.ID})
		MustOK(t, err, "incidents in China")
		if n != 3 || len(is) != 3 {
			t.Fatalf("%d incidents under China, want 3 (Dandong has no parent)", n)
		}
	})
	t.Run("perpetrator filter", func(t *testing.T) {
		i := Reload(t, s, w.More50)
		i.PerpetratorID = &w.PublicSecurity.ID
		MustOK(t, s.UpdateIncident(As(Editor), i), "set perpetrator")
		st := mustStats(t, vigil.StatsFilter{Event: vigil.EventRepatriation, PerpetratorID: &w.PublicSecurity.ID})
		if !slices.Equal(st.Incidents, []int64{w.More50.ID}) || st.Total.Best != 55 {
			t.Fatalf("perpetrator: %v best %d", st.Incidents, st.Total.Best)
		}
	})
	t.Run("part_of child does not add", func(t *testing.T) {
		child := MustCreate(t, s.CreateIncident, NewIncident("단둥 경유 최대 200명", vigil.EventRepatriation, w.Dandong))
		MustCreate(t, s.CreateClaim, NewClaim(w.Release, child, "up to 200", vigil.EventRepatriation, "2023-10-09"))
		MustCreate(t, s.CreateLink, link(child, w.Oct9, vigil.LinkPartOf))
		st := mustStats(t, window)
		if st.Total.Best != 855 || st.Total.Low != 770 || *st.Total.High != 940 {
			t.Fatalf("with a part_of child: %+v, want 770/855/940", st.Total)
		}
		if r := excluded(st, child.ID); r != "part_of "+itoa(int(w.Oct9.ID)) {
			t.Fatalf("child excluded as %q", r)
		}
	})
	t.Run("same_cohort chain counts once per event", func(t *testing.T) {
		arrest := MustCreate(t, s.CreateIncident, NewIncident("연길 30명 체포", vigil.EventArrest, nil))
		held := MustCreate(t, s.CreateIncident, NewIncident("연길 30명 구금", vigil.EventDetention, nil))
		sent := MustCreate(t, s.CreateIncident, NewIncident("연길 30명 북송", vigil.EventRepatriation, nil))
		again := MustCreate(t, s.CreateIncident, NewIncident("연길 30명 북송 (재보도)", vigil.EventRepatriation, nil))
		for _, x := range []struct {
			i     *vigil.Incident
			event vigil.EventType
			date  string
		}{{arrest, vigil.EventArrest, "2024-02-01"}, {held, vigil.EventDetention, "2024-02-03"}, {sent, vigil.EventRepatriation, "2024-03-01"}, {again, vigil.EventRepatriation, "2024-03-02"}} {
			MustCreate(t, s.CreateClaim, NewClaim(w.Relay, x.i, "30", x.event, x.date))
		}
		MustCreate(t, s.CreateLink, link(held, arrest, vigil.LinkSameCohort))
		MustCreate(t, s.CreateLink, link(sent, held, vigil.LinkSameCohort))
		MustCreate(t, s.CreateLink, link(again, sent, vigil.LinkSameCohort))
		st := mustStats(t, window)
		if st.Total.Best != 885 {
			t.Fatalf("repatriations with a cohort reported twice: best %d, want 855 + 30", st.Total.Best)
		}
		if r := excluded(st, again.ID); r != "same_cohort "+itoa(int(sent.ID)) {
			t.Fatalf("repeat excluded as %q", r)
		}
		arrests := mustStats(t, vigil.StatsFilter{Event: vigil.EventArrest, From: "2024-01-01", To: "2024-05-31"})
		if arrests.Total.Best != 91 {
			t.Fatalf("arrests: best %d, want 61 + 30 (the cohort counts once per event)", arrests.Total.Best)
		}
	})
	t.Run("no figure is excluded", func(t *testing.T) {
		bare := MustCreate(t, s.CreateIncident, NewIncident("수치 미상", vigil.EventRepatriation, nil))
		bare.Date, bare.DateBasis = "2024-02-10", vigil.BasisEditor
		MustOK(t, s.UpdateIncident(As(Editor), bare), "date an incident without claims")
		st := mustStats(t, window)
		if r := excluded(st, bare.ID); r != "no figure" {
			t.Fatalf("incident without figure excluded as %q", r)
		}
	})
	t.Run("filter is validated", func(t *testing.T) {
		_, err := s.Stats(ctx, vigil.StatsFilter{From: "2024-01-01"})
		MustField(t, err, "event", "required")
		_, err = s.Stats(ctx, vigil.StatsFilter{Event: "riot"})
		MustField(t, err, "event", "not an event type")
		_, err = s.Stats(ctx, vigil.StatsFilter{Event: vigil.EventArrest, From: "2024-1-1", To: "2024-02-30"})
		MustField(t, err, "from", "YYYY-MM-DD")
		MustField(t, err, "to", "YYYY-MM-DD")
		_, err = s.Stats(ctx, vigil.StatsFilter{Event: vigil.EventArrest, From: "2024-05-01", To: "2024-04-01"})
		MustField(t, err, "to", "before")
	})
}

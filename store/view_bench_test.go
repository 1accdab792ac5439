package store_test

import (
	"testing"

	"vigil"
	"vigil/internal/gen"
	"vigil/store/storetest"
)

// BenchmarkIncidentView measures what the incidents' reader view
// (store/incident_view.go) costs: a page of 50 incidents and one incident
// by id, read by an anonymous reader (parents, cohorts and claim-derived
// values recomputed where links or claims are hidden from them) and by a
// reader with restricted clearance (the baseline: nothing is hidden, the
// view does nothing), over a generated dataset of VIGIL_BENCH_CLAIMS
// claims (default 20,000 here) with its links and sensitivities:
//
//	go test ./store -run XXX -bench IncidentView -benchtime 200x -count 3
func BenchmarkIncidentView(b *testing.B) {
	n := 20_000
	if benchClaims() != 1_000_000 {
		n = benchClaims()
	}
	s := openBenchStore(b, b.TempDir())
	defer s.Close()
	d := gen.Dataset(gen.Config{Seed: 7, Claims: n})
	if _, err := s.Import(storetest.As(storetest.Admin), d, vigil.ImportOptions{Format: "generated"}); err != nil {
		b.Fatal(err)
	}
	// The page in the middle of the timeline, and an incident with a
	// hidden claim, for the anonymous reader.
	page := vigil.IncidentFilter{Page: vigil.Page{Limit: 50, Offset: len(d.Incidents) / 2, Sort: "date"}}
	var hidden int64
	for _, c := range d.Claims {
		if c.Sensitivity != vigil.Public && c.IncidentID != nil {
			if i, err := s.FindIncidentByID(storetest.As(storetest.Anonymous), *c.IncidentID); err == nil {
				hidden = i.ID
				break
			}
		}
	}
	if hidden == 0 {
		b.Fatal("no public incident with a hidden claim")
	}
	for _, r := range []struct {
		name string
		v    vigil.Viewer
	}{{"restricted", storetest.Staff}, {"anonymous", storetest.Anonymous}} {
		ctx := storetest.As(r.v)
		b.Run("page/"+r.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.FindIncidents(ctx, page); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("byID/"+r.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindIncidentByID(ctx, hidden); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

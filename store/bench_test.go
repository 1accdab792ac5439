package store_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/store"
	"vigil/store/storetest"
)

// fillIncidents inserts n synthetic incidents with raw SQL in one
// transaction (no audit entries: this measures reads). Dates spread over
// 2014–2024, events over every type, figures mostly known, a few part_of
// children and same_cohort members.
func fillIncidents(tb testing.TB, s *store.Store, n int) {
	tb.Helper()
	tx, err := s.DB().Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	ins := `INSERT INTO incidents (id, sensitivity, sensitivity_rank, created_at, updated_at, title_ko, event, date, date_start, date_end,
		fig_low, fig_best, fig_high, figure_basis, ancestors, cohort_id, parent_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'claims', ?, ?, ?)`
	if s.Dialect() == store.Postgres {
		for i := 1; i <= 16; i++ {
			ins = strings.Replace(ins, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	stmt, err := tx.Prepare(ins)
	if err != nil {
		tb.Fatal(err)
	}
	defer stmt.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	now := "2024-06-01T00:00:00.000000Z"
	sens := []string{"public", "public", "public", "coalition", "restricted"}
	for id := 1; id <= n; id++ {
		day := start.AddDate(0, 0, rng.IntN(11*365)).Format("2006-01-02")
		event := vigil.EventTypes[rng.IntN(len(vigil.EventTypes))]
		sv := sens[rng.IntN(len(sens))]
		best := 1 + rng.IntN(300)
		var low, high any = best * 9 / 10, best * 11 / 10
		if rng.IntN(10) == 0 {
			high = nil
		}
		anc, parent, cohort := "/", any(nil), id
		if id > 10 && rng.IntN(20) == 0 {
			p := id - 1 - rng.IntN(5)
			anc, parent = "/"+strconv.Itoa(p)+"/", p
		} else if id > 10 && rng.IntN(20) == 0 {
			cohort = id - 1 - rng.IntN(5)
		}
		var fl, fb, fh any = low, best, high
		if rng.IntN(50) == 0 {
			fl, fb, fh = nil, nil, nil
		}
		rank := map[string]int{"public": 0, "coalition": 1, "restricted": 2}[sv]
		if _, err := stmt.Exec(id, sv, rank, now, now, "사건", string(event), day, day, day, fl, fb, fh, anc, cohort, parent); err != nil {
			tb.Fatalf("insert incident %d: %v", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if s.Dialect() == store.Postgres {
		if _, err := s.DB().Exec("VACUUM ANALYZE incidents"); err != nil {
			tb.Fatal(err)
		}
	} else if _, err := s.DB().Exec("ANALYZE"); err != nil {
		tb.Fatal(err)
	}
}

func benchIncidents() int {
	if n, err := strconv.Atoi(os.Getenv("VIGIL_BENCH_INCIDENTS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkStatsSQLite measures totals over many incidents
// (VIGIL_BENCH_INCIDENTS, default 100000; the target is p50 < 20 ms at
// 1000000 for the 8-month window): the p50 and p95 latency of an
// 8-month window and of the full range.
func BenchmarkStatsSQLite(b *testing.B) {
	s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	n := benchIncidents()
	t0 := time.Now()
	fillIncidents(b, s, n)
	b.Logf("inserted %d incidents in %v", n, time.Since(t0))
	benchStatsWindows(b, s)
}

// statsWindows are the filters the stats benchmarks time: a typical
// 8-month window (the seed's) and every repatriation.
var statsWindows = []struct {
	name   string
	filter vigil.StatsFilter
}{
	{"8-months", vigil.StatsFilter{Event: vigil.EventRepatriation, From: "2023-10-01", To: "2024-05-31"}},
	{"full-range", vigil.StatsFilter{Event: vigil.EventRepatriation}},
}

func benchStatsWindows(b *testing.B, s *store.Store) {
	for _, w := range statsWindows {
		b.Run(w.name, func(b *testing.B) { benchStats(b, s, w.filter) })
	}
}

func benchStats(b *testing.B, s *store.Store, f vigil.StatsFilter) {
	ctx := storetest.As(storetest.Staff)
	var lat []time.Duration
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		st, err := s.Stats(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		if i == 0 {
			b.Logf("%d incidents counted, %d excluded, best %d", len(st.Incidents), len(st.Excluded), st.Total.Best)
		}
	}
	b.StopTimer()
	reportCPU(b, cpuTime()-c0)
	reportLatency(b, lat)
}

// reportCPU reports the process CPU time per operation in milliseconds:
// on a shared machine it varies less than the wall clock.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// reportLatency reports the p50 and p95 of lat in milliseconds (with
// fewer than 20 samples the p95 is the slowest one).
func reportLatency(b *testing.B, lat []time.Duration) (p50, p95 time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p50, p95 = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*95/100)]
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	return p50, p95
}

// TestStatsUsesCoveringIndex checks the SQLite query plan of a total: a
// covering index search, no table lookups.
func TestStatsUsesCoveringIndex(t *testing.T) {
	s := openSQLite(t)
	fillIncidents(t, s, 2000)
	rows, err := s.DB().Query(`EXPLAIN QUERY PLAN SELECT t.id, t.date_start, t.ancestors, t.cohort_id, t.fig_low, t.fig_best, t.fig_high
		FROM incidents t WHERE t.event = ? AND t.sensitivity_rank <= ? AND t.date_start >= ? AND t.date_start <= ?`,
		"repatriation", 2, "2023-10-01", "2024-05-31")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan += detail + "\n"
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := "USING COVERING INDEX incidents_totals"; !strings.Contains(plan, want) {
		t.Fatalf("plan:\n%s\nwant %q", plan, want)
	}
}

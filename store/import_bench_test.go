package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"vigil"
	"vigil/exchange"
	"vigil/internal/gen"
	"vigil/store"
	"vigil/store/storetest"
)

// benchClaims is the number of claims the import benchmark generates:
// VIGIL_BENCH_CLAIMS, default 1,000,000.
func benchClaims() int {
	if n, err := strconv.Atoi(os.Getenv("VIGIL_BENCH_CLAIMS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// importTables are the tables an import of generated data writes, in
// the order their rows can be inserted.
var importTables = []string{"places", "sources", "incidents", "incident_places", "incident_links", "claims"}

// tableRows is every row of one table, as the driver returned them.
type tableRows struct {
	table string
	cols  []string
	rows  [][]any
}

// openBenchStore opens a fresh SQLite database in dir.
func openBenchStore(b *testing.B, dir string) *store.Store {
	b.Helper()
	s, err := store.Open(context.Background(), filepath.Join(dir, "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkImport1M imports N generated claims (VIGIL_BENCH_CLAIMS,
// default 1,000,000) with their sources, incidents and links into an
// empty SQLite database, three ways, in one run so that the ratios are
// measured on the same machine state:
//
//   - raw: the baseline. The exact rows that vigil's import ends up
//     writing (read back from a scratch import before the timer starts:
//     places, sources, incidents, incident_places, incident_links,
//     claims) inserted through database/sql on modernc.org/sqlite with
//     one prepared single-row INSERT per table, in one transaction, into
//     the same migrated schema (same indexes, foreign keys and PRAGMAs).
//     No validation, no derivation, no audit entry.
//   - vigil: store.Import of the generated dataset (built before the
//     timer starts): every record validated (figures and dates parsed),
//     references resolved, incidents derived, multi-row INSERTs, one
//     audit entry, commit.
//   - csv: the same, starting from the native CSV bytes:
//     exchange.ReadCSV then store.Import (the gazetteer is imported
//     before the timer starts).
//
// Each reports claims/s (wall clock) and claims/cpu-s (process CPU
// time) and, for vigil and csv, both as ratios to raw (x-raw,
// x-raw-cpu; the target is x-raw of at least 0.5).
func BenchmarkImport1M(b *testing.B) {
	n := benchClaims()
	total := 0 // rows written per import, counted by the raw case
	var rawRate, rawCPURate float64
	// report reports wall-clock claims/s and rows/s, claims per CPU-second
	// (user + system time of the process: less sensitive than the wall
	// clock to other work on a shared machine), and for vigil and csv
	// both rates as ratios to raw's.
	report := func(b *testing.B, elapsed, cpu time.Duration, ratio bool) {
		rate := float64(n*b.N) / elapsed.Seconds()
		cpuRate := float64(n*b.N) / cpu.Seconds()
		b.ReportMetric(rate, "claims/s")
		b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(cpuRate, "claims/cpu-s")
		if ratio && rawRate > 0 {
			b.ReportMetric(rate/rawRate, "x-raw")
			b.ReportMetric(cpuRate/rawCPURate, "x-raw-cpu")
		}
		if !ratio {
			rawRate, rawCPURate = rate, cpuRate
		}
	}
	b.Run("raw", func(b *testing.B) {
		b.StopTimer()
		// The reference rows live only while this case runs, so that the
		// garbage collector does not scan them during the others.
		ref := referenceRows(b, n)
		total = 0
		for _, t := range ref {
			total += len(t.rows)
		}
		b.Logf("%d claims: %d rows in %d tables", n, total, len(ref))
		b.StartTimer()
		var elapsed, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			dir := b.TempDir()
			s := openBenchStore(b, dir)
			runtime.GC()
			b.StartTimer()
			t0, c0 := time.Now(), cpuTime()
			insertRaw(b, s.DB(), ref)
			elapsed, cpu = elapsed+time.Since(t0), cpu+cpuTime()-c0
			b.StopTimer()
			s.Close()
			os.RemoveAll(dir)
			b.StartTimer()
		}
		report(b, elapsed, cpu, false)
	})
	b.Run("vigil", func(b *testing.B) {
		var elapsed, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			dir := b.TempDir()
			s := openBenchStore(b, dir)
			d := gen.Dataset(gen.Config{Seed: 1, Claims: n})
			runtime.GC()
			b.StartTimer()
			t0, c0 := time.Now(), cpuTime()
			if _, err := s.Import(storetest.As(storetest.Admin), d, vigil.ImportOptions{Format: "generated"}); err != nil {
				b.Fatal(err)
			}
			elapsed, cpu = elapsed+time.Since(t0), cpu+cpuTime()-c0
			b.StopTimer()
			s.Close()
			os.RemoveAll(dir)
			b.StartTimer()
		}
		report(b, elapsed, cpu, true)
	})
	b.Run("csv", func(b *testing.B) {
		b.StopTimer()
		var csvBytes bytes.Buffer
		w := exchange.NewCSVWriter(&csvBytes, exchange.CSVWriterOptions{})
		if err := gen.Dataset(gen.Config{Seed: 1, Claims: n}).Each(w.WriteRecord); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("CSV: %d bytes", csvBytes.Len())
		b.StartTimer()
		var elapsed, cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			dir := b.TempDir()
			s := openBenchStore(b, dir)
			ctx := storetest.As(storetest.Admin)
			if _, err := s.Import(ctx, &vigil.Dataset{Places: gen.Gazetteer()}, vigil.ImportOptions{}); err != nil {
				b.Fatal(err)
			}
			places, _, err := s.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			b.StartTimer()
			t0, c0 := time.Now(), cpuTime()
			d, err := exchange.ReadCSV(bytes.NewReader(csvBytes.Bytes()), exchange.CSVOptions{Places: places})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Import(ctx, d, vigil.ImportOptions{Format: "csv"}); err != nil {
				b.Fatal(err)
			}
			elapsed, cpu = elapsed+time.Since(t0), cpu+cpuTime()-c0
			b.StopTimer()
			s.Close()
			os.RemoveAll(dir)
			b.StartTimer()
		}
		report(b, elapsed, cpu, true)
	})
}

// referenceRows imports n generated claims into a scratch database and
// reads back every row an import wrote, for the raw baseline.
func referenceRows(b *testing.B, n int) []tableRows {
	b.Helper()
	dir := b.TempDir()
	defer os.RemoveAll(dir)
	s := openBenchStore(b, dir)
	defer s.Close()
	if _, err := s.Import(storetest.As(storetest.Admin), gen.Dataset(gen.Config{Seed: 1, Claims: n}), vigil.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	var out []tableRows
	for _, table := range importTables {
		rows, err := s.DB().Query("SELECT * FROM " + table + " ORDER BY rowid")
		if err != nil {
			b.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			b.Fatal(err)
		}
		tr := tableRows{table: table, cols: cols}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			tr.rows = append(tr.rows, vals)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		out = append(out, tr)
	}
	return out
}

// insertRaw is the baseline: one prepared single-row INSERT per table,
// every row, one transaction.
func insertRaw(b *testing.B, db *sql.DB, ref []tableRows) {
	b.Helper()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	for _, t := range ref {
		q := "INSERT INTO " + t.table + " (" + strings.Join(t.cols, ", ") + ") VALUES (" +
			strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
		stmt, err := tx.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range t.rows {
			if _, err := stmt.Exec(r...); err != nil {
				b.Fatalf("%s: %v", t.table, err)
			}
		}
		stmt.Close()
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

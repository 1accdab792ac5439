package store_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"vigil/api"
	"vigil/httpserver"
	"vigil/store"
)

// BenchmarkStatsPostgres is BenchmarkStatsSQLite on PostgreSQL
// (VIGIL_TEST_POSTGRES; skipped when the server is unreachable).
func BenchmarkStatsPostgres(b *testing.B) {
	s := postgresDB(b)(b)
	n := benchIncidents()
	t0 := time.Now()
	fillIncidents(b, s, n)
	b.Logf("inserted %d incidents in %v", n, time.Since(t0))
	benchStatsWindows(b, s)
}

// BenchmarkStatsHTTP compares GET /api/v1/stats, served by vigil's whole
// HTTP stack (httpserver middleware, api handler, SQLite store over
// VIGIL_BENCH_INCIDENTS incidents) through httptest, with a hello-world
// net/http handler served the same way, in one run. Each reports its p50
// and p95; the stats cases also report x-hello, their p50 divided by the
// hello-world p50.
func BenchmarkStatsHTTP(b *testing.B) {
	s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	n := benchIncidents()
	fillIncidents(b, s, n)
	quiet := slog.New(slog.DiscardHandler)
	hello := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "Hello, world!\n")
	}))
	defer hello.Close()
	srv := httpserver.New(httpserver.Config{Service: s, Logger: quiet}, api.New(s, api.Options{Logger: quiet}).Register)
	vigilSrv := httptest.NewServer(srv.Handler())
	defer vigilSrv.Close()

	var helloP50 time.Duration
	b.Run("hello", func(b *testing.B) {
		helloP50 = benchGet(b, hello.Client(), hello.URL+"/")
	})
	for _, w := range []struct{ name, query string }{
		{"stats-8-months", "event=repatriation&from=2023-10-01&to=2024-05-31"},
		{"stats-full-range", "event=repatriation"},
	} {
		b.Run(w.name, func(b *testing.B) {
			p50 := benchGet(b, vigilSrv.Client(), vigilSrv.URL+"/api/v1/stats?"+w.query)
			if helloP50 > 0 {
				b.ReportMetric(float64(p50)/float64(helloP50), "x-hello")
			}
		})
	}
}

// benchGet times b.N GETs of url, reads each body whole, and reports
// the p50 and p95 latency and the CPU time per request (client and
// server, which share the process).
func benchGet(b *testing.B, c *http.Client, url string) time.Duration {
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		resp, err := c.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %d, %v", url, resp.StatusCode, err)
		}
		lat = append(lat, time.Since(t0))
		if i == 0 {
			b.Logf("GET %s: %d bytes", url, n)
		}
	}
	b.StopTimer()
	reportCPU(b, cpuTime()-c0)
	p50, _ := reportLatency(b, lat)
	return p50
}

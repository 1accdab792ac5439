package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"vigil"
	"vigil/store"
	"vigil/store/storetest"
)

func benchSealed() int {
	if n, err := strconv.Atoi(os.Getenv("VIGIL_BENCH_SEALED")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// openBench opens a SQLite store in a temporary directory for a
// benchmark.
func openBench(b *testing.B) *store.Store {
	b.Helper()
	s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func benchPerson(i int, protected bool) *vigil.Actor {
	return &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Classification: "affected",
		Name:       vigil.Names{Ko: fmt.Sprintf("김규리%d", i), En: fmt.Sprintf("Gyuri Kim %d", i)},
		OtherNames: []vigil.OtherName{{Name: "김씨", Lang: "ko"}}, URL: "https://example.org/p/" + strconv.Itoa(i),
		Notes:     "함경북도 회령 출신, 가족 북한 거주",
		Protected: protected, Pseudonym: vigil.Names{Ko: fmt.Sprintf("당사자 %d", i), En: fmt.Sprintf("Person %d", i)}}
}

// BenchmarkSealedWrite compares creating a protected person (seven
// fields sealed, twice: row and audit entry) with an unprotected one.
func BenchmarkSealedWrite(b *testing.B) {
	for _, protected := range []bool{false, true} {
		b.Run(map[bool]string{false: "clear", true: "sealed"}[protected], func(b *testing.B) {
			s := openBench(b)
			ctx := storetest.As(storetest.Admin)
			i := 0
			for b.Loop() {
				i++
				if err := s.CreateActor(ctx, benchPerson(i, protected)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSealedRead lists a page of 500 protected persons: opened for a
// restricted reader (3500 values decrypted), under pseudonyms for a
// coalition reader (nothing decrypted), and 500 unprotected persons as
// the baseline.
func BenchmarkSealedRead(b *testing.B) {
	cases := []struct {
		name      string
		protected bool
		v         vigil.Viewer
	}{
		{"clear", false, storetest.Staff},
		{"sealed-opened", true, storetest.Staff},
		{"sealed-pseudonym", true, storetest.Member},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := openBench(b)
			admin := storetest.As(storetest.Admin)
			for i := range 500 {
				if err := s.CreateActor(admin, benchPerson(i, c.protected)); err != nil {
					b.Fatal(err)
				}
			}
			ctx := storetest.As(c.v)
			f := vigil.ActorFilter{Page: vigil.Page{Limit: 500}}
			for b.Loop() {
				list, _, err := s.FindActors(ctx, f)
				if err != nil || len(list) != 500 {
					b.Fatalf("%d actors, %v", len(list), err)
				}
			}
		})
	}
}

// BenchmarkRotate re-encrypts VIGIL_BENCH_SEALED (default 2000) protected
// persons, seven values each, in one transaction per rotation.
func BenchmarkRotate(b *testing.B) {
	s := openBench(b)
	admin := storetest.As(storetest.Admin)
	n := benchSealed()
	t0 := time.Now()
	for i := range n {
		if err := s.CreateActor(admin, benchPerson(i, true)); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("created %d protected persons in %v", n, time.Since(t0))
	for b.Loop() {
		res, err := s.RotateKey(admin, store.RotateOptions{})
		if err != nil || res.Rows != n {
			b.Fatalf("rotation %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/row")
}

// BenchmarkSealedSearch measures what a search costs a restricted reader,
// who also searches every sealed record in memory (searchSealed), against
// a coalition member, who searches the index only. The store holds
// VIGIL_BENCH_SEALED protected persons (default 2000) and as many
// unprotected ones; the query matches one protected person's name.
func BenchmarkSealedSearch(b *testing.B) {
	n := benchSealed()
	s := openBench(b)
	d := &vigil.Dataset{}
	for i := 0; i < n; i++ {
		p, q := benchPerson(i, true), benchPerson(n+i, false)
		p.ID, q.ID = int64(2*i+1), int64(2*i+2)
		d.Actors = append(d.Actors, p, q)
	}
	if _, err := s.Import(storetest.As(storetest.Admin), d, vigil.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.IndexPending(storetest.As(storetest.Admin)); err != nil {
		b.Fatal(err)
	}
	for _, v := range []vigil.Viewer{storetest.Member, storetest.Staff} {
		b.Run(string(v.Clearance), func(b *testing.B) {
			ctx := storetest.As(v)
			for b.Loop() {
				res, err := s.Search(ctx, vigil.SearchQuery{Text: "회령", Page: vigil.Page{Limit: 20}})
				if err != nil {
					b.Fatal(err)
				}
				if res.Total == 0 {
					b.Fatal("found nothing")
				}
			}
		})
	}
}

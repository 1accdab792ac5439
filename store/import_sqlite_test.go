package store_test

import (
	"testing"

	"vigil"
	"vigil/internal/gen"
	"vigil/store/storetest"
)

// TestImportRestoresPragmas checks that the page cache and temp store an
// import sets on its SQLite connection are put back before the
// connection returns to the pool.
func TestImportRestoresPragmas(t *testing.T) {
	s := openSQLite(t)
	s.DB().SetMaxOpenConns(1) // the import's connection is the one read below
	read := func() (cache, temp int) {
		t.Helper()
		if err := s.DB().QueryRow("PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow("PRAGMA temp_store").Scan(&temp); err != nil {
			t.Fatal(err)
		}
		return cache, temp
	}
	cache, temp := read()
	if _, err := s.Import(storetest.As(storetest.Admin), gen.Dataset(gen.Config{Seed: 1, Claims: 20}), vigil.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if c, tm := read(); c != cache || tm != temp {
		t.Fatalf("after an import: cache_size %d, temp_store %d; want %d, %d", c, tm, cache, temp)
	}
}

package publish_test

import (
	"context"
	"testing"

	"vigil"
	"vigil/demo"
	"vigil/publish"
	"vigil/store"
)

var admin = vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})

// mustDemo opens a SQLite store with the demo data set.
func mustDemo(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := demo.Load(admin, st); err != nil {
		tb.Fatal(err)
	}
	return st
}

// mustSite loads the public data of st and the site.
func mustSite(tb testing.TB, st publish.Store) (*publish.Site, *publish.Data) {
	tb.Helper()
	d, err := publish.Load(context.Background(), st, publish.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := publish.NewSite()
	if err != nil {
		tb.Fatal(err)
	}
	return s, d
}

package main

import (
	"context"
	"strings"
	"testing"

	"vigil"
	"vigil/demo"
	"vigil/internal/gen"
	"vigil/seal"
	"vigil/store"
)

func TestSearchCommands(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(context.Background(), dir+"/vigil.db", store.Options{Key: seal.FileSource(dir + "/vigil.key")})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(vigil.WithViewer(context.Background(), cliViewer()), st); err != nil {
		t.Fatal(err)
	}
	// Empty the index behind the store's back, as a restore from an old
	// backup would leave it.
	if _, err := st.DB().Exec("DELETE FROM search_docs"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec("INSERT INTO search_fts (search_fts) VALUES ('delete-all')"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	vars := map[string]string{"VIGIL_DATA": dir}
	if code, out, errs := runCLI(t, vars, "", "search", "북송"); code != 0 || out != "" || !strings.HasPrefix(errs, "0 matches") {
		t.Fatalf("search of an empty index: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs := runCLI(t, vars, "", "search", "reindex")
	if code != 0 || !strings.Contains(out, "records indexed") {
		t.Fatalf("reindex: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs = runCLI(t, vars, "", "search", "--kind", "incident", "북송")
	if code != 0 || !strings.Contains(out, "incident ") || !strings.Contains(out, "[북송]") {
		t.Errorf("search after reindex: exit %d, out %q, err %q", code, out, errs)
	}
	if _, out, _ := runCLI(t, vars, "", "search", "김규리"); out != "" {
		t.Errorf("a public search finds a protected name: %q", out)
	}
	if _, out, _ := runCLI(t, vars, "", "search", "--clearance", "restricted", "김규리"); !strings.Contains(out, "actor ") {
		t.Errorf("a restricted search misses the protected person: %q", out)
	}
	if code, _, errs := runCLI(t, vars, "", "search"); code != 2 || !strings.Contains(errs, "words") {
		t.Errorf("search without words: exit %d, %q", code, errs)
	}
}

func TestImportIsSearchable(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "gen.json", genJSON(t, gen.Dataset(gen.Config{Seed: 21, Claims: 50})))
	code, _, errs := runCLI(t, nil, "", "import", "--data", dir, in)
	if code != 0 || !strings.Contains(errs, "records for search") {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	code, out, errs := runCLI(t, nil, "", "search", "--data", dir, "--clearance", "restricted", "--kind", "claim", "북송")
	if code != 0 || !strings.Contains(out, "claim ") || !strings.Contains(out, "[북송]") {
		t.Errorf("search after import: exit %d, out %q, err %q", code, out, errs)
	}
}

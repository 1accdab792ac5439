package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigil"
	"vigil/demo"
	"vigil/exchange"
	"vigil/seal"
	"vigil/store"
	"vigil/store/storetest"
)

// mustDataDir makes a data directory whose SQLite database is filled by
// fill.
func mustDataDir(t *testing.T, fill func(t *testing.T, s *store.Store)) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// The key file the CLI will read, made with the database.
	s, err := store.Open(context.Background(), filepath.Join(dir, "vigil.db"), store.Options{Key: seal.FileSource(filepath.Join(dir, "vigil.key"))})
	if err != nil {
		t.Fatal(err)
	}
	fill(t, s)
	s.Close()
	return dir
}

func demoData(t *testing.T, s *store.Store) {
	t.Helper()
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, s); err != nil {
		t.Fatal(err)
	}
}

func TestPublishCommand(t *testing.T) {
	data := mustDataDir(t, demoData)
	out := filepath.Join(t.TempDir(), "site")
	code, _, errs := runCLI(t, nil, "", "publish", "--data", data, "--out", out)
	if code != 0 || !strings.Contains(errs, "4 incidents, 2 reports") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	page, err := os.ReadFile(filepath.Join(out, "en", "reports", "2024-05-mofa-demonstration.html"))
	if err != nil || !strings.Contains(string(page), "Photo: Bitna Kim") {
		t.Fatalf("report page: %v", err)
	}
	if code, _, errs := runCLI(t, nil, "", "publish", "--data", data); code != 2 || !strings.Contains(errs, "--out DIR is required") {
		t.Fatalf("without --out: exit %d %s", code, errs)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, nil, "", "publish", "--data", data, "--out", other); code != 1 || !strings.Contains(errs, "not empty") {
		t.Fatalf("into a foreign directory: exit %d %s", code, errs)
	}
}

func TestExportAndImportFormats(t *testing.T) {
	data := mustDataDir(t, demoData)
	dir := t.TempDir()
	for _, f := range exchange.ExportFormats {
		t.Run(f.Name, func(t *testing.T) {
			p := filepath.Join(dir, "demo"+f.Ext)
			code, _, errs := runCLI(t, nil, "", "export", "--data", data, "--out", p) // the format from the file name
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			b, _ := os.ReadFile(p)
			want := map[string]string{"json": `"format":"vigil"`, "csv": "incident,incident_title_ko", "hxl": "#affected+ind", "acled": "Strategic developments",
				"ucdp": "best,high,low", "geojson": `"FeatureCollection"`, "popolo": `"organizations"`}[f.Name]
			if !strings.Contains(string(b), want) {
				t.Fatalf("%s export lacks %q", f.Name, want)
			}
		})
	}
	// HXL and GED read back into a database with the same gazetteer.
	for _, c := range []struct{ format, file string }{{"hxl", "demo.hxl.csv"}, {"ucdp", "demo.ged.csv"}} {
		t.Run("import "+c.format, func(t *testing.T) {
			target := mustDataDir(t, func(t *testing.T, s *store.Store) {})
			gaz := filepath.Join(dir, "gazetteer-"+c.format+".json")
			if code, _, errs := runCLI(t, nil, "", "export", "--data", data, "--clearance", "restricted", "--out", gaz); code != 0 {
				t.Fatal(errs)
			}
			d, err := exchange.ReadJSON(mustOpen(t, gaz))
			if err != nil {
				t.Fatal(err)
			}
			places := writeFile(t, dir, "places-"+c.format+".json", genJSON(t, &vigil.Dataset{Places: d.Places}))
			if code, _, errs := runCLI(t, nil, "", "import", "--data", target, places); code != 0 {
				t.Fatal(errs)
			}
			code, out, errs := runCLI(t, nil, "", "import", "--data", target, "--dry-run", filepath.Join(dir, c.file))
			if code != 0 || !strings.Contains(out, `"dry_run": true`) || !strings.Contains(errs, "4 incidents") || countRows(t, target, "incidents") != 0 {
				t.Fatalf("dry run: exit %d %s %s", code, out, errs)
			}
			if code, _, errs := runCLI(t, nil, "", "import", "--data", target, filepath.Join(dir, c.file)); code != 0 || countRows(t, target, "incidents") != 4 {
				t.Fatalf("import: exit %d %s", code, errs)
			}
		})
	}
	t.Run("GED rows that break low ≤ best ≤ high", func(t *testing.T) {
		target := mustDataDir(t, func(t *testing.T, s *store.Store) {})
		ged := writeFile(t, dir, "bad.ged.csv", []byte("id,best,low,high,date_start,date_end\n1,10,12,15,2017-01-03,2017-01-03\n2,5,4,6,2017-02-01,2017-02-01\n"))
		code, _, errs := runCLI(t, nil, "", "import", "--data", target, ged)
		if code != 1 || !strings.Contains(errs, "row 2, column low: low 12 is above best 10") {
			t.Fatalf("exit %d: %s", code, errs)
		}
		code, _, errs = runCLI(t, nil, "", "import", "--data", target, "--skip-invalid-rows", ged)
		if code != 0 || !strings.Contains(errs, "skipped row 2, column low") || countRows(t, target, "incidents") != 1 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	})
}

// TestPublicOutputsOfTheCLIHideCanaries: vigil publish and a default
// (public) vigil export in every format show none of the strings planted
// in coalition and restricted fields.
func TestPublicOutputsOfTheCLIHideCanaries(t *testing.T) {
	var c *storetest.PublicationCanaries
	data := mustDataDir(t, func(t *testing.T, s *store.Store) { c = storetest.PlantPublicationCanaries(t, s) })
	scan := func(what string, b []byte) {
		t.Helper()
		if found := c.Find(b); len(found) > 0 {
			t.Errorf("%s shows %v", what, found)
		}
	}
	for _, f := range exchange.ExportFormats {
		code, out, errs := runCLI(t, nil, "", "export", "--data", data, "--format", f.Name)
		if code != 0 {
			t.Fatalf("export %s: %s", f.Name, errs)
		}
		scan("vigil export --format "+f.Name, []byte(out))
	}
	site := filepath.Join(t.TempDir(), "site")
	if code, _, errs := runCLI(t, nil, "", "publish", "--data", data, "--out", site); code != 0 {
		t.Fatal(errs)
	}
	n := 0
	err := filepath.Walk(site, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		n++
		scan(p, b)
		return err
	})
	if err != nil || n < 30 {
		t.Fatalf("walked %d files: %v", n, err)
	}
	// The control: a restricted export shows them.
	_, full, _ := runCLI(t, nil, "", "export", "--data", data, "--clearance", "restricted")
	if len(c.Find([]byte(full))) == 0 {
		t.Fatal("a restricted export shows no planted string: the scan could not fail")
	}
}

func mustOpen(t *testing.T, p string) *os.File {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

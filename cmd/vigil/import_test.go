package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vigil"
	"vigil/exchange"
	"vigil/internal/gen"
	"vigil/seal"
	"vigil/store"
)

// writeFile writes a test file and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// genJSON writes a generated dataset as a native JSON document.
func genJSON(t *testing.T, d *vigil.Dataset) []byte {
	t.Helper()
	var b bytes.Buffer
	w := exchange.NewJSONWriter(&b, exchange.Header{Clearance: vigil.Restricted})
	if err := d.Each(w.WriteRecord); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// countRows counts the rows of a table in the SQLite database of a data
// directory.
func countRows(t *testing.T, dataDir, table string) int {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(dataDir, "vigil.db"), store.Options{Key: seal.FileSource(filepath.Join(dataDir, "vigil.key"))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.DB().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var times = regexp.MustCompile(`"(exported_at|created_at|updated_at)":"[^"]*"`)

func TestImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	data, data2 := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	in := writeFile(t, dir, "gen.json", genJSON(t, gen.Dataset(gen.Config{Seed: 21, Claims: 300})))

	code, out, errs := runCLI(t, nil, "", "import", "--data", data, in)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s", code, errs)
	}
	var res vigil.ImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Sections["claims"].Count != 300 || res.InputSHA256 == "" || res.AuditSeq != 1 {
		t.Fatalf("import result %s (%v)", out, err)
	}
	if !strings.Contains(errs, "imported 35 places") || !strings.Contains(errs, "300 claims") {
		t.Fatalf("summary %q", errs)
	}

	full := filepath.Join(dir, "full.json")
	if code, _, errs := runCLI(t, nil, "", "export", "--data", data, "--clearance", "restricted", "--out", full); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs)
	}
	if fi, err := os.Stat(full); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file %v, %v: want mode 0600", fi, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".full.json.tmp-*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	if code, _, errs := runCLI(t, nil, "", "import", "--data", data2, full); code != 0 {
		t.Fatalf("re-import: exit %d\n%s", code, errs)
	}
	code, again, _ := runCLI(t, nil, "", "export", "--data", data2, "--clearance", "restricted")
	first, _ := os.ReadFile(full)
	if code != 0 || times.ReplaceAllString(again, "") != times.ReplaceAllString(string(first), "") {
		t.Fatal("export → import → export changed the records")
	}

	t.Run("public by default", func(t *testing.T) {
		code, pub, errs := runCLI(t, nil, "", "export", "--data", data)
		if code != 0 || !strings.Contains(pub, `"clearance":"public"`) || strings.Contains(pub, `"sensitivity":"restricted"`) ||
			strings.Contains(pub, `"sensitivity":"coalition"`) || strings.Contains(pub, "needs a second source") {
			t.Fatalf("exit %d; a default export must hold public records only, without notes", code)
		}
		if !strings.Contains(errs, "use --clearance restricted for a full backup") {
			t.Fatalf("stderr %q", errs)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		code, csvOut, errs := runCLI(t, nil, "", "export", "--data", data, "--format", "csv", "--clearance", "restricted")
		if code != 0 || !strings.HasPrefix(csvOut, "\uFEFFincident,incident_title_ko,") {
			t.Fatalf("exit %d, %.100q", code, csvOut)
		}
		data3 := filepath.Join(dir, "c")
		gaz := writeFile(t, dir, "gazetteer.json", genJSON(t, &vigil.Dataset{Places: gen.Gazetteer()}))
		if code, _, errs := runCLI(t, nil, "", "import", "--data", data3, gaz); code != 0 {
			t.Fatalf("gazetteer: exit %d\n%s", code, errs)
		}
		code, _, errs = runCLI(t, nil, csvOut, "import", "--data", data3, "--format", "csv", "-")
		if code != 0 {
			t.Fatalf("CSV import: exit %d\n%s", code, errs)
		}
		if countRows(t, data3, "claims") != 300 {
			t.Fatal("the CSV import did not bring back 300 claims")
		}
	})
}

func TestImportProblems(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	gaz := writeFile(t, dir, "gazetteer.json", genJSON(t, &vigil.Dataset{Places: gen.Gazetteer()}))
	if code, _, errs := runCLI(t, nil, "", "import", "--data", data, gaz); code != 0 {
		t.Fatalf("gazetteer: exit %d\n%s", code, errs)
	}
	var rows strings.Builder
	rows.WriteString("incident,incident_title_ko,incident_place,source_publisher,source_url,figure,event,date,credibility,sensitivity\n")
	for i := 0; i < 12; i++ {
		fig := "약 200명"
		switch i {
		case 1:
			fig = "about two hundred and"
		case 8:
			fig = "thirty-odd buses"
		}
		rows.WriteString("K1,투먼 북송,Tumen,연합뉴스,https://example.org/1," + fig + ",repatriation,2024-04-26,2,public\n")
	}
	bad := writeFile(t, dir, "bad.csv", []byte(rows.String()))

	code, _, errs := runCLI(t, nil, "", "import", "--data", data, bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errs)
	}
	want := "vigil import: invalid import: 2 problems; nothing was written\n" +
		"  row 3, column figure: \"about two hundred and\" is not a number of people"
	if !strings.HasPrefix(errs, want) || !strings.Contains(errs, "\n  row 10, column figure: ") {
		t.Fatalf("stderr:\n%s\nwant it to start with\n%s", errs, want)
	}
	if strings.Index(errs, "row 3,") > strings.Index(errs, "row 10,") {
		t.Fatal("problems are not in the order of the file")
	}
	if n := countRows(t, data, "claims"); n != 0 {
		t.Fatalf("%d claims written by a failed import", n)
	}

	t.Run("dry run", func(t *testing.T) {
		good := writeFile(t, dir, "good.csv", []byte(strings.ReplaceAll(strings.ReplaceAll(rows.String(), "about two hundred and", "15"), "thirty-odd buses", "16")))
		code, out, errs := runCLI(t, nil, "", "import", "--data", data, "--dry-run", good)
		if code != 0 || !strings.Contains(out, `"dry_run": true`) || !strings.Contains(errs, "nothing was written") {
			t.Fatalf("exit %d\n%s\n%s", code, out, errs)
		}
		if n := countRows(t, data, "claims"); n != 0 {
			t.Fatalf("a dry run wrote %d claims", n)
		}
	})

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"import"}, {"import", "x.txt"}, {"import", "-"}, {"import", "--format", "xml", "x.json"}, {"export", "--format", "xml"}, {"export", "--clearance", "secret"}} {
			if code, _, _ := runCLI(t, nil, "", append(args, "--data", data)...); code != 2 {
				t.Errorf("%v: exit %d, want 2", args, code)
			}
		}
		if code, _, errs := runCLI(t, nil, "", "import", "--data", data, filepath.Join(dir, "missing.json")); code != 1 || !strings.Contains(errs, "missing.json") {
			t.Errorf("missing file: exit %d, %q", code, errs)
		}
		if code, _, errs := runCLI(t, nil, "", "import", "--data", data, "--format", "json", "-"); code != 1 || !strings.Contains(errs, "empty") {
			t.Errorf("empty input: exit %d, %q", code, errs)
		}
	})
}

func TestImportProgressOnlyOnATerminal(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "gen.json", genJSON(t, gen.Dataset(gen.Config{Seed: 1, Claims: 50})))
	for _, tty := range []bool{false, true} {
		var out, errb syncBuffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, isTTY: tty}
		if code := run(context.Background(), e, []string{"import", "--data", filepath.Join(dir, map[bool]string{false: "a", true: "b"}[tty]), in}); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		bar := strings.Contains(errb.String(), "writing") && strings.Contains(errb.String(), "\r")
		if bar != tty {
			t.Errorf("tty %v: stderr %q", tty, errb.String())
		}
	}
}

func TestNaturalLess(t *testing.T) {
	want := []string{"claims[2].x", "claims[10].x", "format", "row 9, column a", "row 9, column b", "row 10, column a"}
	for i := range want {
		for j := range want {
			if naturalLess(want[i], want[j]) != (i < j) {
				t.Errorf("naturalLess(%q, %q) = %v", want[i], want[j], !(i < j))
			}
		}
	}
}

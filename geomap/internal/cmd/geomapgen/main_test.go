package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// writeFile writes content to dir/name.
func writeFile(tb testing.TB, dir, name, content string) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// A tiny world: China (156) and North Korea (408) side by side, sharing
// arc 0 (x = 125, from y = 40 to 42); each admin-1 file has two provinces
// sharing one arc.
const worldTopo = `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
 {"type":"Polygon","id":"156","properties":{"name":"China"},"arcs":[[0,1]]},
 {"type":"Polygon","id":"408","properties":{"name":"North Korea"},"arcs":[[-1,2]]}]}},
 "arcs":[[[125,40],[125,42]],[[125,42],[120,42],[120,40],[125,40]],[[125,40],[130,40],[130,42],[125,42]]]}`

const provinces = `{"type":"Topology","objects":{"x":{"type":"GeometryCollection","geometries":[
 {"type":"Polygon","id":"%s.A","properties":{"name":"A"},"arcs":[[0,1]]},
 {"type":"Polygon","id":"%s.B","properties":{"name":"B"},"arcs":[[-1,2]]},
 {"type":"Polygon","id":"-99","properties":{"name":null},"arcs":[[3]]}]}},
 "arcs":[[[122,40],[122,42]],[[122,42],[121,42],[121,40],[122,40]],[[122,40],[123,40],[123,42],[122,42]],[[100,10],[101,10],[101,11],[100,10]]]}`

func TestRunWritesCountriesBorderAndProvinceLines(t *testing.T) {
	dir := t.TempDir()
	cpath := writeFile(t, dir, "countries.json", worldTopo)
	for _, f := range []struct{ file, cc string }{{"chn", "CN"}, {"prk", "KP"}, {"kor", "KR"}} {
		writeFile(t, dir, f.file+".topo.json", sprintf(provinces, f.cc, f.cc))
	}
	out := filepath.Join(dir, "region.json")
	if err := run(cpath, dir, out, 0.01); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Format   int `json:"format"`
		Features []struct {
			Kind, Country string
			Parts         [][]int
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, raw)
	}
	got := map[string][][]int{}
	for _, ft := range f.Features {
		got[ft.Kind+" "+ft.Country] = ft.Parts
	}
	for _, k := range []string{"country CN", "country KP", "border CN-KP", "admin1 CN", "admin1 KP", "admin1 KR"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %s feature in %s", k, raw)
		}
	}
	// The border is the shared arc, in thousandths of a degree,
	// delta-encoded after the first point.
	if b := got["border CN-KP"]; len(b) != 1 || len(b[0]) != 4 || b[0][0] != 125000 || b[0][1] != 40000 || b[0][2] != 0 || b[0][3] != 2000 {
		t.Errorf("border %v, want [[125000 40000 0 2000]]", b)
	}
	// The province boundary is the arc both provinces use, not their
	// outer edges and not the unnamed remainder.
	if a := got["admin1 CN"]; len(a) != 1 || a[0][0] != 122000 {
		t.Errorf("admin1 CN %v, want the shared arc at x = 122", a)
	}
}

func TestRunRejectsAnUnknownCountry(t *testing.T) {
	dir := t.TempDir()
	cpath := writeFile(t, dir, "countries.json", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
 {"type":"Polygon","id":"999","properties":{"name":"Nowhere"},"arcs":[[0]]}]}},"arcs":[[[120,40],[121,40],[121,41],[120,40]]]}`)
	if err := run(cpath, dir, filepath.Join(dir, "out.json"), 0.01); err == nil {
		t.Error("an unknown country in the region was accepted")
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

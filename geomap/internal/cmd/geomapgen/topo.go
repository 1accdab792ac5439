package main

import (
	"encoding/json"
	"fmt"
	"os"

	"vigil/geomap/internal/geom"
)

// topology is the part of a TopoJSON file the converter reads.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []geometry `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

// geometry is one Polygon or MultiPolygon of a TopoJSON object.
type geometry struct {
	Type       string          `json:"type"`
	ID         any             `json:"id"`
	Properties map[string]any  `json:"properties"`
	Arcs       json.RawMessage `json:"arcs"`
}

// id returns the geometry's id as a string.
func (g geometry) id() string {
	switch v := g.ID.(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(v)
	}
	return ""
}

// polygons returns the geometry's polygons as arc-index rings:
// polygons[p][r] lists the arc indices of ring r of polygon p.
func (g geometry) polygons() ([][][]int, error) {
	switch g.Type {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, fmt.Errorf("polygon %s: %w", g.id(), err)
		}
		return [][][]int{p}, nil
	case "MultiPolygon":
		var mp [][][]int
		if err := json.Unmarshal(g.Arcs, &mp); err != nil {
			return nil, fmt.Errorf("multipolygon %s: %w", g.id(), err)
		}
		return mp, nil
	case "", "null":
		return nil, nil
	}
	return nil, fmt.Errorf("geometry %s: unsupported type %q", g.id(), g.Type)
}

// readTopology reads a TopoJSON file and decodes its arcs to degrees.
func readTopology(path string) (*topology, [][]geom.Point, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var t topology
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if t.Type != "Topology" {
		return nil, nil, fmt.Errorf("%s: not a TopoJSON topology", path)
	}
	arcs := make([][]geom.Point, len(t.Arcs))
	for i, a := range t.Arcs {
		pts := make([]geom.Point, len(a))
		var x, y float64
		for j, p := range a {
			if t.Transform != nil {
				// Quantized arcs are delta-encoded.
				x, y = x+p[0], y+p[1]
				pts[j] = geom.Point{X: x*t.Transform.Scale[0] + t.Transform.Translate[0], Y: y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = geom.Point{X: p[0], Y: p[1]}
			}
		}
		arcs[i] = pts
	}
	return &t, arcs, nil
}

// ring joins arcs (negative index ~i means arc i reversed) into a closed
// ring without the repeated last point.
func ring(arcs [][]geom.Point, idx []int) []geom.Point {
	var out []geom.Point
	for _, i := range idx {
		a := arcOf(arcs, i)
		if len(out) > 0 && len(a) > 0 {
			a = a[1:] // the first point repeats the previous arc's last
		}
		out = append(out, a...)
	}
	if n := len(out); n > 1 && out[0] == out[n-1] {
		out = out[:n-1]
	}
	return out
}

// arcOf returns arc i, reversed for a negative index.
func arcOf(arcs [][]geom.Point, i int) []geom.Point {
	if i >= 0 {
		return arcs[i]
	}
	a := arcs[^i]
	r := make([]geom.Point, len(a))
	for j := range a {
		r[j] = a[len(a)-1-j]
	}
	return r
}

// arcID is the arc index regardless of direction.
func arcID(i int) int {
	if i < 0 {
		return ^i
	}
	return i
}

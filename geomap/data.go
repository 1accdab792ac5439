package geomap

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"vigil/geomap/internal/geom"
)

// regionJSON is the boundary file made by internal/cmd/geomapgen from
// Natural Earth data (see data/PROVENANCE.md).
//
//go:embed data/region.json
var regionJSON []byte

// shape is one feature of the boundary file, in degrees.
type shape struct {
	Kind    string // "country", "admin1" (province boundaries) or "border" (China–North Korea)
	Country string // ISO 3166-1 alpha-2, or "CN-KP" for the border
	Parts   [][]geom.Point
}

// region is the decoded boundary file.
type region struct {
	BBox   geom.Rect
	Shapes []shape
}

var (
	loadOnce sync.Once
	loaded   *region
	loadErr  error
)

// load decodes the embedded boundary file once.
func load() (*region, error) {
	loadOnce.Do(func() { loaded, loadErr = decode(regionJSON) })
	return loaded, loadErr
}

// decode reads the boundary file format: coordinates in units of
// "unit" degrees, each part delta-encoded after its first point.
func decode(raw []byte) (*region, error) {
	var f struct {
		Format   int     `json:"format"`
		Unit     float64 `json:"unit"`
		BBox     [4]int  `json:"bbox"`
		Features []struct {
			Kind    string  `json:"kind"`
			Country string  `json:"country"`
			Parts   [][]int `json:"parts"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("geomap: boundary file: %w", err)
	}
	if f.Format != 1 || f.Unit <= 0 {
		return nil, fmt.Errorf("geomap: boundary file: unsupported format %d (unit %v)", f.Format, f.Unit)
	}
	u := f.Unit
	r := &region{BBox: geom.Rect{
		Min: geom.Point{X: float64(f.BBox[0]) * u, Y: float64(f.BBox[1]) * u},
		Max: geom.Point{X: float64(f.BBox[2]) * u, Y: float64(f.BBox[3]) * u},
	}}
	for i, ft := range f.Features {
		s := shape{Kind: ft.Kind, Country: ft.Country}
		for j, p := range ft.Parts {
			if len(p)%2 != 0 || len(p) < 4 {
				return nil, fmt.Errorf("geomap: boundary file: feature %d (%s %s) part %d has %d numbers", i, ft.Kind, ft.Country, j, len(p))
			}
			pts := make([]geom.Point, len(p)/2)
			var x, y int
			for k := 0; k < len(p); k += 2 {
				x, y = x+p[k], y+p[k+1]
				pts[k/2] = geom.Point{X: float64(x) * u, Y: float64(y) * u}
			}
			s.Parts = append(s.Parts, pts)
		}
		r.Shapes = append(r.Shapes, s)
	}
	return r, nil
}

package geomap

import (
	"math"
	"os"
	"testing"
)

func TestRadiusIsAreaProportional(t *testing.T) {
	cases := []struct {
		best, max int
		want      float64
	}{
		{200, 200, maxRadius},
		{50, 200, maxRadius / 2}, // a quarter of the figure, a quarter of the area
		{8, 200, maxRadius * math.Sqrt(0.04)},
		{0, 200, minRadius},
		{1, 1000000, minRadius}, // floored so it stays visible
	}
	for _, c := range cases {
		if got := radius(c.best, c.max); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("radius(%d, %d) = %v, want %v", c.best, c.max, got, c.want)
		}
	}
}

func TestBoundaryFileCoversTheRegion(t *testing.T) {
	info, err := os.Stat("data/region.json")
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 1<<20 {
		t.Errorf("boundary file is %d bytes; keep it under 1 MiB", info.Size())
	}
	reg, err := load()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, s := range reg.Shapes {
		have[s.Kind+" "+s.Country] = len(s.Parts) > 0
		for _, part := range s.Parts {
			for _, p := range part {
				if !reg.BBox.Contains(p) {
					t.Fatalf("%s %s has a point %v outside the file's box", s.Kind, s.Country, p)
				}
			}
		}
	}
	for _, k := range []string{
		"country CN", "country KP", "country KR", "country MN", "country RU",
		"country VN", "country LA", "country TH", "country MM",
		"border CN-KP", "admin1 CN", "admin1 KP", "admin1 KR",
	} {
		if !have[k] {
			t.Errorf("boundary file lacks %s", k)
		}
	}
}

func TestBorderFollowsTheYaluAndTumen(t *testing.T) {
	reg, err := load()
	if err != nil {
		t.Fatal(err)
	}
	// The China–North Korea border runs from the Yalu mouth at Dandong
	// (about 124.4°E, 40.1°N) by Paektu to the Tumen, up to 43°N, and ends
	// at the tripoint with Russia (about 130.6°E, 42.4°N).
	minX, maxX, minY, maxY := 180.0, 0.0, 90.0, 0.0
	for _, s := range reg.Shapes {
		if s.Kind != "border" {
			continue
		}
		for _, part := range s.Parts {
			for _, p := range part {
				minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
				minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
			}
		}
	}
	if minX < 124 || minX > 124.5 || maxX < 130.4 || maxX > 130.8 || minY > 40.2 || maxY < 42.9 || maxY > 43.1 {
		t.Errorf("border spans %.2f–%.2f°E, %.2f–%.2f°N; want about 124.4–130.6°E, 40.1–43°N", minX, maxX, minY, maxY)
	}
}

func TestDecodeRejectsBadFiles(t *testing.T) {
	cases := map[string]string{
		"not json":       `{`,
		"unknown format": `{"format":2,"unit":0.001,"bbox":[0,0,1,1],"features":[]}`,
		"odd part":       `{"format":1,"unit":0.001,"bbox":[0,0,1,1],"features":[{"kind":"country","country":"CN","parts":[[1,2,3]]}]}`,
	}
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := decode([]byte(raw)); err == nil {
				t.Error("no error")
			}
		})
	}
}

// BenchmarkRender measures one map as the dashboard draws it on every
// request, with the view's boundaries cached (as served) and, as the
// baseline, drawn afresh each time.
func BenchmarkRender(b *testing.B) {
	msgs := func(k string, a ...any) string { return k }
	ms := []Marker{{Key: "1-arrest", Name: "Nanning", Kind: "city", Event: "arrest", Lat: 22.82, Lon: 108.32, Best: 61, Title: "Nanning"}}
	for _, v := range []View{Route, Border} {
		for _, cached := range []bool{true, false} {
			name := v.Name + "/cached"
			if !cached {
				name = v.Name + "/uncached"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if !cached {
						shapeCache.Delete(v)
					}
					if _, err := Render(v, ms, Options{Lang: "en", ID: "m", T: msgs}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// FuzzDecode checks that no boundary file, however malformed, panics the
// decoder: it either decodes or returns an error.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"format":1,"unit":0.001,"bbox":[0,0,1,1],"features":[{"kind":"country","country":"CN","parts":[[1,2,3,4,5,6]]}]}`))
	f.Add([]byte(`{"format":1,"unit":0.001,"features":[{"parts":[[]]}]}`))
	f.Add(regionJSON[:200])
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := decode(raw)
		if err == nil && r == nil {
			t.Fatal("nil region without an error")
		}
	})
}

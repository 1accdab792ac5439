package geom

import (
	"math"
	"testing"
)

func TestSimplifyKeepsEndsAndTolerance(t *testing.T) {
	line := []Point{{0, 0}, {1, 0.05}, {2, -0.05}, {3, 0}, {4, 2}, {5, 0}}
	got := Simplify(line, 0.1)
	if got[0] != line[0] || got[len(got)-1] != line[len(line)-1] {
		t.Errorf("ends not kept: %v", got)
	}
	if len(got) != 4 { // (0,0) (3,0) (4,2) (5,0)
		t.Errorf("got %v, want the wiggle below 0.1 dropped and the peak kept", got)
	}
	// Every dropped point is within the tolerance of the result.
	for _, p := range line {
		best := math.Inf(1)
		for i := 0; i+1 < len(got); i++ {
			best = math.Min(best, segDist(p, got[i], got[i+1]))
		}
		if best > 0.1+1e-12 {
			t.Errorf("%v is %v from the simplified line", p, best)
		}
	}
	if n := len(Simplify(line, 0)); n != len(line) {
		t.Errorf("tolerance 0 dropped points: %d left", n)
	}
}

func TestClipRing(t *testing.T) {
	r := Rect{Min: Point{0, 0}, Max: Point{10, 10}}
	cases := []struct {
		name string
		ring []Point
		area float64
	}{
		{"inside", []Point{{1, 1}, {3, 1}, {3, 3}, {1, 3}}, 4},
		{"half out", []Point{{5, 5}, {15, 5}, {15, 7}, {5, 7}}, 10},
		{"covering", []Point{{-5, -5}, {15, -5}, {15, 15}, {-5, 15}}, 100},
		{"outside", []Point{{20, 20}, {30, 20}, {30, 30}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ClipRing(c.ring, r)
			if c.area == 0 {
				if got != nil {
					t.Errorf("got %v, want nil", got)
				}
				return
			}
			if a := math.Abs(Area(got)); math.Abs(a-c.area) > 1e-9 {
				t.Errorf("area %v, want %v (%v)", a, c.area, got)
			}
			for _, p := range got {
				if !r.Contains(p) {
					t.Errorf("%v is outside the rectangle", p)
				}
			}
		})
	}
}

func TestClipLine(t *testing.T) {
	r := Rect{Min: Point{0, 0}, Max: Point{10, 10}}
	// In, out, back in: two pieces.
	got := ClipLine([]Point{{-5, 5}, {5, 5}, {5, 15}, {8, 15}, {8, 5}}, r)
	if len(got) != 2 {
		t.Fatalf("%d pieces, want 2: %v", len(got), got)
	}
	if got[0][0] != (Point{0, 5}) || got[0][len(got[0])-1] != (Point{5, 10}) {
		t.Errorf("first piece %v, want (0,5)…(5,10)", got[0])
	}
	if got[1][0] != (Point{8, 10}) || got[1][1] != (Point{8, 5}) {
		t.Errorf("second piece %v, want (8,10)–(8,5)", got[1])
	}
	if out := ClipLine([]Point{{20, 20}, {30, 30}}, r); len(out) != 0 {
		t.Errorf("outside line gave %v", out)
	}
}

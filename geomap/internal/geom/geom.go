// Package geom holds the small planar geometry the map needs: Douglas–
// Peucker simplification, clipping of rings and lines to a rectangle, and
// ring area. Coordinates are plain (x, y) pairs; callers decide whether
// they are degrees or pixels. Every function is deterministic and
// allocates its result.
package geom

import "math"

// Point is a planar coordinate pair.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle with Min ≤ Max.
type Rect struct{ Min, Max Point }

// Contains reports whether p lies in r, bounds included.
func (r Rect) Contains(p Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// Simplify returns line simplified by Douglas–Peucker with tolerance tol:
// every dropped point lies within tol of the kept line. The first and
// last points are always kept, so arcs shared by two shapes stay joined.
func Simplify(line []Point, tol float64) []Point {
	if len(line) <= 2 || tol <= 0 {
		return append([]Point(nil), line...)
	}
	keep := make([]bool, len(line))
	keep[0], keep[len(line)-1] = true, true
	type span struct{ a, b int }
	stack := []span{{0, len(line) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		far, dmax := -1, tol
		for i := s.a + 1; i < s.b; i++ {
			if d := segDist(line[i], line[s.a], line[s.b]); d > dmax {
				far, dmax = i, d
			}
		}
		if far >= 0 {
			keep[far] = true
			stack = append(stack, span{s.a, far}, span{far, s.b})
		}
	}
	out := make([]Point, 0, len(line)/4+2)
	for i, k := range keep {
		if k {
			out = append(out, line[i])
		}
	}
	return out
}

// segDist is the distance from p to the segment a–b.
func segDist(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return math.Hypot(p.X-a.X, p.Y-a.Y)
	}
	t := ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / l2
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

// ClipRing clips a closed ring (first point not repeated at the end) to r
// with Sutherland–Hodgman. The result covers the ring's area inside r;
// where the ring leaves r it runs along r's edge, which is invisible when
// the ring is filled and r is the visible frame. It returns nil when
// nothing of the ring is inside.
func ClipRing(ring []Point, r Rect) []Point {
	out := ring
	for edge := 0; edge < 4 && len(out) > 0; edge++ {
		in := out
		out = make([]Point, 0, len(in)+4)
		for i := range in {
			cur, prev := in[i], in[(i+len(in)-1)%len(in)]
			cin, pin := inside(cur, r, edge), inside(prev, r, edge)
			if cin {
				if !pin {
					out = append(out, cross(prev, cur, r, edge))
				}
				out = append(out, cur)
			} else if pin {
				out = append(out, cross(prev, cur, r, edge))
			}
		}
	}
	if len(out) < 3 {
		return nil
	}
	return out
}

func inside(p Point, r Rect, edge int) bool {
	switch edge {
	case 0:
		return p.X >= r.Min.X
	case 1:
		return p.X <= r.Max.X
	case 2:
		return p.Y >= r.Min.Y
	default:
		return p.Y <= r.Max.Y
	}
}

// cross is where the segment a–b meets the line of r's edge.
func cross(a, b Point, r Rect, edge int) Point {
	switch edge {
	case 0, 1:
		x := r.Min.X
		if edge == 1 {
			x = r.Max.X
		}
		t := (x - a.X) / (b.X - a.X)
		return Point{x, a.Y + t*(b.Y-a.Y)}
	default:
		y := r.Min.Y
		if edge == 3 {
			y = r.Max.Y
		}
		t := (y - a.Y) / (b.Y - a.Y)
		return Point{a.X + t*(b.X-a.X), y}
	}
}

// ClipLine clips an open polyline to r and returns the pieces inside,
// each with at least two points (Liang–Barsky per segment).
func ClipLine(line []Point, r Rect) [][]Point {
	var out [][]Point
	var cur []Point
	flush := func() {
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i := 0; i+1 < len(line); i++ {
		a, b, ok := clipSeg(line[i], line[i+1], r)
		if !ok {
			flush()
			continue
		}
		if len(cur) == 0 || cur[len(cur)-1] != a {
			flush()
			cur = []Point{a}
		}
		cur = append(cur, b)
		if b != line[i+1] {
			flush() // the line left r
		}
	}
	flush()
	return out
}

// clipSeg clips the segment a–b to r (Liang–Barsky).
func clipSeg(a, b Point, r Rect) (Point, Point, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, c := range [4][2]float64{{-dx, a.X - r.Min.X}, {dx, r.Max.X - a.X}, {-dy, a.Y - r.Min.Y}, {dy, r.Max.Y - a.Y}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return a, b, false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return a, b, false
			}
			t1 = math.Min(t1, t)
		}
	}
	na, nb := a, b
	if t0 > 0 {
		na = Point{a.X + t0*dx, a.Y + t0*dy}
	}
	if t1 < 1 {
		nb = Point{a.X + t1*dx, a.Y + t1*dy}
	}
	return na, nb, true
}

// Area is the ring's signed area (positive when counter-clockwise in a
// y-up frame).
func Area(ring []Point) float64 {
	var s float64
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		s += a.X*b.Y - b.X*a.Y
	}
	return s / 2
}

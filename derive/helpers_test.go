package derive

import (
	"math/rand/v2"
	"testing"

	"vigil/figure"
)

// open marks an unknown low or an unbounded high in iv.
const open = -1

// iv builds an interval; open for low or high makes that bound nil.
func iv(low, best, high int) figure.Interval {
	out := figure.Interval{Best: best}
	if low != open {
		out.Low = &low
	}
	if high != open {
		out.High = &high
	}
	return out
}

// ivp is iv as a pointer, for Row.Figure.
func ivp(low, best, high int) *figure.Interval {
	v := iv(low, best, high)
	return &v
}

// shuffled returns n shuffled copies of s from a fixed seed.
func shuffled[T any](tb testing.TB, s []T, n int) [][]T {
	tb.Helper()
	r := rand.New(rand.NewPCG(7, 11))
	out := make([][]T, n)
	for i := range out {
		c := append([]T(nil), s...)
		r.Shuffle(len(c), func(a, b int) { c[a], c[b] = c[b], c[a] })
		out[i] = c
	}
	return out
}

func ptr[T any](v T) *T { return &v }

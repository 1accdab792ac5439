//go:build unix

package auth

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user and system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkHash measures one argon2id hash under the default parameters
// and, as the baseline, under OWASP's minimum (m=19 MiB, t=2, p=1). It
// reports CPU time per hash besides wall time: on a shared machine the
// CPU time is the steadier number.
func BenchmarkHash(b *testing.B) {
	cases := []struct {
		name string
		p    Params
	}{
		{"default", DefaultParams()},
		{"owasp-minimum", Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			h := mustHasher(b, c.p)
			start := cpuTime(b)
			n := 0
			for b.Loop() {
				if _, err := h.Hash("correct horse battery staple"); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(n)/1e6, "cpu-ms/op")
		})
	}
}

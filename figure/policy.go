package figure

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Policy is how a figure's qualifier and numbers become a low/best/high
// interval (DOMAIN.md §2, third layer). DefaultPolicy is the DOMAIN
// table; an organization may load its own from JSON with LoadPolicy.
//
// The fixed parts of the table are not configurable: exact is N, N, N;
// more_than is N+1, N+1, unbounded; at_least is N, N, unbounded;
// at_most is unknown, N, N; range is A, ⌊(A+B)/2⌋, B.
type Policy struct {
	// ApproxLowPct is the low end of an approx figure, in percent of N,
	// rounded down: 90 gives ⌊0.9N⌋. From 0 to 100.
	ApproxLowPct int `json:"approx_low_pct"`
	// ApproxHighPct is the high end of an approx figure, in percent of
	// N, rounded up: 110 gives ⌈1.1N⌉. From 100 to 1000.
	ApproxHighPct int `json:"approx_high_pct"`
	// ApproxOverHighPct is the high end of an approx_over figure ("200여
	// 명", "200-odd"), in percent of N, rounded up. From 100 to 1000.
	// Its low and best are N.
	ApproxOverHighPct int `json:"approx_over_high_pct"`
	// Vague gives the interval of a vague figure for each unit; it must
	// cover every one of VagueUnits, once.
	Vague []VagueBand `json:"vague"`
}

// VagueBand is the interval a policy gives a vague figure of one unit:
// "hundreds" (unit 100) is 200, 300, 999 by default.
type VagueBand struct {
	Unit int `json:"unit"`
	Low  int `json:"low"`
	Best int `json:"best"`
	High int `json:"high"`
}

// DefaultPolicy returns the policy of DOMAIN.md §2: approx ⌊0.9N⌋, N,
// ⌈1.1N⌉; approx_over N, N, ⌈1.1N⌉; vague 20, 30, 99 · 200, 300, 999 ·
// 2000, 3000, 9999. Each call returns a fresh copy.
func DefaultPolicy() Policy {
	return Policy{
		ApproxLowPct:      90,
		ApproxHighPct:     110,
		ApproxOverHighPct: 110,
		Vague: []VagueBand{
			{Unit: 10, Low: 20, Best: 30, High: 99},
			{Unit: 100, Low: 200, Best: 300, High: 999},
			{Unit: 1000, Low: 2000, Best: 3000, High: 9999},
		},
	}
}

// LoadPolicy reads a policy from JSON. Fields left out keep their
// DefaultPolicy value; a given "vague" replaces the whole table.
// Unknown fields are an error, as is a policy that fails Validate.
func LoadPolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Policy{}, fmt.Errorf("figure: policy: %w", err)
	}
	if dec.More() {
		return Policy{}, fmt.Errorf("figure: policy: trailing data after the JSON object")
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// Validate checks every field and returns a *FieldError naming the
// first bad one by its JSON path, e.g. "policy.vague[1].high".
func (p Policy) Validate() error {
	if p.ApproxLowPct < 0 || p.ApproxLowPct > 100 {
		return fieldErr("policy.approx_low_pct", "must be 0..100, got %d", p.ApproxLowPct)
	}
	if p.ApproxHighPct < 100 || p.ApproxHighPct > 1000 {
		return fieldErr("policy.approx_high_pct", "must be 100..1000, got %d", p.ApproxHighPct)
	}
	if p.ApproxOverHighPct < 100 || p.ApproxOverHighPct > 1000 {
		return fieldErr("policy.approx_over_high_pct", "must be 100..1000, got %d", p.ApproxOverHighPct)
	}
	seen := map[int]bool{}
	for i, b := range p.Vague {
		field := fmt.Sprintf("policy.vague[%d]", i)
		if !isVagueUnit(b.Unit) {
			return fieldErr(field+".unit", "%d is not a vague unit (10, 100 or 1000)", b.Unit)
		}
		if seen[b.Unit] {
			return fieldErr(field+".unit", "%d appears twice", b.Unit)
		}
		seen[b.Unit] = true
		if b.Low < 0 || b.Low > MaxValue {
			return fieldErr(field+".low", "%d is out of range 0..%d", b.Low, MaxValue)
		}
		if b.Best < b.Low {
			return fieldErr(field+".best", "%d is below low %d", b.Best, b.Low)
		}
		if b.High < b.Best || b.High > MaxValue {
			return fieldErr(field+".high", "%d must be from best %d to %d", b.High, b.Best, MaxValue)
		}
	}
	for _, u := range VagueUnits {
		if !seen[u] {
			return fieldErr("policy.vague", "no band for unit %d", u)
		}
	}
	return nil
}

func isVagueUnit(u int) bool {
	for _, v := range VagueUnits {
		if u == v {
			return true
		}
	}
	return false
}

// Interval derives the low/best/high reading of f under p. It fails
// when f fails Validate or p fails Validate. Percentages are applied in
// integer arithmetic, so ⌈1.1 × 600⌉ is 660 and ⌊0.9 × 200⌋ is 180.
func (p Policy) Interval(f Figure) (Interval, error) {
	if err := f.Validate(); err != nil {
		return Interval{}, err
	}
	if err := p.Validate(); err != nil {
		return Interval{}, err
	}
	if f.Qualifier == Range {
		lo, hi := *f.Low, *f.High
		return Interval{Low: ptr(lo), Best: lo + (hi-lo)/2, High: ptr(hi)}, nil
	}
	n := *f.Value
	switch f.Qualifier {
	case Exact:
		return Interval{Low: ptr(n), Best: n, High: ptr(n)}, nil
	case Approx:
		return Interval{Low: ptr(pctFloor(n, p.ApproxLowPct)), Best: n, High: ptr(pctCeil(n, p.ApproxHighPct))}, nil
	case ApproxOver:
		return Interval{Low: ptr(n), Best: n, High: ptr(pctCeil(n, p.ApproxOverHighPct))}, nil
	case MoreThan:
		return Interval{Low: ptr(n + 1), Best: n + 1}, nil
	case AtLeast:
		return Interval{Low: ptr(n), Best: n}, nil
	case AtMost:
		return Interval{Best: n, High: ptr(n)}, nil
	case Vague:
		for _, b := range p.Vague {
			if b.Unit == n {
				return Interval{Low: ptr(b.Low), Best: b.Best, High: ptr(b.High)}, nil
			}
		}
	}
	// Unreachable after both Validate calls.
	return Interval{}, fieldErr("qualifier", "no interval for %q", string(f.Qualifier))
}

// pctFloor returns ⌊n × pct / 100⌋ for n ≥ 0.
func pctFloor(n, pct int) int { return int(int64(n) * int64(pct) / 100) }

// pctCeil returns ⌈n × pct / 100⌉ for n ≥ 0.
func pctCeil(n, pct int) int { return int((int64(n)*int64(pct) + 99) / 100) }

func ptr(v int) *int { return &v }

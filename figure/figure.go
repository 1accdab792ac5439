// Package figure parses reported counts of people ("some 600", "200여 명",
// "50-60") into a qualifier and numbers, and derives a low/best/high
// interval from them under a configurable policy. It is pure: no I/O.
package figure

import (
	"fmt"
	"strings"
)

// Qualifier is the class of a reported figure (DOMAIN.md §2).
type Qualifier string

// The qualifiers a figure can carry.
const (
	Exact      Qualifier = "exact"
	Approx     Qualifier = "approx"
	ApproxOver Qualifier = "approx_over"
	MoreThan   Qualifier = "more_than"
	AtLeast    Qualifier = "at_least"
	AtMost     Qualifier = "at_most"
	Range      Qualifier = "range"
	Vague      Qualifier = "vague"
)

// Figure is a count of people as a source reported it: the words as
// written, and the qualifier and numbers they carry. Single-number
// qualifiers use Value; Range uses Low and High. Vague figures carry the
// unit (10, 100 or 1000) in Value.
type Figure struct {
	Text      string    `json:"text"`
	Qualifier Qualifier `json:"qualifier"`
	Value     *int      `json:"value,omitempty"`
	Low       *int      `json:"low,omitempty"`
	High      *int      `json:"high,omitempty"`
}

// Interval is the low/best/high reading of a figure under a policy. A nil
// Low is unknown; a nil High is unbounded.
type Interval struct {
	Low  *int `json:"low"`
	Best int  `json:"best"`
	High *int `json:"high"`
}

// Qualifiers lists every qualifier in the order of DOMAIN.md §2.
var Qualifiers = []Qualifier{Exact, Approx, ApproxOver, MoreThan, AtLeast, AtMost, Range, Vague}

// VagueUnits are the units a vague figure may carry in Value: "dozens"
// and 수십 are 10, "hundreds" and 수백 100, "thousands" and 수천 1000.
var VagueUnits = []int{10, 100, 1000}

// Valid reports whether q is one of Qualifiers.
func (q Qualifier) Valid() bool {
	for _, v := range Qualifiers {
		if q == v {
			return true
		}
	}
	return false
}

// FieldError reports a field of a Figure or Policy that does not hold.
// Its message has the form "figure: value: required for qualifier
// "approx"" or "figure: policy.approx_low_pct: must be 0..100, got 120".
type FieldError struct {
	// Field is the JSON name of the field, e.g. "value", "low",
	// "policy.vague[1].high".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns the message, naming the field and the reason.
func (e *FieldError) Error() string { return "figure: " + e.Field + ": " + e.Reason }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Validate checks that the numbers match the qualifier, as needed for
// figures that come from JSON or CSV rather than from Parse: a
// single-number qualifier has Value and no Low or High; Range has Low
// and High with Low ≤ High and no Value; Vague has a Value from
// VagueUnits. Every number is from 0 to MaxValue. Text is not checked:
// an editor may set the numbers without words.
func (f Figure) Validate() error {
	if f.Qualifier == "" {
		return fieldErr("qualifier", "required")
	}
	if !f.Qualifier.Valid() {
		return fieldErr("qualifier", "%q is not a qualifier (%s)", string(f.Qualifier), joinQualifiers())
	}
	inRange := func(field string, v *int) error {
		if *v < 0 || *v > MaxValue {
			return fieldErr(field, "%d is out of range 0..%d", *v, MaxValue)
		}
		return nil
	}
	if f.Qualifier == Range {
		switch {
		case f.Value != nil:
			return fieldErr("value", "must be empty for qualifier %q; use low and high", string(Range))
		case f.Low == nil:
			return fieldErr("low", "required for qualifier %q", string(Range))
		case f.High == nil:
			return fieldErr("high", "required for qualifier %q", string(Range))
		}
		if err := inRange("low", f.Low); err != nil {
			return err
		}
		if err := inRange("high", f.High); err != nil {
			return err
		}
		if *f.Low > *f.High {
			return fieldErr("low", "%d is above high %d", *f.Low, *f.High)
		}
		return nil
	}
	switch {
	case f.Value == nil:
		return fieldErr("value", "required for qualifier %q", string(f.Qualifier))
	case f.Low != nil:
		return fieldErr("low", "must be empty for qualifier %q", string(f.Qualifier))
	case f.High != nil:
		return fieldErr("high", "must be empty for qualifier %q", string(f.Qualifier))
	}
	if f.Qualifier == Vague {
		for _, u := range VagueUnits {
			if *f.Value == u {
				return nil
			}
		}
		return fieldErr("value", "%d is not a vague unit (10, 100 or 1000)", *f.Value)
	}
	return inRange("value", f.Value)
}

func joinQualifiers() string {
	s := make([]string, len(Qualifiers))
	for i, q := range Qualifiers {
		s[i] = string(q)
	}
	return strings.Join(s, ", ")
}

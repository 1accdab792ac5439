package edtf

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Date is a parsed EDTF value with its earliest and latest possible days.
// Earliest and Latest are "YYYY-MM-DD"; either may be empty when the
// expression leaves that end open ("2023-10-09/..") or unknown
// ("2023-10-09/"). Approximation and uncertainty do not widen them.
//
// A Date made by Parse or Resolve holds the canonical EDTF form. The
// methods derive everything else from EDTF, so they report the zero value
// (PrecisionNone, false) for a Date that does not hold valid EDTF.
type Date struct {
	EDTF     string `json:"edtf"`
	Earliest string `json:"earliest"`
	Latest   string `json:"latest"`
}

// Precision is the granularity of a Date.
type Precision int

// Precision values. A date with unspecified digits has the precision of
// the part that is known: 2024-04-XX is PrecisionMonth and 20XX is
// PrecisionCentury.
const (
	PrecisionNone     Precision = iota // the zero Date, or invalid EDTF
	PrecisionDay                       // 2024-04-26
	PrecisionMonth                     // 2024-04, 2024-04-XX
	PrecisionYear                      // 2024, 2024-XX-XX
	PrecisionDecade                    // 202X
	PrecisionCentury                   // 20XX
	PrecisionInterval                  // 2023-10-09/2024-05-06, 2023/..
)

// String returns the precision's name: "day", "month", "year", "decade",
// "century", "interval" or "none".
func (p Precision) String() string {
	switch p {
	case PrecisionDay:
		return "day"
	case PrecisionMonth:
		return "month"
	case PrecisionYear:
		return "year"
	case PrecisionDecade:
		return "decade"
	case PrecisionCentury:
		return "century"
	case PrecisionInterval:
		return "interval"
	}
	return "none"
}

// Errors that *Error wraps; test for them with errors.Is.
var (
	// ErrInvalid means the input is not a valid date: bad EDTF, or a
	// recognized expression that names an impossible day ("2월 30일").
	ErrInvalid = errors.New("invalid date")
	// ErrUnrecognized means Resolve does not understand the expression.
	ErrUnrecognized = errors.New("unrecognized date expression")
	// ErrNoDate means Resolve understood the expression but it names no
	// particular date ("최근", "recently").
	ErrNoDate = errors.New("expression names no date")
)

// Error is the error Parse and Resolve return. Input is the text as given,
// Reason says what is wrong with it, and Err is ErrInvalid,
// ErrUnrecognized or ErrNoDate.
type Error struct {
	Input  string
	Reason string
	Err    error
	// expr is set when the input was a date expression rather than EDTF.
	expr bool
}

// maxQuoted bounds how much of the input an error message repeats.
const maxQuoted = 80

// Error formats the error as `date: "2024-13-01" is not a valid EDTF date:
// month 13`.
func (e *Error) Error() string {
	in := e.Input
	if len(in) > maxQuoted && utf8.RuneCountInString(in) > maxQuoted {
		in = string([]rune(in)[:maxQuoted]) + "…"
	}
	switch {
	case errors.Is(e.Err, ErrUnrecognized):
		return fmt.Sprintf("date: %q is not a date expression vigil understands", in)
	case errors.Is(e.Err, ErrNoDate):
		return fmt.Sprintf("date: %q names no particular date", in)
	case e.expr:
		return fmt.Sprintf("date: %q is not a valid date: %s", in, e.Reason)
	}
	return fmt.Sprintf("date: %q is not a valid EDTF date: %s", in, e.Reason)
}

// Unwrap returns ErrInvalid, ErrUnrecognized or ErrNoDate.
func (e *Error) Unwrap() error { return e.Err }

// MustParse is like Parse but panics on error. It is meant for tests and
// for constants known to be valid.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the canonical EDTF form.
func (d Date) String() string { return d.EDTF }

// IsZero reports whether d is the zero Date (no date at all).
func (d Date) IsZero() bool { return d == Date{} }

// Precision returns the granularity of d; PrecisionInterval for intervals.
func (d Date) Precision() Precision {
	e, ok := d.expr()
	if !ok {
		return PrecisionNone
	}
	if e.interval {
		return PrecisionInterval
	}
	return e.start.pt.precision()
}

// Approximate reports whether d, or either end of an interval, is marked
// approximate (~ or %).
func (d Date) Approximate() bool {
	e, ok := d.expr()
	return ok && (e.start.pt.approx || e.end.pt.approx)
}

// Uncertain reports whether d, or either end of an interval, is marked
// uncertain (? or %).
func (d Date) Uncertain() bool {
	e, ok := d.expr()
	return ok && (e.start.pt.uncert || e.end.pt.uncert)
}

// IsInterval reports whether d is an interval ("a/b").
func (d Date) IsInterval() bool {
	e, ok := d.expr()
	return ok && e.interval
}

// Start returns the start of an interval as a Date, or the zero Date when
// the start is open or unknown. For a single date it returns d.
func (d Date) Start() Date {
	e, ok := d.expr()
	if !ok {
		return Date{}
	}
	if !e.interval {
		return d
	}
	return e.start.date()
}

// End returns the end of an interval as a Date, or the zero Date when the
// end is open or unknown. For a single date it returns d.
func (d Date) End() Date {
	e, ok := d.expr()
	if !ok {
		return Date{}
	}
	if !e.interval {
		return d
	}
	return e.end.date()
}

// Contains reports whether day ("YYYY-MM-DD") lies between d's Earliest
// and Latest. An empty bound (open or unknown end) does not limit. It
// returns false when day is not a valid day or d is the zero Date.
func (d Date) Contains(day string) bool {
	if d.IsZero() {
		return false
	}
	if _, ok := parseDay(day); !ok {
		return false
	}
	return (d.Earliest == "" || d.Earliest <= day) && (d.Latest == "" || day <= d.Latest)
}

// Overlaps reports whether d and o can refer to a common day: their
// [Earliest, Latest] ranges intersect, an empty bound not limiting. Claims
// whose dates do not overlap disagree. It is false if either is zero.
func (d Date) Overlaps(o Date) bool {
	if d.IsZero() || o.IsZero() {
		return false
	}
	return (d.Earliest == "" || o.Latest == "" || d.Earliest <= o.Latest) &&
		(o.Earliest == "" || d.Latest == "" || o.Earliest <= d.Latest)
}

// jsonDate is the wire form: empty bounds become null.
type jsonDate struct {
	EDTF     string  `json:"edtf"`
	Earliest *string `json:"earliest"`
	Latest   *string `json:"latest"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// MarshalJSON encodes d as {"edtf":…,"earliest":…,"latest":…}, writing an
// empty bound as null.
func (d Date) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonDate{d.EDTF, nullable(d.Earliest), nullable(d.Latest)})
}

// UnmarshalJSON decodes the form MarshalJSON writes. It parses edtf and
// derives the bounds from it; a bound that is present and disagrees is an
// error. An empty edtf with null bounds decodes to the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var j jsonDate
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	if j.EDTF == "" {
		if j.Earliest != nil || j.Latest != nil {
			return errors.New("date: bounds without an edtf value")
		}
		*d = Date{}
		return nil
	}
	p, err := Parse(j.EDTF)
	if err != nil {
		return err
	}
	if j.Earliest != nil && *j.Earliest != p.Earliest {
		return fmt.Errorf("date: %q has earliest %q, not %q", p.EDTF, p.Earliest, *j.Earliest)
	}
	if j.Latest != nil && *j.Latest != p.Latest {
		return fmt.Errorf("date: %q has latest %q, not %q", p.EDTF, p.Latest, *j.Latest)
	}
	*d = p
	return nil
}

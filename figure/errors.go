package figure

import (
	"errors"
	"strconv"
)

// Errors that ParseError wraps, to tell kinds of failure apart with
// errors.Is.
var (
	// ErrSyntax is wrapped when the text is not a figure the parser
	// can read.
	ErrSyntax = errors.New("figure: not a figure")
	// ErrNotPeople is wrapped when the text counts something other than
	// people: an age, a percentage, a duration, vehicles, facilities.
	ErrNotPeople = errors.New("figure: not a count of people")
	// ErrTooVague is wrapped when the text names an unnumbered group
	// ("several", "a few", "소수의", "tens of thousands") that no policy
	// band covers.
	ErrTooVague = errors.New("figure: too vague to count")
	// ErrOutOfRange is wrapped for a negative number, a number above
	// MaxValue, or a range whose low end is above its high end.
	ErrOutOfRange = errors.New("figure: number out of range")
)

// ParseError is the error Parse returns. Its message has the form
//
//	figure: "10 percent" is not a number of people: a percentage
type ParseError struct {
	// Text is the input, trimmed of surrounding spaces.
	Text string
	// Reason says briefly what is wrong.
	Reason string
	// Err is ErrSyntax, ErrNotPeople, ErrTooVague or ErrOutOfRange.
	Err error
}

// Error returns the message, naming the text and the reason.
func (e *ParseError) Error() string {
	s := "figure: " + quote(e.Text) + " is not a number of people"
	if e.Reason != "" {
		s += ": " + e.Reason
	}
	return s
}

// Unwrap returns the kind of failure.
func (e *ParseError) Unwrap() error { return e.Err }

func quote(s string) string { return strconv.Quote(s) }

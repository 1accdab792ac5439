package edtf

import (
	"fmt"
	"strconv"
	"strings"
)

// Parse parses, validates and normalizes s, an EDTF date of the subset
// described in the package comment. Surrounding spaces (also around the
// "/" of an interval) are trimmed and x is upper-cased; the result's EDTF
// field holds the canonical form. Errors are *Error wrapping ErrInvalid,
// for example `date: "2024-13-01" is not a valid EDTF date: month 13`.
func Parse(s string) (Date, error) {
	e, reason := parseExpr(s)
	if reason == "" {
		reason = e.validate()
	}
	if reason != "" {
		return Date{}, &Error{Input: s, Reason: reason, Err: ErrInvalid}
	}
	return e.date(), nil
}

// civil is a calendar day, possibly invalid while it is being built.
type civil struct{ y, m, d int }

func (c civil) String() string { return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d) }

func (c civil) less(o civil) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysIn returns the number of days in month m (1-12) of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// point is one date: the whole of a single date, or one end of an interval.
type point struct {
	year   int  // 0-9999, with unspecified digits as 0
	yearX  int  // number of unspecified (X) year digits, 0-2
	month  int  // 1-12, or 0 when absent or unspecified
	monthX bool // month written XX
	day    int  // 1-31, or 0 when absent or unspecified
	dayX   bool // day written XX
	approx bool // ~ or %
	uncert bool // ? or %
}

// boundKind says what an interval end holds.
type boundKind uint8

const (
	boundDate    boundKind = iota
	boundOpen              // ".."
	boundUnknown           // ""
)

type bound struct {
	kind boundKind
	pt   point
}

// expr is a parsed EDTF value. A single date uses start only.
type expr struct {
	interval   bool
	start, end bound
}

func (p point) precision() Precision {
	switch {
	case p.yearX == 2:
		return PrecisionCentury
	case p.yearX == 1:
		return PrecisionDecade
	case p.month == 0:
		return PrecisionYear
	case p.day == 0:
		return PrecisionMonth
	}
	return PrecisionDay
}

func (p point) String() string {
	var b strings.Builder
	y := fmt.Sprintf("%04d", p.year)
	b.WriteString(y[:4-p.yearX])
	b.WriteString(strings.Repeat("X", p.yearX))
	switch {
	case p.monthX:
		b.WriteString("-XX")
	case p.month > 0:
		fmt.Fprintf(&b, "-%02d", p.month)
	}
	switch {
	case p.dayX:
		b.WriteString("-XX")
	case p.day > 0:
		fmt.Fprintf(&b, "-%02d", p.day)
	}
	switch {
	case p.approx && p.uncert:
		b.WriteByte('%')
	case p.approx:
		b.WriteByte('~')
	case p.uncert:
		b.WriteByte('?')
	}
	return b.String()
}

// earliest and latest return the first and last possible day of a valid p.
func (p point) earliest() civil {
	c := civil{p.year, 1, 1}
	if p.month > 0 {
		c.m = p.month
	}
	if p.day > 0 {
		c.d = p.day
	}
	return c
}

func (p point) latest() civil {
	c := civil{p.year, 12, 0}
	switch p.yearX {
	case 1:
		c.y += 9
	case 2:
		c.y += 99
	}
	if p.month > 0 {
		c.m = p.month
	}
	c.d = daysIn(c.y, c.m)
	if p.day > 0 {
		c.d = p.day
	}
	return c
}

// validate checks a point built by the parser or by a resolver.
func (p point) validate() string {
	switch {
	case p.year < 0:
		return fmt.Sprintf("year %d is before year 0000", p.year)
	case p.year > 9999:
		return fmt.Sprintf("year %d is after 9999", p.year)
	case p.yearX < 0 || p.yearX > 2:
		return "at most two year digits may be unspecified"
	case p.yearX > 0 && (p.month > 0 || p.monthX || p.day > 0 || p.dayX):
		return "a year with unspecified digits cannot have a month or day"
	case p.month < 0 || p.month > 12:
		return fmt.Sprintf("month %02d", p.month)
	case p.monthX && p.day > 0:
		return "a day cannot follow an unspecified month (XX)"
	case p.month == 0 && !p.monthX && (p.day > 0 || p.dayX):
		return "a day needs a month"
	case p.day < 0 || p.day > 31:
		return fmt.Sprintf("day %02d", p.day)
	case p.day > daysIn(p.year, p.month):
		return fmt.Sprintf("%s %04d has no day %d", monthNames[p.month], p.year, p.day)
	}
	return ""
}

// validate checks each date of e and that an interval does not end before
// it starts (start's earliest day after end's latest day).
func (e expr) validate() string {
	if !e.interval {
		return e.start.pt.validate()
	}
	if e.start.kind != boundDate && e.end.kind != boundDate {
		return "an interval needs at least one date"
	}
	for _, b := range []bound{e.start, e.end} {
		if b.kind == boundDate {
			if r := b.pt.validate(); r != "" {
				return r
			}
		}
	}
	if e.start.kind == boundDate && e.end.kind == boundDate &&
		e.end.pt.latest().less(e.start.pt.earliest()) {
		return fmt.Sprintf("the interval starts (%s) after it ends (%s)", e.start.pt, e.end.pt)
	}
	return ""
}

func (b bound) String() string {
	switch b.kind {
	case boundOpen:
		return ".."
	case boundUnknown:
		return ""
	}
	return b.pt.String()
}

func (e expr) String() string {
	if !e.interval {
		return e.start.pt.String()
	}
	return e.start.String() + "/" + e.end.String()
}

// date returns the Date of a valid e.
func (e expr) date() Date {
	if !e.interval {
		p := e.start.pt
		return Date{EDTF: p.String(), Earliest: p.earliest().String(), Latest: p.latest().String()}
	}
	d := Date{EDTF: e.String()}
	if e.start.kind == boundDate {
		d.Earliest = e.start.pt.earliest().String()
	}
	if e.end.kind == boundDate {
		d.Latest = e.end.pt.latest().String()
	}
	return d
}

// date returns one end of an interval as a Date (zero if open or unknown).
func (b bound) date() Date {
	if b.kind != boundDate {
		return Date{}
	}
	return expr{start: b}.date()
}

// expr parses d.EDTF again; the methods of Date use it.
func (d Date) expr() (expr, bool) {
	if d.EDTF == "" {
		return expr{}, false
	}
	e, reason := parseExpr(d.EDTF)
	if reason == "" {
		reason = e.validate()
	}
	return e, reason == ""
}

// approximate marks every date of e approximate.
func (e expr) approximate() expr {
	e.start.pt.approx = true
	e.end.pt.approx = true
	return e
}

// parseExpr parses the syntax of s; the caller validates the result.
func parseExpr(s string) (expr, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return expr{}, "empty"
	}
	s = strings.ReplaceAll(s, "x", "X")
	switch {
	case strings.ContainsAny(s, "[]{}"):
		return expr{}, "sets and lists (level 2) are not supported"
	case hasTime(s):
		return expr{}, "times of day are not supported"
	}
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 1:
		p, r := parsePoint(s)
		return expr{start: bound{pt: p}}, r
	case 2:
	default:
		return expr{}, "an interval has exactly one /"
	}
	e := expr{interval: true}
	for i, part := range parts {
		var b bound
		switch part = strings.TrimSpace(part); part {
		case "":
			b.kind = boundUnknown
		case "..":
			b.kind = boundOpen
		default:
			p, r := parsePoint(part)
			if r != "" {
				return expr{}, r
			}
			b.pt = p
		}
		if i == 0 {
			e.start = b
		} else {
			e.end = b
		}
	}
	return e, ""
}

// hasTime reports whether s looks like it carries a time of day
// ("2024-04-26T10:00" or "10:00").
func hasTime(s string) bool {
	if strings.Contains(s, ":") {
		return true
	}
	for i := 1; i < len(s); i++ {
		if s[i] == 'T' && s[i-1] >= '0' && s[i-1] <= '9' {
			return true
		}
	}
	return false
}

// parsePoint parses one date such as 2024-04-26~ or 202X.
func parsePoint(s string) (point, string) {
	var p point
	if n := len(s); n > 0 {
		switch s[n-1] {
		case '~':
			p.approx = true
		case '?':
			p.uncert = true
		case '%':
			p.approx, p.uncert = true, true
		}
		if p.approx || p.uncert {
			s = strings.TrimSpace(s[:n-1])
		}
	}
	if strings.ContainsAny(s, "~?%") {
		if n := len(s); n > 0 && strings.IndexByte("~?%", s[n-1]) >= 0 {
			return p, "more than one qualifier: write % for approximate and uncertain"
		}
		return p, "qualifiers on one part of a date (level 2) are not supported"
	}
	switch {
	case s == "":
		return p, "a qualifier needs a date"
	case s[0] == '-':
		return p, "negative years are not supported"
	case s[0] == 'Y':
		return p, "years beyond four digits are not supported"
	}
	fields := strings.Split(s, "-")
	if len(fields) > 3 {
		return p, fmt.Sprintf("%q has too many parts", short(s))
	}
	if r := parseYear(fields[0], &p); r != "" {
		return p, r
	}
	if len(fields) > 1 {
		if p.yearX > 0 {
			return p, "a year with unspecified digits cannot have a month or day"
		}
		v, x, r := parseTwo(fields[1], "month")
		if r != "" {
			return p, r
		}
		switch {
		case x:
			p.monthX = true
		case v >= 21 && v <= 24:
			return p, fmt.Sprintf("month %02d is a season; seasons (21-24) are not supported", v)
		case v >= 25 && v <= 41:
			return p, fmt.Sprintf("month %02d is a level 2 sub-year grouping; not supported", v)
		case v < 1 || v > 12:
			return p, "month " + fields[1] // two digits, checked by parseTwo
		default:
			p.month = v
		}
	}
	if len(fields) > 2 {
		v, x, r := parseTwo(fields[2], "day")
		if r != "" {
			return p, r
		}
		switch {
		case x:
			p.dayX = true
		case p.monthX:
			return p, "a day cannot follow an unspecified month (XX)"
		case v < 1 || v > 31:
			return p, "day " + fields[2]
		default:
			p.day = v
		}
	}
	return p, ""
}

// parseYear parses four digits, of which up to two trailing ones may be X.
func parseYear(s string, p *point) string {
	if len(s) != 4 {
		return fmt.Sprintf("year %q is not four digits", short(s))
	}
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c == 'X':
			p.yearX++
		case c >= '0' && c <= '9':
			if p.yearX > 0 {
				return fmt.Sprintf("year %q: only the rightmost digits may be X", s)
			}
			p.year = p.year*10 + int(c-'0')
		default:
			return fmt.Sprintf("year %q is not four digits", short(s))
		}
	}
	p.year *= pow10(p.yearX)
	if p.yearX > 2 {
		return fmt.Sprintf("year %q: at most two digits may be unspecified", s)
	}
	return ""
}

func pow10(n int) int {
	v := 1
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}

// parseTwo parses a two-digit month or day, or XX.
func parseTwo(s, what string) (v int, x bool, reason string) {
	if s == "XX" {
		return 0, true, ""
	}
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false, fmt.Sprintf("%s %q is not two digits or XX", what, short(s))
	}
	v, _ = strconv.Atoi(s)
	return v, false, ""
}

// short shortens s for quoting in an error message.
func short(s string) string {
	const max = 16
	if len(s) <= max {
		return s
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}

// parseDay parses a strict "YYYY-MM-DD" day.
func parseDay(s string) (civil, bool) {
	if len(s) != 10 {
		return civil{}, false
	}
	p, r := parsePoint(s)
	if r != "" || p.approx || p.uncert || p.yearX > 0 || p.monthX || p.dayX || p.day == 0 || p.validate() != "" {
		return civil{}, false
	}
	return civil{p.year, p.month, p.day}, true
}

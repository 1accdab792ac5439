package vigil

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DirectiveKind is what a report directive inserts.
type DirectiveKind string

// Directive kinds.
const (
	DirectiveCite     DirectiveKind = "cite"
	DirectiveIncident DirectiveKind = "incident"
	DirectiveTotal    DirectiveKind = "total"
	DirectivePhoto    DirectiveKind = "photo"
)

// Directive is one {{…}} of a report body.
type Directive struct {
	Kind DirectiveKind
	// Start and End are the byte offsets of "{{" and just after "}}".
	Start, End int
	Line       int
	// IDs are the source ids of cite and the incident id of incident.
	IDs []int64
	// Photo is the 1-based photo number of photo.
	Photo int
	// Total is the filter of total: an event and an optional period.
	Total StatsFilter
}

// ParseDirectives finds every {{…}} in a report body and parses it. The
// first malformed one is an error naming its line.
func ParseDirectives(body string) ([]Directive, error) {
	var out []Directive
	off := 0
	for {
		i := strings.Index(body[off:], "{{")
		if i < 0 {
			return out, nil
		}
		start := off + i
		line := strings.Count(body[:start], "\n") + 1
		j := strings.Index(body[start:], "}}")
		nl := strings.IndexByte(body[start:], '\n')
		if j < 0 || (nl >= 0 && nl < j) {
			return nil, fmt.Errorf("line %d: %q is not closed with }} on the same line", line, snippet(body[start:]))
		}
		end := start + j + 2
		d, err := ParseDirective(body[start:end])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		d.Start, d.End, d.Line = start, end, line
		out = append(out, d)
		off = end
	}
}

func snippet(s string) string {
	if nl := strings.IndexByte(s, '\n'); nl >= 0 {
		s = s[:nl]
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// ParseDirective parses one directive, "{{cite 12}}" with its braces.
func ParseDirective(s string) (Directive, error) {
	inner, ok := strings.CutPrefix(s, "{{")
	if ok {
		inner, ok = strings.CutSuffix(inner, "}}")
	}
	if !ok {
		return Directive{}, fmt.Errorf("%q is not a {{…}} directive", s)
	}
	words := strings.Fields(inner)
	if len(words) == 0 {
		return Directive{}, fmt.Errorf("%s is empty: write {{cite ID}}, {{incident ID}}, {{total EVENT FROM..TO}} or {{photo N}}", s)
	}
	d := Directive{Kind: DirectiveKind(strings.ToLower(words[0]))}
	args := words[1:]
	switch d.Kind {
	case DirectiveCite, DirectiveIncident:
		if len(args) == 0 || (d.Kind == DirectiveIncident && len(args) > 1) {
			return d, fmt.Errorf("%s: write {{%s ID}}", s, d.Kind)
		}
		for _, a := range args {
			id, err := strconv.ParseInt(strings.TrimPrefix(a, "#"), 10, 64)
			if err != nil || id <= 0 {
				return d, fmt.Errorf("%s: %q is not a record id", s, a)
			}
			d.IDs = append(d.IDs, id)
		}
	case DirectivePhoto:
		n, err := 0, error(nil)
		if len(args) == 1 {
			n, err = strconv.Atoi(args[0])
		}
		if len(args) != 1 || err != nil || n <= 0 {
			return d, fmt.Errorf("%s: write {{photo N}}, N the photo's number (1 for the first)", s)
		}
		d.Photo = n
	case DirectiveTotal:
		if len(args) != 2 {
			return d, fmt.Errorf("%s: write {{total EVENT FROM..TO}}, e.g. {{total repatriation 2023-10-01..2024-05-31}}", s)
		}
		d.Total.Event = EventType(strings.ToLower(args[0]))
		if !d.Total.Event.Valid() {
			return d, fmt.Errorf("%s: %q is not an event type (%s)", s, args[0], joinOf(EventTypes))
		}
		from, to, ok := strings.Cut(args[1], "..")
		if !ok {
			return d, fmt.Errorf("%s: the period %q must be FROM..TO (either may be left out)", s, args[1])
		}
		for _, day := range []string{from, to} {
			if _, err := time.Parse(time.DateOnly, day); day != "" && err != nil {
				return d, fmt.Errorf("%s: %q is not a day (YYYY-MM-DD)", s, day)
			}
		}
		if from != "" && to != "" && from > to {
			return d, fmt.Errorf("%s: the period starts after it ends", s)
		}
		d.Total.From, d.Total.To = from, to
	default:
		return d, fmt.Errorf("%s: unknown directive %q (cite, incident, total, photo)", s, words[0])
	}
	return d, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

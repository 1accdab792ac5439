package derive

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"vigil"
	"vigil/figure"
)

// ClaimInput is what derivation needs from one claim and its source.
type ClaimInput struct {
	ID       int64
	Interval figure.Interval
	// Credibility grades the claim: 1 confirmed … 5 improbable, 6 cannot
	// be judged. Any other value ranks as 6.
	Credibility int
	// Reliability is the source's Admiralty grade, A … F. An empty or
	// unknown value ranks as F.
	Reliability string
	// Origin is the source's origin key (relayed_from, else publisher),
	// as vigil.Source.Origin returns it. Empty origins are not counted.
	Origin string
	// Published is the source's earliest publication day, YYYY-MM-DD, or
	// "" when unknown.
	Published string
	// Date is the claim's EDTF date and DateStart, DateEnd its earliest and
	// latest days; any may be "".
	Date, DateStart, DateEnd string
}

// Derived is an incident's derived figure, date, conflict and
// corroboration.
type Derived struct {
	// Figure is a copy of the preferred claim's interval; nil when there
	// are no claims.
	Figure *figure.Interval
	// Basis is vigil.BasisClaims, or vigil.BasisNone when there are no
	// claims.
	Basis            vigil.Basis
	PreferredClaimID *int64
	// Conflict is set when some two claims' intervals do not overlap;
	// ConflictPairs lists those pairs (lower id first, pairs ascending).
	// It is never nil.
	Conflict      bool
	ConflictPairs [][2]int64
	// Corroboration is the number of distinct non-empty origins among the
	// claims.
	Corroboration int
	// Rationale explains the figure, corroboration and conflicts in
	// English, citing claim ids.
	Rationale string
	// Date, DateStart and DateEnd come from the preferred claim, or from
	// the best-ranked claim that has a date when the preferred one has
	// none.
	Date, DateStart, DateEnd string
}

// Overlap reports whether intervals a and b share at least one value. An
// unknown (nil) low counts as 0 and an unbounded (nil) high as +infinity;
// bounds are inclusive.
func Overlap(a, b figure.Interval) bool {
	lo := max(lowOf(a), lowOf(b))
	if a.High != nil && *a.High < lo {
		return false
	}
	if b.High != nil && *b.High < lo {
		return false
	}
	return true
}

func lowOf(iv figure.Interval) int {
	if iv.Low == nil {
		return 0
	}
	return *iv.Low
}

// ranked is a claim with the keys the preference order uses.
type ranked struct {
	ClaimInput
	cred     int    // 1 … 6
	rel      byte   // 'A' … 'F'
	overlaps int    // other claims whose intervals overlap this one's
	origin   string // folded origin, "" when none
}

// compareRank orders claims best first: credibility, reliability, most
// overlapping claims, latest publication, lowest id.
func compareRank(a, b *ranked) int {
	if c := cmp.Compare(a.cred, b.cred); c != 0 {
		return c
	}
	if c := cmp.Compare(a.rel, b.rel); c != 0 {
		return c
	}
	if c := cmp.Compare(b.overlaps, a.overlaps); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Published, a.Published); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func credibility(g int) int {
	if g < 1 || g > 6 {
		return 6
	}
	return g
}

func reliability(g string) byte {
	g = strings.ToUpper(strings.TrimSpace(g))
	if len(g) != 1 || g[0] < 'A' || g[0] > 'F' {
		return 'F'
	}
	return g[0]
}

func foldOrigin(o string) string {
	return strings.ToLower(strings.Join(strings.Fields(o), " "))
}

// maxListedPairs bounds how many conflicting pairs the rationale names.
const maxListedPairs = 5

// Incident derives an incident's figure, date, conflicts and corroboration
// from its claims, by the rules in the package documentation. The result
// does not depend on the order of claims.
func Incident(claims []ClaimInput) Derived {
	d := Derived{Basis: vigil.BasisNone, ConflictPairs: [][2]int64{}}
	if len(claims) == 0 {
		d.Rationale = "no claims"
		return d
	}

	rs := make([]ranked, len(claims))
	for i, c := range claims {
		rs[i] = ranked{
			ClaimInput: c,
			cred:       credibility(c.Credibility),
			rel:        reliability(c.Reliability),
			origin:     foldOrigin(c.Origin),
		}
	}
	// Id order makes the conflict pairs come out sorted; the rank breaks
	// ties between (invalid) duplicate ids deterministically.
	slices.SortFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return compareRank(&a, &b)
	})
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if Overlap(rs[i].Interval, rs[j].Interval) {
				rs[i].overlaps++
				rs[j].overlaps++
			} else {
				d.ConflictPairs = append(d.ConflictPairs, [2]int64{rs[i].ID, rs[j].ID})
			}
		}
	}
	d.Conflict = len(d.ConflictPairs) > 0

	origins := make(map[string]struct{}, len(rs))
	for i := range rs {
		if rs[i].origin != "" {
			origins[rs[i].origin] = struct{}{}
		}
	}
	d.Corroboration = len(origins)

	order := make([]*ranked, len(rs))
	for i := range rs {
		order[i] = &rs[i]
	}
	slices.SortFunc(order, compareRank)
	pref := order[0]

	d.Basis = vigil.BasisClaims
	d.Figure = cloneInterval(pref.Interval)
	id := pref.ID
	d.PreferredClaimID = &id

	var dated *ranked
	for _, r := range order {
		if r.Date != "" {
			dated = r
			break
		}
	}
	if dated != nil {
		d.Date, d.DateStart, d.DateEnd = dated.Date, dated.DateStart, dated.DateEnd
	}

	d.Rationale = rationale(order, dated, d)
	return d
}

func cloneInterval(iv figure.Interval) *figure.Interval {
	out := figure.Interval{Best: iv.Best}
	if iv.Low != nil {
		v := *iv.Low
		out.Low = &v
	}
	if iv.High != nil {
		v := *iv.High
		out.High = &v
	}
	return &out
}

// rationale explains d in English: which claim was preferred and why, how
// many independent origins there are, which claims conflict, and where the
// date comes from.
func rationale(order []*ranked, dated *ranked, d Derived) string {
	pref := order[0]
	var b strings.Builder
	if len(order) == 1 {
		fmt.Fprintf(&b, "only claim #%d (credibility %d, source %c)", pref.ID, pref.cred, pref.rel)
	} else {
		fmt.Fprintf(&b, "best-graded claim #%d (credibility %d, source %c)", pref.ID, pref.cred, pref.rel)
		if next := order[1]; next.cred == pref.cred && next.rel == pref.rel {
			fmt.Fprintf(&b, ", preferred over equally graded #%d ", next.ID)
			switch {
			case pref.overlaps != next.overlaps:
				fmt.Fprintf(&b, "as its figure overlaps %d other %s", pref.overlaps, plural(pref.overlaps, "claim", "claims"))
			case pref.Published != next.Published:
				fmt.Fprintf(&b, "as it was published later (%s)", pref.Published)
			default:
				b.WriteString("by lower id")
			}
		}
	}
	switch d.Corroboration {
	case 0:
		b.WriteString("; no identified origin")
	case 1:
		b.WriteString("; 1 independent origin")
	default:
		fmt.Fprintf(&b, "; %d independent origins", d.Corroboration)
	}
	if d.Conflict {
		b.WriteString("; conflict: ")
		for i, p := range d.ConflictPairs {
			if i == maxListedPairs {
				more := len(d.ConflictPairs) - maxListedPairs
				fmt.Fprintf(&b, " (and %d more %s)", more, plural(more, "pair", "pairs"))
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "#%d and #%d", p[0], p[1])
		}
		b.WriteString(" do not overlap")
	}
	switch {
	case dated == nil:
		b.WriteString("; no claim gives a date")
	case dated != pref:
		fmt.Fprintf(&b, "; date from claim #%d", dated.ID)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

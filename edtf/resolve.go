package edtf

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Resolve resolves a Korean or English date expression against ref, the
// source's publication day, and returns it as an EDTF Date. Input that is
// already EDTF is parsed as is. The package comment lists the decisions
// behind the relative forms.
//
// Errors are *Error: ErrUnrecognized for text it does not understand
// (`date: "next blue moon" is not a date expression vigil understands`),
// ErrNoDate for expressions that name no date ("최근", "recently"), and
// ErrInvalid for impossible days ("2월 30일") or invalid EDTF. Text longer
// than 256 bytes is not a date expression.
func Resolve(text string, ref time.Time) (Date, error) {
	d, err := Parse(text)
	if err == nil {
		return d, nil
	}
	t := strings.TrimSpace(text)
	if edtfChars(t) && strings.ContainsAny(t, "-/") {
		return Date{}, err // "2024-13-01": Parse explains it best
	}
	if len(t) > maxExpr {
		return Date{}, &Error{Input: text, Reason: "too long for a date expression", Err: ErrUnrecognized}
	}
	res := newResolver(ref)
	lower := strings.ToLower(t)
	for i := range rules {
		if !rules[i].applies(lower) {
			continue
		}
		if m := rules[i].whole.FindStringSubmatchIndex(t); m != nil {
			return res.apply(&rules[i], text, t, m)
		}
	}
	if edtfChars(t) && (t[0] == '/' || t[0] == '.' || len(t) >= 4 && parseInt(t[:4]) >= 0) {
		return Date{}, err
	}
	return Date{}, &Error{Input: text, Reason: "not understood", Err: ErrUnrecognized}
}

// maxExpr is the longest text, in bytes, that Resolve tries to read as a
// date expression; the longest it knows are well under 100 bytes.
const maxExpr = 256

// edtfChars reports whether s has a digit and only characters EDTF uses,
// so that a Parse error explains it better than "not understood".
func edtfChars(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case strings.IndexByte("-/.~?%Xx ", c) < 0:
			return false
		}
	}
	return digit
}

// Match is a date expression that Recognize found in a text.
type Match struct {
	// Start and End are byte offsets of the expression in the text.
	Start, End int
	// Text is text[Start:End].
	Text string
	// Date is the resolved date; zero when Err is set.
	Date Date
	// Err is set when the expression names no date (ErrNoDate) or an
	// impossible one (ErrInvalid).
	Err error
}

// Recognize finds the date expressions in text, resolves them against ref
// and returns them in order, without overlaps (the longest expression
// wins). It skips forms too ambiguous inside a sentence, such as a bare
// month name ("May"), a bare year or a bare ordinal; Resolve accepts them
// when they are the whole input. It is a best effort for extractors.
func Recognize(text string, ref time.Time) []Match {
	type cand struct {
		r          *rule
		start, end int
	}
	var cands []cand
	lower := strings.ToLower(text)
	for i := range rules {
		r := &rules[i]
		if !r.applies(lower) {
			continue
		}
		// A match that fails the boundary checks may hide a good one
		// that starts inside it, so search again one rune further on.
		for pos := 0; pos < len(text); {
			loc := r.find.FindStringSubmatchIndex(text[pos:])
			if loc == nil {
				break
			}
			for j := range loc {
				if loc[j] >= 0 {
					loc[j] += pos
				}
			}
			g := groups{r.find, text, loc}
			start, end, ok := trimToBoundary(text, g)
			if ok && (r.scan == nil || r.scan(g)) {
				cands = append(cands, cand{r, start, end})
				pos = end
				continue
			}
			_, n := utf8.DecodeRuneInString(text[loc[0]:])
			pos = loc[0] + max(n, 1)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].start != cands[j].start {
			return cands[i].start < cands[j].start
		}
		return cands[i].end > cands[j].end
	})
	res := newResolver(ref)
	var out []Match
	last := 0
	for _, c := range cands {
		if c.start < last {
			continue
		}
		span := text[c.start:c.end]
		m := Match{Start: c.start, End: c.end, Text: span}
		loc := c.r.whole.FindStringSubmatchIndex(span)
		if loc == nil {
			continue
		}
		m.Date, m.Err = res.apply(c.r, span, span, loc)
		out = append(out, m)
		last = c.end
	}
	return out
}

// trimToBoundary checks that a match is not part of a longer word or
// number, and returns its span. A Korean approximation suffix followed by
// more Hangul ("9일 경찰") is dropped rather than the whole match.
func trimToBoundary(text string, g groups) (start, end int, ok bool) {
	start, end = g.loc[0], g.loc[1]
	if start == end {
		return 0, 0, false
	}
	if start > 0 {
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		first, _ := utf8.DecodeRuneInString(text[start:])
		switch {
		case unicode.IsDigit(before):
			return 0, 0, false
		case isHangul(first) && isHangul(before):
			return 0, 0, false
		case !isHangul(first) && isWordRune(first) && unicode.IsLetter(before) && !isHangul(before):
			return 0, 0, false
		}
	}
	// A trailing Korean suffix (경, 초, 중, 말…) must not begin another
	// word: "9일 경찰", "지난달 중국".
	for _, name := range []string{"kapx", "part"} {
		if ks, ke := g.span(name); ks >= 0 && ke == end && !particleNext(text[end:]) {
			end = ks
			for end > start {
				r, n := utf8.DecodeLastRuneInString(text[start:end])
				if !unicode.IsSpace(r) {
					break
				}
				end -= n
			}
		}
	}
	if end == len(text) {
		return start, end, true
	}
	last, _ := utf8.DecodeLastRuneInString(text[start:end])
	after, _ := utf8.DecodeRuneInString(text[end:])
	switch {
	case unicode.IsDigit(after):
		return 0, 0, false
	case isHangul(last):
		return start, end, !koDuration(text[end:])
	case isWordRune(last) && unicode.IsLetter(after) && !isHangul(after):
		return 0, 0, false
	}
	return start, end, true
}

func isHangul(r rune) bool { return unicode.Is(unicode.Hangul, r) }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// koDuration reports whether rest turns the Korean date before it into a
// duration or count ("9일간", "3일 동안", "3일 만에", "9일째") or into
// "오늘날" (nowadays).
func koDuration(rest string) bool {
	for _, s := range []string{"간", "째", "날", "만"} {
		if strings.HasPrefix(rest, s) {
			return true
		}
	}
	rest = strings.TrimLeft(rest, " \t")
	return strings.HasPrefix(rest, "동안") || strings.HasPrefix(rest, "만에")
}

// particleNext reports whether rest starts with something other than
// Hangul, or with a particle; after a suffix such as 경 anything else means
// the suffix began another word ("경찰", "경기도").
func particleNext(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	if !isHangul(r) {
		return true
	}
	for _, p := range []string{"에", "부터", "까지", "의", "로", "으로", "이", "은", "는", "도", "엔", "만"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// groups gives access to the named submatches of one regexp match.
type groups struct {
	re   *regexp.Regexp
	text string
	loc  []int
}

// span returns the byte offsets of the named group, or -1, -1.
func (g groups) span(name string) (int, int) {
	i := g.re.SubexpIndex(name)
	if i < 0 || 2*i+1 >= len(g.loc) {
		return -1, -1
	}
	return g.loc[2*i], g.loc[2*i+1]
}

// get returns the named group, lower-cased, or "" if it did not match.
func (g groups) get(name string) string {
	s, e := g.span(name)
	if s < 0 {
		return ""
	}
	return strings.ToLower(g.text[s:e])
}

func (g groups) has(name string) bool { s, _ := g.span(name); return s >= 0 }

// failure is why a recognized expression did not resolve.
type failure struct {
	err    error // ErrInvalid or ErrNoDate
	reason string
}

func invalid(format string, args ...any) *failure {
	return &failure{ErrInvalid, fmt.Sprintf(format, args...)}
}

// rule is one recognizer: a regexp for the core of an expression and a
// function that builds the date from its groups.
type rule struct {
	name    string
	pattern string
	// hints are lower-case strings of which the text must contain at
	// least one for the rule to be tried; a cheap filter before the
	// regexp.
	hints []string
	// scan, when set, says whether Recognize may use a match; nil means
	// always.
	scan  func(g groups) bool
	build func(r *resolver, g groups) (expr, *failure)
	whole *regexp.Regexp // anchored, for Resolve
	find  *regexp.Regexp // unanchored, leftmost-longest, for Recognize
}

// digitHints and enMonthHints are common hint lists.
var (
	digitHints   = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	enMonthHints = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// applies reports whether lower (the lower-cased text) contains one of the
// rule's hints.
func (r *rule) applies(lower string) bool {
	for _, h := range r.hints {
		if strings.Contains(lower, h) {
			return true
		}
	}
	return len(r.hints) == 0
}

// Pattern placeholders: {s} optional space, {S} required space.
var spaces = strings.NewReplacer("{s}", `[\s\x{00A0}\x{3000}]*`, "{S}", `[\s\x{00A0}\x{3000}]+`)

// wrapPrefix and wrapSuffix surround every rule's core: English
// prepositions and approximation words before it, a Korean approximation
// suffix after it.
const (
	wrapPrefix = `(?i)(?:\b(?P<prep>on|in|during|at)\b{s})?` +
		`(?P<apx>\b(?:(?:on{S}or{S})?about|around|approximately|circa|roughly|some{s}time{S}around)\b{s}|\b(?:approx|ca?)\.{s})?` +
		`(?:\b(?P<prep2>on|in|during|at)\b{s})?`
	wrapSuffix = `(?:{s}(?P<kapx>경|께|쯤|무렵|즈음|전후))?`
	// wholeSuffix lets Resolve accept a trailing Korean particle or
	// punctuation.
	wholeSuffix = `(?:에는|에도|에|엔)?{s}[.,;:]?{s}$`
)

// rules is the table both Resolve and Recognize use; earlier rules win
// when two match the whole input.
var rules []rule

func init() {
	rules = append(rules, commonRules...)
	rules = append(rules, koRules...)
	rules = append(rules, enRules...)
	for i := range rules {
		core := spaces.Replace(rules[i].pattern)
		body := spaces.Replace(wrapPrefix) + `(?:` + core + `)` + spaces.Replace(wrapSuffix)
		rules[i].whole = regexp.MustCompile(`^` + spaces.Replace(`{s}`) + body + spaces.Replace(wholeSuffix))
		rules[i].find = regexp.MustCompile(body)
		rules[i].find.Longest()
	}
}

// apply builds, qualifies and validates the date of one match.
func (r *resolver) apply(ru *rule, input, text string, loc []int) (Date, error) {
	g := groups{ru.whole, text, loc}
	e, f := ru.build(r, g)
	if f == nil && (g.has("apx") || g.has("kapx")) {
		e = e.approximate()
	}
	if f == nil {
		if reason := e.validate(); reason != "" {
			f = &failure{ErrInvalid, reason}
		}
	}
	if f != nil {
		return Date{}, &Error{Input: input, Reason: f.reason, Err: f.err, expr: true}
	}
	return e.date(), nil
}

// commonRules are language-neutral: ISO dates inside text and dotted
// Korean-style dates ("2023. 10. 9.").
var commonRules = []rule{
	{
		name:    "iso",
		hints:   []string{"-"},
		pattern: `(?P<iso>\d{4}-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?[~?%]?)`,
		build: func(_ *resolver, g groups) (expr, *failure) {
			e, reason := parseExpr(strings.ToUpper(g.get("iso")))
			if reason != "" {
				return expr{}, invalid("%s", reason)
			}
			return e, nil
		},
	},
	{
		name:    "dotted",
		hints:   []string{"."},
		pattern: `(?P<y>\d{4})\.{s}(?P<m>\d{1,2})\.{s}(?P<d>\d{1,2})\.?`,
		build: func(_ *resolver, g groups) (expr, *failure) {
			return single(point{year: parseInt(g.get("y")), month: parseInt(g.get("m")), day: parseInt(g.get("d"))}), nil
		},
	},
}

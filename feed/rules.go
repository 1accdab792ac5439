package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"vigil"
)

// Rules matches items against keyword rules. Make one with NewRules; it
// is safe for concurrent use.
type Rules struct {
	rules []rule
}

type rule struct {
	term   string // as written, reported in matches
	needle string // lower case, without the trailing *
	prefix bool   // a trailing * matched any ending
	words  bool   // match whole words (terms without Hangul or Han)
	lang   string
}

// NewRules compiles keyword rules. A term with Hangul or Han characters
// matches as a substring, because Korean words take particles
// (탈북민들이); any other term matches whole words without regard to case,
// and a trailing * lets the last word end in anything (repatriat*).
func NewRules(rs []*vigil.KeywordRule) *Rules {
	out := &Rules{}
	for _, r := range rs {
		term := strings.TrimSpace(r.Term)
		needle := strings.ToLower(strings.TrimSuffix(term, "*"))
		if needle == "" {
			continue
		}
		out.rules = append(out.rules, rule{term: term, needle: needle, prefix: strings.HasSuffix(term, "*"), words: !hasCJK(needle), lang: r.Lang})
	}
	return out
}

func hasCJK(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// Match returns the terms of the rules that an item in lang with title
// and text matches, in rule order. A rule with a language applies only
// to items in it.
func (rs *Rules) Match(lang, title, text string) []string {
	hay := strings.ToLower(title + "\n" + text)
	var out []string
	for _, r := range rs.rules {
		if r.lang != "" && lang != "" && r.lang != lang {
			continue
		}
		if r.matches(hay) {
			out = append(out, r.term)
		}
	}
	return out
}

func (r rule) matches(hay string) bool {
	if !r.words {
		return strings.Contains(hay, r.needle)
	}
	for from := 0; from < len(hay); {
		i := strings.Index(hay[from:], r.needle)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(r.needle)
		before, _ := utf8.DecodeLastRuneInString(hay[:start])
		after, _ := utf8.DecodeRuneInString(hay[end:])
		if (start == 0 || !wordRune(before)) && (r.prefix || end == len(hay) || !wordRune(after)) {
			return true
		}
		from = start + 1
	}
	return false
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ContentHash is the hex SHA-256 of an item's title and text with
// whitespace collapsed: the same story republished under another URL,
// or with different spacing, has the same hash.
func ContentHash(title, text string) string {
	sum := sha256.Sum256([]byte(clean(title) + "\n" + clean(text)))
	return hex.EncodeToString(sum[:])
}

// Package search segments Korean, Chinese and English text into the
// tokens vigil indexes, turns a query into the same tokens, and builds
// highlighted snippets. It is pure: no I/O, no database. Both store
// engines index what Tokens returns and search for what Query returns,
// so they find the same documents.
//
// The segmentation (docs/search.md):
//   - Text is normalized with NFKC (full-width Latin becomes ASCII,
//     decomposed Hangul is composed, CJK compatibility ideographs become
//     unified ones) and lower-cased.
//   - A run of Hangul, or of Han/kana, becomes its overlapping bigrams
//     followed by its last character as a unigram: 탈북민들이 → 탈북 북민 민들
//     들이 이. A two-syllable query word is then one token that finds every
//     compound and inflection containing it (북송 finds 강제북송); a longer
//     one is a phrase of consecutive bigrams; a one-character query is a
//     prefix, which matches every bigram starting with it and the final
//     unigram, so it finds every occurrence too.
//   - Other words (Latin and the rest) are lower-cased and stemmed with
//     a light English stemmer (Stem): repatriated and repatriation both
//     become repatri. A few English function words are dropped.
//   - Digits are kept; commas between digits are dropped (2,600 → 2600).
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxWord bounds the length in runes of one indexed word; longer words
// are cut, so that garbage cannot blow up the index.
const MaxWord = 64

// MaxTerms bounds the number of terms a query keeps.
const MaxTerms = 16

// class is the kind of a character for segmentation.
type class int

const (
	other  class = iota // separator
	hangul              // Hangul syllables and jamo
	han                 // Han ideographs and Japanese kana: bigrams as for Hangul
	word                // letters and digits of other scripts
)

func classOf(r rune) class {
	switch {
	case unicode.Is(unicode.Hangul, r):
		return hangul
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return han
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r):
		return word
	}
	return other
}

// unit is one run of characters of one class in a text, with its rune
// offsets in the original text.
type unit struct {
	cls        class
	text       string // normalized (NFKC, lower case; a word is stemmed later)
	start, end int    // rune offsets in the text it was cut from
	runeMapped bool   // text has exactly one rune per original rune
}

// normalize folds width, composition and case.
func normalize(s string) string {
	return strings.ToLower(norm.NFKC.String(s))
}

// keep drops what normalization may bring into a run that is not a
// letter, digit or mark (NFKC turns ㈜ into (주) and ŀ into l·).
func keep(r rune) rune {
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == '\'' {
		return r
	}
	return -1
}

// units cuts text into runs. Each run is normalized on its own, so rune
// offsets refer to the original text. Apostrophes inside a word join it
// ("china's"), and commas between digits are dropped.
func units(text string) []unit {
	var (
		out   []unit
		rs    = []rune(text)
		start = -1
		cls   = other
		buf   []rune
	)
	flush := func(end int) {
		if start >= 0 && len(buf) > 0 {
			n := strings.Map(keep, normalize(string(buf)))
			if n == "" {
				start, buf = -1, buf[:0]
				return
			}
			out = append(out, unit{cls: cls, text: n, start: start, end: end,
				runeMapped: utf8.RuneCountInString(n) == end-start && len(buf) == end-start})
		}
		start, buf = -1, buf[:0]
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		c := classOf(r)
		// Normalization may change a character's class (full-width
		// letters, compatibility ideographs): classify its NFKC form.
		if c == other && r > unicode.MaxASCII {
			if n := []rune(norm.NFKC.String(string(r))); len(n) == 1 {
				c = classOf(n[0])
			}
		}
		if c == other && start >= 0 && cls == word && i+1 < len(rs) && classOf(rs[i+1]) == word {
			switch {
			case r == '\'' || r == '’':
				buf = append(buf, '\'')
				continue
			case r == ',' && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]):
				continue // 2,600 → 2600; the offsets still cover the comma
			}
		}
		if c != cls || c == other {
			flush(i)
		}
		if c == other {
			cls = other
			continue
		}
		if start < 0 {
			start, cls = i, c
		}
		buf = append(buf, r)
	}
	flush(len(rs))
	return out
}

// wordToken turns a normalized word into its index token: apostrophes
// and a possessive 's go, the word is cut to MaxWord runes and stemmed.
// It returns "" for a stop word.
func wordToken(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.ReplaceAll(w, "'", "")
	if w == "" || stopWords[w] {
		return ""
	}
	if utf8.RuneCountInString(w) > MaxWord {
		w = string([]rune(w)[:MaxWord])
	}
	return Stem(w)
}

// stopWords are English function words left out of the index and of
// queries: they match nearly every English document.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "in": true, "on": true,
	"at": true, "to": true, "for": true, "by": true, "with": true, "from": true, "is": true, "are": true,
	"was": true, "were": true, "be": true, "as": true, "that": true, "this": true, "it": true, "its": true,
}

// bigrams appends the overlapping bigrams of a CJK run and its last
// character as a unigram (the run itself when it has one character).
func bigrams(dst []string, run string) []string {
	rs := []rune(run)
	if len(rs) > MaxWord {
		rs = rs[:MaxWord]
	}
	for i := 0; i+1 < len(rs); i++ {
		dst = append(dst, string(rs[i:i+2]))
	}
	return append(dst, string(rs[len(rs)-1]))
}

// Tokens segments text for the index, in order, repeats included (term
// frequency counts for ranking). Every token is non-empty and holds only
// letters, digits and combining marks, so it survives any tokenizer that
// splits on spaces and ASCII punctuation.
func Tokens(text string) []string {
	var out []string
	for _, u := range units(text) {
		switch u.cls {
		case hangul, han:
			out = bigrams(out, u.text)
		case word:
			if t := wordToken(u.text); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// Term is one word of a query, as index tokens.
type Term struct {
	// Tokens is a phrase: consecutive index tokens that must all occur,
	// in this order and adjacent, for the term to match.
	Tokens []string `json:"tokens"`
	// Prefix is set for a one-character CJK term: it matches every index
	// token that starts with Tokens[0].
	Prefix bool `json:"prefix,omitempty"`
	// Text is the normalized word: the CJK run, or the stem of a word.
	Text string `json:"text"`
	// CJK tells a Hangul or Han term (matched as a substring) from a word
	// (matched by stem).
	CJK bool `json:"cjk,omitempty"`
}

// Query segments a search the way Tokens segments documents. Every term
// must match; repeated terms are dropped; at most MaxTerms are kept.
func Query(text string) []Term {
	var out []Term
	seen := map[string]bool{}
	add := func(t Term) {
		key := strings.Join(t.Tokens, " ")
		if t.Prefix {
			key += "*"
		}
		if seen[key] || len(out) >= MaxTerms {
			return
		}
		seen[key] = true
		out = append(out, t)
	}
	for _, u := range units(text) {
		switch u.cls {
		case hangul, han:
			rs := []rune(u.text)
			if len(rs) > MaxWord {
				rs = rs[:MaxWord]
			}
			run := string(rs)
			if len(rs) == 1 {
				add(Term{Tokens: []string{run}, Prefix: true, Text: run, CJK: true})
				continue
			}
			toks := make([]string, 0, len(rs)-1)
			for i := 0; i+1 < len(rs); i++ {
				toks = append(toks, string(rs[i:i+2]))
			}
			add(Term{Tokens: toks, Text: run, CJK: true})
		case word:
			if t := wordToken(u.text); t != "" {
				add(Term{Tokens: []string{t}, Text: t})
			}
		}
	}
	return out
}

package figure

import (
	"unicode"
	"unicode/utf8"
)

// maxInputRunes bounds the text Parse looks at; a count expression is a
// few words, never a paragraph.
const maxInputRunes = 200

// tokKind is the kind of a token.
type tokKind uint8

const (
	tNum       tokKind = iota // ASCII digits, with ',' groups and one '.'
	tWord                     // ASCII letters, lowercased
	tKo                       // a known Korean lexeme
	tKoUnknown                // Hangul the lexicon does not know
	tSym                      // any other single rune
)

// token is one lexical unit of a figure's text.
type token struct {
	kind tokKind
	text string
	// joined is true when no space separates the token from the one
	// before it: in "어린이만" the 만 is a particle ("only"), in "어린이
	// 만 명" a number.
	joined bool
}

// normRune folds the typographic variants that reporters use for the
// same character: dashes, tildes, full-width digits and punctuation,
// and ASCII capitals.
func normRune(r rune) rune {
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D':
		return '-'
	case '\u223C', '\u301C', '\uFF5E':
		return '~'
	case '\uFF0C':
		return ','
	case '\uFF0E':
		return '.'
	case '\uFF05':
		return '%'
	case '\uFF08':
		return '('
	case '\uFF09':
		return ')'
	case '\uFF0B':
		return '+'
	}
	switch {
	case r >= '\uFF10' && r <= '\uFF19':
		return r - '\uFF10' + '0'
	case r >= '\uFF21' && r <= '\uFF3A':
		return r - '\uFF21' + 'a'
	case r >= '\uFF41' && r <= '\uFF5A':
		return r - '\uFF41' + 'a'
	case r >= 'A' && r <= 'Z':
		return r - 'A' + 'a'
	}
	return r
}

func isDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' }

// isHangul reports whether r is a precomposed Hangul syllable.
func isHangul(r rune) bool { return r >= '\uAC00' && r <= '\uD7A3' }

func isHangulWord(s string) bool {
	for _, r := range s {
		if !isHangul(r) {
			return false
		}
	}
	return s != ""
}

// lex splits normalized text into tokens. Spaces separate tokens and
// are otherwise dropped. A '.' right after a letter ("approx.", "c.")
// and a '.' that ends the text are dropped too.
func lex(s string) []token {
	rs := make([]rune, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		rs = append(rs, normRune(r))
	}
	// Drop a final full stop.
	for len(rs) > 0 && unicode.IsSpace(rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	if len(rs) > 0 && rs[len(rs)-1] == '.' {
		rs = rs[:len(rs)-1]
	}
	var toks []token
	spaced := true
	for i := 0; i < len(rs); {
		r := rs[i]
		n := len(toks)
		switch {
		case unicode.IsSpace(r):
			spaced = true
			i++
			continue
		case isDigit(r):
			j := i + 1
			for j < len(rs) {
				if isDigit(rs[j]) {
					j++
					continue
				}
				if (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1]) {
					j += 2
					continue
				}
				break
			}
			toks = append(toks, token{tNum, string(rs[i:j]), false})
			i = j
		case isLetter(r):
			j := i + 1
			for j < len(rs) && isLetter(rs[j]) {
				j++
			}
			toks = append(toks, token{tWord, string(rs[i:j]), false})
			if j < len(rs) && rs[j] == '.' {
				j++
			}
			i = j
		case isHangul(r):
			j := i + 1
			for j < len(rs) && isHangul(rs[j]) {
				j++
			}
			toks = appendKorean(toks, rs[i:j])
			i = j
		default:
			toks = append(toks, token{tSym, string(r), false})
			i++
		}
		for k := n; k < len(toks); k++ {
			toks[k].joined = k > 0 && (k > n || !spaced)
		}
		spaced = false
	}
	return toks
}

// appendKorean segments a run of Hangul into lexemes, longest match
// first. The rest of a run from the first unknown syllable on is one
// tKoUnknown token.
func appendKorean(toks []token, run []rune) []token {
	for i := 0; i < len(run); {
		n := koMaxRunes
		if n > len(run)-i {
			n = len(run) - i
		}
		for ; n > 0; n-- {
			if koLexicon[string(run[i:i+n])] {
				break
			}
		}
		if n == 0 {
			return append(toks, token{tKoUnknown, string(run[i:]), false})
		}
		toks = append(toks, token{tKo, string(run[i : i+n]), false})
		i += n
	}
	return toks
}

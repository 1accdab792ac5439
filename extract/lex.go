package extract

import (
	"unicode"
	"unicode/utf8"
)

// kind is the kind of a token.
type kind uint8

const (
	kNum    kind = iota + 1 // ASCII digits, with ',' or '.' between digits
	kWord                   // ASCII letters
	kHangul                 // a run of Hangul syllables
	kHan                    // a run of CJK ideographs
	kPunct                  // any other single rune
)

// token is one lexical unit of a text, by byte offsets.
type token struct {
	start, end int32
	kind       kind
	// gap is the whitespace before the token: 0 none, 1 spaces, 2 a line
	// break (or the start of the text).
	gap uint8
	// w indexes words for kWord tokens (0: unknown word).
	w uint16
}

// sentence is a run of tokens [a, b).
type sentence struct{ a, b int }

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isHangul reports whether r is a precomposed Hangul syllable.
func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0xF900 && r <= 0xFAFF
}

// tokenize appends the tokens of text to toks.
func tokenize(text string, toks []token) []token {
	gap := uint8(2)
	var buf [24]byte
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			gap = max(gap, 1)
			i++
			continue
		case c == '\n':
			gap = 2
			i++
			continue
		case isDigit(c):
			j := i + 1
			for j < len(text) {
				if isDigit(text[j]) {
					j++
				} else if (text[j] == ',' || text[j] == '.') && j+1 < len(text) && isDigit(text[j+1]) {
					j += 2
				} else {
					break
				}
			}
			toks = append(toks, token{start: int32(i), end: int32(j), kind: kNum, gap: gap})
			i = j
		case isLetter(c):
			j := i + 1
			for j < len(text) && isLetter(text[j]) {
				j++
			}
			t := token{start: int32(i), end: int32(j), kind: kWord, gap: gap}
			if n := j - i; n <= len(buf) {
				h := uint32(fnvOffset)
				for k := 0; k < n; k++ {
					c := text[i+k] | 0x20
					buf[k] = c
					h = (h ^ uint32(c)) * fnvPrime
				}
				t.w = lookupWord(buf[:n], h)
			}
			toks = append(toks, t)
			i = j
		case c < utf8.RuneSelf:
			toks = append(toks, token{start: int32(i), end: int32(i + 1), kind: kPunct, gap: gap})
			i++
		default:
			r, n := decodeRune(text[i:])
			switch {
			case isHangul(r):
				j := i + n
				for j < len(text) {
					r2, n2 := decodeRune(text[j:])
					if !isHangul(r2) {
						break
					}
					j += n2
				}
				toks = append(toks, token{start: int32(i), end: int32(j), kind: kHangul, gap: gap})
				i = j
			case isHan(r):
				j := i + n
				for j < len(text) {
					r2, n2 := decodeRune(text[j:])
					if !isHan(r2) {
						break
					}
					j += n2
				}
				toks = append(toks, token{start: int32(i), end: int32(j), kind: kHan, gap: gap})
				i = j
			case r == 0x2028 || r == 0x2029:
				gap = 2
				i += n
				continue
			case unicode.IsSpace(r):
				gap = max(gap, 1)
				i += n
				continue
			default:
				toks = append(toks, token{start: int32(i), end: int32(i + n), kind: kPunct, gap: gap})
				i += n
			}
		}
		gap = 0
	}
	return toks
}

// sentences splits toks into sentences: after '.', '!', '?' (and their
// CJK forms) followed by a space, and at line breaks. A full stop after a
// single capital ("N. Koreans") or a known abbreviation does not end a
// sentence; closing quotes and brackets stay with the sentence they end.
func sentences(text string, toks []token, out []sentence) []sentence {
	a := 0
	for i := 0; i < len(toks); i++ {
		if i > a && toks[i].gap == 2 {
			out = append(out, sentence{a, i})
			a = i
		}
		t := toks[i]
		if t.kind != kPunct || !isStop(text[t.start:t.end]) {
			continue
		}
		if i+1 < len(toks) && toks[i+1].gap == 0 && !isCloser(text, toks[i+1]) {
			continue
		}
		if text[t.start] == '.' && i > a {
			p := toks[i-1]
			if p.kind == kWord && t.start == p.end &&
				(p.end-p.start == 1 || words[p.w].flags&fAbbrev != 0) {
				continue
			}
		}
		j := i + 1
		for j < len(toks) && toks[j].gap == 0 && isCloser(text, toks[j]) {
			j++
		}
		out = append(out, sentence{a, j})
		a = j
		i = j - 1
	}
	if a < len(toks) {
		out = append(out, sentence{a, len(toks)})
	}
	return out
}

func isStop(s string) bool {
	switch s {
	case ".", "!", "?", "。", "！", "？", "…":
		return true
	}
	return false
}

func isCloser(text string, t token) bool {
	if t.kind != kPunct {
		return false
	}
	switch text[t.start:t.end] {
	case "\"", "'", ")", "]", "”", "’", "」", "』", "）", ".", "!", "?":
		return true
	}
	return false
}

// DetectLang guesses the language of text from its script: "ko" when
// Hangul syllables make up at least a third of its letters (Korean news
// quotes English acronyms and names freely, and one syllable carries
// more than one Latin letter does), else "en".
// decodeRune is utf8.DecodeRuneInString with the three-byte sequences of
// Hangul and Han read inline.
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 && s[0]&0xF0 == 0xE0 && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		r := rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F)
		if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
			return r, 3
		}
	}
	return utf8.DecodeRuneInString(s)
}

func DetectLang(text string) string {
	hangul, latin := 0, 0
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if isLetter(c) {
				latin++
			}
			i++
			continue
		}
		r, n := decodeRune(text[i:])
		if isHangul(r) {
			hangul++
		}
		i += n
	}
	if hangul > 0 && hangul*2 >= latin {
		return "ko"
	}
	return "en"
}

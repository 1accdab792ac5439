package extract

import (
	"strings"
)

// The Korean count grammar. A Korean count of people carries the
// classifier 명 ("15명", "200여 명", "만 5천 명 정도", "수십 명", "다섯 명")
// or, less often, N여 before a noun for people ("2천여 탈북민"). Without
// either, a number in Korean text counts something else: 년, 월, 일, 세,
// 대, 곳, %, and so on.

// koScan reads a Korean count whose number starts at byte p (a digit or
// the first syllable of a Hangul token). It returns the end of the count
// text (the number, 여, 명 and a trailing qualifier cue) and the end of
// the Hangul run that holds the last part, where the noun phrase goes on.
func koScan(s string, p int) (end, runEnd int, ok bool) {
	q, hangulOnly, ok := koQuantity(s, p)
	if !ok {
		return 0, 0, false
	}
	over := false // N여 was read
	if strings.HasPrefix(s[q:], "여") {
		q += len("여")
		over = true
	}
	r := skipSpace(s, q)
	switch {
	case strings.HasPrefix(s[r:], "명"):
		q = r + len("명")
	case over && r > q && startsWithAny(s[r:], koPeople):
		// "2천여 탈북민": the count ends at 여.
		return q, q, true
	case hangulOnly && r > q && s[p:q] != "한" && prefixOf(s[r:], koPersons) != "":
		// "두 남성", "세 딸": a native numeral before a noun for people
		// ("한 여성" is "a woman", not a count).
		n := prefixOf(s[r:], koPersons)
		if rest := hangulRun(s, r+len(n)); isParticle(rest) || rest == "들" || isParticle(strings.TrimPrefix(rest, "들")) {
			return r + len(n), r + len(n) + len(rest), true
		}
		return 0, 0, false
	default:
		return 0, 0, false
	}
	rest := hangulRun(s, q)
	if hangulOnly && !isParticle(rest) && !startsWithAny(rest, koCueAfter) {
		return 0, 0, false // "천명했다", "세명대"
	}
	if c := prefixOf(rest, koCueAfter); c != "" {
		q += len(c)
		return q, q + len(hangulRun(s, q)), true
	}
	runEnd = q + len(rest)
	next := skipSpace(s, runEnd)
	if next == runEnd {
		return q, runEnd, true
	}
	nextRun := hangulRun(s, next)
	switch rest {
	case "":
		if c := prefixOf(nextRun, koCueAfter); c != "" && isParticle(nextRun[len(c):]) {
			return next + len(c), next + len(nextRun), true
		}
	case "이", "가", "을", "를":
		if c := prefixOf(nextRun, koOver); c != "" {
			return next + len(c), next + len(nextRun), true
		}
	}
	return q, runEnd, true
}

// koQuantity reads the number of a Korean count at p: digits and the
// units 십 백 천 만 억 ("1천76", "만 5천", "2,600"), a range of two such
// numbers ("50-60", "50명~60"), a vague count (수십, 몇백) or a native
// numeral (열다섯, 스무, 세). hangulOnly is true when no digit was read.
func koQuantity(s string, p int) (end int, hangulOnly, ok bool) {
	if v := koVague(s, p); v > p {
		if strings.HasPrefix(s[v:], "만") || strings.HasPrefix(s[v:], "억") {
			return 0, false, false // 수십만: no band for so large a unit
		}
		return v, true, true
	}
	if n := koNative(s, p); n > p {
		return n, true, true
	}
	q, digits, ok := koNumber(s, p)
	if !ok {
		return 0, false, false
	}
	// A range: "50-60", "50~60", "50명~60", "50 내지 60".
	r := q
	if strings.HasPrefix(s[r:], "명") {
		r += len("명")
	}
	r = skipSpace(s, r)
	if c, n := decodeRune(s[r:]); isRangeSep(c) {
		r = skipSpace(s, r+n)
	} else if strings.HasPrefix(s[r:], "내지") {
		r = skipSpace(s, r+len("내지"))
	} else if strings.HasPrefix(s[r:], "에서") && r > q {
		r = skipSpace(s, r+len("에서")) // "50명에서 60명"
		if r == q+len("명에서") || r >= len(s) || !isDigit(s[r]) {
			return q, !digits, true
		}
	} else {
		return q, !digits, true
	}
	if q2, digits2, ok := koNumber(s, r); ok {
		return q2, !digits && !digits2, true
	}
	return q, !digits, true
}

func isRangeSep(r rune) bool {
	switch r {
	case '-', '~', '∼', '〜', '～', '–', '—', '－':
		return true
	}
	return false
}

// koNumber reads digits and Korean units. A space may follow 만 or 억
// ("만 5천"); elsewhere the parts touch.
func koNumber(s string, p int) (end int, digits, ok bool) {
	q := p
	for q < len(s) && q-p < 40 {
		c := s[q]
		if isDigit(c) {
			j := q + 1
			for j < len(s) && (isDigit(s[j]) || (s[j] == ',' || s[j] == '.') && j+1 < len(s) && isDigit(s[j+1])) {
				j++
			}
			q, digits, ok = j, true, true
			continue
		}
		u := koUnit(s[q:])
		if u == "" {
			break
		}
		q += len(u)
		ok = true
		if u == "만" || u == "억" {
			if r := skipSpace(s, q); r > q && r < len(s) && (isDigit(s[r]) || koUnit(s[r:]) != "") {
				q = r
			}
		}
	}
	return q, digits, ok
}

// koUnit returns the Korean number unit s starts with, or "".
func koUnit(s string) string {
	for _, u := range []string{"십", "백", "천", "만", "억"} {
		if strings.HasPrefix(s, u) {
			return u
		}
	}
	return ""
}

// koVague reads 수십, 수백, 수천, 몇십, 몇백, 몇천 at p and returns its end,
// or p.
func koVague(s string, p int) int {
	if !strings.HasPrefix(s[p:], "수") && !strings.HasPrefix(s[p:], "몇") {
		return p
	}
	q := p + len("수")
	for _, u := range []string{"십", "백", "천"} {
		if strings.HasPrefix(s[q:], u) {
			return q + len(u)
		}
	}
	return p
}

// koNative reads a native Korean numeral (열다섯, 스무, 세) at p that is
// followed by 명, with or without a space, and returns its end, or p.
func koNative(s string, p int) int {
	q := nativeEnd(s, p)
	if q == p {
		return p
	}
	if r := skipSpace(s, q); strings.HasPrefix(s[r:], "명") || r > q && prefixOf(s[r:], koPersons) != "" {
		return q
	}
	return p
}

// nativeEnd returns the end of a native numeral at p ("열다섯", "두"),
// or p.
func nativeEnd(s string, p int) int {
	r, _ := decodeRune(s[p:])
	switch r {
	case '열', '스', '서', '마', '쉰', '예', '일', '여', '아', '한', '두', '세', '네', '다':
	default:
		return p
	}
	q := p
	if t := prefixOf(s[q:], koNativeTens); t != "" {
		q += len(t)
	}
	if o := prefixOf(s[q:], koNativeOnes); o != "" {
		q += len(o)
	}
	return q
}

// koCueBeforeAt returns the start of a Korean qualifier word ("약",
// "최소한") that ends, followed by a space, right before token i.
func (x *extractor) koCueBeforeAt(i, lo int) int {
	if i-1 < lo || x.toks[i].gap == 0 {
		return -1
	}
	t := x.toks[i-1]
	if t.kind == kHangul && (i-2 < lo || x.toks[i-1].gap > 0 || x.toks[i-2].kind != kHangul) &&
		koCueBefore[x.text[t.start:t.end]] {
		return int(t.start)
	}
	return -1
}

// isParticle reports whether rest (the Hangul after 명 or a name) is a
// particle or ending that a noun may take.
func isParticle(rest string) bool {
	for _, p := range koParticles {
		if rest == p {
			return true
		}
	}
	return false
}

// hangulRun returns the run of Hangul syllables at the start of s.
func hangulRun(s string, p int) string {
	q := p
	for q < len(s) {
		r, n := decodeRune(s[q:])
		if !isHangul(r) {
			break
		}
		q += n
	}
	return s[p:q]
}

// skipSpace returns the offset of the first non-space byte at or after p
// on the same line.
func skipSpace(s string, p int) int {
	for p < len(s) && (s[p] == ' ' || s[p] == '\t') {
		p++
	}
	return p
}

// prefixOf returns the longest word of list that s starts with, or "".
func prefixOf(s string, list []string) string {
	best := ""
	for _, w := range list {
		if len(w) > len(best) && strings.HasPrefix(s, w) {
			best = w
		}
	}
	return best
}

func startsWithAny(s string, list []string) bool { return prefixOf(s, list) != "" }

// koStartsCount reports whether a Korean count may start at the Hangul
// token text s: a unit (만 5천 명), a vague head (수십) or a native
// numeral.
func koStartsCount(s string) bool {
	r, _ := decodeRune(s)
	switch r {
	case '십', '백', '천', '만', '수', '몇', '열', '스', '서', '마', '쉰', '예', '일', '여', '아',
		'한', '두', '세', '네', '다':
		return true
	}
	return false
}

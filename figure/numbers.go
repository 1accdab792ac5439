package figure

import (
	"strconv"
	"strings"
)

// MaxValue is the largest number of people a figure may state. Anything
// above it is a misreading (a year, a sum of money, a phone number).
const MaxValue = 100_000_000

// literalLimit caps one written number before any unit multiplies it, so
// that arithmetic on int64 cannot overflow.
const literalLimit = 1_000_000_000

// number is one parsed number with how it was written.
type number struct {
	val int64
	// plain is true when the number was written without a unit or scale
	// word ("2", "fifty"); a plain low end of a range may borrow the
	// high end's unit ("2~3천", "two to three hundred").
	plain bool
	// coef (as coefNum/coefDen) and unit are set when the number is
	// written as one numeral followed only by units: "3천" is 3 × 1000,
	// "5천만" 5 × 10⁷, "1.5만" 1.5 × 10⁴, "sixty thousand" 60 × 1000.
	coefNum, coefDen, unit int64
}

// numErr is a reason a written number cannot be read.
type numErr struct {
	kind   error
	reason string
}

func errMalformed(s string) *numErr {
	return &numErr{ErrSyntax, "malformed number " + quote(s)}
}

var (
	errNotWhole = &numErr{ErrSyntax, "not a whole number"}
	errTooLarge = &numErr{ErrOutOfRange, "too large (above " + strconv.Itoa(MaxValue) + ")"}
)

// digitsValue reads "2,600", "1100" or "1.5" as num/den. Comma groups
// must be groups of three.
func digitsValue(s string) (num, den int64, err *numErr) {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && (frac == "" || len(frac) > 3 || strings.ContainsAny(frac, ",.")) {
		return 0, 0, errMalformed(s)
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return 0, 0, errMalformed(s)
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, 0, errMalformed(s)
			}
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return 0, 0, errMalformed(s) // "007" is a code, not a count
	}
	den = 1
	digits := intPart + frac
	for range frac {
		den *= 10
	}
	if len(intPart) == 0 {
		return 0, 0, errMalformed(s)
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, 0, errMalformed(s)
		}
		num = num*10 + int64(r-'0')
		if num/den > literalLimit {
			return 0, 0, errTooLarge
		}
	}
	return num, den, nil
}

// scaled returns num/den × unit when that is whole.
func scaled(num, den, unit int64) (int64, *numErr) {
	v := num * unit
	if v%den != 0 {
		return 0, errNotWhole
	}
	return v / den, nil
}

// parseNumber reads one number at p.pos in any of the notations the
// package knows: digits, digits with Korean units ("1천76", "만 5천"),
// digits with an English scale ("2 thousand", "1.5 million"), English
// words ("two hundred and five", "a dozen"), Sino-Korean numerals with
// units ("삼십") and native Korean numerals ("열다섯"). It reports
// whether a number was read; on false p.pos is unchanged.
func (p *parser) parseNumber() (number, bool, *numErr) {
	if p.pos >= len(p.toks) {
		return number{}, false, nil
	}
	t := p.toks[p.pos]
	switch {
	case t.kind == tWord:
		return p.parseEnglish()
	case t.kind == tKo && (koNativeTens[t.text] != 0 || koNativeOnes[t.text] != 0):
		return p.parseNative()
	case t.kind == tNum || t.kind == tKo:
		return p.parseKorean()
	}
	return number{}, false, nil
}

// parseKorean reads digits and Sino-Korean numerals grouped by the
// units 십, 백, 천 (within a group) and 만, 억 (between groups). Plain
// digits may be followed by one English scale word.
func (p *parser) parseKorean() (number, bool, *numErr) {
	start := p.pos
	if t := p.toks[start]; t.kind == tKo && t.joined && p.ko(start-1) != "" {
		// A numeral glued to a Korean word is a particle or part of
		// the word: the 만 of "어린이만" means "only".
		return number{}, false, nil
	}
	var (
		total, section int64
		pendNum        int64
		pendDen        int64 = 1
		hasPend, sino  bool
		lastSmall      int64 = 10000
		lastBig        int64 = 1 << 40
		units          int
		endsWithUnit   bool
		pends          int   // numerals read
		firstNum       int64 // the numeral read first, if first
		firstDen       int64 = 1
		pendDigits     bool
	)
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		if t.kind == tNum {
			if hasPend {
				break
			}
			num, den, err := digitsValue(t.text)
			if err != nil {
				return number{}, false, err
			}
			pendNum, pendDen, hasPend, sino, pendDigits = num, den, true, false, true
			endsWithUnit = false
			if pends++; p.pos == start {
				firstNum, firstDen = num, den
			}
			p.pos++
			continue
		}
		if t.kind != tKo {
			break
		}
		if d, ok := koSinoDigits[t.text]; ok {
			if hasPend {
				break
			}
			pendNum, pendDen, hasPend, sino, pendDigits = d, 1, true, true, false
			endsWithUnit = false
			if pends++; p.pos == start {
				firstNum = d
			}
			p.pos++
			continue
		}
		if u, ok := koSmallUnits[t.text]; ok {
			if u >= lastSmall {
				break
			}
			coefNum, coefDen := int64(1), int64(1)
			if hasPend {
				if pendNum >= 10*pendDen || pendNum == 0 {
					break
				}
				coefNum, coefDen = pendNum, pendDen
			}
			v, err := scaled(coefNum, coefDen, u)
			if err != nil {
				return number{}, false, err
			}
			section += v
			lastSmall, units = u, units+1
			hasPend, endsWithUnit = false, true
			p.pos++
			continue
		}
		if u, ok := koBigUnits[t.text]; ok {
			if u >= lastBig {
				break
			}
			grpNum, grpDen := section, int64(1)
			if hasPend {
				grpNum, grpDen = section*pendDen+pendNum, pendDen
			} else if section == 0 {
				grpNum = 1
			}
			if grpNum >= 10000*grpDen || grpNum == 0 {
				break
			}
			v, err := scaled(grpNum, grpDen, u)
			if err != nil {
				return number{}, false, err
			}
			total += v
			section, hasPend = 0, false
			lastSmall, lastBig, units = 10000, u, units+1
			endsWithUnit = true
			p.pos++
			continue
		}
		break
	}
	if p.pos == start {
		return number{}, false, nil
	}
	if hasPend && sino && units == 0 {
		// A bare Sino-Korean numeral ("이") is a particle, not a number.
		p.pos = start
		return number{}, false, nil
	}
	if units == 0 && hasPend && pendDigits {
		// Plain digits: maybe an English scale follows.
		n, err := p.englishScale(pendNum, pendDen)
		return n, true, err
	}
	if hasPend {
		if pendDen != 1 {
			return number{}, false, errNotWhole
		}
		if pendNum >= lastSmall {
			return number{}, false, errMalformed(joinTexts(p.toks[start:p.pos]))
		}
		section += pendNum
	}
	n := number{val: total + section, plain: units == 0}
	// "3천", "5천만", "만": one leading numeral (or none) and then only
	// units, so the number is coef × unit.
	if endsWithUnit && (pends == 0 || (pends == 1 && firstNum > 0)) {
		n.coefNum, n.coefDen = max(firstNum, 1), firstDen
		if v := n.val * n.coefDen; v%n.coefNum == 0 {
			n.unit = v / n.coefNum
		}
	}
	if n.val > literalLimit {
		return number{}, false, errTooLarge
	}
	return n, true, nil
}

// englishScale applies an optional English scale word ("thousand",
// "million", "hundred", "dozen") to digits already read.
func (p *parser) englishScale(num, den int64) (number, *numErr) {
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tWord {
		if u, ok := enScales[p.toks[p.pos].text]; ok && num > 0 {
			v, err := scaled(num, den, u)
			if err != nil {
				return number{}, err
			}
			p.pos++
			return number{val: v, coefNum: num, coefDen: den, unit: u}, nil
		}
	}
	if den != 1 {
		return number{}, errNotWhole
	}
	return number{val: num, plain: true}, nil
}

// parseNative reads a native Korean numeral from 1 to 99: an optional
// tens word then an optional ones word ("열다섯", "스무", "세").
func (p *parser) parseNative() (number, bool, *numErr) {
	var v int64
	read := false
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tKo {
		if t := koNativeTens[p.toks[p.pos].text]; t != 0 {
			v, read = t, true
			p.pos++
		}
	}
	if p.pos < len(p.toks) && p.toks[p.pos].kind == tKo {
		if o := koNativeOnes[p.toks[p.pos].text]; o != 0 {
			v, read = v+o, true
			p.pos++
		}
	}
	return number{val: v, plain: true}, read, nil
}

// parseEnglish reads English number words: "seven", "twenty-one",
// "ninety nine", "a hundred", "two hundred and five", "two thousand
// five hundred", "a dozen", "half a dozen", "one million". Digits
// ("2,000", "2 thousand") are read by parseKorean.
func (p *parser) parseEnglish() (number, bool, *numErr) {
	start := p.pos
	word := func(i int) string {
		if i < len(p.toks) && p.toks[i].kind == tWord {
			return p.toks[i].text
		}
		return ""
	}
	sym := func(i int) string {
		if i < len(p.toks) && p.toks[i].kind == tSym {
			return p.toks[i].text
		}
		return ""
	}
	// half a dozen
	if word(p.pos) == "half" && word(p.pos+1) == "a" && word(p.pos+2) == "dozen" {
		p.pos += 3
		return number{val: 6}, true, nil
	}
	var (
		total, group int64
		seen         bool
		lastScale    int64 = 1 << 40
		scales       int
		lastWord     string
		lastCoef     int64
		lastUnit     int64
	)
	if w := word(p.pos); w == "a" || w == "one" {
		if _, ok := enScales[word(p.pos+1)]; ok {
			group, seen = 1, true
			p.pos++
			lastWord = "a"
		}
	}
	for p.pos < len(p.toks) {
		w := word(p.pos)
		if w == "" {
			break
		}
		if o, ok := enOnes[w]; ok {
			sub := group % 100
			switch {
			case lastWord == "a":
				goto done
			case o == 0:
				if seen {
					goto done
				}
			case o >= 10:
				if sub != 0 {
					goto done
				}
			default:
				if sub%10 != 0 || (sub != 0 && sub < 20) {
					goto done
				}
			}
			group += o
			seen, lastWord = true, w
			p.pos++
			if o == 0 {
				break
			}
			continue
		}
		if t, ok := enTens[w]; ok {
			if group%100 != 0 || lastWord == "a" {
				break
			}
			group += t
			seen, lastWord = true, w
			p.pos++
			// twenty-one
			if sym(p.pos) == "-" {
				if o := enOnes[word(p.pos+1)]; o >= 1 && o <= 9 {
					group += o
					lastWord = word(p.pos + 1)
					p.pos += 2
				}
			}
			continue
		}
		if u, ok := enScales[w]; ok {
			if !seen || group == 0 {
				break
			}
			switch u {
			case 100:
				if group > 9 || lastWord == "hundred" {
					goto done
				}
				group *= 100
			case 12:
				group *= 12
				total += group
				group = 0
				lastCoef, lastUnit = 0, 0
				lastWord = w
				p.pos++
				scales++
				goto done
			default:
				if u >= lastScale {
					goto done
				}
				lastCoef = group
				total += group * u
				group = 0
				lastScale = u
			}
			lastUnit = u
			if u == 100 {
				lastCoef = group / 100
			}
			scales++
			lastWord = w
			p.pos++
			continue
		}
		if w == "and" && (lastWord == "hundred" || lastWord == "thousand" || lastWord == "million") {
			next := word(p.pos + 1)
			_, isOne := enOnes[next]
			_, isTen := enTens[next]
			if (isOne && next != "zero") || isTen {
				p.pos++
				lastWord = "and"
				continue
			}
		}
		break
	}
done:
	if !seen {
		p.pos = start
		return number{}, false, nil
	}
	n := number{val: total + group, plain: scales == 0}
	if scales == 1 && (lastWord == "hundred" || lastWord == "thousand" || lastWord == "million") && lastCoef > 0 {
		n.coefNum, n.coefDen, n.unit = lastCoef, 1, lastUnit
	}
	if n.val > literalLimit {
		return number{}, false, errTooLarge
	}
	return n, true, nil
}

// joinTexts rebuilds a readable string from tokens, for messages.
func joinTexts(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && (t.kind == tWord || toks[i-1].kind == tWord) {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestVocabulary checks that every word the package compares tokens with
// is in wordTable: wordText matches by table entry, so a missing word
// would silently never match. Words named by a word ID are checked by
// TestWordIDs (and initWordIDs).
func TestVocabulary(t *testing.T) {
	var want []string
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	next := regexp.MustCompile(`next\(((?:"[a-z]+",? ?)+)\)`)
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range next.FindAllStringSubmatch(string(b), -1) {
			want = append(want, regexp.MustCompile(`"([^"]*)"`).FindAllString(m[1], -1)...)
		}
	}
	for i, w := range want {
		if len(w) > 1 && w[0] == '"' {
			want[i] = w[1 : len(w)-1]
		}
	}
	if len(want) < 5 {
		t.Fatalf("found only %d next calls; has the pattern changed?", len(want))
	}
	for _, cue := range enLeadCues {
		want = append(want, cue...)
	}
	for _, p := range enPerpetrators {
		want = append(want, p...)
	}
	want = append(want, scaleWords...)
	want = append(want, labelWords...)
	for _, w := range want {
		if _, ok := wordTable[w]; !ok {
			t.Errorf("%q is compared with wordText but is not in wordTable", w)
		}
	}
}

// TestWordIDs checks that each word ID is named after its word ("wThe"
// for "the") and holds the word's index in words.
func TestWordIDs(t *testing.T) {
	src, err := os.ReadFile("words.go")
	if err != nil {
		t.Fatal(err)
	}
	pairs := regexp.MustCompile(`\{&(w[A-Za-z]+), "([a-z]+)"\}`).FindAllStringSubmatch(string(src), -1)
	if len(pairs) != len(wordIDs) || len(pairs) < 100 {
		t.Fatalf("found %d word IDs in words.go, want %d", len(pairs), len(wordIDs))
	}
	for _, m := range pairs {
		if want := "w" + strings.ToUpper(m[2][:1]) + m[2][1:]; m[1] != want {
			t.Errorf("word ID %s holds %q; want %s", m[1], m[2], want)
		}
	}
	seen := map[uint16]string{}
	for _, p := range wordIDs {
		if *p.id == 0 || *p.id != wordTable[p.w] || words[*p.id].text != p.w {
			t.Errorf("word ID of %q = %d, want %d", p.w, *p.id, wordTable[p.w])
		}
		if o, ok := seen[*p.id]; ok {
			t.Errorf("%q and %q share word ID %d", o, p.w, *p.id)
		}
		seen[*p.id] = p.w
	}
}

// TestWordHash checks the tokenizer's word table against wordTable, for
// every word and for words it does not hold.
func TestWordHash(t *testing.T) {
	look := func(w string) uint16 {
		h := uint32(fnvOffset)
		for k := 0; k < len(w); k++ {
			h = (h ^ uint32(w[k])) * fnvPrime
		}
		return lookupWord([]byte(w), h)
	}
	for w, i := range wordTable {
		if got := look(w); got != i {
			t.Errorf("lookupWord(%q) = %d, want %d", w, got, i)
		}
	}
	for _, w := range []string{"", "x", "defectorz", "zzzz", "repatriatedd", "koreas"} {
		if got := look(w); got != wordTable[w] {
			t.Errorf("lookupWord(%q) = %d, want %d", w, got, wordTable[w])
		}
	}
}

// TestDecodeRune checks decodeRune against utf8.DecodeRuneInString.
func TestDecodeRune(t *testing.T) {
	for _, s := range []string{"한", "中", "a", "", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbf", "\xea\xb0",
		"\xf0\x9f\x98\x80", "€", "\xe2\x82", "\xe2\x28\xa1", "한국"} {
		r, n := decodeRune(s)
		wr, wn := utf8.DecodeRuneInString(s)
		if r != wr || n != wn {
			t.Errorf("decodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
		}
	}
}

// TestHangulAt checks hangulAt against decodeRune and isHangul for every
// three-byte sequence that starts like a three-byte rune, and at the end
// of a text.
func TestHangulAt(t *testing.T) {
	b := []byte("x...")
	for b0 := 0xE0; b0 <= 0xEF; b0++ {
		for b1 := 0; b1 < 256; b1++ {
			for b2 := 0; b2 < 256; b2++ {
				b[1], b[2], b[3] = byte(b0), byte(b1), byte(b2)
				s := string(b)
				r, _ := decodeRune(s[1:])
				if got, want := hangulAt(s, 1), isHangul(r); got != want {
					t.Fatalf("hangulAt(% x) = %v, want %v", s[1:], got, want)
				}
				if hangulAt(s[:3], 1) {
					t.Fatalf("hangulAt(% x) reads past the end", s[1:3])
				}
			}
		}
	}
}

// TestSentLang checks that the language counted from a sentence's tokens
// is DetectLang of its text.
func TestSentLang(t *testing.T) {
	texts := []string{"", "a", "한", "탈북민 15명이 북송됐다.", "About 200 North Koreans 북송", "RFA는 a b c d 한국",
		"ab 한", "abc 한", "\xed\x9e\xa3\xed\x9e\xa4 x", "中國 공안 police", "한\xea\xb0 abc"}
	for _, c := range extractCases {
		texts = append(texts, c.text)
	}
	for _, text := range texts {
		checkSentLang(t, text)
	}
}

func checkSentLang(t *testing.T, text string) {
	x := &extractor{text: text, toks: tokenize(text, nil)}
	for _, s := range sentences(text, x.toks, nil) {
		want := DetectLang(text[x.toks[s.a].start:x.toks[s.b-1].end])
		if got := x.sentLang(s); got != want {
			t.Errorf("sentLang(%q) = %s, want DetectLang's %s", text[x.toks[s.a].start:x.toks[s.b-1].end], got, want)
		}
	}
}

// TestMatchToks checks the tokens the gazetteer records for each name
// against a search of the tokens by byte offset.
func TestMatchToks(t *testing.T) {
	n := 0
	for _, c := range extractCases {
		x := &extractor{text: c.text, toks: tokenize(c.text, nil)}
		ms := DefaultGazetteer().match(x, 0, len(x.toks), nil)
		if len(ms) != len(x.matchToks) {
			t.Fatalf("%q: %d matches, %d token pairs", c.text, len(ms), len(x.matchToks))
		}
		at := func(pos int) int {
			return sort.Search(len(x.toks), func(i int) bool { return int(x.toks[i].end) > pos })
		}
		for k, m := range ms {
			if got, want := x.matchToks[k], [2]int{at(m.Start), at(m.End - 1)}; got != want {
				t.Errorf("%q: %q on tokens %v, want %v", c.text, m.Text, got, want)
			}
			n++
		}
	}
	if n < 20 {
		t.Fatalf("only %d place names in the test sentences", n)
	}
}

package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"
)

// TestVocabulary checks that every word the package compares tokens with
// is in wordTable: wordIs matches by table entry, so a missing word would
// silently never match.
func TestVocabulary(t *testing.T) {
	var want []string
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	next := regexp.MustCompile(`next\(((?:"[a-z]+",? ?)+)\)`)
	lit := regexp.MustCompile(`wordIs\([^,()]*(?:\([^()]*\))?[^,()]*, "([^"]*)"\)`)
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			want = append(want, m[1])
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
	if len(want) < 100 {
		t.Fatalf("found only %d wordIs calls; has the pattern changed?", len(want))
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
			t.Errorf("%q is compared with wordIs but is not in wordTable", w)
		}
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

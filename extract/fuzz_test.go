package extract

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzExtract checks that Extract never panics, that every span lies in
// the text on rune boundaries with text[Start:End] == CountText, that
// every claim's figure is valid, and that the result is deterministic.
func FuzzExtract(f *testing.F) {
	for _, c := range extractCases {
		f.Add(c.text, c.published)
	}
	for _, s := range []string{"", "600", "명", "50-", "-60명", "수십만 명", "between 5 and", "2023년 1월 32일",
		"지난해와", "\xff\xfe명", "1,2,3명", "9999999999999명", "a dozen dozen", "N.", "(38)", "Jan. 5 50 people"} {
		f.Add(s, "2024-05-20")
	}
	f.Fuzz(func(t *testing.T, text, published string) {
		opt := Options{}
		if ref, given, err := PublishedDate(published); err == nil {
			opt.Published, opt.PublishedEDTF = ref, given
		}
		got := Extract(text, opt)
		for _, c := range got {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("span %d:%d out of %d bytes", c.Start, c.End, len(text))
			}
			if text[c.Start:c.End] != c.CountText {
				t.Fatalf("text[%d:%d] = %q, CountText %q", c.Start, c.End, text[c.Start:c.End], c.CountText)
			}
			if utf8.ValidString(text) && !utf8.ValidString(c.CountText) {
				t.Fatalf("span %d:%d splits a rune: %q", c.Start, c.End, c.CountText)
			}
			if err := c.Figure.Validate(); err != nil {
				t.Fatalf("claim %q: %v", c.CountText, err)
			}
			switch c.Event {
			case "arrest", "detention", "repatriation", "release", "at_risk", "other":
			default:
				t.Fatalf("claim %q: event %q", c.CountText, c.Event)
			}
		}
		if again := Extract(text, opt); !reflect.DeepEqual(got, again) {
			t.Fatalf("not deterministic:\n%+v\n%+v", got, again)
		}
	})
}

package extract

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"vigil/figure"
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

// TestLongInputs guards against quadratic work: a text without sentence
// breaks, with thousands of counts, dates and triggers, must take about
// as long per byte as prose does.
func TestLongInputs(t *testing.T) {
	cases := []struct{ name, unit string }{
		{"korean counts", "탈북민 1명, 지난 9일 중국에서 체포 "},
		{"english counts", "about 5 people were arrested in China on May 2, "},
		{"digits", "1 "},
		{"hangul run", "명"},
		{"comma list", "5명,"},
		{"units", "1천"},
	}
	opt := mustPublished(t, "2024-05-20")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Repeat(c.unit, 100_000/len(c.unit))
			start := time.Now()
			Extract(text, opt)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Extract of %d bytes took %v", len(text), d)
			}
		})
	}
}

// TestParseFigureAgrees checks the fast path of parseFigure against
// figure.Parse.
func TestParseFigureAgrees(t *testing.T) {
	for _, s := range []string{"15", "15명", "1,100", "1,100명", "2000", "0", "007", "1,10", "1,1000",
		",100", "100,", "99999999999", "100000000", "100000001", "15 명", "명", "", "1.5", "12,345,678명",
		"about 200", "About 200", "ABOUT 200", "more than 40", "More than 2,000", "at least 406",
		"At Least 406", "some 600", "Some 600", "nearly 600", "up to 100", "as many as 600",
		"an estimated 80", "An estimated 80", "over 1100", "Over 2,600", "no fewer than 15",
		"about  200", "about 0", "about 0명", "약 300명", "약 200여 명", "최소 300여 명", "최소한 1076명",
		"200여 명", "200여명", "2,000여 명", "60명 정도", "20명가량", "200명 이상", "50명 넘게",
		"100명 남짓", "30명 가까이", "10명 미만", "약 200명 정도", "최소 28명 이상", "200여 명 정도",
		"200여 명 이상", "거의 600명", "최대 500명", "200명  정도", "200명 정도가", "about 200명",
		"약 200", "fewer than 50", "under 18", "around 90 ", " around 90", "200 여 명", "0명", "0여 명",
		"about 99999999999", "약 100000001명", "12,34명", "about 1,00", "Fifteen", "fifteen", "FIFTEEN",
		"two", "Two", "twenty", "one", "dozens", "Dozens", "hundreds", "Hundreds", "thousands",
		"수십 명", "수백 명", "수천 명", "수십명", "수십  명", "50-60", "50-60명", "50~60명", "60-50",
		"50-50", "50-", "-50", "50-60 명", "1,000-2,000", "50~60", "50--60", "about 50-60", "50-060",
		"두 명", "세 명", "한 명", "열 명", "열두 명", "스무 명", "다섯 명", "두명", "2천여 명", "1천여 명",
		"2천 명", "1천76명", "3만 4천여 명", "2만 명", "최대 2천 명", "약 2천 명", "1만5천 명", "만 5천 명",
		"1천 76명", "2천5백 명", "2천500명", "3만4천명", "12천 명", "0천 명", "1천1천명", "5백명", "1만 명 이상",
		"200명이 넘는", "200명을 넘는", "200명이 넘게", "500∼600명", "500～600명", "500∼ 600명",
		"2,000천 명", "10000만 명", "9999만 9999명", "Two dozen", "two dozen", "a dozen", "A dozen",
		"half a dozen", "Half a dozen", "At least a dozen", "Some 50-60", "some 50-60명", "about 50~60",
		"Between 40 and 50", "between 40 and 50", "between 50 and 40", "between 40 and 50 and 60",
		"between 40  and 50", "Between 1,000 and 2,000", "between 0 and 5", "2천  명", "15 명", "2천 명 정도",
		"약 50-60명", "Some 50-", "nearly 50-60", "수십 명 정도", "열두 명", "두 명 이상"} {
		t.Run(s, func(t *testing.T) { checkParseFigure(t, s) })
	}
}

// FuzzParseFigure checks parseFigure against figure.Parse on any text.
func FuzzParseFigure(f *testing.F) {
	for _, s := range []string{"15", "1,100명", "007", "1,10", "about 200", "약 200여 명", "60명 정도", "More than 40", "2천여 명", "3만 4천여 명", "두 명", "500∼600명", "1천76명", "Some 50-60", "between 40 and 50", "Two dozen"} {
		f.Add(s)
	}
	f.Fuzz(checkParseFigure)
}

func checkParseFigure(t *testing.T, s string) {
	got, gerr := parseFigure(s)
	want, werr := figure.Parse(s)
	if (gerr == nil) != (werr == nil) || gerr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("parseFigure(%q) = %+v, %v; figure.Parse = %+v, %v", s, got, gerr, want, werr)
	}
}

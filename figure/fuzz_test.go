package figure

import (
	"encoding/json"
	"testing"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// is consistent: the figure validates, has an interval under the default
// policy with low ≤ best ≤ high where bounded, parses the same from its
// own Text, and survives a JSON round trip.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"15", "seven", "Ten", "15명", "2천 명", "some 600", "about 200",
		"an estimated 2,500", "약 30명", "200명 정도", "200-odd", "200-plus",
		"200여 명", "800여명", "more than 60", "70명 넘게", "100명 이상",
		"at least 406", "최소한 1천76명", "up to 200", "nearly 600", "최대 200명",
		"50-60", "50–60", "between 50 and 60", "50~60명", "2~3천 명",
		"dozens", "hundreds of people", "수십 명", "몇백 명", "만 5천 명 정도",
		"1만 2천", "two hundred and five", "a dozen", "half a dozen",
		"fewer than 10", "1.5 million", "열다섯 명", "십수 명", "(38)",
		"10~20%", "3년", "버스 3대", "-5", "60-50", "200000000", "1,00",
		"several", "소수의", "tens of thousands", "about two hundred and",
		"탈북민이 12명", "15명만", "어린이만", "200명이 넘는", "약 200여 명",
		"50명에서 60명", "삼백오십 명", "스물세 명", "1.5만 명", "007",
		"21 women and children", "between fifty and sixty thousand",
	} {
		f.Add(s)
	}
	p := DefaultPolicy()
	f.Fuzz(func(t *testing.T, text string) {
		fig, err := Parse(text)
		fig2, err2 := Parse(text)
		if (err == nil) != (err2 == nil) || (err == nil && !sameFigure(fig, fig2)) ||
			(err != nil && err.Error() != err2.Error()) {
			t.Fatalf("Parse(%q) is not deterministic", text)
		}
		if err != nil {
			return
		}
		if err := fig.Validate(); err != nil {
			t.Fatalf("Parse(%q) = %s fails Validate: %v", text, show(fig), err)
		}
		iv, err := p.Interval(fig)
		if err != nil {
			t.Fatalf("Parse(%q) = %s has no interval: %v", text, show(fig), err)
		}
		if iv.Low != nil && *iv.Low > iv.Best {
			t.Fatalf("Parse(%q) = %s: interval %s has low > best", text, show(fig), showInterval(iv))
		}
		if iv.High != nil && iv.Best > *iv.High {
			t.Fatalf("Parse(%q) = %s: interval %s has best > high", text, show(fig), showInterval(iv))
		}
		again, err := Parse(fig.Text)
		if err != nil || !sameFigure(fig, again) {
			t.Fatalf("Parse(%q) = %s but Parse(Text %q) = %s, %v", text, show(fig), fig.Text, show(again), err)
		}
		b, err := json.Marshal(fig)
		if err != nil {
			t.Fatal(err)
		}
		var back Figure
		if err := json.Unmarshal(b, &back); err != nil || !sameFigure(fig, back) {
			t.Fatalf("JSON round trip of %s gave %s, %v", show(fig), show(back), err)
		}
	})
}

func sameFigure(a, b Figure) bool { return a.Text == b.Text && sameNumbers(a, b) }

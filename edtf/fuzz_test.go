package edtf

import (
	"testing"
	"time"
)

// checkDate checks the invariants every Date from Parse or Resolve holds.
func checkDate(t *testing.T, input string, d Date) {
	t.Helper()
	again, err := Parse(d.String())
	if err != nil {
		t.Fatalf("%q gave %q, which does not parse: %v", input, d.String(), err)
	}
	if again != d {
		t.Fatalf("%q gave %+v, but its EDTF re-parses to %+v", input, d, again)
	}
	for _, b := range []string{d.Earliest, d.Latest} {
		if _, ok := parseDay(b); b != "" && !ok {
			t.Fatalf("%q gave bound %q, not a valid day", input, b)
		}
	}
	if d.Earliest != "" && d.Latest != "" && d.Latest < d.Earliest {
		t.Fatalf("%q gave earliest %s after latest %s", input, d.Earliest, d.Latest)
	}
	if d.Earliest == "" && d.Latest == "" {
		t.Fatalf("%q gave a date with no bounds: %+v", input, d)
	}
	if d.Earliest != "" && !d.Contains(d.Earliest) || d.Latest != "" && !d.Contains(d.Latest) {
		t.Fatalf("%q: %+v does not contain its own bounds", input, d)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2024-04-26", "2024-04", "2024", "2024-04-26~", "2024-04-26?", "2024-04-26%",
		"2024-04~", "2024?", "2024-04-XX", "2024-XX-XX", "202X", "20XX", "2024-04-xx",
		"2023-10-09/2024-05-06", "2023-10-09/..", "../2024-05-06", "2023-10-09/", "/2024-05-06",
		"2023/2024", "2024-04~/2024-05", "2023-02-29", "2024-02-29", "2024-13-01", "2024-21",
		"../..", "/", "2024-04-26?~", "-2024", "Y170000002", "2024-04-26T10:00", " 2024 / 2025 ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("Parse(%q) failed but returned %+v", s, d)
			}
			_ = err.Error()
			return
		}
		checkDate(t, s, d)
		_ = d.Precision()
		_, _ = d.Start(), d.End()
	})
}

func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"지난 9일", "9일", "지난달", "지난 달 26일", "지난해 10월", "작년 10월", "올해 3월", "이번 달",
		"지난주", "지난 주 목요일", "어제", "그저께", "오늘", "4월 26일", "2023년 10월 9일", "2023년",
		"4월 26일경", "4월 하순", "올해 초", "최근", "3일 전", "이틀 전", "2023. 10. 9.",
		"around April 26", "on or about April 26", "April 26, 2024", "26 April", "last week",
		"in October", "mid-April", "late last year", "on Thursday", "the 13th", "recently",
		"three days ago", "2023-10-09/..", "2024-13-01", "next blue moon", "",
	} {
		f.Add(s, int64(1716163200)) // 2024-05-20
	}
	f.Fuzz(func(t *testing.T, s string, sec int64) {
		// Keep the reference within years 0001-9999.
		const lo, hi = -62135596800, 253402300799
		if sec < lo || sec > hi {
			sec = lo + (sec%(hi-lo)+(hi-lo))%(hi-lo)
		}
		ref := time.Unix(sec, 0).UTC()
		d, err := Resolve(s, ref)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("Resolve(%q) failed but returned %+v", s, d)
			}
			_ = err.Error()
		} else {
			checkDate(t, s, d)
		}
		for _, m := range Recognize(s, ref) {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Text {
				t.Fatalf("Recognize(%q): bad span %+v", s, m)
			}
			if m.Err == nil {
				checkDate(t, m.Text, m.Date)
			}
		}
	})
}

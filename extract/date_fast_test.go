package extract

import (
	"strings"
	"testing"
	"time"

	"vigil/edtf"
)

// TestFastResolveAgrees checks fastResolve against edtf.Resolve: on every
// expression it answers, over reference days that cross month and year
// ends and leap days, it must give edtf's answer.
func TestFastResolveAgrees(t *testing.T) {
	exprs := []string{
		"9일", "1일", "29일", "30일", "31일", "지난 9일", "지난 31일", "오는 9일",
		"4월 26일", "2월 29일", "12월 30일", "1월 2일", "지난 4월 26일", "지난 12월 31일",
		"10월", "1월", "12월", "지난 10월", "지난 5월", "2023년", "2023년 10월", "2024년 2월 29일",
		"2023년 2월 29일", "2023년 13월", "지난해", "작년", "올해", "재작년", "내년", "금년",
		"지난해 10월", "올해 3월", "지난해 2월 29일", "작년 12월 31일", "지난달", "이달",
		"지난달 26일", "지난달 31일", "이달 1일",
		"October 9", "Oct. 9", "March 24th", "April 1st", "May 2nd", "June 3rd", "April 26, 2024",
		"26 April", "26 April 2024", "31 February", "October 2023", "last October", "last May",
		"October", "December", "2023", "1999", "last month", "this month", "last year", "this year",
		"February 29", "December 30", "January 2",
	}
	var refs []time.Time
	for _, day := range []string{"2024-05-20", "2024-01-01", "2024-01-05", "2023-12-31", "2024-02-29",
		"2023-03-01", "2024-03-30", "2024-03-31", "2024-12-26", "2023-10-09", "2025-07-31", "2024-06-01"} {
		ref, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	refs = append(refs, time.Time{})
	answered := 0
	for _, ref := range refs {
		for _, e := range exprs {
			got, ok := fastResolve(e, ref)
			if !ok {
				continue
			}
			answered++
			want := ""
			if d, err := edtf.Resolve(e, ref); err == nil {
				want = d.EDTF
			}
			if got != want {
				t.Errorf("fastResolve(%q, %s) = %q, edtf.Resolve = %q", e, ref.Format(time.DateOnly), got, want)
			}
		}
	}
	if answered < len(exprs)*len(refs)/2 {
		t.Errorf("fastResolve answered only %d of %d", answered, len(exprs)*len(refs))
	}
}

// TestOneSpaced checks oneSpaced against strings.Fields and Join.
func TestOneSpaced(t *testing.T) {
	for _, s := range []string{"", "a", "October 9", "October  9", " October 9", "October 9 ", "April\t26, 2024",
		"April\n26", "a\u00a0b", "a\u3000b", "a b c", "a\x01b", "지난 9일", "x\u0085y", "a  ", "  "} {
		if got, want := oneSpaced(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneSpaced(%q) = %q, want %q", s, got, want)
		}
	}
}

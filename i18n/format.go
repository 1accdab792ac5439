package i18n

import (
	"strconv"
	"strings"
	"time"

	"vigil/edtf"
	"vigil/figure"
)

// Int formats n with thousands separators; Korean and English both group
// by three with commas.
func Int(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

var enMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// Day formats a YYYY-MM-DD day: "26 April 2024" or "2024년 4월 26일".
func Day(lang, day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	if lang == "ko" {
		return strconv.Itoa(t.Year()) + "년 " + strconv.Itoa(int(t.Month())) + "월 " + strconv.Itoa(t.Day()) + "일"
	}
	return strconv.Itoa(t.Day()) + " " + enMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Month formats a YYYY-MM month: "April 2024" or "2024년 4월".
func Month(lang, month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	if lang == "ko" {
		return strconv.Itoa(t.Year()) + "년 " + strconv.Itoa(int(t.Month())) + "월"
	}
	return enMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Date formats an EDTF date for reading: "around 26 April 2024",
// "2024년 4월 26일경", "April 2024", "9 October 2023 – 6 May 2024".
func Date(lang, s string) string {
	if s == "" {
		return ""
	}
	d, err := edtf.Parse(s)
	if err != nil {
		return s
	}
	if d.IsInterval() {
		a, b := Date(lang, d.Start().EDTF), Date(lang, d.End().EDTF)
		if a == "" {
			a = "…"
		}
		if b == "" {
			b = "…"
		}
		return a + " – " + b
	}
	var out string
	switch d.Precision() {
	case edtf.PrecisionDay:
		out = Day(lang, d.Earliest)
	case edtf.PrecisionMonth:
		out = Month(lang, d.Earliest[:7])
	case edtf.PrecisionYear:
		out = d.Earliest[:4]
		if lang == "ko" {
			out += "년"
		}
	default:
		return d.EDTF
	}
	switch {
	case d.Approximate() && lang == "ko":
		out += "경"
	case d.Approximate():
		out = "around " + out
	}
	if d.Uncertain() {
		out += "?"
	}
	return out
}

// Interval formats a figure interval as "540–600–660", with "?" for an
// unknown low and "…" for an unbounded high.
func Interval(lang string, iv *figure.Interval) string {
	if iv == nil {
		return "—"
	}
	low, high := "?", "…"
	if iv.Low != nil {
		low = Int(lang, *iv.Low)
	}
	if iv.High != nil {
		high = Int(lang, *iv.High)
	}
	return low + "–" + Int(lang, iv.Best) + "–" + high
}

// MonthAbbr formats the month of a YYYY-MM month for an axis tick:
// "Apr" or "4월".
func MonthAbbr(lang, month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	if lang == "ko" {
		return strconv.Itoa(int(t.Month())) + "월"
	}
	return enMonths[t.Month()-1][:3]
}

// Year formats the year of a YYYY-MM month: "2024" or "2024년".
func Year(lang, month string) string {
	if len(month) < 4 {
		return month
	}
	if lang == "ko" {
		return month[:4] + "년"
	}
	return month[:4]
}

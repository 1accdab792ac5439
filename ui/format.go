package ui

import (
	"time"

	"vigil"
	"vigil/figure"
	"vigil/i18n"
)

// dateText humanizes an EDTF date, "" staying "".
func dateText(l, edtf string) string {
	if edtf == "" {
		return ""
	}
	return i18n.Date(l, edtf)
}

// intervalText is an incident's figure as low–best–high.
func intervalText(l string, i *vigil.Incident) string {
	return i18n.Interval(l, i.Figure)
}

// intervalOf is a figure interval as low–best–high.
func intervalOf(l string, iv *figure.Interval) string {
	return i18n.Interval(l, iv)
}

// timeText formats a UTC instant: "20 May 2024, 09:30 UTC" or
// "2024년 5월 20일 09:30 UTC".
func timeText(l string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if l == "ko" {
		return i18n.Day(l, t.Format(time.DateOnly)) + " " + t.Format("15:04") + " UTC"
	}
	return i18n.Day(l, t.Format(time.DateOnly)) + ", " + t.Format("15:04") + " UTC"
}

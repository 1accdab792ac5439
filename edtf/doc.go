// Package edtf parses, validates and normalizes the subset of the Extended
// Date/Time Format (ISO 8601-2, levels 0 and 1) that vigil uses, and
// resolves relative Korean and English date expressions against a
// reference date (the source's publication day). It is pure: no I/O.
//
// # The subset
//
//   - Days, months and years: 2024-04-26, 2024-04, 2024.
//   - Qualifiers on the whole date: approximate 2024-04-26~, uncertain
//     2024-04-26?, both 2024-04-26%; also on months and years (2024-04~,
//     2024?). Qualifiers on one component (2024?-04, level 2) are rejected.
//   - Unspecified digits (level 1): 2024-04-XX, 2024-XX-XX, 202X, 20XX. A
//     lower-case x is accepted and normalized to X. At most two year digits
//     may be unspecified, and only the rightmost ones; a year with X digits
//     takes no month.
//   - Intervals: 2023-10-09/2024-05-06, open ends 2023-10-09/.. and
//     ../2024-05-06, unknown ends 2023-10-09/ and /2024-05-06, and ends of
//     any precision or qualifier (2023/2024, 2024-04~/2024-05).
//
// Seasons (months 21-24) and the other level 2 sub-year groupings (25-41),
// times of day, negative years, years beyond 9999, sets and per-component
// qualifiers are rejected with a message that says so.
//
// # Bounds
//
// Every Date carries Earliest and Latest, the earliest and latest possible
// day ("YYYY-MM-DD"), which are UCDP's date_start and date_end: 2024-04
// spans 2024-04-01..2024-04-30, 2024 spans the year, 202X spans
// 2020-01-01..2029-12-31, and an interval spans its start's earliest day to
// its end's latest day. An open (..) or unknown (empty) end leaves that
// bound empty, and JSON encodes an empty bound as null.
//
// Approximation (~) and uncertainty (?) are qualifiers: they do not widen
// the bounds. 2024-04-26~ has Earliest = Latest = 2024-04-26. How far
// "around" reaches is a policy question that belongs to whoever queries the
// bounds, not to the parser; widening here would silently mix that policy
// into stored data.
//
// # Why not sfomuseum/go-edtf
//
// sfomuseum/go-edtf (v1.3.0) misreads 2024-04-26~, 2023-10-09/.. and
// 2024-04-XX through its top-level parser, reporting them as seasons. Its
// level-1 functions work, but the subset vigil needs is small enough that a
// fuzzed parser of our own is easier to trust than a library whose entry
// point gets our most common forms wrong.
//
// # Resolving relative expressions
//
// Resolve turns "지난 9일", "지난해 10월", "around April 26" or "last week"
// into an EDTF Date, and Recognize finds such expressions inside a sentence
// with byte offsets. Both share one table of recognizers. The decisions
// they encode:
//
//   - A day of the month alone ("9일", "지난 9일", "the 13th") is the latest
//     such day on or before the reference day: if the day is after the
//     reference day it is in the previous month, and a month without that
//     day is skipped ("지난 30일" on 2024-03-02 is 2024-01-30).
//   - A month and day without a year ("4월 26일", "April 26") take the
//     latest year that puts the day no more than seven days after the
//     reference day, so a source may announce something a few days ahead,
//     but "December 30" in a January article is last year's. With "지난"
//     the day must be on or before the reference day; with "오는", on or
//     after it.
//   - A month alone ("10월", "in October") is the latest such month not
//     after the reference month; "지난 10월" and "last October" must be
//     before it.
//   - A weekday ("on Thursday", "목요일") is the latest such day on or
//     before the reference day; "지난 목요일"/"last Thursday" strictly before.
//   - Weeks run Monday to Sunday: "지난주"/"last week" is an interval, and
//     "이번 주"/"this week" is the whole week even past the reference day.
//   - "Around", "about", "approximately", "circa", "c.", "on or about" and
//     the Korean suffixes 경, 께, 쯤, 무렵, 즈음 and 전후 add ~ to the date.
//   - "Early", "mid" and "late" (초, 말, 초반, 중반, 후반) keep the whole
//     period and add ~: "early April" is 2024-04~ (bounds 04-01..04-30).
//     The text gives no bounds narrower than the month, and bounds that
//     are too narrow would exclude the true date from searches. The Korean
//     terms 상순/초순, 중순 and 하순 have a fixed meaning (days 1-10, 11-20,
//     21-end) and become intervals: "4월 하순" is 2024-04-21/2024-04-30.
//   - "최근", "요즘", "recently", "lately", "a few days ago" name no date:
//     Resolve returns an error that matches ErrNoDate, so a caller can tell
//     "understood, but dateless" from "not understood" (ErrUnrecognized).
//   - "N days ago"/"N일 전" is that day; weeks ago is that day with ~;
//     months and years ago are that month or year with ~.
//
// Recognize skips forms that are too ambiguous inside a sentence (a bare
// "May", a bare year, "the 13th" without "on"), durations ("3일간") and
// Korean suffixes that start another word ("9일 경찰"). It is a best
// effort; Resolve is the contract.
//
// The reference date's calendar day is taken in its own location. Absolute
// expressions ("2023년 10월 9일", "April 26, 2024") need no reference;
// relative ones fail when ref is the zero time.
package edtf

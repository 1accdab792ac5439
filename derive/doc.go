// Package derive computes what vigil shows about incidents from the claims
// behind them: the derived figure and date, conflicts between claims,
// corroboration, and the honest totals over a set of incidents
// (DOMAIN.md §1 and §2). It is pure: no I/O, no clock, and its output does
// not depend on the order of its input. docs/derivation.md states the same
// rules for readers who do not read Go.
//
// # Incident derivation
//
// [Incident] derives an incident's figure from its claims:
//
//   - The preferred claim is the one with the best (lowest) credibility
//     grade (1 confirmed … 5 improbable, 6 cannot be judged; a grade outside
//     1–6 ranks as 6), then the best source reliability (A … F; an empty or
//     unknown letter ranks as F), then the most corroborated figure (the
//     most other claims whose intervals overlap it), then the latest
//     publication day (an empty day ranks as oldest), then the lowest
//     claim id.
//   - The incident figure is the preferred claim's interval; with no claims
//     there is no figure and the basis is [vigil.BasisNone].
//   - Two claims conflict when their intervals do not overlap (see
//     [Overlap]); every such pair is listed, lower id first, pairs in
//     ascending order.
//   - Corroboration is the number of distinct non-empty origins among the
//     claims (the source's relayed_from, else its publisher, case- and
//     space-folded): two sources relaying one origin count once, however
//     many URLs carry it.
//   - The date (EDTF value and bounds) is the preferred claim's; when that
//     claim has no date, it is the date of the best-ranked claim that has
//     one.
//   - The rationale says all of this in English and cites claim ids.
//
// # Totals
//
// [Tally] sums incidents, never claims. Rows are grouped by event type, so
// that a same_cohort chain counts once per event type and a part_of
// ancestor only hides a child of the same event type. Three exclusions are
// applied in order, each to the rows the previous one left:
//
//  1. a row without a figure is excluded as "no figure";
//  2. a row with a part_of ancestor among the remaining rows is excluded as
//     "part_of N", N being the nearest such ancestor; when the ancestors
//     are outside the selection (or have no figure) the child counts;
//  3. a same_cohort chain is one group of people and counts once: a row
//     excluded by part_of counts inside its whole (its farthest present
//     ancestor), so the rows left that are joined by chains, directly or
//     through such rows, form one group; in it a whole that holds a member
//     of a chain of two or more rows counts, else the row with the
//     earliest DateStart (an empty DateStart comes after every known day;
//     ties go to the lowest id), and the others are excluded as
//     "same_cohort N", N being the counted row. So a child's people are
//     never counted both in its parent and through another report of the
//     same chain.
//
// The total's low is the sum of lows, an unknown low counting as 0 and
// marking the total low_incomplete with the incidents that made it so; best
// is the sum of bests; high is null as soon as one high is unbounded, and
// the total then lists the unbounded incidents. Monthly totals bucket the
// counted rows by the calendar month of DateStart; a row without a usable
// DateStart counts in the overall total but in no month, so the months may
// sum to less than the total. Sums saturate at the largest int instead of
// wrapping around.
package derive

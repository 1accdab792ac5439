package store

import (
	"context"
	"fmt"
	"slices"

	"vigil"
	"vigil/derive"
)

// viewIncidents adapts incidents read for a reader below restricted
// clearance to what that reader may learn. The stored structure and
// derived values come from every link and every claim; a reader who
// cannot see some of them would learn that they exist (and their ids,
// counts and grades) from:
//
//   - parent_id and cohort_id: recomputed from the links the reader sees
//     (structure.go: the links of the page's chains);
//   - claim_count, corroboration, conflict, preferred_claim_id and the
//     derived figure_rationale: recomputed from the claims the reader
//     sees, when a claim of the incident or a claim's source is hidden
//     (viewEvidence).
//
// The figure itself (low, best, high), its basis and a derived date stay
// as stored: they are the organization's finding about the incident,
// which public totals add up, even when they rest on evidence the reader
// cannot see (docs/privacy.md, "What a reader learns from derived
// values").
func viewIncidents(ctx context.Context, t *txn, recs []*vigil.Incident) error {
	if t.clearance() >= rankAll {
		return nil
	}
	ids := make([]int64, len(recs))
	for n, i := range recs {
		ids[n] = i.ID
	}
	st, err := readStructureOf(ctx, t, ids)
	if err != nil {
		return err
	}
	if st != nil {
		for _, i := range recs {
			i.ParentID, i.CohortID = st.parentOf(i.ID), st.cohort(i.ID)
		}
	}
	return viewEvidence(ctx, t, recs)
}

// viewEvidence recomputes the claim-derived values of the incidents that
// have a claim, or a claim's source, above the reader's clearance, from
// the claims the reader sees. Two queries per page: which incidents have
// hidden evidence, and their visible claims.
func viewEvidence(ctx context.Context, t *txn, recs []*vigil.Incident) error {
	clr := t.clearance()
	byID := make(map[int64]*vigil.Incident, len(recs))
	ids := make([]int64, 0, len(recs))
	for _, i := range recs {
		byID[i.ID] = i
		ids = append(ids, i.ID)
	}
	var w where
	w.in("c.incident_id", ids)
	w.add("(c.sensitivity_rank > ? OR s.sensitivity_rank > ?)", clr, clr)
	hidden, err := queryIDs(ctx, t, "SELECT DISTINCT c.incident_id FROM claims c JOIN sources s ON s.id = c.source_id WHERE "+w.sql(), w.args...)
	if err != nil {
		return fmt.Errorf("store: incidents with hidden claims: %w", err)
	}
	if len(hidden) == 0 {
		return nil
	}
	visible := map[int64][]claimInput{}
	var v where
	v.in("c.incident_id", hidden)
	v.add("c.sensitivity_rank <= ?", clr)
	// A source the reader cannot see corroborates nothing for them: its
	// origin is left out (and, being above the reader's clearance, it may
	// be sealed, and is never opened for them).
	rows, err := t.query(ctx, `SELECT c.incident_id, c.id, c.low, c.best, c.high, c.credibility, c.date, c.date_start, c.date_end,
			s.reliability, s.publisher, CASE WHEN s.sensitivity_rank <= ? THEN s.relayed_from ELSE '' END, s.published_start,
			s.sensitivity_rank
		FROM claims c JOIN sources s ON s.id = c.source_id WHERE `+v.sql()+` ORDER BY c.id`, append([]any{clr}, v.args...)...)
	if err != nil {
		return fmt.Errorf("store: visible claims: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			inc  int64
			in   claimInput
			src  vigil.Source
			rank int
		)
		if err := rows.Scan(&inc, &in.ID, intPtr{&in.Interval.Low}, &in.Interval.Best, intPtr{&in.Interval.High}, &in.Credibility,
			&in.Date, strCol{&in.DateStart}, strCol{&in.DateEnd},
			&in.Reliability, &src.Publisher, &src.RelayedFrom, strCol{&in.Published}, &rank); err != nil {
			return fmt.Errorf("store: visible claims: %w", err)
		}
		if rank <= clr {
			in.Origin = src.Origin()
		}
		visible[inc] = append(visible[inc], in)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: visible claims: %w", err)
	}
	for _, id := range hidden {
		applyVisible(byID[id], visible[id])
	}
	return nil
}

// applyVisible sets the claim-derived values of i that a reader may learn
// from the claims they see:
//
//   - claim_count and corroboration count those claims, and the origins
//     of the sources the reader sees;
//   - conflict is whether two of those claims disagree (and no editor has
//     resolved it);
//   - preferred_claim_id is kept when the reader sees that claim;
//   - a derived figure_rationale is the one derivation gives over those
//     claims when it prefers the same claim and gives the same date, so it
//     explains the figure the reader sees citing only claims they see;
//     otherwise the figure rests on claims the reader does not see, and
//     there is no rationale to give them. An editor's rationale (basis
//     "editor") stays: it is part of the record the reader sees.
func applyVisible(i *vigil.Incident, visible []claimInput) {
	d := derive.Incident(visible)
	i.ClaimCount = len(visible)
	i.Corroboration = d.Corroboration
	i.Conflict = d.Conflict && i.ConflictResolution == ""
	seen := i.PreferredClaimID != nil && slices.ContainsFunc(visible, func(c claimInput) bool { return c.ID == *i.PreferredClaimID })
	if !seen {
		i.PreferredClaimID = nil
	}
	if i.FigureBasis != vigil.BasisClaims {
		return
	}
	i.FigureRationale = ""
	if seen && d.PreferredClaimID != nil && *d.PreferredClaimID == *i.PreferredClaimID &&
		(i.DateBasis != vigil.BasisClaims || d.Date == i.Date) {
		i.FigureRationale = d.Rationale
	}
}

// queryIDs runs a query of one integer column.
func queryIDs(ctx context.Context, t *txn, q string, args ...any) ([]int64, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// conflictFilter adds the condition that an incident's conflict, as the
// reader sees it (applyVisible), is want. The stored flag is over every
// claim; for a reader below restricted clearance it holds when the
// incident has no hidden claim, or when two claims the reader sees do not
// overlap (derive.Overlap in SQL: an unknown low counts as 0, an unknown
// high as unbounded).
func conflictFilter(ctx context.Context, w *where, want bool) {
	clr := vigil.ViewerFrom(ctx).Clearance.Rank()
	if clr >= rankAll {
		w.add("t.conflict = ?", want)
		return
	}
	cond := `(t.conflict = ? AND (NOT EXISTS (SELECT 1 FROM claims h WHERE h.incident_id = t.id AND h.sensitivity_rank > ?)
		OR EXISTS (SELECT 1 FROM claims a JOIN claims b ON b.incident_id = a.incident_id AND b.id > a.id
			WHERE a.incident_id = t.id AND a.sensitivity_rank <= ? AND b.sensitivity_rank <= ?
			AND ((a.high IS NOT NULL AND (a.high < COALESCE(a.low, 0) OR a.high < COALESCE(b.low, 0)))
				OR (b.high IS NOT NULL AND (b.high < COALESCE(a.low, 0) OR b.high < COALESCE(b.low, 0)))))))`
	if !want {
		cond = "NOT " + cond
	}
	w.add(cond, true, clr, clr, clr)
}

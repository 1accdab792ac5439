package store

import (
	"context"
	"fmt"

	"vigil"
	"vigil/derive"
	"vigil/seal"
)

// claimInput is what derivation reads from a claim and its source.
type claimInput = derive.ClaimInput

// claimInputs loads every claim of incident id joined with its source,
// whatever the viewer's clearance: derived values are the truth about the
// incident, not a per-viewer view of it. The origin of a restricted source
// is sealed; it is opened here, once the rows are read.
func claimInputs(ctx context.Context, t *txn, id int64) ([]claimInput, error) {
	rows, err := t.query(ctx, `SELECT c.id, c.low, c.best, c.high, c.credibility, c.date, c.date_start, c.date_end,
			s.reliability, s.publisher, s.relayed_from, s.published_start, s.id, s.sensitivity_rank
		FROM claims c JOIN sources s ON s.id = c.source_id
		WHERE c.incident_id = ? ORDER BY c.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: load claims of incident %d: %w", id, err)
	}
	defer rows.Close()
	var (
		out  []claimInput
		srcs []vigil.Source
	)
	for rows.Next() {
		var (
			in   claimInput
			src  vigil.Source
			rank int
		)
		if err := rows.Scan(&in.ID, intPtr{&in.Interval.Low}, &in.Interval.Best, intPtr{&in.Interval.High}, &in.Credibility,
			&in.Date, strCol{&in.DateStart}, strCol{&in.DateEnd},
			&in.Reliability, &src.Publisher, &src.RelayedFrom, strCol{&in.Published}, &src.ID, &rank); err != nil {
			return nil, fmt.Errorf("store: load claims of incident %d: %w", id, err)
		}
		src.Sensitivity = vigil.SensitivityOfRank(rank)
		out, srcs = append(out, in), append(srcs, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load claims of incident %d: %w", id, err)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store: load claims of incident %d: %w", id, err)
	}
	for n := range out {
		src := &srcs[n]
		// sources.seal.when, which cannot be named here without an
		// initialization cycle (sources re-derives incidents).
		if src.Sensitivity == vigil.Restricted {
			if src.RelayedFrom, err = t.open(ctx, seal.AAD("sources", "relayed_from", src.ID), src.RelayedFrom); err != nil {
				return nil, err
			}
		}
		out[n].Origin = src.Origin()
	}
	return out, nil
}

// applyDerived sets the derived fields of i from its claims. The
// effective figure is the editor's override when there is one, else the
// one derived from the claims; the date is derived when DateBasis is
// "claims"; Conflict is reported only while the claims conflict and no
// editor has resolved it.
func applyDerived(i *vigil.Incident, claims []claimInput) {
	d := derive.Incident(claims)
	i.ClaimCount = len(claims)
	i.Corroboration = d.Corroboration
	i.PreferredClaimID = d.PreferredClaimID
	i.Conflict = d.Conflict && i.ConflictResolution == ""
	if o := i.Override; o != nil {
		iv := o.Interval()
		i.Figure, i.FigureBasis, i.FigureRationale = &iv, vigil.BasisEditor, o.Rationale
	} else {
		i.Figure, i.FigureBasis, i.FigureRationale = d.Figure, d.Basis, d.Rationale
	}
	if i.FigureBasis == "" {
		i.FigureBasis = vigil.BasisNone
	}
	if i.DateBasis == vigil.BasisClaims {
		i.Date, i.DateStart, i.DateEnd = d.Date, d.DateStart, d.DateEnd
	}
}

// rederive recomputes incident id from its claims after one of them
// changed. When the incident's set of claims changed (claimsChanged) an
// editor's conflict resolution no longer applies: it is cleared, which is
// an edit of the incident, so its version grows and the audit log gets
// an entry for it. Otherwise only the derived columns are rewritten:
// derived values are not edits and do not change the version.
func rederive(ctx context.Context, t *txn, id int64, claimsChanged bool) error {
	inc, err := getAs(ctx, t, incidents, id, rankAll, true)
	if err != nil {
		return fmt.Errorf("store: re-derive incident %d: %w", id, err)
	}
	claims, err := claimInputs(ctx, t, id)
	if err != nil {
		return err
	}
	clear := claimsChanged && inc.ConflictResolution != ""
	if clear {
		inc.ConflictResolution = ""
	}
	applyDerived(inc, claims)
	if clear {
		if err := updateRow(ctx, t, incidents, inc); err != nil {
			return err
		}
		inc.Version++
		inc.UpdatedAt = t.now
		return auditRecord(ctx, t, incidents, vigil.ActionUpdate, inc)
	}
	var fl, fb, fh any
	if f := inc.Figure; f != nil {
		fl, fb, fh = ptrArg(f.Low), f.Best, ptrArg(f.High)
	}
	// The rationale is the editor's override rationale when there is one:
	// sealed in a restricted incident.
	rationale := inc.FigureRationale
	if incidents.seal.when(inc) {
		ring, err := t.ring(ctx)
		if err != nil {
			return err
		}
		if rationale, err = ring.Seal(seal.AAD(incidents.name, "figure_rationale", id), rationale); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	_, err = t.exec(ctx, `UPDATE incidents SET fig_low = ?, fig_best = ?, fig_high = ?, figure_basis = ?, figure_rationale = ?,
		preferred_claim_id = ?, conflict = ?, corroboration = ?, claim_count = ?, date = ?, date_start = ?, date_end = ?
		WHERE id = ?`,
		fl, fb, fh, string(inc.FigureBasis), rationale, ptrArg(inc.PreferredClaimID), inc.Conflict,
		inc.Corroboration, inc.ClaimCount, inc.Date, nullStr(inc.DateStart), nullStr(inc.DateEnd), id)
	if err != nil {
		return fmt.Errorf("store: re-derive incident %d: %w", id, err)
	}
	return nil
}

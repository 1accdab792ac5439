package store

import (
	"context"
	"slices"

	"vigil"
	"vigil/figure"
)

var claims = &table[vigil.Claim]{
	name: "claims",
	noun: "claim",
	cols: []string{"source_id", "incident_id", "quote",
		"figure_text", "figure_qualifier", "figure_value", "figure_low", "figure_high", "low", "best", "high",
		"event", "date", "date_start", "date_end", "place_id", "place_text", "perpetrator_id", "credibility", "notes"},
	args: func(c *vigil.Claim) []any {
		return []any{c.SourceID, ptrArg(c.IncidentID), c.Quote,
			c.Figure.Text, string(c.Figure.Qualifier), ptrArg(c.Figure.Value), ptrArg(c.Figure.Low), ptrArg(c.Figure.High),
			ptrArg(c.Interval.Low), c.Interval.Best, ptrArg(c.Interval.High),
			string(c.Event), c.Date, nullStr(c.DateStart), nullStr(c.DateEnd), ptrArg(c.PlaceID), c.PlaceText, ptrArg(c.PerpetratorID),
			c.Credibility, c.Notes}
	},
	dest: func(c *vigil.Claim) []any {
		return []any{&c.SourceID, i64Ptr{&c.IncidentID}, &c.Quote,
			&c.Figure.Text, &c.Figure.Qualifier, intPtr{&c.Figure.Value}, intPtr{&c.Figure.Low}, intPtr{&c.Figure.High},
			intPtr{&c.Interval.Low}, &c.Interval.Best, intPtr{&c.Interval.High},
			&c.Event, &c.Date, strCol{&c.DateStart}, strCol{&c.DateEnd}, i64Ptr{&c.PlaceID}, &c.PlaceText, i64Ptr{&c.PerpetratorID},
			&c.Credibility, &c.Notes}
	},
	meta: func(c *vigil.Claim) *vigil.Meta { return &c.Meta },
	refs: func(c *vigil.Claim) []ref {
		return []ref{
			refID("source_id", "sources", "source", c.SourceID),
			refTo("incident_id", "incidents", "incident", c.IncidentID),
			refTo("place_id", "places", "place", c.PlaceID),
			refTo("perpetrator_id", "actors", "actor", c.PerpetratorID),
		}
	},
	// A restricted claim's quote, place as written and notes can name or
	// describe people.
	seal: restrictedOnly(func(c *vigil.Claim) *vigil.Meta { return &c.Meta }, func(c *vigil.Claim) {
		c.Quote, c.PlaceText, c.Notes = "", "", ""
	}, "quote", "place_text", "notes"),
	keep: func(rec, cur *vigil.Claim, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.Notes = cur.Notes
		}
	},
	project: func(c *vigil.Claim, v vigil.Viewer) {
		if !seesNotes(v) {
			c.Notes = ""
		}
	},
	// Re-derive the incidents the claim joins or leaves, in the same
	// transaction, clearing their conflict resolution: their set of claims
	// changed.
	propagate: func(ctx context.Context, t *txn, c, cur *vigil.Claim) error {
		if c != nil && cur != nil && !claimMatters(c, cur) {
			return nil
		}
		for _, id := range incidentIDs(claimIncident(c), claimIncident(cur)) {
			if err := rederive(ctx, t, id, true); err != nil {
				return err
			}
		}
		return nil
	},
}

// claimIncident is the incident of c, nil when c is nil or unassigned.
func claimIncident(c *vigil.Claim) *int64 {
	if c == nil {
		return nil
	}
	return c.IncidentID
}

// incidentIDs lists the distinct non-nil ids.
func incidentIDs(ids ...*int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != nil && !slices.Contains(out, *id) {
			out = append(out, *id)
		}
	}
	return out
}

// claimMatters reports whether an update changes anything derivation
// reads: the incident, the source, the interval, the date or the grade.
// Editing a quote or a note leaves the incident as it was.
func claimMatters(c, cur *vigil.Claim) bool {
	return !sameID(c.IncidentID, cur.IncidentID) || c.SourceID != cur.SourceID ||
		!sameInterval(c.Interval, cur.Interval) || c.Date != cur.Date ||
		c.DateStart != cur.DateStart || c.DateEnd != cur.DateEnd || c.Credibility != cur.Credibility
}

func sameID(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func sameInt(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

func sameInterval(a, b figure.Interval) bool {
	return a.Best == b.Best && sameInt(a.Low, b.Low) && sameInt(a.High, b.High)
}

var claimSorts = map[string]string{
	"date":        "t.date_start",
	"best":        "t.best",
	"credibility": "t.credibility",
	"updated_at":  "t.updated_at",
}

// FindClaimByID returns claim id if the viewer may see it (ENOTFOUND
// otherwise).
func (s *Store) FindClaimByID(ctx context.Context, id int64) (*vigil.Claim, error) {
	return findByID(ctx, s, claims, id)
}

// FindClaims lists the visible claims matching f, and their count.
func (s *Store) FindClaims(ctx context.Context, f vigil.ClaimFilter) ([]*vigil.Claim, int, error) {
	var w where
	w.in("t.id", f.IDs)
	if f.SourceID != nil {
		w.add("t.source_id = ?", *f.SourceID)
	}
	if f.IncidentID != nil {
		w.add("t.incident_id = ?", *f.IncidentID)
	}
	if f.Unassigned {
		w.add("t.incident_id IS NULL")
	}
	if f.Event != "" {
		w.add("t.event = ?", string(f.Event))
	}
	return findList(ctx, s, claims, w, f.Page, claimSorts)
}

// CreateClaim validates c (computing its interval under the store's
// policy) and stores it; its incident is re-derived in the same
// transaction.
func (s *Store) CreateClaim(ctx context.Context, c *vigil.Claim) (err error) {
	defer restore(c, &err)()
	return create(ctx, s, claims, c, func() error { return c.Validate(s.policy) })
}

// UpdateClaim stores c over the version it carries (ECONFLICT when
// stale); the incidents it leaves and joins are re-derived.
func (s *Store) UpdateClaim(ctx context.Context, c *vigil.Claim) (err error) {
	defer restore(c, &err)()
	return change(ctx, s, claims, c, func() error { return c.Validate(s.policy) })
}

// DeleteClaim deletes a claim and re-derives its incident. It needs an
// editing role.
func (s *Store) DeleteClaim(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, claims, id, version)
}

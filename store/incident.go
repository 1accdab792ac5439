package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"vigil"
	"vigil/figure"
)

var incidents = &table[vigil.Incident]{
	name: "incidents",
	noun: "incident",
	cols: []string{"title_ko", "title_en", "title_zh", "summary_ko", "summary_en", "summary_zh",
		"event", "date", "date_start", "date_end", "date_basis", "date_rationale", "place_id", "perpetrator_id", "victim_group",
		"override_low", "override_best", "override_high", "override_rationale", "conflict_resolution",
		"fig_low", "fig_best", "fig_high", "figure_basis", "figure_rationale", "preferred_claim_id",
		"conflict", "corroboration", "claim_count", "parent_id", "cohort_id"},
	args: func(i *vigil.Incident) []any {
		var ol, ob, oh, orat any
		if o := i.Override; o != nil {
			ol, ob, oh, orat = ptrArg(o.Low), o.Best, ptrArg(o.High), o.Rationale
		}
		var fl, fb, fh any
		if f := i.Figure; f != nil {
			fl, fb, fh = ptrArg(f.Low), f.Best, ptrArg(f.High)
		}
		return []any{i.Title.Ko, i.Title.En, i.Title.Zh, i.Summary.Ko, i.Summary.En, i.Summary.Zh,
			string(i.Event), i.Date, nullStr(i.DateStart), nullStr(i.DateEnd), string(i.DateBasis), i.DateRationale,
			ptrArg(i.PlaceID), ptrArg(i.PerpetratorID), i.VictimGroup,
			ol, ob, oh, orat, i.ConflictResolution,
			fl, fb, fh, string(i.FigureBasis), i.FigureRationale, ptrArg(i.PreferredClaimID),
			i.Conflict, i.Corroboration, i.ClaimCount, ptrArg(i.ParentID), i.CohortID}
	},
	dest: func(i *vigil.Incident) []any {
		var (
			ol, ob, oh, fl, fb, fh *int
			orat                   sql.NullString
		)
		return []any{&i.Title.Ko, &i.Title.En, &i.Title.Zh, &i.Summary.Ko, &i.Summary.En, &i.Summary.Zh,
			&i.Event, &i.Date, strCol{&i.DateStart}, strCol{&i.DateEnd}, &i.DateBasis, &i.DateRationale,
			i64Ptr{&i.PlaceID}, i64Ptr{&i.PerpetratorID}, &i.VictimGroup,
			intPtr{&ol}, intPtr{&ob}, intPtr{&oh}, thenCol{&orat, func() {
				i.Override = nil
				if orat.Valid && ob != nil {
					i.Override = &vigil.FigureOverride{Low: ol, Best: *ob, High: oh, Rationale: orat.String}
				}
			}}, &i.ConflictResolution,
			intPtr{&fl}, intPtr{&fb}, thenCol{intPtr{&fh}, func() {
				i.Figure = nil
				if fb != nil {
					i.Figure = &figure.Interval{Low: fl, Best: *fb, High: fh}
				}
			}}, &i.FigureBasis, &i.FigureRationale, i64Ptr{&i.PreferredClaimID},
			boolCol{&i.Conflict}, &i.Corroboration, &i.ClaimCount, i64Ptr{&i.ParentID}, &i.CohortID}
	},
	meta: func(i *vigil.Incident) *vigil.Meta { return &i.Meta },
	refs: func(i *vigil.Incident) []ref {
		rs := []ref{
			refTo("place_id", "places", "place", i.PlaceID),
			refTo("perpetrator_id", "actors", "actor", i.PerpetratorID),
		}
		for _, p := range i.Places {
			rs = append(rs, refID("places", "places", "place", p.PlaceID))
		}
		return rs
	},
	usedBy: []backref{{"claims", "incident_id"}, {"incident_links", "from_id"}, {"incident_links", "to_id"}, {"violations", "incident_id"}},
	load:   loadPlaces,
	view:   viewIncidents,
	// A restricted incident's words can identify the people in it; its
	// numbers, dates, event and structure stay in the clear so that totals
	// and filters work in SQL. The derived figure_rationale is sealed too:
	// it is the editor's override rationale when there is one.
	seal: restrictedOnly(func(i *vigil.Incident) *vigil.Meta { return &i.Meta }, func(i *vigil.Incident) {
		i.Title, i.Summary, i.DateRationale, i.VictimGroup, i.ConflictResolution = vigil.Names{}, vigil.Names{}, "", "", ""
		i.FigureRationale = ""
		if i.Override != nil {
			o := *i.Override
			o.Rationale = ""
			i.Override = &o
		}
	}, "title_ko", "title_en", "title_zh", "summary_ko", "summary_en", "summary_zh",
		"date_rationale", "victim_group", "override_rationale", "conflict_resolution", "figure_rationale"),
	before: beforeIncident,
	after:  afterIncident,
}

// thenCol scans with sc, then calls fn: it assembles a value from several
// columns once the last of them is read.
type thenCol struct {
	sc sql.Scanner
	fn func()
}

func (c thenCol) Scan(v any) error {
	if err := c.sc.Scan(v); err != nil {
		return err
	}
	c.fn()
	return nil
}

// beforeIncident checks the editorial fields, keeps the structural ones
// (parent, cohort: they come from links) and derives the rest from the
// incident's claims.
func beforeIncident(ctx context.Context, t *txn, i, cur *vigil.Incident) error {
	if cur == nil {
		if i.Override != nil || i.ConflictResolution != "" {
			if err := canEdit(t.v, "override a figure or resolve a conflict"); err != nil {
				return err
			}
		}
		i.ParentID, i.CohortID = nil, 0
	} else {
		if !sameOverride(i.Override, cur.Override) {
			if err := canEdit(t.v, "override the derived figure"); err != nil {
				return err
			}
		}
		if i.ConflictResolution != cur.ConflictResolution {
			if err := canEdit(t.v, "resolve a conflict"); err != nil {
				return err
			}
		}
		i.ParentID, i.CohortID = cur.ParentID, cur.CohortID
	}
	p := vigil.Problems{}
	type key struct {
		id   int64
		role vigil.PlaceRole
	}
	seen := map[key]bool{}
	for n, ip := range i.Places {
		if seen[key{ip.PlaceID, ip.Role}] {
			p.Add("places", "entry %d repeats place %d as %s", n+1, ip.PlaceID, ip.Role)
		}
		seen[key{ip.PlaceID, ip.Role}] = true
	}
	if err := p.Err("incident"); err != nil {
		return err
	}
	if i.Places == nil {
		i.Places = []vigil.IncidentPlace{}
	}
	var inputs []claimInput
	if cur != nil {
		var err error
		if inputs, err = claimInputs(ctx, t, i.ID); err != nil {
			return err
		}
	}
	applyDerived(i, inputs)
	return nil
}

// afterIncident starts a new incident's cohort with itself and writes the
// incident's places.
func afterIncident(ctx context.Context, t *txn, i, cur *vigil.Incident) error {
	if cur == nil {
		if _, err := t.exec(ctx, "UPDATE incidents SET cohort_id = id WHERE id = ?", i.ID); err != nil {
			return fmt.Errorf("store: start cohort of incident %d: %w", i.ID, err)
		}
		i.CohortID = i.ID
	} else if samePlaces(i.Places, cur.Places) {
		return nil
	}
	if _, err := t.exec(ctx, "DELETE FROM incident_places WHERE incident_id = ?", i.ID); err != nil {
		return fmt.Errorf("store: write places of incident %d: %w", i.ID, err)
	}
	for n, ip := range i.Places {
		if _, err := t.exec(ctx, "INSERT INTO incident_places (incident_id, position, place_id, role) VALUES (?, ?, ?, ?)",
			i.ID, n+1, ip.PlaceID, string(ip.Role)); err != nil {
			return mapWriteErr(fmt.Errorf("store: write places of incident %d: %w", i.ID, err), "incident")
		}
	}
	return nil
}

func sameOverride(a, b *vigil.FigureOverride) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Best == b.Best && sameInt(a.Low, b.Low) && sameInt(a.High, b.High) && a.Rationale == b.Rationale
}

func samePlaces(a, b []vigil.IncidentPlace) bool {
	if len(a) != len(b) {
		return false
	}
	for n := range a {
		if a[n] != b[n] {
			return false
		}
	}
	return true
}

// loadPlaces fills the places of a page of incidents with one query.
func loadPlaces(ctx context.Context, t *txn, recs []*vigil.Incident) error {
	if len(recs) == 0 {
		return nil
	}
	byID := make(map[int64]*vigil.Incident, len(recs))
	var w where
	ids := make([]int64, len(recs))
	for n, i := range recs {
		i.Places = []vigil.IncidentPlace{}
		byID[i.ID] = i
		ids[n] = i.ID
	}
	w.in("incident_id", ids)
	rows, err := t.query(ctx, "SELECT incident_id, place_id, role FROM incident_places WHERE "+w.sql()+" ORDER BY incident_id, position", w.args...)
	if err != nil {
		return fmt.Errorf("store: load incident places: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id int64
			ip vigil.IncidentPlace
		)
		if err := rows.Scan(&id, &ip.PlaceID, &ip.Role); err != nil {
			return fmt.Errorf("store: load incident places: %w", err)
		}
		if i := byID[id]; i != nil {
			i.Places = append(i.Places, ip)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load incident places: %w", err)
	}
	return nil
}

var incidentSorts = map[string]string{
	"date":       "t.date_start",
	"best":       "t.fig_best",
	"updated_at": "t.updated_at",
}

// FindIncidentByID returns incident id if the viewer may see it
// (ENOTFOUND otherwise).
func (s *Store) FindIncidentByID(ctx context.Context, id int64) (*vigil.Incident, error) {
	return findByID(ctx, s, incidents, id)
}

// FindIncidents lists the visible incidents matching f, and their count.
// PlaceID matches the place and every place under it.
func (s *Store) FindIncidents(ctx context.Context, f vigil.IncidentFilter) ([]*vigil.Incident, int, error) {
	p := vigil.Problems{}
	checkDay(p, "from", f.From)
	checkDay(p, "to", f.To)
	if f.Sensitivity != "" && !f.Sensitivity.Valid() {
		p.Add("sensitivity", "%q is not one of public, coalition, restricted", f.Sensitivity)
	}
	if err := p.Err("incident filter"); err != nil {
		return nil, 0, err
	}
	var w where
	w.in("t.id", f.IDs)
	if f.Event != "" {
		w.add("t.event = ?", string(f.Event))
	}
	if f.From != "" {
		w.add("t.date_start >= ?", f.From)
	}
	if f.To != "" {
		w.add("t.date_start <= ?", f.To)
	}
	if f.PlaceID != nil {
		placeTree(&w, *f.PlaceID, vigil.ViewerFrom(ctx).Clearance.Rank())
	}
	if f.PerpetratorID != nil {
		w.add("t.perpetrator_id = ?", *f.PerpetratorID)
	}
	if f.Sensitivity != "" {
		w.add("t.sensitivity = ?", string(f.Sensitivity))
	}
	if f.Conflict != nil {
		conflictFilter(ctx, &w, *f.Conflict)
	}
	if f.Query != "" {
		cols := []string{incidents.sealedCol("title_ko"), incidents.sealedCol("title_en"), incidents.sealedCol("title_zh")}
		w.add(likeAny(cols...), repeatArg(likeArg(f.Query), len(cols))...)
	}
	return findList(ctx, s, incidents, w, f.Page, incidentSorts)
}

// placeTreeSQL is a subquery of the ids of a place and every place under
// it, walking only places visible at the given rank: a place the reader
// may not see adds nothing, neither its own incidents nor those of the
// places under it, so a hidden detention site under a public province
// changes no total of the province and is not found by its id (a hidden
// place answers like one that does not exist). Arguments: place id, rank.
const placeTreeSQL = `(WITH RECURSIVE tree(id) AS (
	SELECT id FROM places WHERE id = ? AND sensitivity_rank <= ?
	UNION
	SELECT p.id FROM places p JOIN tree ON p.parent_id = tree.id WHERE p.sensitivity_rank <= ?
) SELECT id FROM tree)`

// placeTree is the condition that an incident of alias t is at place id
// or under it, as seen at rank.
func placeTree(w *where, id int64, rank int) {
	w.add("t.place_id IN "+placeTreeSQL, id, rank, rank)
}

// checkDay requires an empty value or a day as YYYY-MM-DD.
func checkDay(p vigil.Problems, field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse("2006-01-02", s); err != nil || strings.TrimSpace(s) != s {
		p.Add(field, "%q is not a day as YYYY-MM-DD", s)
	}
}

// CreateIncident validates and stores a new incident with its places.
// Setting Override or ConflictResolution needs an editing role.
func (s *Store) CreateIncident(ctx context.Context, i *vigil.Incident) (err error) {
	defer restore(i, &err)()
	return create(ctx, s, incidents, i, i.Validate)
}

// UpdateIncident stores i over the version it carries (ECONFLICT when
// stale) and re-derives its figure and date. Changing Override or
// ConflictResolution needs an editing role; derived fields, ParentID and
// CohortID in i are ignored.
func (s *Store) UpdateIncident(ctx context.Context, i *vigil.Incident) (err error) {
	defer restore(i, &err)()
	return change(ctx, s, incidents, i, i.Validate)
}

// DeleteIncident deletes an incident that no claim, link or violation
// references (ECONFLICT otherwise: evidence is never silently orphaned).
// Its places go with it. It needs an editing role.
func (s *Store) DeleteIncident(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, incidents, id, version)
}

package store

import (
	"context"

	"vigil"
)

var instruments = &table[vigil.Instrument]{
	name: "instruments",
	noun: "instrument",
	cols: []string{"code", "name_ko", "name_en", "name_zh", "adopted", "url"},
	args: func(in *vigil.Instrument) []any {
		return []any{in.Code, in.Name.Ko, in.Name.En, in.Name.Zh, in.Adopted, in.URL}
	},
	dest: func(in *vigil.Instrument) []any {
		return []any{&in.Code, &in.Name.Ko, &in.Name.En, &in.Name.Zh, &in.Adopted, &in.URL}
	},
	meta:   func(in *vigil.Instrument) *vigil.Meta { return &in.Meta },
	usedBy: []backref{{"provisions", "instrument_id"}, {"state_parties", "instrument_id"}},
}

var provisions = &table[vigil.LegalProvision]{
	name: "provisions",
	noun: "legal provision",
	cols: []string{"instrument_id", "article", "title_ko", "title_en", "title_zh", "summary_ko", "summary_en", "summary_zh"},
	args: func(lp *vigil.LegalProvision) []any {
		return append([]any{lp.InstrumentID, lp.Article}, append(namesArgs(lp.Title), namesArgs(lp.Summary)...)...)
	},
	dest: func(lp *vigil.LegalProvision) []any {
		return append([]any{&lp.InstrumentID, &lp.Article}, append(namesDest(&lp.Title), namesDest(&lp.Summary)...)...)
	},
	meta: func(lp *vigil.LegalProvision) *vigil.Meta { return &lp.Meta },
	refs: func(lp *vigil.LegalProvision) []ref {
		return []ref{refID("instrument_id", "instruments", "instrument", lp.InstrumentID)}
	},
	usedBy: []backref{{"violations", "provision_id"}},
}

var stateParties = &table[vigil.StateParty]{
	name: "state_parties",
	noun: "state party",
	cols: []string{"instrument_id", "country_code", "action", "date", "date_start", "date_end", "reservations", "source_url"},
	args: func(sp *vigil.StateParty) []any {
		return []any{sp.InstrumentID, sp.CountryCode, string(sp.Action), sp.Date, nullStr(sp.DateStart), nullStr(sp.DateEnd), sp.Reservations, sp.SourceURL}
	},
	dest: func(sp *vigil.StateParty) []any {
		return []any{&sp.InstrumentID, &sp.CountryCode, &sp.Action, &sp.Date, strCol{&sp.DateStart}, strCol{&sp.DateEnd}, &sp.Reservations, &sp.SourceURL}
	},
	meta: func(sp *vigil.StateParty) *vigil.Meta { return &sp.Meta },
	refs: func(sp *vigil.StateParty) []ref {
		return []ref{refID("instrument_id", "instruments", "instrument", sp.InstrumentID)}
	},
}

var violations = &table[vigil.Violation]{
	name: "violations",
	noun: "violation",
	cols: []string{"incident_id", "provision_id", "country_code", "analysis_ko", "analysis_en", "analysis_zh"},
	args: func(v *vigil.Violation) []any {
		return append([]any{v.IncidentID, v.ProvisionID, v.CountryCode}, namesArgs(v.Analysis)...)
	},
	dest: func(v *vigil.Violation) []any {
		return append([]any{&v.IncidentID, &v.ProvisionID, &v.CountryCode}, namesDest(&v.Analysis)...)
	},
	meta: func(v *vigil.Violation) *vigil.Meta { return &v.Meta },
	refs: func(v *vigil.Violation) []ref {
		return []ref{refID("incident_id", "incidents", "incident", v.IncidentID), refID("provision_id", "provisions", "legal provision", v.ProvisionID)}
	},
	seal: restrictedOnly(func(v *vigil.Violation) *vigil.Meta { return &v.Meta }, func(v *vigil.Violation) {
		v.Analysis = vigil.Names{}
	}, "analysis_ko", "analysis_en", "analysis_zh"),
	parents: []parentCol{{"incident_id", "incidents"}},
	// A violation is visible only with its incident.
	visible: "EXISTS (SELECT 1 FROM incidents i WHERE i.id = t.incident_id AND i.sensitivity_rank <= ?)",
}

var updatedSort = map[string]string{"updated_at": "t.updated_at"}

// FindInstrumentByID returns instrument id if the viewer may see it
// (ENOTFOUND otherwise).
func (s *Store) FindInstrumentByID(ctx context.Context, id int64) (*vigil.Instrument, error) {
	return findByID(ctx, s, instruments, id)
}

// FindInstruments lists the visible instruments, and their count.
func (s *Store) FindInstruments(ctx context.Context, pg vigil.Page) ([]*vigil.Instrument, int, error) {
	return findList(ctx, s, instruments, where{}, pg, map[string]string{"code": "t.code", "updated_at": "t.updated_at"})
}

// CreateInstrument validates and stores an instrument; a duplicate code
// is ECONFLICT.
func (s *Store) CreateInstrument(ctx context.Context, in *vigil.Instrument) (err error) {
	defer restore(in, &err)()
	return create(ctx, s, instruments, in, in.Validate)
}

// UpdateInstrument stores in over the version it carries (ECONFLICT when
// stale or when the code is taken).
func (s *Store) UpdateInstrument(ctx context.Context, in *vigil.Instrument) (err error) {
	defer restore(in, &err)()
	return change(ctx, s, instruments, in, in.Validate)
}

// DeleteInstrument deletes an instrument without provisions or state
// parties (ECONFLICT otherwise). It needs an editing role.
func (s *Store) DeleteInstrument(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, instruments, id, version)
}

// FindProvisionByID returns legal provision id if the viewer may see it
// (ENOTFOUND otherwise).
func (s *Store) FindProvisionByID(ctx context.Context, id int64) (*vigil.LegalProvision, error) {
	return findByID(ctx, s, provisions, id)
}

// FindProvisions lists the visible provisions matching f, and their
// count.
func (s *Store) FindProvisions(ctx context.Context, f vigil.ProvisionFilter) ([]*vigil.LegalProvision, int, error) {
	var w where
	if f.InstrumentID != nil {
		w.add("t.instrument_id = ?", *f.InstrumentID)
	}
	return findList(ctx, s, provisions, w, f.Page, map[string]string{"article": "t.article", "updated_at": "t.updated_at"})
}

// CreateProvision validates and stores a legal provision; a duplicate
// article of one instrument is ECONFLICT.
func (s *Store) CreateProvision(ctx context.Context, lp *vigil.LegalProvision) (err error) {
	defer restore(lp, &err)()
	return create(ctx, s, provisions, lp, lp.Validate)
}

// UpdateProvision stores lp over the version it carries (ECONFLICT when
// stale).
func (s *Store) UpdateProvision(ctx context.Context, lp *vigil.LegalProvision) (err error) {
	defer restore(lp, &err)()
	return change(ctx, s, provisions, lp, lp.Validate)
}

// DeleteProvision deletes a provision no violation cites (ECONFLICT
// otherwise). It needs an editing role.
func (s *Store) DeleteProvision(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, provisions, id, version)
}

// FindStatePartyByID returns state party id if the viewer may see it
// (ENOTFOUND otherwise).
func (s *Store) FindStatePartyByID(ctx context.Context, id int64) (*vigil.StateParty, error) {
	return findByID(ctx, s, stateParties, id)
}

// FindStateParties lists the visible state parties matching f, and their
// count.
func (s *Store) FindStateParties(ctx context.Context, f vigil.StatePartyFilter) ([]*vigil.StateParty, int, error) {
	var w where
	if f.InstrumentID != nil {
		w.add("t.instrument_id = ?", *f.InstrumentID)
	}
	if f.CountryCode != "" {
		w.add("t.country_code = ?", f.CountryCode)
	}
	return findList(ctx, s, stateParties, w, f.Page, map[string]string{"date": "t.date_start", "updated_at": "t.updated_at"})
}

// CreateStateParty validates and stores a state's signature,
// ratification, accession or succession; a duplicate is ECONFLICT.
func (s *Store) CreateStateParty(ctx context.Context, sp *vigil.StateParty) (err error) {
	defer restore(sp, &err)()
	return create(ctx, s, stateParties, sp, sp.Validate)
}

// UpdateStateParty stores sp over the version it carries (ECONFLICT when
// stale).
func (s *Store) UpdateStateParty(ctx context.Context, sp *vigil.StateParty) (err error) {
	defer restore(sp, &err)()
	return change(ctx, s, stateParties, sp, sp.Validate)
}

// DeleteStateParty deletes a state party. It needs an editing role.
func (s *Store) DeleteStateParty(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, stateParties, id, version)
}

// FindViolationByID returns violation id if the viewer may see it and its
// incident (ENOTFOUND otherwise).
func (s *Store) FindViolationByID(ctx context.Context, id int64) (*vigil.Violation, error) {
	return findByID(ctx, s, violations, id)
}

// FindViolations lists the visible violations matching f, and their
// count.
func (s *Store) FindViolations(ctx context.Context, f vigil.ViolationFilter) ([]*vigil.Violation, int, error) {
	var w where
	if f.IncidentID != nil {
		w.add("t.incident_id = ?", *f.IncidentID)
	}
	if f.ProvisionID != nil {
		w.add("t.provision_id = ?", *f.ProvisionID)
	}
	return findList(ctx, s, violations, w, f.Page, updatedSort)
}

// CreateViolation validates and stores a violation of a provision by a
// state in an incident.
func (s *Store) CreateViolation(ctx context.Context, v *vigil.Violation) (err error) {
	defer restore(v, &err)()
	return create(ctx, s, violations, v, v.Validate)
}

// UpdateViolation stores v over the version it carries (ECONFLICT when
// stale).
func (s *Store) UpdateViolation(ctx context.Context, v *vigil.Violation) (err error) {
	defer restore(v, &err)()
	return change(ctx, s, violations, v, v.Validate)
}

// DeleteViolation deletes a violation. It needs an editing role.
func (s *Store) DeleteViolation(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, violations, id, version)
}

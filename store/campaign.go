package store

import (
	"context"
	"fmt"

	"vigil"
)

var _ vigil.AdvocacyService = (*Store)(nil)

// campaignVisible makes a campaign's children visible only with their
// campaign.
const campaignVisible = "EXISTS (SELECT 1 FROM campaigns c WHERE c.id = t.campaign_id AND c.sensitivity_rank <= ?)"

var campaigns = &table[vigil.Campaign]{
	name: "campaigns",
	noun: "campaign",
	cols: append(append(namesCols("title"), namesCols("goal")...), "incident_ids", "targets", "deadline", "notes"),
	args: func(c *vigil.Campaign) []any {
		return append(append(namesArgs(c.Title), namesArgs(c.Goal)...), jsonArg(c.IncidentIDs), jsonArg(c.Targets), nullStr(c.Deadline), c.Notes)
	},
	dest: func(c *vigil.Campaign) []any {
		return append(append(namesDest(&c.Title), namesDest(&c.Goal)...), jsonCol{&c.IncidentIDs}, jsonCol{&c.Targets}, strCol{&c.Deadline}, &c.Notes)
	},
	meta: func(c *vigil.Campaign) *vigil.Meta { return &c.Meta },
	refs: func(c *vigil.Campaign) []ref {
		var rs []ref
		for _, id := range c.IncidentIDs {
			rs = append(rs, refID("incident_ids", "incidents", "incident", id))
		}
		for _, tg := range c.Targets {
			rs = append(rs, refID("targets", "actors", "actor", tg.ActorID), refTo("targets", "posts", "post", tg.PostID))
		}
		return rs
	},
	usedBy: []backref{{"asks", "campaign_id"}, {"campaign_actions", "campaign_id"}, {"outcomes", "campaign_id"}, {"letters", "campaign_id"}, {"events", "campaign_id"}},
	keep: func(rec, cur *vigil.Campaign, v vigil.Viewer) {
		if !seesNotes(v) {
			rec.Notes = cur.Notes
		}
	},
	project: func(c *vigil.Campaign, v vigil.Viewer) {
		if !seesNotes(v) {
			c.Notes = ""
		}
	},
	// A restricted campaign (for a named detainee, say) can identify
	// people by its words; its targets and incidents are ids.
	seal: restrictedOnly(func(c *vigil.Campaign) *vigil.Meta { return &c.Meta }, func(c *vigil.Campaign) {
		c.Title, c.Goal, c.Notes = vigil.Names{}, vigil.Names{}, ""
	}, "title_ko", "title_en", "title_zh", "goal_ko", "goal_en", "goal_zh", "notes"),
}

// FindCampaignByID returns campaign id if the viewer may see it.
func (s *Store) FindCampaignByID(ctx context.Context, id int64) (*vigil.Campaign, error) {
	return findByID(ctx, s, campaigns, id)
}

// FindCampaigns lists the visible campaigns matching f.
func (s *Store) FindCampaigns(ctx context.Context, f vigil.CampaignFilter) ([]*vigil.Campaign, int, error) {
	var w where
	w.in("t.id", f.IDs)
	if f.Query != "" {
		cols := []string{campaigns.sealedCol("title_ko"), campaigns.sealedCol("title_en"), campaigns.sealedCol("title_zh")}
		w.add(likeAny(cols...), repeatArg(likeArg(f.Query), len(cols))...)
	}
	return findList(ctx, s, campaigns, w, f.Page, map[string]string{"deadline": "t.deadline", "updated_at": "t.updated_at"})
}

// CreateCampaign validates and stores a new campaign.
func (s *Store) CreateCampaign(ctx context.Context, c *vigil.Campaign) (err error) {
	defer restore(c, &err)()
	return create(ctx, s, campaigns, c, c.Validate)
}

// UpdateCampaign stores c over the version it carries.
func (s *Store) UpdateCampaign(ctx context.Context, c *vigil.Campaign) (err error) {
	defer restore(c, &err)()
	return change(ctx, s, campaigns, c, c.Validate)
}

// DeleteCampaign deletes a campaign nothing refers to.
func (s *Store) DeleteCampaign(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, campaigns, id, version)
}

var asks = &table[vigil.Ask]{
	name: "asks",
	noun: "ask",
	cols: append([]string{"campaign_id", "target_id"}, append(namesCols("text"), "deadline", "state", "state_date", "state_source_id", "state_note")...),
	args: func(a *vigil.Ask) []any {
		return append([]any{a.CampaignID, ptrArg(a.TargetID)}, append(namesArgs(a.Text), nullStr(a.Deadline), string(a.State), a.StateDate, ptrArg(a.StateSourceID), a.StateNote)...)
	},
	dest: func(a *vigil.Ask) []any {
		return append([]any{&a.CampaignID, i64Ptr{&a.TargetID}}, append(namesDest(&a.Text), strCol{&a.Deadline}, &a.State, &a.StateDate, i64Ptr{&a.StateSourceID}, &a.StateNote)...)
	},
	meta: func(a *vigil.Ask) *vigil.Meta { return &a.Meta },
	refs: func(a *vigil.Ask) []ref {
		return []ref{refID("campaign_id", "campaigns", "campaign", a.CampaignID), refTo("target_id", "actors", "actor", a.TargetID),
			refTo("state_source_id", "sources", "source", a.StateSourceID)}
	},
	parents: []parentCol{{"campaign_id", "campaigns"}},
	usedBy:  []backref{{"outcomes", "ask_id"}},
	visible: campaignVisible,
	seal: restrictedOnly(func(a *vigil.Ask) *vigil.Meta { return &a.Meta }, func(a *vigil.Ask) {
		a.Text, a.StateNote = vigil.Names{}, ""
	}, "text_ko", "text_en", "text_zh", "state_note"),
	// The state history's notes follow the ask's sealing.
	after: func(ctx context.Context, t *txn, a, cur *vigil.Ask) error {
		if cur == nil {
			return nil
		}
		return followParent(ctx, t, askEventSeal, a.ID, &cur.Meta, a.Sensitivity)
	},
	before: func(_ context.Context, t *txn, a, cur *vigil.Ask) error {
		if cur == nil {
			if a.State != vigil.AskAwaiting || a.StateDate != "" || a.StateSourceID != nil {
				return &vigil.Error{Code: vigil.EINVALID, Message: "invalid ask", Fields: map[string]string{"state": "a new ask is awaiting; record later states with a state change"}}
			}
			return nil
		}
		if a.State != cur.State || a.StateDate != cur.StateDate || !sameID(a.StateSourceID, cur.StateSourceID) || a.StateNote != cur.StateNote {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid ask", Fields: map[string]string{"state": "changes only through a state change with its date and evidence (POST /api/v1/asks/{id}/state)"}}
		}
		return nil
	},
}

// FindAskByID returns ask id if the viewer may see it and its campaign.
func (s *Store) FindAskByID(ctx context.Context, id int64) (*vigil.Ask, error) {
	return findByID(ctx, s, asks, id)
}

// FindAsks lists the visible asks matching f. OverdueOn lists the asks
// still open after their deadline on that day, or marked overdue.
func (s *Store) FindAsks(ctx context.Context, f vigil.AskFilter) ([]*vigil.Ask, int, error) {
	var w where
	if f.CampaignID != nil {
		w.add("t.campaign_id = ?", *f.CampaignID)
	}
	if f.State != "" {
		w.add("t.state = ?", string(f.State))
	}
	if f.OverdueOn != "" {
		w.add("(t.state = 'overdue' OR (t.state IN ('awaiting', 'acknowledged') AND t.deadline < ?))", f.OverdueOn)
	}
	return findList(ctx, s, asks, w, f.Page, map[string]string{"deadline": "t.deadline", "updated_at": "t.updated_at"})
}

// CreateAsk validates and stores a new ask, awaiting an answer.
func (s *Store) CreateAsk(ctx context.Context, a *vigil.Ask) (err error) {
	defer restore(a, &err)()
	return create(ctx, s, asks, a, a.Validate)
}

// UpdateAsk stores a's text, target and deadline over the version it
// carries; its state must be as stored.
func (s *Store) UpdateAsk(ctx context.Context, a *vigil.Ask) (err error) {
	defer restore(a, &err)()
	return change(ctx, s, asks, a, a.Validate)
}

// DeleteAsk deletes an ask no outcome refers to, with its state history.
func (s *Store) DeleteAsk(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, asks, id, version)
}

// ChangeAskState moves ask id along the state machine (vigil.AskState),
// records the change in the ask's history and audits both.
func (s *Store) ChangeAskState(ctx context.Context, id int64, version int, c vigil.AskStateChange) (*vigil.Ask, error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "change an ask's state"); err != nil {
		return nil, err
	}
	var out *vigil.Ask
	err := s.write(ctx, func(t *txn) error {
		cur, err := get(ctx, t, asks, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return stale("ask", id, cur.Version, version)
		}
		if err := c.Validate(cur.State); err != nil {
			return err
		}
		if err := checkRefs(ctx, t, "ask state change", []ref{refTo("source_id", "sources", "source", c.SourceID)}); err != nil {
			return err
		}
		restricted := cur.Sensitivity == vigil.Restricted
		note, err := t.sealedOrClear(ctx, restricted, "asks", "state_note", id, c.Note)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "UPDATE asks SET state = ?, state_date = ?, state_source_id = ?, state_note = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
			string(c.State), c.Date, ptrArg(c.SourceID), note, fmtTime(t.now), id, version); err != nil {
			return fmt.Errorf("store: change state of ask %d: %w", id, err)
		}
		// The history row is inserted without its note, which is then
		// written sealed for the row when the ask is restricted.
		ev := &vigil.AskEvent{AskID: id, From: cur.State, To: c.State, Date: c.Date, SourceID: c.SourceID, Note: c.Note, Actor: t.v.Actor, At: t.now}
		if err := t.queryRow(ctx, "INSERT INTO ask_events (ask_id, from_state, to_state, date, source_id, note, actor, at) VALUES (?, ?, ?, ?, ?, '', ?, ?) RETURNING id",
			id, string(ev.From), string(ev.To), ev.Date, ptrArg(ev.SourceID), ev.Actor, fmtTime(ev.At)).Scan(&ev.ID); err != nil {
			return mapWriteErr(fmt.Errorf("store: record state change of ask %d: %w", id, err), "ask state change")
		}
		if evNote, err := t.sealedOrClear(ctx, restricted, "ask_events", "note", ev.ID, ev.Note); err != nil {
			return err
		} else if _, err := t.exec(ctx, "UPDATE ask_events SET note = ? WHERE id = ?", evNote, ev.ID); err != nil {
			return fmt.Errorf("store: record state change of ask %d: %w", id, err)
		}
		if out, err = get(ctx, t, asks, id); err != nil {
			return err
		}
		if err := auditRecord(ctx, t, asks, vigil.ActionUpdate, out); err != nil {
			return err
		}
		if restricted {
			img := *ev
			img.Note = ""
			return t.auditSealed(ctx, vigil.ActionCreate, "ask_events", ev.ID, 1, &img, map[string]string{"note": ev.Note})
		}
		return t.audit(ctx, vigil.ActionCreate, "ask_events", ev.ID, 1, ev)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindAskEvents returns the state history of ask id, oldest first.
func (s *Store) FindAskEvents(ctx context.Context, askID int64) ([]*vigil.AskEvent, error) {
	var out []*vigil.AskEvent
	err := s.read(ctx, func(t *txn) error {
		if _, err := get(ctx, t, asks, askID); err != nil {
			return err
		}
		rows, err := t.query(ctx, "SELECT id, ask_id, from_state, to_state, date, source_id, note, actor, at FROM ask_events WHERE ask_id = ? ORDER BY id", askID)
		if err != nil {
			return fmt.Errorf("store: ask %d history: %w", askID, err)
		}
		defer rows.Close()
		for rows.Next() {
			e := &vigil.AskEvent{}
			if err := rows.Scan(&e.ID, &e.AskID, &e.From, &e.To, &e.Date, i64Ptr{&e.SourceID}, &e.Note, &e.Actor, timeCol{&e.At}); err != nil {
				return fmt.Errorf("store: ask %d history: %w", askID, err)
			}
			if !seesNotes(t.v) {
				e.Actor = ""
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: ask %d history: %w", askID, err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: ask %d history: %w", askID, err)
		}
		// The notes of a restricted ask's history are sealed; whoever sees
		// the ask may read them.
		for _, e := range out {
			if e.Note, err = t.openIfSealed(ctx, "ask_events", "note", e.ID, e.Note); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

var actions = &table[vigil.CampaignAction]{
	name: "campaign_actions",
	noun: "campaign action",
	cols: append(append(append([]string{"campaign_id", "kind"}, namesCols("title")...), namesCols("summary")...), "date", "date_start", "date_end", "letter_id", "event_id", "source_id"),
	args: func(a *vigil.CampaignAction) []any {
		return append(append(append([]any{a.CampaignID, string(a.Kind)}, namesArgs(a.Title)...), namesArgs(a.Summary)...),
			a.Date, nullStr(a.DateStart), nullStr(a.DateEnd), ptrArg(a.LetterID), ptrArg(a.EventID), ptrArg(a.SourceID))
	},
	dest: func(a *vigil.CampaignAction) []any {
		return append(append(append([]any{&a.CampaignID, &a.Kind}, namesDest(&a.Title)...), namesDest(&a.Summary)...),
			&a.Date, strCol{&a.DateStart}, strCol{&a.DateEnd}, i64Ptr{&a.LetterID}, i64Ptr{&a.EventID}, i64Ptr{&a.SourceID})
	},
	meta: func(a *vigil.CampaignAction) *vigil.Meta { return &a.Meta },
	refs: func(a *vigil.CampaignAction) []ref {
		return []ref{refID("campaign_id", "campaigns", "campaign", a.CampaignID), refTo("letter_id", "letters", "letter", a.LetterID),
			refTo("event_id", "events", "event", a.EventID), refTo("source_id", "sources", "source", a.SourceID)}
	},
	parents: []parentCol{{"campaign_id", "campaigns"}},
	visible: campaignVisible,
	seal: restrictedOnly(func(a *vigil.CampaignAction) *vigil.Meta { return &a.Meta }, func(a *vigil.CampaignAction) {
		a.Title, a.Summary = vigil.Names{}, vigil.Names{}
	}, "title_ko", "title_en", "title_zh", "summary_ko", "summary_en", "summary_zh"),
}

// FindActionByID returns campaign action id if the viewer may see it.
func (s *Store) FindActionByID(ctx context.Context, id int64) (*vigil.CampaignAction, error) {
	return findByID(ctx, s, actions, id)
}

// FindActions lists the visible actions matching f; sort "date" gives the
// timeline.
func (s *Store) FindActions(ctx context.Context, f vigil.ActionFilter) ([]*vigil.CampaignAction, int, error) {
	var w where
	if f.CampaignID != nil {
		w.add("t.campaign_id = ?", *f.CampaignID)
	}
	if f.Kind != "" {
		w.add("t.kind = ?", string(f.Kind))
	}
	return findList(ctx, s, actions, w, f.Page, map[string]string{"date": "t.date_start", "updated_at": "t.updated_at"})
}

// CreateAction validates and stores a timeline entry.
func (s *Store) CreateAction(ctx context.Context, a *vigil.CampaignAction) (err error) {
	defer restore(a, &err)()
	return create(ctx, s, actions, a, a.Validate)
}

// UpdateAction stores a over the version it carries.
func (s *Store) UpdateAction(ctx context.Context, a *vigil.CampaignAction) (err error) {
	defer restore(a, &err)()
	return change(ctx, s, actions, a, a.Validate)
}

// DeleteAction deletes a timeline entry.
func (s *Store) DeleteAction(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, actions, id, version)
}

var outcomes = &table[vigil.Outcome]{
	name: "outcomes",
	noun: "outcome",
	cols: append(append(append(append([]string{"campaign_id", "ask_id"}, namesCols("change")...), "changed_by_id", "changed_by", "date", "date_start", "date_end"),
		append(namesCols("significance"), namesCols("contribution")...)...), "source_ids"),
	args: func(o *vigil.Outcome) []any {
		return append(append(append(append([]any{o.CampaignID, ptrArg(o.AskID)}, namesArgs(o.Change)...), ptrArg(o.ChangedByID), o.ChangedBy, o.Date, nullStr(o.DateStart), nullStr(o.DateEnd)),
			append(namesArgs(o.Significance), namesArgs(o.Contribution)...)...), jsonArg(o.SourceIDs))
	},
	dest: func(o *vigil.Outcome) []any {
		return append(append(append(append([]any{&o.CampaignID, i64Ptr{&o.AskID}}, namesDest(&o.Change)...), i64Ptr{&o.ChangedByID}, &o.ChangedBy, &o.Date, strCol{&o.DateStart}, strCol{&o.DateEnd}),
			append(namesDest(&o.Significance), namesDest(&o.Contribution)...)...), jsonCol{&o.SourceIDs})
	},
	meta: func(o *vigil.Outcome) *vigil.Meta { return &o.Meta },
	refs: func(o *vigil.Outcome) []ref {
		rs := []ref{refID("campaign_id", "campaigns", "campaign", o.CampaignID), refTo("ask_id", "asks", "ask", o.AskID), refTo("changed_by_id", "actors", "actor", o.ChangedByID)}
		for _, id := range o.SourceIDs {
			rs = append(rs, refID("source_ids", "sources", "source", id))
		}
		return rs
	},
	parents: []parentCol{{"campaign_id", "campaigns"}, {"ask_id", "asks"}},
	visible: campaignVisible,
	seal: restrictedOnly(func(o *vigil.Outcome) *vigil.Meta { return &o.Meta }, func(o *vigil.Outcome) {
		o.Change, o.ChangedBy, o.Significance, o.Contribution = vigil.Names{}, "", vigil.Names{}, vigil.Names{}
	}, "change_ko", "change_en", "change_zh", "changed_by", "significance_ko", "significance_en", "significance_zh",
		"contribution_ko", "contribution_en", "contribution_zh"),
	before: func(ctx context.Context, t *txn, o, _ *vigil.Outcome) error {
		if o.AskID == nil {
			return nil
		}
		var campaign int64
		if err := t.queryRow(ctx, "SELECT campaign_id FROM asks WHERE id = ?", *o.AskID).Scan(&campaign); err != nil {
			return fmt.Errorf("store: read ask %d: %w", *o.AskID, err)
		}
		if campaign != o.CampaignID {
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid outcome", Fields: map[string]string{"ask_id": fmt.Sprintf("ask %d belongs to another campaign", *o.AskID)}}
		}
		return nil
	},
}

// FindOutcomeByID returns outcome id if the viewer may see it.
func (s *Store) FindOutcomeByID(ctx context.Context, id int64) (*vigil.Outcome, error) {
	return findByID(ctx, s, outcomes, id)
}

// FindOutcomes lists the visible outcomes matching f.
func (s *Store) FindOutcomes(ctx context.Context, f vigil.OutcomeFilter) ([]*vigil.Outcome, int, error) {
	var w where
	if f.CampaignID != nil {
		w.add("t.campaign_id = ?", *f.CampaignID)
	}
	return findList(ctx, s, outcomes, w, f.Page, map[string]string{"date": "t.date_start", "updated_at": "t.updated_at"})
}

// CreateOutcome validates and stores an outcome; it needs at least one
// source.
func (s *Store) CreateOutcome(ctx context.Context, o *vigil.Outcome) (err error) {
	defer restore(o, &err)()
	return create(ctx, s, outcomes, o, o.Validate)
}

// UpdateOutcome stores o over the version it carries.
func (s *Store) UpdateOutcome(ctx context.Context, o *vigil.Outcome) (err error) {
	defer restore(o, &err)()
	return change(ctx, s, outcomes, o, o.Validate)
}

// DeleteOutcome deletes an outcome.
func (s *Store) DeleteOutcome(ctx context.Context, id int64, version int) error {
	return remove(ctx, s, outcomes, id, version)
}

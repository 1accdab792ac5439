package ui

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"vigil"
	"vigil/ui/form"
)

// advocacyFormRoutes are the forms of campaigns, asks and their states,
// timeline entries, outcomes, events and photos, letters, their versions
// and comments, and deliveries. Every change is a POST; the store checks
// the viewer's role on each.
func (u *UI) advocacyFormRoutes() []route {
	var rs []route
	rs = append(rs, u.campaignEditor().routes()...)
	rs = append(rs, u.askEditor().routes()...)
	state := u.askStateEditor()
	rs = append(rs, route{"GET /asks/{id}/state", u.serve(state.edit)}, route{"POST /asks/{id}/state", u.serve(state.save)})
	rs = append(rs, u.actionEditor().routes()...)
	rs = append(rs, u.outcomeEditor().routes()...)
	rs = append(rs, u.eventEditor().routes()...)
	rs = append(rs, route{"GET /events/{id}", u.serve(u.eventDetail)})
	rs = append(rs, route{"GET /events/{id}/photos/new", u.serve(u.photoNew)}, route{"POST /events/{id}/photos", u.serve(u.photoCreate)})
	photo := u.photoEditor()
	rs = append(rs, route{"GET /photos/{id}/edit", u.serve(photo.edit)}, route{"POST /photos/{id}/edit", u.serve(photo.save)})
	newLetter := u.newLetterEditor()
	rs = append(rs, route{"GET /letters/new", u.serve(newLetter.newForm)}, route{"POST /letters", u.serve(newLetter.createPost)})
	letter := u.letterEditor()
	rs = append(rs, route{"GET /letters/{id}/edit", u.serve(letter.edit)}, route{"POST /letters/{id}/edit", u.serve(letter.save)})
	text := u.letterTextEditor()
	rs = append(rs, route{"GET /letters/{id}/text", u.serve(text.edit)}, route{"POST /letters/{id}/text", u.serve(text.save)})
	rs = append(rs, route{"POST /letters/{id}/comments", u.serve(u.letterComment)})
	rs = append(rs, u.deliveryEditor().routes()...)
	return rs
}

// advocacyCall runs fn with the advocacy service, or fails with
// ENOTIMPLEMENTED.
func advocacyCall[T any](u *UI, fn func(a vigil.AdvocacyService) (T, error)) (T, error) {
	a, err := u.advocacy()
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(a)
}

// finder adapts an advocacy Find…ByID to an editor's find.
func finder[T any](u *UI, find func(a vigil.AdvocacyService, ctx context.Context, id int64) (*T, error)) func(context.Context, int64) (*T, error) {
	return func(ctx context.Context, id int64) (*T, error) {
		return advocacyCall(u, func(a vigil.AdvocacyService) (*T, error) { return find(a, ctx, id) })
	}
}

// writer adapts an advocacy Create… or Update… to an editor's.
func writer[T any](u *UI, write func(a vigil.AdvocacyService, ctx context.Context, rec *T) error) func(context.Context, *T) error {
	return func(ctx context.Context, rec *T) error {
		_, err := advocacyCall(u, func(a vigil.AdvocacyService) (struct{}, error) { return struct{}{}, write(a, ctx, rec) })
		return err
	}
}

// queryID reads an optional positive id from the query ("?campaign_id=").
func queryID(r *http.Request, name string) *int64 {
	id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	return &id
}

func campaignPath(id int64) string { return "/campaigns/" + itoa(id) }

// backToCampaign is a new form's Cancel: the campaign it was opened from,
// else the list.
func backToCampaign(r *http.Request) string {
	if id := queryID(r, "campaign_id"); id != nil {
		return campaignPath(*id)
	}
	return "/campaigns"
}

// sourceLinkAt shows "Source not listed?" next to field on a form's GET:
// it opens the source form, which comes back with ?source_id=.
func sourceLinkAt(field string) func(r *http.Request, p *formPage) {
	return func(r *http.Request, p *formPage) {
		if r.Method == http.MethodGet {
			p.NewSource = "/sources/new?next=" + url.QueryEscape(r.URL.RequestURI())
			p.NewSourceAt = field
		}
	}
}

// sourceInto puts the source just created (?source_id=) into field.
func sourceInto(field string) func(r *http.Request, vals url.Values) {
	return func(r *http.Request, vals url.Values) {
		if id := queryID(r, "source_id"); id != nil {
			vals.Set(field, itoa(*id))
		}
	}
}

// campaignEditor serves /campaigns/new and /campaigns/{id}/edit.
func (u *UI) campaignEditor() *editor[vigil.Campaign] {
	return &editor[vigil.Campaign]{
		u: u, entity: "campaigns", noun: "noun.campaign", codec: form.Campaign, path: "edit",
		meta:     func(c *vigil.Campaign) *vigil.Meta { return &c.Meta },
		validate: func(c *vigil.Campaign) error { return c.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindCampaignByID),
		create:   writer(u, vigil.AdvocacyService.CreateCampaign),
		update:   writer(u, vigil.AdvocacyService.UpdateCampaign),
		blank:    func(*http.Request) *vigil.Campaign { return &vigil.Campaign{} },
		label:    func(l string, c *vigil.Campaign) string { return c.Title.In(l) },
		done:     func(c *vigil.Campaign) string { return campaignPath(c.ID) },
		newKey:   "campaign.new", editKey: "campaign.edit",
	}
}

func askLabel(l string, a *vigil.Ask) string {
	return "#" + itoa(a.ID) + " " + truncate(a.Text.In(l), 60)
}

// askEditor serves /asks/new (?campaign_id=) and /asks/{id}/edit: the
// text, target and deadline of an ask.
func (u *UI) askEditor() *editor[vigil.Ask] {
	return &editor[vigil.Ask]{
		u: u, entity: "asks", noun: "noun.ask", codec: form.Ask, path: "edit",
		meta:     func(a *vigil.Ask) *vigil.Meta { return &a.Meta },
		validate: func(a *vigil.Ask) error { return a.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindAskByID),
		create:   writer(u, vigil.AdvocacyService.CreateAsk),
		update:   writer(u, vigil.AdvocacyService.UpdateAsk),
		blank: func(r *http.Request) *vigil.Ask {
			a := &vigil.Ask{State: vigil.AskAwaiting}
			if id := queryID(r, "campaign_id"); id != nil {
				a.CampaignID = *id
			}
			return a
		},
		label:  askLabel,
		done:   func(a *vigil.Ask) string { return campaignPath(a.CampaignID) + "#ask-" + itoa(a.ID) },
		back:   backToCampaign,
		newKey: "ask.new", editKey: "ask.edit",
	}
}

// askStateEditor serves /asks/{id}/state: a dated change of state, with
// a source as evidence for a response (vigil.AskStateChange). The state
// select offers the states the ask may move to; a stale form (someone
// recorded a change first) shows their state beside the user's choice.
func (u *UI) askStateEditor() *editor[vigil.Ask] {
	e := u.askEditor()
	e.codec, e.path, e.validate = form.AskState, "state", nil
	e.editKey = "ask.state_heading"
	e.update = func(ctx context.Context, a *vigil.Ask) error {
		adv, err := u.advocacy()
		if err != nil {
			return err
		}
		out, err := adv.ChangeAskState(ctx, a.ID, a.Version, vigil.AskStateChange{State: a.State, Date: a.StateDate, SourceID: a.StateSourceID, Note: a.StateNote})
		if err != nil {
			return err
		}
		*a = *out
		return nil
	}
	e.prefill = sourceInto("source_id")
	e.extra = sourceLinkAt("source_id")
	e.adjust = func(r *http.Request, f *form.Form, a *vigil.Ask) {
		fl := f.Field("state")
		if fl == nil || a == nil {
			return
		}
		l := lang(r)
		opts := []form.Option{{Value: string(a.State), Label: u.msgs.T(l, "ask.now", u.msgs.T(l, "ask."+string(a.State)))}}
		for _, s := range a.State.NextStates() {
			opts = append(opts, form.Option{Value: string(s), Key: "ask." + string(s)})
		}
		if !hasOption(opts, fl.Value) && fl.Value != "" {
			opts = append(opts, form.Option{Value: fl.Value, Key: "ask." + fl.Value})
		}
		fl.Options = opts
	}
	return e
}

// actionEditor serves /campaign-actions/new (?campaign_id=, ?kind=) and
// /campaign-actions/{id}/edit: the campaign's timeline.
func (u *UI) actionEditor() *editor[vigil.CampaignAction] {
	return &editor[vigil.CampaignAction]{
		u: u, entity: "campaign-actions", audit: "campaign_actions", noun: "noun.action", codec: form.Action, path: "edit",
		meta:     func(a *vigil.CampaignAction) *vigil.Meta { return &a.Meta },
		validate: func(a *vigil.CampaignAction) error { return a.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindActionByID),
		create:   writer(u, vigil.AdvocacyService.CreateAction),
		update:   writer(u, vigil.AdvocacyService.UpdateAction),
		blank: func(r *http.Request) *vigil.CampaignAction {
			a := &vigil.CampaignAction{Kind: vigil.ActionKind(r.URL.Query().Get("kind"))}
			if a.Kind == "" {
				a.Kind = vigil.ActionLetter
			}
			if id := queryID(r, "campaign_id"); id != nil {
				a.CampaignID = *id
			}
			a.LetterID, a.EventID = queryID(r, "letter_id"), queryID(r, "event_id")
			return a
		},
		label:   func(l string, a *vigil.CampaignAction) string { return a.Title.In(l) },
		done:    func(a *vigil.CampaignAction) string { return campaignPath(a.CampaignID) + "#action-" + itoa(a.ID) },
		back:    backToCampaign,
		prefill: sourceInto("source_id"),
		extra:   sourceLinkAt("source_id"),
		newKey:  "action.new", editKey: "action.edit",
	}
}

// outcomeEditor serves /outcomes/new (?campaign_id=, ?ask_id=) and
// /outcomes/{id}/edit, in Outcome Harvesting form.
func (u *UI) outcomeEditor() *editor[vigil.Outcome] {
	return &editor[vigil.Outcome]{
		u: u, entity: "outcomes", noun: "noun.outcome", codec: form.Outcome, path: "edit",
		meta:     func(o *vigil.Outcome) *vigil.Meta { return &o.Meta },
		validate: func(o *vigil.Outcome) error { return o.Validate() },
		find:     finder(u, vigil.AdvocacyService.FindOutcomeByID),
		create:   writer(u, vigil.AdvocacyService.CreateOutcome),
		update:   writer(u, vigil.AdvocacyService.UpdateOutcome),
		blank: func(r *http.Request) *vigil.Outcome {
			o := &vigil.Outcome{AskID: queryID(r, "ask_id")}
			if id := queryID(r, "campaign_id"); id != nil {
				o.CampaignID = *id
			}
			return o
		},
		label: func(l string, o *vigil.Outcome) string { return truncate(o.Change.In(l), 60) },
		done:  func(o *vigil.Outcome) string { return campaignPath(o.CampaignID) + "#outcome-" + itoa(o.ID) },
		back:  backToCampaign,
		// The source just created joins the evidence, in the first free
		// row.
		prefill: func(r *http.Request, vals url.Values) {
			id := queryID(r, "source_id")
			if id == nil {
				return
			}
			for n := 0; ; n++ {
				k := "source_ids." + strconv.Itoa(n)
				switch vals.Get(k) {
				case itoa(*id):
					return
				case "":
					vals.Set(k, itoa(*id))
					return
				}
			}
		},
		extra:  sourceLinkAt("source_ids.0"),
		newKey: "outcome.new", editKey: "outcome.edit",
	}
}

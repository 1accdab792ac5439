package ui

import (
	"html/template"
	"net/http"
	"strings"

	"vigil"
	"vigil/letter"
)

// advocacyPages are the advocacy templates, listed in Pages.
var advocacyPages = []string{"campaigns", "campaign", "letter", "sign", "event"}

func init() { Pages = append(Pages, advocacyPages...) }

// advocacyFuncs are the template functions of the advocacy pages.
var advocacyFuncs = template.FuncMap{
	// lines splits a letter's text into paragraphs.
	"lines": func(s string) []string { return strings.Split(s, "\n") },
}

// advocacy returns the service's advocacy side, or ENOTIMPLEMENTED.
func (u *UI) advocacy() (vigil.AdvocacyService, error) {
	if a, ok := u.svc.(vigil.AdvocacyService); ok {
		return a, nil
	}
	return nil, vigil.Errorf(vigil.ENOTIMPLEMENTED, "this store has no advocacy records")
}

// advocacyRoutes lists the campaign, letter and sign-on pages.
func (u *UI) advocacyRoutes() []route {
	rs := []route{
		{"GET /campaigns", u.serve(u.campaignList)},
		{"GET /campaigns/{id}", u.serve(u.campaignDetail)},
		{"GET /letters/{id}", u.serve(u.letterDetail)},
		{"POST /letters/{id}/freeze", u.serve(u.letterFreeze)},
		{"POST /letters/{id}/invitations", u.serve(u.letterInvite)},
		{"GET /letters/{id}/export/{format}", u.letterExport},
		{"GET /sign/{token}", u.limited(u.serve(u.signPage))},
		{"POST /sign/{token}", u.limited(u.serve(u.signSubmit))},
		{"GET /withdraw/{code}", u.limited(u.serve(u.withdrawPage))},
		{"POST /withdraw/{code}", u.limited(u.serve(u.withdrawSubmit))},
	}
	return append(rs, u.advocacyFormRoutes()...)
}

func (u *UI) campaignList(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	cs, n, err := adv.FindCampaigns(r.Context(), vigil.CampaignFilter{Page: vigil.Page{Limit: 100, Sort: "-updated_at"}})
	if err != nil {
		return nil, err
	}
	return &view{name: "campaigns", data: struct {
		Campaigns []*vigil.Campaign
		Total     int
	}{cs, n}}, nil
}

// askRow is an ask with whether it is overdue today.
type askRow struct {
	*vigil.Ask
	Overdue bool
	Target  vigil.Names
}

func (u *UI) campaignDetail(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	c, err := adv.FindCampaignByID(ctx, id)
	if err != nil {
		return nil, err
	}
	all := vigil.Page{Limit: vigil.MaxLimit}
	asks, _, err := adv.FindAsks(ctx, vigil.AskFilter{CampaignID: &id, Page: all})
	if err != nil {
		return nil, err
	}
	today := u.now().UTC().Format("2006-01-02")
	var rows []askRow
	for _, a := range asks {
		row := askRow{Ask: a, Overdue: a.Overdue(today)}
		if a.TargetID != nil {
			if t, err := u.svc.FindActorByID(ctx, *a.TargetID); err == nil {
				row.Target = t.Name
			}
		}
		rows = append(rows, row)
	}
	acts, _, err := adv.FindActions(ctx, vigil.ActionFilter{CampaignID: &id, Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "date"}})
	if err != nil {
		return nil, err
	}
	outs, _, err := adv.FindOutcomes(ctx, vigil.OutcomeFilter{CampaignID: &id, Page: all})
	if err != nil {
		return nil, err
	}
	ls, _, err := adv.FindLetters(ctx, vigil.LetterFilter{CampaignID: &id, Page: all})
	if err != nil {
		return nil, err
	}
	evs, _, err := adv.FindEvents(ctx, vigil.EventFilter{CampaignID: &id, Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "date"}})
	if err != nil {
		return nil, err
	}
	var photos []*vigil.Photo
	for _, e := range evs {
		ps, _, err := adv.FindPhotos(ctx, vigil.PhotoFilter{EventID: &e.ID, Page: all})
		if err != nil {
			return nil, err
		}
		photos = append(photos, ps...)
	}
	var targets []targetRow
	for _, t := range c.Targets {
		a, err := u.svc.FindActorByID(ctx, t.ActorID)
		if err != nil {
			continue
		}
		row := targetRow{Name: a.Name}
		if t.PostID != nil {
			if p, err := u.svc.FindPostByID(ctx, *t.PostID); err == nil {
				row.Post = p.Label
			}
		}
		targets = append(targets, row)
	}
	actors := map[int64]vigil.Names{}
	for _, o := range outs {
		if id := o.ChangedByID; id != nil {
			if a, err := u.svc.FindActorByID(ctx, *id); err == nil {
				actors[a.ID] = a.Name
			}
		}
	}
	return &view{name: "campaign", data: &campaignPage{Campaign: c, Targets: targets, Asks: rows, Actions: acts, Outcomes: outs, Letters: ls, Events: evs, Photos: photos,
		CanWrite: vigil.ViewerFrom(ctx).CanWrite(), Saved: saved(r), actors: actors}}, nil
}

// ActorName is the name of an outcome's actor the viewer may see.
func (p *campaignPage) ActorName(id *int64) vigil.Names {
	if id == nil {
		return vigil.Names{}
	}
	return p.actors[*id]
}

// targetRow is a campaign's target as the page names it: the person and
// the post they hold.
type targetRow struct {
	Name, Post vigil.Names
}

// campaignPage is what the campaign page shows.
type campaignPage struct {
	Campaign *vigil.Campaign
	Targets  []targetRow
	Asks     []askRow
	Actions  []*vigil.CampaignAction
	Outcomes []*vigil.Outcome
	Letters  []*vigil.Letter
	Events   []*vigil.Event
	Photos   []*vigil.Photo
	CanWrite bool
	Saved    int
	actors   map[int64]vigil.Names
}

// letterPage is what the letter page shows.
type letterPage struct {
	Letter      *vigil.Letter
	Versions    []*vigil.LetterVersion
	Current     *vigil.LetterVersion
	DiffKo      []letter.Line
	DiffEn      []letter.Line
	Comments    []*vigil.LetterComment
	Signatures  []*vigil.Signature
	Invitations []*vigil.Invitation
	Deliveries  []*vigil.Delivery
	// Link is a new invitation's sign-on path, shown once.
	Link     string
	CanWrite bool
	CanEdit  bool
	Saved    int
}

// VersionsNewest lists the versions newest first, for the comment form.
func (p *letterPage) VersionsNewest() []*vigil.LetterVersion {
	out := make([]*vigil.LetterVersion, 0, len(p.Versions))
	for i := len(p.Versions) - 1; i >= 0; i-- {
		out = append(out, p.Versions[i])
	}
	return out
}

func (u *UI) loadLetter(r *http.Request, id int64) (*letterPage, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	v := vigil.ViewerFrom(ctx)
	p := &letterPage{CanWrite: v.CanWrite(), CanEdit: v.CanEdit(), Saved: saved(r)}
	if p.Letter, err = adv.FindLetterByID(ctx, id); err != nil {
		return nil, err
	}
	if p.Versions, err = adv.FindLetterVersions(ctx, id); err != nil {
		return nil, err
	}
	if n := len(p.Versions); n > 0 {
		p.Current = p.Versions[n-1]
		prev := p.Versions[max(n-2, 0)]
		if n > 1 {
			p.DiffKo, p.DiffEn = letter.Diff(prev.Body.Ko, p.Current.Body.Ko), letter.Diff(prev.Body.En, p.Current.Body.En)
		}
	}
	if p.Comments, err = adv.FindLetterComments(ctx, id); err != nil {
		return nil, err
	}
	if p.Signatures, _, err = adv.FindSignatures(ctx, vigil.SignatureFilter{LetterID: &id, Page: vigil.Page{Limit: vigil.MaxLimit}}); err != nil {
		return nil, err
	}
	if p.Invitations, err = adv.FindInvitations(ctx, id); err != nil {
		return nil, err
	}
	if p.Deliveries, _, err = adv.FindDeliveries(ctx, vigil.DeliveryFilter{LetterID: &id, Page: vigil.Page{Limit: vigil.MaxLimit}}); err != nil {
		return nil, err
	}
	return p, nil
}

// overduePanel is the dashboard's block of asks past their deadline
// without an answer.
type overduePanel struct {
	Asks  []askRow
	Total int
	Today string
}

// overdueAsks loads the dashboard's overdue asks; nil without advocacy.
func (u *UI) overdueAsks(r *http.Request) (*overduePanel, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, nil
	}
	p := &overduePanel{Today: u.now().UTC().Format("2006-01-02")}
	asks, n, err := adv.FindAsks(r.Context(), vigil.AskFilter{OverdueOn: p.Today, Page: vigil.Page{Limit: dashboardListSize, Sort: "deadline"}})
	if err != nil {
		return nil, err
	}
	p.Total = n
	for _, a := range asks {
		p.Asks = append(p.Asks, askRow{Ask: a, Overdue: true})
	}
	return p, nil
}

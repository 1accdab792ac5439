package ui

import (
	"strconv"

	"vigil"
	"vigil/ui/form"
)

// advocacyOptions returns the choices of the advocacy forms' dynamic
// selects: "campaigns", "asks", "letters", "events" and "posts" (offices
// of an organization, named with it: "Minister of Foreign Affairs
// (Ministry of Foreign Affairs)"). A store without advocacy records has
// none.
func (l *lookups) advocacyOptions(kind string) ([]form.Option, error) {
	var out []form.Option
	opt := func(id int64, label string) {
		out = append(out, form.Option{Value: strconv.FormatInt(id, 10), Label: label})
	}
	all := vigil.Page{Limit: vigil.MaxLimit}
	if kind == "posts" {
		ps, _, err := l.u.svc.FindPosts(l.ctx, vigil.PostFilter{Page: all})
		if err != nil {
			return nil, err
		}
		as, err := l.allActors()
		if err != nil {
			return nil, err
		}
		orgs := map[int64]*vigil.Actor{}
		for _, a := range as {
			orgs[a.ID] = a
		}
		for _, p := range ps {
			label := p.Label.In(l.lang)
			if o := orgs[p.OrganizationID]; o != nil {
				label += " (" + o.Name.In(l.lang) + ")"
			}
			opt(p.ID, label)
		}
		return out, nil
	}
	adv, err := l.u.advocacy()
	if err != nil {
		return nil, nil
	}
	switch kind {
	case "campaigns":
		cs, _, err := adv.FindCampaigns(l.ctx, vigil.CampaignFilter{Page: all})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			opt(c.ID, c.Title.In(l.lang))
		}
	case "asks":
		as, _, err := adv.FindAsks(l.ctx, vigil.AskFilter{Page: all})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			opt(a.ID, "#"+itoa(a.ID)+" "+truncate(a.Text.In(l.lang), 70))
		}
	case "letters":
		ls, _, err := adv.FindLetters(l.ctx, vigil.LetterFilter{Page: all})
		if err != nil {
			return nil, err
		}
		for _, x := range ls {
			opt(x.ID, x.Title.In(l.lang))
		}
	case "events":
		es, _, err := adv.FindEvents(l.ctx, vigil.EventFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "-date"}})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			label := e.Title.In(l.lang)
			if e.Date != "" {
				label += " (" + dayOf(l.lang, e.DateStart) + ")"
			}
			opt(e.ID, label)
		}
	}
	return out, nil
}

package ui

import (
	"net/http"
	"net/url"
	"strconv"

	"vigil"
	"vigil/figure"
	"vigil/i18n"
	"vigil/ui/form"
)

// claimDone is where a claim is shown: on its incident's page, else on
// its source's.
func claimDone(c *vigil.Claim) string {
	if c.IncidentID != nil {
		return incidentPath(*c.IncidentID) + "#claim-" + strconv.FormatInt(c.ID, 10)
	}
	return "/sources/" + strconv.FormatInt(c.SourceID, 10) + "#claim-" + strconv.FormatInt(c.ID, 10)
}

// claimEditor serves /claims/new and /claims/{id}/edit. The form opened
// from an incident ("add claim") has the incident and its event chosen.
func (u *UI) claimEditor() *editor[vigil.Claim] {
	return &editor[vigil.Claim]{
		u: u, entity: "claims", noun: "noun.claim", codec: form.Claim, path: "edit",
		meta:     func(c *vigil.Claim) *vigil.Meta { return &c.Meta },
		validate: func(c *vigil.Claim) error { return c.Validate(u.policy()) },
		find:     u.svc.FindClaimByID,
		create:   u.svc.CreateClaim, update: u.svc.UpdateClaim,
		blank: func(r *http.Request) *vigil.Claim {
			q := r.URL.Query()
			c := &vigil.Claim{Event: vigil.EventType(q.Get("event")), Credibility: 6}
			if id, err := strconv.ParseInt(q.Get("source_id"), 10, 64); err == nil && id > 0 {
				c.SourceID = id
			}
			if id, err := strconv.ParseInt(q.Get("incident_id"), 10, 64); err == nil && id > 0 {
				c.IncidentID = &id
			}
			return c
		},
		label:  func(_ string, c *vigil.Claim) string { return "#" + strconv.FormatInt(c.ID, 10) },
		done:   claimDone,
		newKey: "claim.new", editKey: "claim.edit",
		back: func(r *http.Request) string {
			c := &vigil.Claim{}
			if err := r.ParseForm(); err == nil {
				form.Claim.Apply(r.Form, c)
			}
			switch {
			case c.IncidentID != nil:
				return incidentPath(*c.IncidentID)
			case c.SourceID > 0:
				return "/sources/" + itoa(c.SourceID)
			}
			return "/incidents"
		},
		extra: func(r *http.Request, p *formPage) {
			if p.NewOnly && r.Method == http.MethodGet {
				p.NewSource = "/sources/new?next=" + url.QueryEscape(r.URL.RequestURI())
			}
		},
	}
}

// claimNewForIncident opens the claim form for an incident, with its
// event chosen.
func (u *UI) claimNewForIncident(r *http.Request) (*view, error) {
	if err := needWriter(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	inc, err := u.svc.FindIncidentByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	q.Set("incident_id", strconv.FormatInt(inc.ID, 10))
	if q.Get("event") == "" {
		q.Set("event", string(inc.Event))
	}
	r.URL.RawQuery = q.Encode()
	return u.claimEditor().newForm(r)
}

// claimDetail shows a claim where it lives: its incident's page or its
// source's.
func (u *UI) claimDetail(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	c, err := u.svc.FindClaimByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if c.IncidentID != nil {
		if _, err := u.svc.FindIncidentByID(r.Context(), *c.IncidentID); err != nil {
			return redirect("/sources/" + strconv.FormatInt(c.SourceID, 10) + "#claim-" + strconv.FormatInt(c.ID, 10)), nil
		}
	}
	return redirect(claimDone(c)), nil
}

// figurePreview says how a figure text reads under the store's policy:
// "about 200 → 180–200–220 (approximately)", or why it cannot be read.
func (u *UI) figurePreview(lang, text string) string {
	rd, err := figure.Read(text, u.policy())
	if err != nil {
		return u.msgs.T(lang, "figure.unreadable")
	}
	return u.msgs.T(lang, "figure.reads_as", i18n.Interval(lang, &rd.Interval), u.msgs.T(lang, "qual."+string(rd.Qualifier)))
}

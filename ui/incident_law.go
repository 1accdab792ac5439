package ui

import (
	"net/http"

	"vigil"
	"vigil/legal"
)

// incidentLaw loads the incident's violations with their provisions and
// writes the legal note for each state in breach from its StateParty
// facts.
func (u *UI) incidentLaw(r *http.Request, p *incidentPage) error {
	ctx := r.Context()
	l := lang(r)
	vs, _, err := u.svc.FindViolations(ctx, vigil.ViolationFilter{IncidentID: &p.Inc.ID, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil || len(vs) == 0 {
		return err
	}
	instruments, _, err := u.svc.FindInstruments(ctx, vigil.Page{Limit: vigil.MaxLimit})
	if err != nil {
		return err
	}
	instrByID := map[int64]*vigil.Instrument{}
	for _, in := range instruments {
		instrByID[in.ID] = in
	}
	states, err := u.stateNames(r)
	if err != nil {
		return err
	}
	byCountry := map[string][]*vigil.LegalProvision{}
	var countries []string
	for _, v := range vs {
		lp, err := u.svc.FindProvisionByID(ctx, v.ProvisionID)
		if notFound(err) {
			continue
		} else if err != nil {
			return err
		}
		row := violationRow{V: v, Provision: lp, Instrument: instrByID[lp.InstrumentID], State: states[v.CountryCode].In(l)}
		if row.State == "" {
			row.State = v.CountryCode
		}
		p.Violations = append(p.Violations, row)
		if _, ok := byCountry[v.CountryCode]; !ok {
			countries = append(countries, v.CountryCode)
		}
		byCountry[v.CountryCode] = append(byCountry[v.CountryCode], lp)
	}
	for _, cc := range countries {
		parties, _, err := u.svc.FindStateParties(ctx, vigil.StatePartyFilter{CountryCode: cc, Page: vigil.Page{Limit: vigil.MaxLimit}})
		if err != nil {
			return err
		}
		text := legal.Note(l, legal.Facts{State: states[cc], CountryCode: cc, Provisions: byCountry[cc], Instruments: instruments, Parties: parties})
		if text != "" {
			p.Notes = append(p.Notes, legalNote{Country: cc, State: states[cc].In(l), Text: text})
		}
	}
	return nil
}

// stateNames maps country codes to the names of the gazetteer's country
// entries.
func (u *UI) stateNames(r *http.Request) (map[string]vigil.Names, error) {
	ps, _, err := u.svc.FindPlaces(r.Context(), vigil.PlaceFilter{Kind: vigil.PlaceCountry, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, err
	}
	out := map[string]vigil.Names{}
	for _, p := range ps {
		if p.CountryCode != "" {
			out[p.CountryCode] = p.Names
		}
	}
	return out, nil
}

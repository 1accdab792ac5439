package api

import (
	"net/http"
	"strings"
	"time"

	"vigil"
	"vigil/edtf"
	"vigil/figure"
)

// handleStats answers an honest total:
// GET /api/v1/stats?event=repatriation&from=2023-10-01&to=2024-05-31[&place=ID][&perpetrator=ID]
func (a *API) handleStats(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("event", "from", "to", "place", "perpetrator"); err != nil {
		return err
	}
	var f vigil.StatsFilter
	err := collect(
		func() (err error) { f.Event, err = q.event("event"); return },
		func() (err error) { f.From, err = q.day("from"); return },
		func() (err error) { f.To, err = q.day("to"); return },
		func() (err error) { f.PlaceID, err = q.id("place"); return },
		func() (err error) { f.PerpetratorID, err = q.id("perpetrator"); return },
	)
	if err != nil {
		return err
	}
	if f.Event == "" {
		return invalidParam("event", "is required: totals are per event type (%s)", eventList())
	}
	st, err := a.svc.Stats(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// handleFigure parses figure text: GET /api/v1/figure?text=about+200
func (a *API) handleFigure(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("text"); err != nil {
		return err
	}
	rd, err := figure.Read(q.Get("text"), a.policy)
	if err != nil {
		return &vigil.Error{Code: vigil.EINVALID, Message: "not a figure", Fields: map[string]string{"text": strings.TrimPrefix(err.Error(), "figure: ")}}
	}
	writeJSON(w, http.StatusOK, rd)
	return nil
}

// handleDate resolves a date expression: GET /api/v1/date?text=지난+9일&ref=2023-10-13
func (a *API) handleDate(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("text", "ref"); err != nil {
		return err
	}
	ref := a.now().UTC()
	if s, err := q.day("ref"); err != nil {
		return err
	} else if s != "" {
		ref, _ = time.Parse(time.DateOnly, s)
	}
	d, err := edtf.Resolve(q.Get("text"), ref)
	if err != nil {
		return &vigil.Error{Code: vigil.EINVALID, Message: "not a date", Fields: map[string]string{"text": strings.TrimPrefix(err.Error(), "date: ")}}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// handleAudit lists audit entries: GET /api/v1/audit?entity=incidents&entity_id=3
func (a *API) handleAudit(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("entity", "entity_id", "limit", "offset"); err != nil {
		return err
	}
	pg, err := q.page()
	if err != nil {
		return err
	}
	f := vigil.AuditFilter{Page: pg, Entity: q.str("entity")}
	if f.EntityID, err = q.id("entity_id"); err != nil {
		return err
	}
	items, total, err := a.svc.FindAuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*vigil.AuditEntry{}
	}
	if pg.Limit == 0 {
		pg.Limit = vigil.DefaultLimit
	}
	writeJSON(w, http.StatusOK, ListResponse[vigil.AuditEntry]{Items: items, Total: total, Limit: pg.Limit, Offset: pg.Offset})
	return nil
}

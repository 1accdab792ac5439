package ui

import (
	"net/http"
	"time"

	"vigil"
)

// dashboardEvents are the event types the dashboard totals.
var dashboardEvents = []vigil.EventType{vigil.EventRepatriation, vigil.EventArrest, vigil.EventDetention, vigil.EventAtRisk}

type eventTotal struct {
	Event vigil.EventType
	Stats *vigil.Stats
}

// dashboard shows totals as low–best–high for a chosen period.
func (u *UI) dashboard(w http.ResponseWriter, r *http.Request) (string, any, error) {
	q := r.URL.Query()
	from, to, err := u.dataSpan(r)
	if err != nil {
		return "", nil, err
	}
	if v := q.Get("from"); v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", nil, &vigil.Error{Code: vigil.EINVALID, Message: "from: not a day (YYYY-MM-DD)"}
		}
		from = v
	}
	if v := q.Get("to"); v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "", nil, &vigil.Error{Code: vigil.EINVALID, Message: "to: not a day (YYYY-MM-DD)"}
		}
		to = v
	}
	var totals []eventTotal
	for _, ev := range dashboardEvents {
		st, err := u.svc.Stats(r.Context(), vigil.StatsFilter{Event: ev, From: from, To: to})
		if err != nil {
			return "", nil, err
		}
		if len(st.Incidents) > 0 || len(st.Excluded) > 0 {
			totals = append(totals, eventTotal{ev, st})
		}
	}
	viz, err := u.dashboardViz(r, from, to, totals)
	if err != nil {
		return "", nil, err
	}
	// Workspace: open conflicts and cohorts awaiting follow-up (dashboard_work.go).
	work, err := u.dashboardWork(r)
	if err != nil {
		return "", nil, err
	}
	// Advocacy: asks past their deadline without an answer (campaigns.go).
	overdue, err := u.overdueAsks(r)
	if err != nil {
		return "", nil, err
	}
	return "dashboard", struct {
		From, To string
		Totals   []eventTotal
		Viz      *dashboardViz
		Work     *workPanel
		Overdue  *overduePanel
	}{from, to, totals, viz, work, overdue}, nil
}

// dataSpan is the default period: from the first to the last visible
// incident, so a new reader sees every total at once; today when there
// are none.
func (u *UI) dataSpan(r *http.Request) (from, to string, err error) {
	today := u.now().UTC().Format(time.DateOnly)
	from, to = today, today
	first, _, err := u.svc.FindIncidents(r.Context(), vigil.IncidentFilter{Page: vigil.Page{Limit: 1, Sort: "date"}})
	if err != nil {
		return "", "", err
	}
	last, _, err := u.svc.FindIncidents(r.Context(), vigil.IncidentFilter{Page: vigil.Page{Limit: 1, Sort: "-date"}})
	if err != nil {
		return "", "", err
	}
	if len(first) > 0 && first[0].DateStart != "" {
		from = first[0].DateStart
	}
	if len(last) > 0 && last[0].DateStart != "" {
		to = last[0].DateStart
	}
	return from, to, nil
}

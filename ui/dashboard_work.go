package ui

import (
	"net/http"
	"strconv"

	"vigil"
)

// dashboardListSize is how many open conflicts and follow-ups the
// dashboard lists before linking to the rest.
const dashboardListSize = 10

// workPanel is the dashboard's to-do part: incidents whose claims
// disagree, and cohorts nobody has heard of since their arrest or
// detention.
type workPanel struct {
	Conflicts     []*vigil.Incident
	ConflictTotal int
	FollowUps     []*vigil.FollowUpDue
	FollowUpTotal int
	// Wait is the follow-up threshold in days (?wait=N, default 30).
	Wait int
	// Today is the day waits are counted to.
	Today string
}

// dashboardWork loads the dashboard's to-do lists for the viewer.
func (u *UI) dashboardWork(r *http.Request) (*workPanel, error) {
	p := &workPanel{Wait: vigil.DefaultFollowUpDays, Today: u.now().UTC().Format("2006-01-02")}
	if s := r.URL.Query().Get("wait"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 36500 {
			return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid wait", Fields: map[string]string{"wait": "must be a number of days from 1 to 36500"}}
		}
		p.Wait = n
	}
	yes := true
	var err error
	p.Conflicts, p.ConflictTotal, err = u.svc.FindIncidents(r.Context(), vigil.IncidentFilter{Conflict: &yes, Page: vigil.Page{Limit: dashboardListSize, Sort: "-updated_at"}})
	if err != nil {
		return nil, err
	}
	p.FollowUps, p.FollowUpTotal, err = u.svc.FindFollowUpsDue(r.Context(), vigil.FollowUpFilter{AsOf: p.Today, Days: p.Wait, Page: vigil.Page{Limit: dashboardListSize}})
	if err != nil {
		return nil, err
	}
	return p, nil
}

package ui

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"vigil"
	"vigil/triage"
)

// monitoringRoutes are the feeds and inbox pages, served when the UI has
// a triage desk.
func (u *UI) monitoringRoutes() []route {
	return []route{
		{"GET /feeds", u.handle(u.feeds)},
		{"POST /feeds", u.handle(u.addFeed)},
		{"GET /inbox", u.handle(u.inbox)},
		{"GET /inbox/{id}", u.handle(u.inboxItem)},
		{"POST /inbox/{id}/accept", u.handle(u.acceptItem)},
		{"POST /inbox/{id}/dismiss", u.handle(u.dismissItem)},
	}
}

// inbox lists the items waiting for triage.
func (u *UI) inbox(w http.ResponseWriter, r *http.Request) (string, any, error) {
	status := vigil.ItemStatus(r.URL.Query().Get("status"))
	if status == "" {
		status = vigil.ItemNew
	}
	if status != vigil.ItemNew && status != vigil.ItemAccepted && status != vigil.ItemDismissed {
		return "", nil, &vigil.Error{Code: vigil.EINVALID, Message: "status: must be new, accepted or dismissed"}
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	items, total, err := u.desk.Svc.FindFeedItems(r.Context(), vigil.FeedItemFilter{Inbox: true, Status: status, Page: vigil.Page{Limit: 50, Offset: max(0, offset), Sort: "-id"}})
	if err != nil {
		return "", nil, err
	}
	return "inbox", struct {
		Status vigil.ItemStatus
		Items  []*vigil.FeedItem
		Total  int
	}{status, items, total}, nil
}

// candidateView is a candidate claim as the item page shows it.
type candidateView struct {
	triage.Suggested
	N int // 1-based, for labels
}

// inboxItem shows an item's text with its candidate claims highlighted,
// and for each the suggested incidents and the forms to accept it.
func (u *UI) inboxItem(w http.ResponseWriter, r *http.Request) (string, any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return "", nil, vigil.Errorf(vigil.ENOTFOUND, "no page at %s", r.URL.Path)
	}
	e, err := u.desk.Entry(r.Context(), id)
	if err != nil {
		return "", nil, err
	}
	spans := make([]triage.Span, len(e.Candidates))
	cands := make([]candidateView, len(e.Candidates))
	for i, c := range e.Candidates {
		spans[i] = triage.Span{Start: c.Start, End: c.End, Label: fmt.Sprintf("%d: %s", i+1, u.msgs.T(lang(r), "event."+c.Event))}
		cands[i] = candidateView{Suggested: c, N: i + 1}
	}
	var snaps []*vigil.Snapshot
	if e.Item.SourceID != nil {
		if snaps, _, err = u.desk.Svc.FindSnapshots(r.Context(), vigil.SnapshotFilter{SourceID: e.Item.SourceID}); err != nil {
			return "", nil, err
		}
	}
	v := vigil.ViewerFrom(r.Context())
	return "inbox_item", struct {
		Entry      *triage.Entry
		Text       template.HTML
		Candidates []candidateView
		Snapshots  []*vigil.Snapshot
		CanWrite   bool
		// The sensitivities offered for accepted records: restricted
		// within clearance, public to editors only (the store refuses a
		// contributor's public record: publishing is an editor's call).
		SeesRestricted, CanPublish bool
	}{e, triage.Highlight(e.Text, spans), cands, snaps, v.CanWrite(), v.CanRead(vigil.Restricted), v.CanEdit()}, nil
}

// acceptItem takes one candidate claim into an incident, then shows the
// item again with its archived source.
func (u *UI) acceptItem(w http.ResponseWriter, r *http.Request) (string, any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return "", nil, vigil.Errorf(vigil.ENOTFOUND, "no page at %s", r.URL.Path)
	}
	req := triage.AcceptRequest{Sensitivity: vigil.Sensitivity(r.PostFormValue("sensitivity")), Reliability: r.PostFormValue("reliability")}
	req.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	if s, err := strconv.Atoi(r.PostFormValue("start")); err == nil {
		req.Start = &s
	}
	req.Credibility, _ = strconv.Atoi(r.PostFormValue("credibility"))
	if v := r.PostFormValue("incident_id"); v == "new" {
		req.NewIncident = true
	} else if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		req.IncidentID = &n
	}
	if _, err := u.desk.Accept(r.Context(), id, req); err != nil {
		return "", nil, err
	}
	http.Redirect(w, r, fmt.Sprintf("/inbox/%d", id), http.StatusSeeOther)
	return "", nil, nil
}

// dismissItem sets an item aside and returns to the inbox.
func (u *UI) dismissItem(w http.ResponseWriter, r *http.Request) (string, any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return "", nil, vigil.Errorf(vigil.ENOTFOUND, "no page at %s", r.URL.Path)
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := u.desk.Svc.DismissFeedItem(r.Context(), id, version, r.PostFormValue("reason")); err != nil {
		return "", nil, err
	}
	http.Redirect(w, r, "/inbox", http.StatusSeeOther)
	return "", nil, nil
}

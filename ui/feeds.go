package ui

import (
	"net/http"

	"vigil"
)

// feeds lists the watched feeds with their poll state, and the keyword
// rules that route items to the inbox.
func (u *UI) feeds(w http.ResponseWriter, r *http.Request) (string, any, error) {
	fds, _, err := u.desk.Svc.FindFeeds(r.Context(), vigil.FeedFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return "", nil, err
	}
	rules, err := u.desk.Svc.FindKeywordRules(r.Context())
	if err != nil {
		return "", nil, err
	}
	return "feeds", struct {
		Feeds    []*vigil.Feed
		Rules    []*vigil.KeywordRule
		CanWrite bool
	}{fds, rules, vigil.ViewerFrom(r.Context()).CanWrite()}, nil
}

// addFeed subscribes to a feed and returns to the list.
func (u *UI) addFeed(w http.ResponseWriter, r *http.Request) (string, any, error) {
	f := &vigil.Feed{URL: r.PostFormValue("url"), Title: r.PostFormValue("title"), Language: r.PostFormValue("lang"), Active: true,
		Meta: vigil.Meta{Sensitivity: vigil.Sensitivity(r.PostFormValue("sensitivity"))}}
	if err := u.desk.Svc.CreateFeed(r.Context(), f); err != nil {
		return "", nil, err
	}
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
	return "", nil, nil
}

package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"vigil"
	"vigil/figure"
	"vigil/httpserver"
	"vigil/i18n"
	"vigil/ui/form"
)

// workspacePages are the researcher's workspace templates, listed in
// Pages.
var workspacePages = []string{"incidents", "incident", "form", "records", "record", "audit"}

// workspaceRoutes lists the researcher's workspace: incidents, claims,
// sources, places and actors (lists, details, forms), and the audit log.
func (u *UI) workspaceRoutes() []route {
	rs := []route{
		{"GET /incidents", u.serve(u.incidentList)},
		{"GET /incidents/{id}", u.serve(u.incidentDetail)},
		{"GET /incidents/{id}/resolve", u.serve(u.resolveEditor().edit)},
		{"POST /incidents/{id}/resolve", u.serve(u.resolveEditor().save)},
		{"GET /incidents/{id}/override", u.serve(u.overrideEditor().edit)},
		{"POST /incidents/{id}/override", u.serve(u.overrideEditor().save)},
		{"POST /incidents/{id}/links", u.serve(u.linkCreate)},
		{"POST /links/{id}/delete", u.serve(u.linkDelete)},
		{"GET /incidents/{id}/claims/new", u.serve(u.claimNewForIncident)},
		{"GET /claims/{id}", u.serve(u.claimDetail)},
		{"GET /sources", u.serve(u.sourceList)},
		{"GET /sources/{id}", u.serve(u.sourceDetail)},
		{"GET /places", u.serve(u.placeList)},
		{"GET /places/{id}", u.serve(u.placeDetail)},
		{"GET /actors", u.serve(u.actorList)},
		{"GET /actors/{id}", u.serve(u.actorDetail)},
		{"GET /audit", u.serve(u.auditLog)},
	}
	rs = append(rs, u.incidentEditor().routes()...)
	rs = append(rs, u.claimEditor().routes()...)
	rs = append(rs, u.sourceEditor().routes()...)
	rs = append(rs, u.placeEditor().routes()...)
	rs = append(rs, u.actorEditor().routes()...)
	rs = append(rs, u.reportRoutes()...)
	for _, e := range historyEntities {
		rs = append(rs, route{"GET /" + e + "/{id}/history", u.serve(u.recordHistory(e))})
	}
	return rs
}

// view is what a workspace handler produces: a page with a status, or a
// redirect.
type view struct {
	name     string
	data     any
	status   int
	redirect string
}

func redirect(to string) *view { return &view{redirect: to} }

// serve adapts a workspace handler.
func (u *UI) serve(h func(r *http.Request) (*view, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		if v.redirect != "" {
			http.Redirect(w, r, v.redirect, http.StatusSeeOther)
			return
		}
		status := v.status
		if status == 0 {
			status = http.StatusOK
		}
		u.render(w, r, status, v.name, v.data)
	}
}

// fail shows an error page in the user's language: the status comes from
// the error's code; the message is ours for the codes a user can act on,
// with the validator's detail where it helps.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	l := lang(r)
	status := httpserver.StatusOf(err)
	var msg string
	switch vigil.ErrorCode(err) {
	case vigil.ENOTFOUND:
		msg = u.msgs.T(l, "error.not_found")
	case vigil.EFORBIDDEN, vigil.EUNAUTHORIZED:
		msg = u.msgs.T(l, "error.forbidden")
	case vigil.EINVALID:
		msg = u.msgs.T(l, "error.invalid")
		for k, v := range vigil.ErrorFields(err) {
			msg += " " + k + ": " + u.localize(l, v)
		}
	case vigil.ECONFLICT:
		msg = u.msgs.T(l, "error.conflict", vigil.ErrorMessage(err))
	case vigil.EINTERNAL:
		httpserver.LogError(u.log, r, "ui: internal error", err)
		msg = u.msgs.T(l, "error.internal")
	default:
		msg = vigil.ErrorMessage(err)
	}
	u.render(w, r, status, "error", struct{ Message string }{msg})
}

// localize turns a validator's message into lang.
func (u *UI) localize(l, msg string) string {
	return form.Localize(msg, func(key string, args ...any) string { return u.msgs.T(l, key, args...) })
}

// forbidden is the error for a page the viewer's role does not allow.
func forbidden(what string) error {
	return vigil.Errorf(vigil.EFORBIDDEN, "you may not %s", what)
}

// needWriter refuses viewers who cannot create or change records. It runs
// before any record is read, so it reveals nothing about ids.
func needWriter(r *http.Request) error {
	if !vigil.ViewerFrom(r.Context()).CanWrite() {
		return forbidden("change records: a contributor, editor or admin role is required")
	}
	return nil
}

// needEditor refuses viewers who cannot make editorial decisions.
func needEditor(r *http.Request) error {
	if !vigil.ViewerFrom(r.Context()).CanEdit() {
		return forbidden("make editorial decisions: an editor or admin role is required")
	}
	return nil
}

// pathID reads the {id} of the route; a malformed id is a page that does
// not exist.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, vigil.Errorf(vigil.ENOTFOUND, "no record %q", r.PathValue("id"))
	}
	return id, nil
}

// notFound reports whether err is ENOTFOUND.
func notFound(err error) bool { return vigil.ErrorCode(err) == vigil.ENOTFOUND }

// policy is the store's figure policy when the service says, else the
// default: previews must read figures as the store will.
func (u *UI) policy() figure.Policy {
	if p, ok := u.svc.(interface{ Policy() figure.Policy }); ok {
		return p.Policy()
	}
	return figure.DefaultPolicy()
}

// pageSize is the number of rows of a workspace list.
const pageSize = 25

// pager is the pagination of a list: the 1-based page from the "page"
// query parameter, and links that keep every other parameter.
type pager struct {
	Total, Page, Pages int
	From, To           int // the rows shown, 1-based
	Prev, Next         string
	Limit, Offset      int
}

// readPage reads ?page=N (1 when absent or bad).
func readPage(r *http.Request, limit int) (page, offset int) {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	return page, (page - 1) * limit
}

func newPager(r *http.Request, total, page, limit int) pager {
	p := pager{Total: total, Page: page, Limit: limit, Offset: (page - 1) * limit}
	p.Pages = max(1, (total+limit-1)/limit)
	if total > 0 {
		p.From = min(p.Offset+1, total)
		p.To = min(p.Offset+limit, total)
	}
	link := func(n int) string {
		q := r.URL.Query()
		if n == 1 {
			q.Del("page")
		} else {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return r.URL.Path
		}
		return r.URL.Path + "?" + q.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, p.Pages))
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}

// saved reads the ?saved=N flag a redirect after saving sets.
func saved(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("saved"))
	return n
}

// withQuery appends key=value to a local path.
func withQuery(path, key, value string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// idList formats ids as "#1, #2".
func idList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = "#" + strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ", ")
}

// optionalID parses an optional positive id query parameter; a bad one is
// EINVALID naming the parameter.
func optionalID(q url.Values, name string) (*int64, error) {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid filter", Fields: map[string]string{name: "must be a positive whole number"}}
	}
	return &n, nil
}

// isVigil reports whether err carries a vigil error code.
func isVigil(err error) bool {
	var e *vigil.Error
	return errors.As(err, &e)
}

// dayOf returns i18n.Day for a day string, or "" for none.
func dayOf(lang, day string) string {
	if day == "" {
		return ""
	}
	return i18n.Day(lang, day)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

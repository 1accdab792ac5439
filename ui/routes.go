package ui

import (
	"io/fs"
	"net/http"

	"vigil"
	"vigil/web"
)

// route is one page or action of the UI: a method and path pattern as
// http.ServeMux reads it, and its handler.
type route struct {
	pattern string
	h       http.HandlerFunc
}

// routes is the one table of the UI: Register serves exactly these and
// Routes lists exactly these, so the route × role test sees every page
// and action. Each area contributes its own list; the catch-all comes
// last.
func (u *UI) routes() []route {
	static, _ := fs.Sub(web.FS, "static")
	rs := []route{
		{"GET /static/", staticFiles(http.StripPrefix("/static/", http.FileServerFS(static))).ServeHTTP},
		{"GET /{$}", u.handle(u.dashboard)},
		{"GET /search", u.handle(u.search)},
		{"POST /lang", u.setLanguage},
	}
	rs = append(rs, u.workspaceRoutes()...)
	rs = append(rs, u.advocacyRoutes()...)
	// Without a UserService (a store that has none) there are no sign-in
	// or account pages; without a triage desk no feeds or inbox.
	if u.users != nil {
		rs = append(rs, u.accountRoutes()...)
	}
	if u.desk != nil {
		rs = append(rs, u.monitoringRoutes()...)
	}
	return append(rs, route{"/", func(w http.ResponseWriter, r *http.Request) {
		u.renderError(w, r, vigil.Errorf(vigil.ENOTFOUND, "no page at %s", r.URL.Path))
	}})
}

// Register adds the UI routes to mux. It is an httpserver.Registrar.
func (u *UI) Register(mux *http.ServeMux) {
	for _, r := range u.routes() {
		mux.HandleFunc(r.pattern, r.h)
	}
}

// Routes lists the pattern of every page and action the UI serves, in
// the order Register adds them, so that a test can check each against
// every role.
func (u *UI) Routes() []string {
	rs := u.routes()
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.pattern
	}
	return out
}

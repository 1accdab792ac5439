// Package api serves vigil's JSON API under /api/v1: CRUD with filtered,
// paginated lists for every record type, honest totals, figure and date
// parsing, and the OpenAPI 3.1 document that describes it, generated from
// the same route table the mux serves.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"vigil"
	"vigil/figure"
	"vigil/httpserver"
	"vigil/publish"
)

// API holds the JSON handlers.
type API struct {
	svc    vigil.Service
	log    *slog.Logger
	policy figure.Policy
	now    func() time.Time
	mux    *http.ServeMux
	routes []route
	// cache holds the public data for the public API (public.go).
	cache *publish.Cache
	// monitor serves feeds, the inbox and archives (monitoring.go).
	monitor *Monitor
}

// Options configures the API.
type Options struct {
	Logger *slog.Logger
	Policy *figure.Policy // nil: figure.DefaultPolicy()
	Now    func() time.Time
	// PublicCache is the public data the public API serves, shared with
	// the live public site; nil makes one (publish.DefaultTTL).
	PublicCache *publish.Cache
	// Monitor, when set, adds the monitoring endpoints (monitoring.go).
	Monitor *Monitor
}

// route is one registered endpoint and what the OpenAPI document says of
// it.
type route struct {
	pattern string // "GET /api/v1/incidents/{id}"
	doc     routeDoc
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// New returns the API over svc.
func New(svc vigil.Service, opts Options) *API {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	policy := figure.DefaultPolicy()
	if opts.Policy != nil {
		policy = *opts.Policy
	}
	return &API{svc: svc, log: opts.Logger, policy: policy, now: opts.Now, cache: opts.PublicCache, monitor: opts.Monitor}
}

// Register adds every API route to mux. It is an httpserver.Registrar.
func (a *API) Register(mux *http.ServeMux) {
	a.mux = mux
	a.routes = nil
	for _, r := range a.resources() {
		r.register(a)
	}
	a.registerMonitoring()
	a.handle("GET /api/v1/stats", a.handleStats, routeDoc{op: "stats", res: "stats"})
	a.handle("GET /api/v1/figure", a.handleFigure, routeDoc{op: "figure", res: "figure"})
	a.handle("GET /api/v1/date", a.handleDate, routeDoc{op: "date", res: "date"})
	a.handle("GET /api/v1/search", a.handleSearch, routeDoc{op: "search", res: "search"})
	a.handle("GET /api/v1/audit", a.handleAudit, routeDoc{op: "audit", res: "audit"})
	a.registerAdvocacy()
	a.handle("GET /api/v1/openapi.json", a.handleOpenAPI, routeDoc{op: "openapi", res: "openapi"})
	a.registerPublication()
	a.handle("/api/v1/", a.handleNotFound, routeDoc{hidden: true})
}

func (a *API) handle(pattern string, h handlerFunc, doc routeDoc) {
	a.routes = append(a.routes, route{pattern: pattern, doc: doc})
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if !doc.hidden {
			if err := mayChange(r); err != nil {
				httpserver.WriteError(w, r, a.log, err)
				return
			}
		}
		if err := h(w, r); err != nil {
			httpserver.WriteError(w, r, a.log, err)
		}
	})
}

// mayChange refuses a request that would change something from a caller
// who may only read, before its body is read: anonymous callers with 401,
// read-scope tokens and reader accounts with 403. The store refuses them
// too; refusing here first means such a caller learns nothing from
// validation or version errors.
func mayChange(r *http.Request) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if err := requireWriter(r); err != nil {
		return err
	}
	if !vigil.ViewerFrom(r.Context()).CanWrite() {
		return vigil.Errorf(vigil.EFORBIDDEN, "this token or account may only read: changes need a token with write scope or a contributor's account")
	}
	return nil
}

// Routes lists the pattern of every route Register added, in order.
func (a *API) Routes() []string {
	out := make([]string, len(a.routes))
	for i, r := range a.routes {
		out[i] = r.pattern
	}
	return out
}

func (a *API) handleNotFound(w http.ResponseWriter, r *http.Request) error {
	return vigil.Errorf(vigil.ENOTFOUND, "no API endpoint at %s; see /api/v1/openapi.json", r.URL.Path)
}

// registerable is a resource of any record type.
type registerable interface{ register(a *API) }

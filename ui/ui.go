// Package ui serves vigil's server-rendered web interface: html/template
// pages embedded in the binary, in Korean and English, with one handler
// file per page or action. Reading works with JavaScript off.
package ui

import (
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"vigil"
	"vigil/httpserver"
	"vigil/i18n"
	"vigil/triage"
	"vigil/web"
)

// Pages lists every page template; each is parsed with layout.html. A test
// fails when a template file is not listed here.
var Pages = []string{"dashboard", "error", "login", "login_totp", "account", "totp_setup", "users", "invite_accept", "feeds", "inbox", "inbox_item", "search"}

// Options configures the UI.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
	// Users serves sign-in and accounts; nil means the service, when it
	// implements vigil.UserService.
	Users vigil.UserService
	// Desk, when set, adds the feeds and triage inbox pages (inbox.go).
	Desk *triage.Desk
}

// UI holds the parsed templates and the service the pages read.
type UI struct {
	svc   vigil.Service
	msgs  *i18n.Bundle
	pages map[string]*template.Template
	log   *slog.Logger
	now   func() time.Time
	users vigil.UserService
	desk  *triage.Desk
	// reports serves the report pages when the service keeps reports
	// (report_pages.go).
	reports vigil.ReportService
}

// New parses the embedded templates and locales.
func New(svc vigil.Service, opts Options) (*UI, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	msgs, err := i18n.Load(web.FS, "locales")
	if err != nil {
		return nil, err
	}
	u := &UI{svc: svc, msgs: msgs, pages: map[string]*template.Template{}, log: opts.Logger, now: opts.Now, users: opts.Users, desk: opts.Desk}
	if u.users == nil {
		u.users, _ = svc.(vigil.UserService)
	}
	u.reports, _ = svc.(vigil.ReportService)
	for _, name := range Pages {
		t, err := template.New(name).Funcs(u.funcs()).Funcs(u.workspaceFuncs()).Funcs(advocacyFuncs).ParseFS(web.FS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("ui: parse %s: %w", name, err)
		}
		u.pages[name] = t
	}
	return u, nil
}

// Messages returns the locale bundle, for tests.
func (u *UI) Messages() *i18n.Bundle { return u.msgs }

func (u *UI) funcs() template.FuncMap {
	return template.FuncMap{
		"t":        func(lang, key string, args ...any) string { return u.msgs.T(lang, key, args...) },
		"tn":       func(lang, key string, n int, args ...any) string { return u.msgs.N(lang, key, n, args...) },
		"num":      i18n.Int,
		"day":      i18n.Day,
		"month":    i18n.Month,
		"date":     i18n.Date,
		"interval": i18n.Interval,
		"deref":    func(p *int) int { return *p },
		"ids": func(ids []int64) string {
			s := make([]string, len(ids))
			for i, id := range ids {
				s[i] = "#" + strconv.FormatInt(id, 10)
			}
			return strings.Join(s, ", ")
		},
		"names": func(n vigil.Names, lang string) string { return n.In(lang) },
	}
}

// staticFiles lets browsers cache assets for an hour.
func staticFiles(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// page is what every template receives.
type page struct {
	Lang   string
	Nonce  string
	Path   string
	Viewer vigil.Viewer
	Data   any
}

// lang picks the request's language: the "lang" cookie when set, else
// Accept-Language.
func lang(r *http.Request) string {
	choice := ""
	if c, err := r.Cookie("lang"); err == nil {
		choice = c.Value
	}
	return i18n.Negotiate(choice, r.Header.Get("Accept-Language"))
}

// handle adapts a page handler that returns (template, data, error).
func (u *UI) handle(h func(w http.ResponseWriter, r *http.Request) (string, any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if u.gate(w, r) {
			return
		}
		name, data, err := h(w, r)
		if err != nil {
			u.renderError(w, r, err)
			return
		}
		if name == "" {
			return // the handler wrote a redirect or a file
		}
		u.render(w, r, http.StatusOK, name, data)
	}
}

func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := u.pages[name]
	if !ok {
		httpserver.LogError(u.log, r, "ui: unknown page "+name, nil)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	p := page{Lang: lang(r), Nonce: httpserver.Nonce(r.Context()), Path: r.URL.Path, Viewer: vigil.ViewerFrom(r.Context()), Data: data}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		httpserver.LogError(u.log, r, "ui: render "+name, err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang)
	w.Header().Set("Vary", "Cookie, Accept-Language")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// renderError shows an error page with the status of the error's code.
func (u *UI) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := httpserver.StatusOf(err)
	msg := vigil.ErrorMessage(err)
	if vigil.ErrorCode(err) == vigil.ENOTFOUND {
		msg = u.msgs.T(lang(r), "error.not_found")
	}
	if status == http.StatusInternalServerError {
		httpserver.LogError(u.log, r, "ui: internal error", err)
	}
	u.render(w, r, status, "error", struct{ Message string }{msg})
}

// setLanguage stores the language choice in a cookie and returns to the
// page the form was on.
func (u *UI) setLanguage(w http.ResponseWriter, r *http.Request) {
	l := r.PostFormValue("lang")
	if !i18n.Supported(l) {
		u.renderError(w, r, &vigil.Error{Code: vigil.EINVALID, Message: "unsupported language", Fields: map[string]string{"lang": "must be en or ko"}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: httpserver.Secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// localPath keeps a redirect target on this site: anything that is not a
// plain absolute path becomes "/".
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return u.RequestURI()
}

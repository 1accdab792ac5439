package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"vigil"
	"vigil/httpserver"
)

// form is what a page with a form shows besides its own data: the values
// typed (never passwords or codes), a localized problem per field, a
// localized message for the whole form, and a notice after a redirect.
type pageForm struct {
	Values  map[string]string
	Errors  map[string]string
	Message string
	Notice  string
}

// noticeKeys are the notices a redirect may ask for with ?m=; anything
// else shows nothing, so links cannot put arbitrary text on a page.
var noticeKeys = map[string]string{
	"signed_out":            "auth.notice.signed_out",
	"signed_out_everywhere": "auth.notice.signed_out_everywhere",
	"session_ended":         "auth.notice.session_ended",
	"password_changed":      "auth.notice.password_changed",
	"account_created":       "auth.notice.account_created",
	"totp_enabled":          "auth.notice.totp_enabled",
	"saved":                 "auth.notice.saved",
	"invite_revoked":        "auth.notice.invite_revoked",
	"totp_reset":            "auth.notice.totp_reset",
}

func (u *UI) newForm(r *http.Request) pageForm {
	f := pageForm{Values: map[string]string{}, Errors: map[string]string{}}
	if key, ok := noticeKeys[r.URL.Query().Get("m")]; ok {
		f.Notice = u.msgs.T(lang(r), key)
	}
	return f
}

// fieldKeys localize the store's field problems; each message states the
// field's rule, so it fits whichever rule was broken.
var fieldKeys = map[string]string{
	"email":            "auth.invalid.email",
	"name":             "auth.invalid.name",
	"role":             "auth.invalid.role",
	"clearance":        "auth.invalid.clearance",
	"password":         "auth.invalid.password",
	"new_password":     "auth.invalid.password",
	"current_password": "auth.invalid.current_password",
	"code":             "auth.invalid.code",
}

// fail turns a store error into the form's localized messages. It
// returns the status to answer with, or 0 when err is not about the form
// (the caller shows the error page).
func (u *UI) failForm(r *http.Request, f *pageForm, err error) int {
	l := lang(r)
	code := vigil.ErrorCode(err)
	fields := vigil.ErrorFields(err)
	switch code {
	case vigil.ERATELIMIT:
		key := "auth.error.locked"
		if fields["limit"] == "address" {
			key = "auth.error.address_limited"
		}
		until := fields["retry_after"]
		if t, perr := time.Parse(time.RFC3339, until); perr == nil {
			until = t.UTC().Format("15:04") + " UTC"
		}
		f.Message = u.msgs.T(l, key, until)
		return http.StatusTooManyRequests
	case vigil.ECONFLICT:
		if fields["email"] != "" {
			f.Errors["email"] = u.msgs.T(l, "auth.invalid.email_taken")
			return http.StatusConflict
		}
		f.Message = u.msgs.T(l, "auth.error.conflict")
		return http.StatusConflict
	case vigil.EINVALID, vigil.EUNAUTHORIZED:
		for k := range fields {
			if key, ok := fieldKeys[k]; ok {
				f.Errors[k] = u.msgs.T(l, key)
			}
		}
		if code == vigil.EUNAUTHORIZED {
			if len(f.Errors) == 0 {
				f.Message = u.msgs.T(l, "auth.error.bad_login")
			}
			return http.StatusUnauthorized
		}
		if len(f.Errors) == 0 {
			f.Message = u.msgs.T(l, "auth.error.invalid")
		}
		return http.StatusBadRequest
	}
	return 0
}

// require records a localized "required" problem for each empty field.
func (u *UI) require(r *http.Request, f *pageForm, names ...string) {
	for _, n := range names {
		if strings.TrimSpace(r.PostFormValue(n)) == "" {
			f.Errors[n] = u.msgs.T(lang(r), "auth.invalid.required")
		}
	}
}

// authError shows the error page with a localized message for the codes
// account pages meet, keeping the status of the code.
func (u *UI) authError(w http.ResponseWriter, r *http.Request, err error) {
	key := map[string]string{
		vigil.EFORBIDDEN:    "auth.error.forbidden",
		vigil.EUNAUTHORIZED: "auth.error.sign_in",
		vigil.ENOTFOUND:     "error.not_found",
	}[vigil.ErrorCode(err)]
	if key != "" {
		err = &vigil.Error{Code: vigil.ErrorCode(err), Message: u.msgs.T(lang(r), key)}
	}
	u.renderError(w, r, err)
}

// gate sends a browser that has not finished signing in to the step it
// is on: the code, or setting up a second factor. It reports whether it
// redirected. Pages served through handle are gated; the viewer of such
// a browser is anonymous anyway, so this is guidance, not protection.
func (u *UI) gate(w http.ResponseWriter, r *http.Request) bool {
	se, _ := httpserver.SessionFrom(r.Context())
	if se == nil {
		return false
	}
	switch se.Stage {
	case vigil.StageTOTP:
		http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return true
	case vigil.StageEnrol:
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return true
	}
	return false
}

// signedIn returns the user of a full session, or redirects to the login
// page and returns nil.
func (u *UI) signedIn(w http.ResponseWriter, r *http.Request) *vigil.User {
	se, user := httpserver.SessionFrom(r.Context())
	if se != nil && se.Stage == vigil.StageFull && user != nil {
		return user
	}
	if u.gate(w, r) {
		return nil
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	return nil
}

// noStore keeps pages that show secrets (invite links, TOTP secrets) out
// of caches and the browser's history cache.
func noStore(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }

// startSession gives the browser a new session, ending the one it had:
// every sign-in step gets a new secret.
func (u *UI) startSession(w http.ResponseWriter, r *http.Request, secret string) {
	if old := httpserver.SessionSecret(r); old != "" && old != secret {
		if err := u.users.Logout(r.Context(), old); err != nil {
			httpserver.LogWarning(u.log, r, "ui: end the previous session", err)
		}
	}
	httpserver.SetSessionCookie(w, r, secret)
}

type loginData struct {
	pageForm
	Next string
}

// loginPage shows the sign-in form.
func (u *UI) loginPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if se, _ := httpserver.SessionFrom(r.Context()); se != nil {
		if se.Stage == vigil.StageFull {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		if u.gate(w, r) {
			return
		}
	}
	u.render(w, r, http.StatusOK, "login", loginData{pageForm: u.newForm(r), Next: next})
}

// login checks the password and starts a session, then sends the browser
// on: to where it was going, to the code, or to setting up a second factor.
func (u *UI) login(w http.ResponseWriter, r *http.Request) {
	d := loginData{pageForm: u.newForm(r), Next: localPath(r.PostFormValue("next"))}
	email := strings.TrimSpace(r.PostFormValue("email"))
	d.Values["email"] = email
	u.require(r, &d.pageForm, "email", "password")
	if len(d.Errors) > 0 {
		u.render(w, r, http.StatusBadRequest, "login", d)
		return
	}
	se, secret, err := u.users.Login(r.Context(), email, r.PostFormValue("password"), httpserver.ClientFrom(r.Context()))
	if err != nil {
		status := u.failForm(r, &d.pageForm, err)
		if status == 0 {
			u.renderError(w, r, err)
			return
		}
		u.render(w, r, status, "login", d)
		return
	}
	u.startSession(w, r, secret)
	switch se.Stage {
	case vigil.StageTOTP:
		http.Redirect(w, r, "/login/totp?next="+url.QueryEscape(d.Next), http.StatusSeeOther)
	case vigil.StageEnrol:
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
	default:
		http.Redirect(w, r, d.Next, http.StatusSeeOther)
	}
}

// totpStep returns the session waiting for a code, or redirects to the
// login page.
func (u *UI) totpStep(w http.ResponseWriter, r *http.Request) bool {
	se, _ := httpserver.SessionFrom(r.Context())
	if se == nil || se.Stage != vigil.StageTOTP {
		http.Redirect(w, r, "/login?m=session_ended", http.StatusSeeOther)
		return false
	}
	return true
}

// loginTOTPPage asks for the code from the authenticator app.
func (u *UI) loginTOTPPage(w http.ResponseWriter, r *http.Request) {
	if !u.totpStep(w, r) {
		return
	}
	u.render(w, r, http.StatusOK, "login_totp", loginData{pageForm: u.newForm(r), Next: localPath(r.URL.Query().Get("next"))})
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// formCode is the code field without the spaces apps show in the middle.
func formCode(r *http.Request) string {
	return strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("code")), " ", "")
}

// loginTOTP checks the code and replaces the pending session with a full
// one.
func (u *UI) loginTOTP(w http.ResponseWriter, r *http.Request) {
	if !u.totpStep(w, r) {
		return
	}
	d := loginData{pageForm: u.newForm(r), Next: localPath(r.PostFormValue("next"))}
	code := formCode(r)
	if !sixDigits.MatchString(code) {
		d.Errors["code"] = u.msgs.T(lang(r), "auth.invalid.code_format")
		u.render(w, r, http.StatusBadRequest, "login_totp", d)
		return
	}
	_, secret, err := u.users.VerifyTOTP(r.Context(), httpserver.SessionSecret(r), code, httpserver.ClientFrom(r.Context()))
	if err != nil {
		if vigil.ErrorCode(err) == vigil.EUNAUTHORIZED && vigil.ErrorFields(err)["code"] == "" {
			httpserver.ClearSessionCookie(w, r)
			http.Redirect(w, r, "/login?m=session_ended", http.StatusSeeOther)
			return
		}
		status := u.failForm(r, &d.pageForm, err)
		if status == 0 {
			u.renderError(w, r, err)
			return
		}
		u.render(w, r, status, "login_totp", d)
		return
	}
	u.startSession(w, r, secret)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

// logout ends this browser's session.
func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	if secret := httpserver.SessionSecret(r); secret != "" {
		if err := u.users.Logout(r.Context(), secret); err != nil {
			u.renderError(w, r, err)
			return
		}
	}
	httpserver.ClearSessionCookie(w, r)
	http.Redirect(w, r, "/login?m=signed_out", http.StatusSeeOther)
}

// accountRoutes are the sign-in, account and user-management pages,
// served when the UI has a UserService.
func (u *UI) accountRoutes() []route {
	return []route{
		{"GET /login", u.loginPage},
		{"POST /login", u.login},
		{"GET /login/totp", u.loginTOTPPage},
		{"POST /login/totp", u.loginTOTP},
		{"POST /logout", u.logout},
		{"GET /account", u.accountPage},
		{"POST /account/password", u.changePassword},
		{"POST /account/logout-everywhere", u.logoutEverywhere},
		{"POST /account/sessions/{id}/end", u.endSession},
		{"GET /account/totp", u.totpPage},
		{"POST /account/totp/begin", u.beginTOTP},
		{"POST /account/totp/confirm", u.confirmTOTP},
		{"GET /admin/users", u.usersPage},
		{"POST /admin/users/invite", u.invite},
		{"POST /admin/users/{id}", u.updateUser},
		{"POST /admin/users/{id}/reset-totp", u.resetTOTP},
		{"POST /admin/invites/{id}/revoke", u.revokeInvite},
		{"GET /invite/{secret}", u.invitePage},
		{"POST /invite/{secret}", u.acceptInvite},
	}
}

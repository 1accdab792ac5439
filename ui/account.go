package ui

import (
	"html/template"
	"net/http"
	"strconv"

	"vigil"
	"vigil/auth"
	"vigil/httpserver"
)

type accountData struct {
	pageForm
	User     *vigil.User
	Sessions []*vigil.Session
	Current  int64 // this browser's session
}

// account shows the signed-in user's account: password, second factor,
// sessions.
func (u *UI) account(w http.ResponseWriter, r *http.Request, user *vigil.User, f pageForm, status int) {
	sessions, err := u.users.FindSessions(r.Context(), user.ID)
	if err != nil {
		u.authError(w, r, err)
		return
	}
	se, _ := httpserver.SessionFrom(r.Context())
	u.render(w, r, status, "account", accountData{pageForm: f, User: user, Sessions: sessions, Current: se.ID})
}

func (u *UI) accountPage(w http.ResponseWriter, r *http.Request) {
	user := u.signedIn(w, r)
	if user == nil {
		return
	}
	u.account(w, r, user, u.newForm(r), http.StatusOK)
}

// changePassword replaces the password; every other session ends and
// this browser gets a new one.
func (u *UI) changePassword(w http.ResponseWriter, r *http.Request) {
	user := u.signedIn(w, r)
	if user == nil {
		return
	}
	f := u.newForm(r)
	u.require(r, &f, "current_password", "new_password", "confirm_password")
	next := r.PostFormValue("new_password")
	if f.Errors["confirm_password"] == "" && next != r.PostFormValue("confirm_password") {
		f.Errors["confirm_password"] = u.msgs.T(lang(r), "auth.invalid.confirm")
	}
	if len(f.Errors) > 0 {
		u.account(w, r, user, f, http.StatusBadRequest)
		return
	}
	_, secret, err := u.users.ChangePassword(r.Context(), httpserver.SessionSecret(r), r.PostFormValue("current_password"), next, httpserver.ClientFrom(r.Context()))
	if err != nil {
		status := u.failForm(r, &f, err)
		if status == 0 {
			u.authError(w, r, err)
			return
		}
		u.account(w, r, user, f, status)
		return
	}
	httpserver.SetSessionCookie(w, r, secret)
	http.Redirect(w, r, "/account?m=password_changed", http.StatusSeeOther)
}

// logoutEverywhere ends every session of the user, this one included.
func (u *UI) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	user := u.signedIn(w, r)
	if user == nil {
		return
	}
	if err := u.users.RevokeAllSessions(r.Context(), user.ID); err != nil {
		u.authError(w, r, err)
		return
	}
	httpserver.ClearSessionCookie(w, r)
	http.Redirect(w, r, "/login?m=signed_out_everywhere", http.StatusSeeOther)
}

// endSession ends one of the user's sessions.
func (u *UI) endSession(w http.ResponseWriter, r *http.Request) {
	user := u.signedIn(w, r)
	if user == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.authError(w, r, vigil.Errorf(vigil.ENOTFOUND, "no session %q", r.PathValue("id")))
		return
	}
	if err := u.users.RevokeSession(r.Context(), id); err != nil {
		u.authError(w, r, err)
		return
	}
	if se, _ := httpserver.SessionFrom(r.Context()); se.ID == id {
		httpserver.ClearSessionCookie(w, r)
		http.Redirect(w, r, "/login?m=signed_out", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account?m=session_ended", http.StatusSeeOther)
}

type totpData struct {
	pageForm
	User     *vigil.User
	Required bool
	// Pending is the secret being set up, if any, with the secret grouped
	// for reading.
	Pending *vigil.TOTPEnrolment
	Grouped string
	// Link is Pending.URI for an href: html/template refuses the
	// otpauth: scheme unless told that this URL, which we built, is safe.
	Link template.URL
}

// enrolling returns the user of a session that may set up a second
// factor (full, or required to enrol), or redirects.
func (u *UI) enrolling(w http.ResponseWriter, r *http.Request) *vigil.User {
	se, user := httpserver.SessionFrom(r.Context())
	if se != nil && (se.Stage == vigil.StageFull || se.Stage == vigil.StageEnrol) {
		return user
	}
	if u.gate(w, r) {
		return nil
	}
	http.Redirect(w, r, "/login?next=/account/totp", http.StatusSeeOther)
	return nil
}

func (u *UI) totp(w http.ResponseWriter, r *http.Request, user *vigil.User, f pageForm, status int) {
	d := totpData{pageForm: f, User: user, Required: user.NeedsTOTP()}
	p, err := u.users.PendingTOTP(r.Context(), httpserver.SessionSecret(r))
	switch vigil.ErrorCode(err) {
	case "":
		d.Pending, d.Grouped, d.Link = p, auth.GroupSecret(p.Secret), template.URL(p.URI)
	case vigil.ENOTFOUND:
	default:
		u.authError(w, r, err)
		return
	}
	noStore(w)
	u.render(w, r, status, "totp_setup", d)
}

// totpPage shows the second factor's state, and the secret being set up:
// as an otpauth:// link and as text to type into the app.
func (u *UI) totpPage(w http.ResponseWriter, r *http.Request) {
	user := u.enrolling(w, r)
	if user == nil {
		return
	}
	u.totp(w, r, user, u.newForm(r), http.StatusOK)
}

func (u *UI) beginTOTP(w http.ResponseWriter, r *http.Request) {
	if u.enrolling(w, r) == nil {
		return
	}
	if _, err := u.users.BeginTOTP(r.Context(), httpserver.SessionSecret(r)); err != nil {
		u.authError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
}

// confirmTOTP enables the pending secret with a code from the app; the
// browser gets a new, full session.
func (u *UI) confirmTOTP(w http.ResponseWriter, r *http.Request) {
	user := u.enrolling(w, r)
	if user == nil {
		return
	}
	f := u.newForm(r)
	code := formCode(r)
	if !sixDigits.MatchString(code) {
		f.Errors["code"] = u.msgs.T(lang(r), "auth.invalid.code_format")
		u.totp(w, r, user, f, http.StatusBadRequest)
		return
	}
	_, secret, err := u.users.ConfirmTOTP(r.Context(), httpserver.SessionSecret(r), code, httpserver.ClientFrom(r.Context()))
	if err != nil {
		status := u.failForm(r, &f, err)
		if status == 0 {
			u.authError(w, r, err)
			return
		}
		u.totp(w, r, user, f, status)
		return
	}
	httpserver.SetSessionCookie(w, r, secret)
	http.Redirect(w, r, "/account?m=totp_enabled", http.StatusSeeOther)
}

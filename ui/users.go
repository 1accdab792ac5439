package ui

import (
	"net/http"
	"strconv"
	"strings"

	"vigil"
	"vigil/httpserver"
)

// Roles and clearances in the order the forms list them.
var (
	formRoles       = []vigil.Role{vigil.RoleViewer, vigil.RoleContributor, vigil.RoleEditor, vigil.RoleAdmin}
	formClearances  = []vigil.Sensitivity{vigil.Public, vigil.Coalition, vigil.Restricted}
	defaultFormRole = vigil.RoleContributor
)

type usersData struct {
	pageForm
	Users       []*vigil.User
	Invites     []*vigil.Invite
	Roles       []vigil.Role
	Clearances  []vigil.Sensitivity
	Self        int64
	InviteLink  string // the link of the invite just made, shown once
	InviteEmail string
	// Failed names the user whose change was refused, with Message.
	Failed int64
}

// renderUsers renders the admin page. The store refuses non-admins (403).
func (u *UI) renderUsers(w http.ResponseWriter, r *http.Request, d usersData, status int) {
	list, _, err := u.users.FindUsers(r.Context(), vigil.UserFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Sort: "email"}})
	if err != nil {
		u.authError(w, r, err)
		return
	}
	invites, err := u.users.FindInvites(r.Context())
	if err != nil {
		u.authError(w, r, err)
		return
	}
	now := u.now()
	d.Invites = d.Invites[:0]
	for _, inv := range invites {
		if inv.Pending(now) {
			d.Invites = append(d.Invites, inv)
		}
	}
	d.Users, d.Roles, d.Clearances = list, formRoles, formClearances
	d.Self = vigil.ViewerFrom(r.Context()).UserID
	if d.Values["role"] == "" {
		d.Values["role"] = string(defaultFormRole)
	}
	noStore(w)
	u.render(w, r, status, "users", d)
}

// usersPage lists users and pending invites, with the invite form.
func (u *UI) usersPage(w http.ResponseWriter, r *http.Request) {
	if u.signedIn(w, r) == nil {
		return
	}
	u.renderUsers(w, r, usersData{pageForm: u.newForm(r)}, http.StatusOK)
}

// inviteLink is the absolute link of an invite on this site.
func inviteLink(r *http.Request, secret string) string {
	scheme := "http"
	if httpserver.Secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/invite/" + secret
}

// invite makes an invite and shows its link once.
func (u *UI) invite(w http.ResponseWriter, r *http.Request) {
	if u.signedIn(w, r) == nil {
		return
	}
	d := usersData{pageForm: u.newForm(r)}
	for _, k := range []string{"email", "role", "clearance"} {
		d.Values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	u.require(r, &d.pageForm, "email", "role")
	if len(d.Errors) > 0 {
		u.renderUsers(w, r, d, http.StatusBadRequest)
		return
	}
	inv := &vigil.Invite{Email: d.Values["email"], Role: vigil.Role(d.Values["role"]), Clearance: vigil.Sensitivity(d.Values["clearance"])}
	secret, err := u.users.CreateInvite(r.Context(), inv)
	if err != nil {
		status := u.failForm(r, &d.pageForm, err)
		if status == 0 {
			u.authError(w, r, err)
			return
		}
		u.renderUsers(w, r, d, status)
		return
	}
	d.InviteLink, d.InviteEmail = inviteLink(r, secret), inv.Email
	d.Values = map[string]string{}
	u.renderUsers(w, r, d, http.StatusOK)
}

// pathID reads the {id} of a path, or answers 404.
func (u *UI) pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.authError(w, r, vigil.Errorf(vigil.ENOTFOUND, "no record %q", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

// updateUser saves a user's role and clearance, or disables or enables
// them, at the version the form was made from.
func (u *UI) updateUser(w http.ResponseWriter, r *http.Request) {
	if u.signedIn(w, r) == nil {
		return
	}
	id, ok := u.pathID(w, r)
	if !ok {
		return
	}
	target, err := u.users.FindUserByID(r.Context(), id)
	if err != nil {
		u.authError(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	target.Version = version
	switch r.PostFormValue("action") {
	case "disable":
		target.Disabled = true
	case "enable":
		target.Disabled = false
	default:
		target.Role = vigil.Role(r.PostFormValue("role"))
		target.Clearance = vigil.Sensitivity(r.PostFormValue("clearance"))
	}
	if err := u.users.UpdateUser(r.Context(), target); err != nil {
		d := usersData{pageForm: u.newForm(r), Failed: id}
		status := u.failForm(r, &d.pageForm, err)
		if status == 0 {
			u.authError(w, r, err)
			return
		}
		for _, msg := range d.Errors {
			d.Message = msg
		}
		d.Message = target.Email + ": " + d.Message
		u.renderUsers(w, r, d, status)
		return
	}
	http.Redirect(w, r, "/admin/users?m=saved", http.StatusSeeOther)
}

// resetTOTP removes a user's second factor.
func (u *UI) resetTOTP(w http.ResponseWriter, r *http.Request) {
	if u.signedIn(w, r) == nil {
		return
	}
	id, ok := u.pathID(w, r)
	if !ok {
		return
	}
	if err := u.users.ResetTOTP(r.Context(), id); err != nil {
		u.authError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users?m=totp_reset", http.StatusSeeOther)
}

// revokeInvite makes a pending invite unusable.
func (u *UI) revokeInvite(w http.ResponseWriter, r *http.Request) {
	if u.signedIn(w, r) == nil {
		return
	}
	id, ok := u.pathID(w, r)
	if !ok {
		return
	}
	if err := u.users.RevokeInvite(r.Context(), id); err != nil {
		u.authError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users?m=invite_revoked", http.StatusSeeOther)
}

type inviteData struct {
	pageForm
	Invite *vigil.Invite
	Secret string
}

// invitePage shows the form that turns an invite into an account.
func (u *UI) invitePage(w http.ResponseWriter, r *http.Request) {
	inv, err := u.users.FindInvite(r.Context(), r.PathValue("secret"))
	if err != nil {
		u.inviteError(w, r, err)
		return
	}
	noStore(w)
	u.render(w, r, http.StatusOK, "invite_accept", inviteData{pageForm: u.newForm(r), Invite: inv, Secret: r.PathValue("secret")})
}

func (u *UI) inviteError(w http.ResponseWriter, r *http.Request, err error) {
	if vigil.ErrorCode(err) != vigil.ENOTFOUND {
		u.renderError(w, r, err)
		return
	}
	u.render(w, r, http.StatusNotFound, "error", struct{ Message string }{u.msgs.T(lang(r), "auth.invite.invalid")})
}

// acceptInvite creates the account and sends the person to sign in.
func (u *UI) acceptInvite(w http.ResponseWriter, r *http.Request) {
	secret := r.PathValue("secret")
	inv, err := u.users.FindInvite(r.Context(), secret)
	if err != nil {
		u.inviteError(w, r, err)
		return
	}
	d := inviteData{pageForm: u.newForm(r), Invite: inv, Secret: secret}
	d.Values["name"] = strings.TrimSpace(r.PostFormValue("name"))
	u.require(r, &d.pageForm, "name", "password", "confirm_password")
	if d.Errors["confirm_password"] == "" && r.PostFormValue("password") != r.PostFormValue("confirm_password") {
		d.Errors["confirm_password"] = u.msgs.T(lang(r), "auth.invalid.confirm")
	}
	noStore(w)
	if len(d.Errors) > 0 {
		u.render(w, r, http.StatusBadRequest, "invite_accept", d)
		return
	}
	if _, err := u.users.AcceptInvite(r.Context(), secret, d.Values["name"], r.PostFormValue("password")); err != nil {
		if vigil.ErrorCode(err) == vigil.ENOTFOUND {
			u.inviteError(w, r, err)
			return
		}
		status := u.failForm(r, &d.pageForm, err)
		if status == 0 {
			u.renderError(w, r, err)
			return
		}
		if msg := d.Errors["email"]; msg != "" { // the pageForm has no email field to mark
			d.Message = msg
		}
		u.render(w, r, status, "invite_accept", d)
		return
	}
	// Signing in stays a separate step, so the second factor is set up
	// through the same path as every other sign-in.
	http.Redirect(w, r, "/login?m=account_created", http.StatusSeeOther)
}

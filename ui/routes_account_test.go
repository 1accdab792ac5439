package ui_test

import (
	"fmt"
	"net/url"

	"vigil"
	"vigil/store/storetest"
)

// signIn as a wanted status: a 303 to the sign-in form, which the page
// asks for because the browser has no full session.
const signIn = 1303

// admins is a status for admins only; other signed-in roles are refused
// and anonymous browsers are sent to sign in.
func admins(s int) statuses { return statuses{signIn, 403, 403, 403, s} }

// signedIn is a status for every signed-in role.
func signedIn(s int) statuses { return statuses{signIn, s, s, s, s} }

// own is a form acting with a throwaway account's session of the role:
// for rows that end, rotate or change the session or its account.
func own(w *workspace, role string, v url.Values) url.Values {
	if v == nil {
		v = url.Values{}
	}
	v.Set("session", w.fresh(role))
	return v
}

// invite stores an invite and returns its id and the secret of its link.
func (w *workspace) invite() (int64, string) {
	w.t.Helper()
	inv := &vigil.Invite{Email: w.email("invited"), Role: vigil.RoleContributor, Clearance: vigil.Coalition}
	secret, err := w.st.CreateInvite(as(admin), inv)
	if err != nil {
		w.t.Fatal(err)
	}
	return inv.ID, secret
}

// accountRouteCases are the sign-in, account and user-management rows.
// They run with real sessions only: these pages read the session, not
// just the viewer.
func accountRouteCases() []routeCase {
	target := func(w *workspace, _ string) *vigil.User {
		return storetest.MustUser(w.t, w.st, w.email("target"), vigil.RoleContributor, vigil.Coalition)
	}
	return []routeCase{
		{"GET /login", "GET", "/login", nil, statuses{200, 303, 303, 303, 303}},
		{"POST /login", "POST", "/login", func(w *workspace, role string) url.Values {
			return own(w, role, url.Values{"email": {"viewer@example.org"}, "password": {storetest.Password}, "next": {"/"}})
		}, all(303)},
		{"POST /login", "POST", "/login", func(w *workspace, _ string) url.Values {
			u := storetest.MustUser(w.t, w.st, w.email("wrong"), vigil.RoleViewer, vigil.Public)
			return url.Values{"email": {u.Email}, "password": {"not the password"}}
		}, all(401)},
		// The code page without a pending sign-in sends the browser back
		// to the form; with one it asks for the code, whatever the role.
		{"GET /login/totp", "GET", "/login/totp", nil, all(303)},
		{"GET /login/totp", "GET", "/login/totp", func(w *workspace, _ string) url.Values {
			s, _ := w.pending()
			return url.Values{"session": {s}}
		}, all(200)},
		{"POST /login/totp", "POST", "/login/totp", func(w *workspace, _ string) url.Values {
			s, code := w.pending()
			return url.Values{"session": {s}, "code": {code}, "next": {"/"}}
		}, all(303)},
		{"POST /login/totp", "POST", "/login/totp", func(w *workspace, _ string) url.Values {
			s, _ := w.pending()
			return url.Values{"session": {s}, "code": {"000000"}}
		}, all(401)},
		{"POST /logout", "POST", "/logout", func(w *workspace, role string) url.Values { return own(w, role, nil) }, all(303)},
		{"GET /account", "GET", "/account", nil, signedIn(200)},
		{"POST /account/password", "POST", "/account/password", func(w *workspace, role string) url.Values {
			return own(w, role, url.Values{"current_password": {storetest.Password}, "new_password": {"another horse battery staple"}, "confirm_password": {"another horse battery staple"}})
		}, signedIn(303)},
		{"POST /account/password", "POST", "/account/password", func(w *workspace, role string) url.Values {
			return own(w, role, url.Values{"current_password": {"wrong"}, "new_password": {"another horse battery staple"}, "confirm_password": {"another horse battery staple"}})
		}, signedIn(400)},
		{"POST /account/logout-everywhere", "POST", "/account/logout-everywhere", func(w *workspace, role string) url.Values { return own(w, role, nil) }, signedIn(303)},
		// Ending one's own session, and somebody else's: only admins may;
		// to others the store answers that it does not exist.
		{"POST /account/sessions/{id}/end", "POST", "/account/sessions/{link}/end", func(w *workspace, role string) url.Values {
			v := own(w, role, nil)
			id := w.sessionID(w.session("viewer"))
			if s := v.Get("session"); s != "" {
				id = w.sessionID(s)
			}
			v.Set("link", fmt.Sprint(id))
			return v
		}, signedIn(303)},
		{"POST /account/sessions/{id}/end", "POST", "/account/sessions/{link}/end", func(w *workspace, role string) url.Values {
			return url.Values{"link": {fmt.Sprint(w.sessionID(w.fresh("viewer")))}}
		}, statuses{signIn, 404, 404, 404, 303}},
		{"GET /account/totp", "GET", "/account/totp", nil, signedIn(200)},
		{"POST /account/totp/begin", "POST", "/account/totp/begin", func(w *workspace, role string) url.Values { return own(w, role, nil) }, signedIn(303)},
		{"POST /account/totp/confirm", "POST", "/account/totp/confirm", func(w *workspace, role string) url.Values {
			v := own(w, role, nil)
			if s := v.Get("session"); s != "" {
				e, err := w.st.BeginTOTP(as(anonymous), s)
				if err != nil {
					w.t.Fatal(err)
				}
				w.clock.step()
				v.Set("code", w.code(e.Secret))
			}
			return v
		}, signedIn(303)},
		{"GET /admin/users", "GET", "/admin/users", nil, admins(200)},
		{"POST /admin/users/invite", "POST", "/admin/users/invite", func(w *workspace, _ string) url.Values {
			return url.Values{"email": {w.email("invite")}, "role": {"contributor"}, "clearance": {"coalition"}}
		}, admins(200)},
		{"POST /admin/users/{id}", "POST", "/admin/users/{link}", func(w *workspace, role string) url.Values {
			u := target(w, role)
			return url.Values{"link": {fmt.Sprint(u.ID)}, "version": {fmt.Sprint(u.Version)}, "role": {"viewer"}, "clearance": {"public"}}
		}, statuses{signIn, 404, 404, 404, 303}}, // others' accounts are hidden
		{"POST /admin/users/{id}/reset-totp", "POST", "/admin/users/{link}/reset-totp", func(w *workspace, role string) url.Values {
			return url.Values{"link": {fmt.Sprint(target(w, role).ID)}}
		}, admins(303)},
		{"POST /admin/invites/{id}/revoke", "POST", "/admin/invites/{link}/revoke", func(w *workspace, _ string) url.Values {
			id, _ := w.invite()
			return url.Values{"link": {fmt.Sprint(id)}}
		}, admins(303)},
		// An invite link works for whoever holds it.
		{"GET /invite/{secret}", "GET", "/invite/{link}", func(w *workspace, _ string) url.Values {
			_, secret := w.invite()
			return url.Values{"link": {secret}}
		}, all(200)},
		{"GET /invite/{secret}", "GET", "/invite/not-a-secret", nil, all(404)},
		{"POST /invite/{secret}", "POST", "/invite/{link}", func(w *workspace, _ string) url.Values {
			_, secret := w.invite()
			return url.Values{"link": {secret}, "name": {"새 회원"}, "password": {"a long enough new password"}, "confirm_password": {"a long enough new password"}}
		}, all(303)},
	}
}

// monitoringRouteCases are the feeds and triage inbox rows.
func monitoringRouteCases() []routeCase {
	item := func(w *workspace, role string) url.Values {
		id, version, start := w.feedItem(role)
		return url.Values{"link": {fmt.Sprint(id)}, "version": {fmt.Sprint(version)}, "start": {fmt.Sprint(start)}}
	}
	return []routeCase{
		{"GET /feeds", "GET", "/feeds", nil, all(200)},
		{"POST /feeds", "POST", "/feeds", func(w *workspace, role string) url.Values {
			return url.Values{"url": {w.news.URL + "/ko/rss.xml?by=" + role}, "title": {"소식 " + role}, "lang": {"ko"}, "sensitivity": {"coalition"}}
		}, writers(303)},
		{"GET /inbox", "GET", "/inbox", nil, all(200)},
		{"GET /inbox/{id}", "GET", "/inbox/{link}", item, coalitionOnly(200)},
		{"GET /inbox/{id}", "GET", "/inbox/99999", nil, all(404)},
		{"POST /inbox/{id}/accept", "POST", "/inbox/{link}/accept", func(w *workspace, role string) url.Values {
			v := item(w, role)
			v.Set("incident_id", "new")
			v.Set("sensitivity", "coalition")
			return v
		}, writers(303)},
		{"POST /inbox/{id}/dismiss", "POST", "/inbox/{link}/dismiss", func(w *workspace, role string) url.Values {
			v := item(w, role)
			v.Set("reason", "duplicate of "+role)
			return v
		}, writers(303)},
	}
}

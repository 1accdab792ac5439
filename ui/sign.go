package ui

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"vigil"
	"vigil/httpserver"
)

// signLimit is how many sign-on requests (pages and posts) one client
// address may make per window. Guessing a 256-bit secret is hopeless
// anyway; the limit stops a script from hammering the pages, and from
// trying many names against the duplicate check.
const (
	signLimit  = 30
	signWindow = time.Minute
)

// limiter counts requests per client address in fixed windows.
type limiter struct {
	mu     sync.Mutex
	start  time.Time
	counts map[string]int
	now    func() time.Time
}

// allow reports whether key may make one more request in this window.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.counts == nil || now.Sub(l.start) >= signWindow {
		l.start, l.counts = now, map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= signLimit
}

// limiters holds one sign-on limiter per UI, so that two servers in one
// process (tests) do not share counts.
var limiters sync.Map // *UI → *limiter

func (u *UI) signLimiter() *limiter {
	l, _ := limiters.LoadOrStore(u, &limiter{now: time.Now})
	return l.(*limiter)
}

// clientKey is the client's address as the server determined it
// (httpserver.ClientFrom): the connection's address, or, behind a
// trusted proxy (--client-ip-header), the address the proxy passes, the
// same as sign-in's rate limits. Outside the server's middleware it is
// the connection's address.
func clientKey(r *http.Request) string {
	if ip := httpserver.ClientFrom(r.Context()).IP; ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limited refuses a client over the sign-on rate limit with 429.
func (u *UI) limited(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !u.signLimiter().allow(clientKey(r)) {
			w.Header().Set("Retry-After", "60")
			u.render(w, r, http.StatusTooManyRequests, "error", struct{ Message string }{u.msgs.T(lang(r), "sign.rate_limited")})
			return
		}
		h(w, r)
	}
}

// signView is what the sign-on pages show.
type signView struct {
	Step       string // sign, done, withdraw, withdrawn, refused
	Token      string
	Invitation *vigil.InvitationView
	Signature  *vigil.Signature
	Letter     *vigil.Letter
	// WithdrawPath is shown once, after signing.
	WithdrawPath string
	Message      string
	Fields       map[string]string
	Form         map[string]string
}

// refused shows the sign-on page with the store's message: expired,
// used, not frozen, duplicate. The message names the problem, never who
// signed.
func refused(err error) (*view, error) {
	switch vigil.ErrorCode(err) {
	case vigil.EINTERNAL:
		return nil, err
	}
	return &view{name: "sign", status: statusOfCode(err), data: &signView{Step: "refused", Message: vigil.ErrorMessage(err)}}, nil
}

func statusOfCode(err error) int {
	switch vigil.ErrorCode(err) {
	case vigil.ENOTFOUND:
		return http.StatusNotFound
	case vigil.ECONFLICT:
		return http.StatusConflict
	case vigil.EUNPROCESSABLE:
		return http.StatusUnprocessableEntity
	}
	return http.StatusBadRequest
}

// signPage shows the frozen text and the confirmation form. Opening it
// signs nothing (mail scanners open links).
func (u *UI) signPage(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	token := r.PathValue("token")
	in, err := adv.OpenInvitation(r.Context(), token)
	if err != nil {
		return refused(err)
	}
	return &view{name: "sign", data: &signView{Step: "sign", Token: token, Invitation: in, Form: map[string]string{}}}, nil
}

// signSubmit signs with the posted form.
func (u *UI) signSubmit(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	token := r.PathValue("token")
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	req := &vigil.SignRequest{RepresentativeName: f("representative_name"), RepresentativeTitle: f("representative_title"), Authority: f("authority"),
		Name: f("name"), Pseudonymous: f("pseudonymous") == "on", Pseudonym: vigil.Names{Ko: f("pseudonym_ko"), En: f("pseudonym_en")},
		Contact: f("contact"), TextHash: f("text_hash"), Confirm: f("confirm") == "on"}
	sig, code, err := adv.SignLetter(r.Context(), token, req)
	if err != nil && vigil.ErrorCode(err) == vigil.EINVALID {
		in, oerr := adv.OpenInvitation(r.Context(), token)
		if oerr != nil {
			return refused(oerr)
		}
		form := map[string]string{}
		for k := range r.PostForm {
			form[k] = f(k)
		}
		return &view{name: "sign", status: http.StatusBadRequest, data: &signView{Step: "sign", Token: token, Invitation: in, Fields: vigil.ErrorFields(err), Form: form,
			Message: vigil.ErrorMessage(err)}}, nil
	}
	if err != nil {
		return refused(err)
	}
	return &view{name: "sign", data: &signView{Step: "done", Signature: sig, WithdrawPath: "/withdraw/" + code}}, nil
}

// withdrawPage shows the signature a withdrawal link names, with a
// button; opening it withdraws nothing.
func (u *UI) withdrawPage(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	code := r.PathValue("code")
	sig, l, err := adv.OpenWithdrawal(r.Context(), code)
	if err != nil {
		return refused(err)
	}
	return &view{name: "sign", data: &signView{Step: "withdraw", Token: code, Signature: sig, Letter: l}}, nil
}

func (u *UI) withdrawSubmit(r *http.Request) (*view, error) {
	adv, err := u.advocacy()
	if err != nil {
		return nil, err
	}
	sig, err := adv.WithdrawByCode(r.Context(), r.PathValue("code"), r.PostFormValue("reason"))
	if err != nil {
		return refused(err)
	}
	return &view{name: "sign", data: &signView{Step: "withdrawn", Signature: sig}}, nil
}

package httpserver

import (
	"context"
	"net"
	"net/http"
	"strings"

	"vigil"
)

// Session cookie names. Over TLS the cookie carries the __Host- prefix,
// which browsers accept only with Secure, Path=/ and no Domain: it cannot
// be set by a sibling subdomain or over plain HTTP.
const (
	SessionCookie       = "vigil_session"
	SecureSessionCookie = "__Host-vigil_session"
)

// requestInfo is what the server learned about a request before the
// handlers: whether it came over TLS, from where, and its session.
type requestInfo struct {
	secure  bool
	client  vigil.Client
	session *vigil.Session
	user    *vigil.User
}

type infoKey struct{}

func info(ctx context.Context) *requestInfo {
	if i, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

// describeRequest records whether the request is secure and the client's
// address, for every later middleware and handler.
func (s *Server) describeRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := &requestInfo{
			secure: r.TLS != nil || s.cfg.BehindTLS,
			client: vigil.Client{IP: s.clientIP(r), UserAgent: r.UserAgent()},
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), infoKey{}, i)))
	})
}

// clientIP is the connection's address, or the value of ClientIPHeader
// when a trusted proxy sets it (for X-Forwarded-For, its last entry: the
// address the proxy itself saw, which the client cannot forge).
func (s *Server) clientIP(r *http.Request) string {
	if h := s.cfg.ClientIPHeader; h != "" {
		v := r.Header.Values(h)
		if len(v) > 0 {
			last := v[len(v)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Secure reports whether the request reached the site over TLS, directly
// or through a proxy the server was told about (Config.BehindTLS).
func Secure(r *http.Request) bool { return info(r.Context()).secure }

// ClientFrom returns the address and user agent of the request's client.
func ClientFrom(ctx context.Context) vigil.Client { return info(ctx).client }

// SessionFrom returns the request's session and its user, or nils. A
// session that has not finished signing in (StageTOTP, StageEnrol) is
// returned too, but the request's viewer stays anonymous.
func SessionFrom(ctx context.Context) (*vigil.Session, *vigil.User) {
	i := info(ctx)
	return i.session, i.user
}

// sessionCookieName is the cookie's name for the request.
func sessionCookieName(r *http.Request) string {
	if Secure(r) {
		return SecureSessionCookie
	}
	return SessionCookie
}

// SessionSecret returns the session secret from the request's cookie, or
// "".
func SessionSecret(r *http.Request) string {
	c, err := r.Cookie(sessionCookieName(r))
	if err != nil {
		return ""
	}
	return c.Value
}

// SetSessionCookie gives the browser a session secret: HttpOnly (scripts
// cannot read it), SameSite=Lax (not sent with cross-site subrequests or
// POSTs), Path=/, and Secure with the __Host- prefix over TLS. It has no
// Max-Age, so it ends with the browser; the store ends the session itself
// when idle or old.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookieName(r), Value: secret, Path: "/",
		HttpOnly: true, Secure: Secure(r), SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie tells the browser to forget its session cookie.
func ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookieName(r), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: Secure(r), SameSite: http.SameSiteLaxMode})
}

// sessionViewer resolves the session cookie. A full session acts as its
// user; a pending one is kept in the context for the sign-in pages and
// acts as nobody. An unknown or ended session is dropped, and the cookie
// cleared, rather than refused: browsers send cookies on their own.
func (s *Server) sessionViewer(w http.ResponseWriter, r *http.Request) (vigil.Viewer, error) {
	secret := SessionSecret(r)
	if secret == "" || s.cfg.Users == nil {
		return vigil.Anonymous, nil
	}
	se, u, err := s.cfg.Users.LookupSession(r.Context(), secret)
	if vigil.ErrorCode(err) == vigil.EUNAUTHORIZED {
		ClearSessionCookie(w, r)
		return vigil.Anonymous, nil
	} else if err != nil {
		return vigil.Anonymous, err
	}
	i := info(r.Context())
	i.session, i.user = se, u
	if se.Stage != vigil.StageFull {
		return vigil.Anonymous, nil
	}
	return u.Viewer(), nil
}

// secretPaths are the path prefixes followed by a secret.
var secretPaths = []string{"/invite/", "/sign/", "/withdraw/"}

// redactPath hides secrets that travel in paths (account invitations,
// sign-on invitations, withdrawal links) from logs.
func redactPath(p string) string {
	for _, prefix := range secretPaths {
		if strings.HasPrefix(p, prefix) {
			return prefix + "…"
		}
	}
	return p
}

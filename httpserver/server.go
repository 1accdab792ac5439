// Package httpserver is vigil's HTTP server: routing, middleware (security
// headers, cross-origin protection, body limits, authentication, logging)
// and the mapping of errors to statuses. Handlers live in api/ (JSON) and
// ui/ (HTML); this package wires them together.
package httpserver

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"vigil"
)

// Config configures a Server. Everything is passed explicitly; there is no
// global configuration.
type Config struct {
	Addr    string
	Service vigil.Service
	Logger  *slog.Logger
	// MaxBodyBytes limits request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
	// MaxUploadBytes limits the multipart bodies of upload routes (photo
	// uploads), whose handlers raise their own limit with AllowUpload or
	// ReadUpload; 0 means DefaultMaxUploadBytes. Every other route keeps
	// MaxBodyBytes.
	MaxUploadBytes int64
	// Users resolves session cookies; nil means Service, when it
	// implements vigil.UserService.
	Users vigil.UserService
	// BehindTLS says that a TLS-terminating proxy serves the site over
	// HTTPS although requests arrive here over HTTP: session cookies get
	// Secure and the __Host- prefix, and responses carry HSTS.
	BehindTLS bool
	// ClientIPHeader names a header in which a trusted proxy passes the
	// client's address (X-Forwarded-For, whose last entry is used, or
	// X-Real-IP), for the rate limits of sign-in and of the sign-on
	// pages (ClientFrom). Empty: the connection's address.
	ClientIPHeader string
}

// Server serves the JSON API (and later the web UI).
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	handler http.Handler
	log     *slog.Logger
}

// Registrar adds routes to a mux. api.Register and ui.Register are
// registrars.
type Registrar func(mux *http.ServeMux)

// New builds a server and registers the given route sets.
func New(cfg Config, routes ...Registrar) *Server {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Users == nil {
		cfg.Users, _ = cfg.Service.(vigil.UserService)
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), log: cfg.Logger}
	for _, r := range routes {
		r(s.mux)
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, s.log, vigil.Errorf(vigil.EFORBIDDEN, "cross-origin request refused"))
	}))
	var h http.Handler = s.mux
	h = s.authenticate(h)
	h = s.limitBody(h)
	h = cop.Handler(h)
	h = securityHeaders(h)
	h = s.describeRequest(h)
	h = s.logRequests(h)
	s.handler = h
	return s
}

// Handler returns the server's root handler with all middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// ListenAndServe serves until ctx is cancelled, then shuts down
// gracefully. ready, when not nil, receives the bound address.
func (s *Server) ListenAndServe(ctx context.Context, ready chan<- string) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// securityHeaders sets the security headers of every response in one
// place. Every response gets a strict CSP with a fresh nonce: scripts run
// only from our own origin and only when they carry the nonce, styles and
// images come from our own origin, and nothing may frame the page. The
// nonce is put in the request context for templates (see Nonce).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := newNonce()
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+nonce+"' 'strict-dynamic'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if Secure(r) {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), nonceKey{}, nonce)))
	})
}

type nonceKey struct{}

// Nonce returns the CSP nonce of the request; script tags must carry it.
func Nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey{}).(string)
	return n
}

func newNonce() string {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("httpserver: no randomness for the CSP nonce: " + err.Error())
	}
	return base64.RawStdEncoding.EncodeToString(b[:])
}

// authenticate resolves a bearer token, or else a session cookie, into
// the request's viewer. Without either the viewer is anonymous: read-only,
// public data only. A bad token is refused rather than downgraded, so a
// client never silently reads less than it thinks.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := vigil.Anonymous
		if auth := r.Header.Get("Authorization"); auth != "" {
			scheme, secret, ok := strings.Cut(auth, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
				WriteError(w, r, s.log, vigil.Errorf(vigil.EUNAUTHORIZED, "Authorization must be \"Bearer <token>\""))
				return
			}
			tok, err := s.cfg.Service.AuthenticateToken(r.Context(), strings.TrimSpace(secret))
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="vigil", error="invalid_token"`)
				WriteError(w, s.routed(r), s.log, err)
				return
			}
			v = tok.Viewer()
		} else if sv, err := s.sessionViewer(w, r); err != nil {
			WriteError(w, s.routed(r), s.log, err)
			return
		} else {
			v = sv
		}
		next.ServeHTTP(w, r.WithContext(vigil.WithViewer(r.Context(), v)))
	})
}

// routed returns r with the pattern of the route it is bound for, so
// that an error met before routing is logged with its route.
func (s *Server) routed(r *http.Request) *http.Request {
	if r.Pattern != "" {
		return r
	}
	_, pattern := s.mux.Handler(r)
	c := r.WithContext(r.Context())
	c.Pattern = pattern
	return c
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.log.Debug("request", "method", r.Method, "path", redactPath(r.URL.Path), "status", sw.status, "dur", time.Since(start))
	})
}

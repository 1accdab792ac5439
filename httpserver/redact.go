package httpserver

import (
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"vigil"
)

// redacted replaces a secret in the log.
const redacted = "[redacted]"

// LogError logs a failed request at level Error: its method, route
// pattern (e.g. "POST /invite/{secret}", which holds no values), path
// with any secret in it hidden, the error's code, and the error text
// passed through Redact. Every log line about a request's error goes
// through here or LogWarning, so that passwords, codes, session and
// invite secrets, bearer tokens and what people typed into forms never
// reach the log (docs/security.md).
func LogError(log *slog.Logger, r *http.Request, msg string, err error) {
	logRequestError(log, slog.LevelError, r, msg, err)
}

// LogWarning is LogError at level Warn, for errors the request survives.
func LogWarning(log *slog.Logger, r *http.Request, msg string, err error) {
	logRequestError(log, slog.LevelWarn, r, msg, err)
}

func logRequestError(log *slog.Logger, level slog.Level, r *http.Request, msg string, err error) {
	if log == nil {
		return
	}
	text := ""
	if err != nil {
		text = err.Error()
	}
	log.Log(r.Context(), level, msg, "method", r.Method, "route", r.Pattern, "path", redactPath(r.URL.Path),
		"code", vigil.ErrorCode(err), "err", Redact(r, text))
}

// secretShapes are the shapes of vigil's secrets, removed from logged
// text even when the request did not carry them: API tokens, session and
// invite secrets (52 lowercase base32 characters) and bearer credentials.
var secretShapes = regexp.MustCompile(`vgl_[a-z2-7]+|\b[a-z2-7]{52}\b|(?i:bearer)\s+\S+`)

// secretField matches the names of form fields whose values are secret
// however short: passwords, second-factor codes, tokens.
var secretField = regexp.MustCompile(`(?i)pass|code|totp|otp|secret|token|csrf|key|session`)

// minFormValue is the shortest value of an ordinary form field that is
// hidden: shorter ones ("on", "ko", an id) say nothing about anyone and
// would make every message unreadable, while names, contacts and free
// text are longer.
const minFormValue = 4

// Redact returns s without the secrets of r: the Authorization header,
// cookie values, the secret in an invite, sign-on or withdrawal path, the
// value of every form and query field named like a secret, and the value
// of every other form and query field of minFormValue bytes or more
// (a form may carry a protected person's name or a signatory's contact).
// Anything shaped like one of vigil's secrets goes too.
func Redact(r *http.Request, s string) string {
	if s == "" {
		return s
	}
	var secrets []string
	add := func(v string, min int) {
		if v = strings.TrimSpace(v); len(v) >= min {
			secrets = append(secrets, v)
		}
	}
	if r != nil {
		if a := r.Header.Get("Authorization"); a != "" {
			add(a, 1)
			if _, cred, ok := strings.Cut(a, " "); ok {
				add(cred, 1)
			}
		}
		for _, c := range r.Cookies() {
			add(c.Value, minFormValue)
		}
		for _, prefix := range secretPaths {
			if rest, ok := strings.CutPrefix(r.URL.Path, prefix); ok {
				seg, _, _ := strings.Cut(rest, "/")
				add(seg, 1)
			}
		}
		fields := []map[string][]string{r.URL.Query(), r.Form, r.PostForm}
		if r.MultipartForm != nil {
			fields = append(fields, r.MultipartForm.Value)
		}
		for _, f := range fields {
			for k, vs := range f {
				min := minFormValue
				if secretField.MatchString(k) {
					min = 1
				}
				for _, v := range vs {
					add(v, min)
				}
			}
		}
	}
	// Longest first, so that a secret containing another goes whole.
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	for _, v := range secrets {
		s = strings.ReplaceAll(s, v, redacted)
	}
	return secretShapes.ReplaceAllString(s, redacted)
}

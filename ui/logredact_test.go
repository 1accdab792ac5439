package ui_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"vigil"
	"vigil/api"
	"vigil/httpserver"
	"vigil/store"
	"vigil/store/storetest"
	"vigil/ui"
)

// logBuffer collects log output from the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// take returns what was logged since the last take.
func (b *logBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

// TestFailedRequestsLogNoSecrets sends real requests that carry secrets
// (a password, an invite link, a sign-on link, a session cookie, a bearer
// token, a signatory's name) to a server whose database has gone away, so
// that each fails with an internal error, and reads the log: it names the
// route and the error code, and holds none of the secrets.
func TestFailedRequestsLogNoSecrets(t *testing.T) {
	base, err := store.Open(context.Background(), t.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { base.Close() })
	clock := storetest.NewClock(time.Date(2024, 5, 20, 9, 30, 10, 0, time.UTC))
	st, err := base.WithAccounts(storetest.TestAccountPolicy())
	if err != nil {
		t.Fatal(err)
	}
	st = st.WithClock(clock.Now)
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	u, err := ui.New(st, ui.Options{Now: clock.Now, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	h := httpserver.New(httpserver.Config{Service: st, Logger: log}, api.New(st, api.Options{Logger: log}).Register, u.Register).Handler()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	storetest.MustUser(t, st, "reader@example.org", vigil.RoleViewer, vigil.Coalition)
	_, session := storetest.MustLogin(t, st, "reader@example.org")
	invite, err := st.CreateInvite(testAdmin, &vigil.Invite{Email: "new@example.org", Role: vigil.RoleViewer})
	storetest.MustOK(t, err, "invite")
	const password = "Tr0ub4dor&3-horse-staple"
	const signToken = "qx7k2m9v4r8t6w3z5y1n0pabcdefgh"
	const bearer = "vgl_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
	const signatory = "Pak Hidden-Signatory"

	// The database goes away: every request below fails inside the store.
	if err := base.DB().Close(); err != nil {
		t.Fatal(err)
	}

	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name    string
		method  string
		path    string
		form    url.Values
		header  []string
		route   string
		secrets []string
	}{
		{"accept an invite with a password and an empty name", "POST", "/invite/" + invite,
			form("name", "", "password", password, "confirm_password", password), nil,
			"POST /invite/{secret}", []string{invite, password}},
		{"sign in", "POST", "/login", form("email", "reader@example.org", "password", password), nil,
			"POST /login", []string{password}},
		{"sign a letter", "POST", "/sign/" + signToken, form("name", signatory, "contact", "hidden@example.org", "confirm", "on"), nil,
			"POST /sign/{token}", []string{signToken, signatory, "hidden@example.org"}},
		{"a session cookie", "GET", "/", nil, []string{"Cookie", httpserver.SessionCookie + "=" + session},
			"GET /{$}", []string{session}},
		{"a bearer token", "GET", "/api/v1/incidents", nil, []string{"Authorization", "Bearer " + bearer},
			"GET /api/v1/incidents", []string{bearer, bearer[4:]}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logs.take()
			var body *strings.Reader
			if c.form != nil {
				body = strings.NewReader(c.form.Encode())
			} else {
				body = strings.NewReader("")
			}
			req, err := http.NewRequest(c.method, srv.URL+c.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if c.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for i := 0; i+1 < len(c.header); i += 2 {
				req.Header.Set(c.header[i], c.header[i+1])
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500 from a closed database", res.StatusCode)
			}
			got := logs.take()
			for _, s := range c.secrets {
				if strings.Contains(got, s) {
					t.Errorf("the log holds the secret %q:\n%s", s, got)
				}
			}
			if !strings.Contains(got, `route="`+c.route+`"`) || !strings.Contains(got, "code=internal") || !strings.Contains(got, "database is closed") {
				t.Errorf("the log does not name the route %q, the code and the cause:\n%s", c.route, got)
			}
		})
	}
}

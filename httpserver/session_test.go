package httpserver

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	cases := []struct {
		name, header, xff, realIP, want string
	}{
		{"connection address by default", "", "", "", "192.0.2.9"},
		{"a forwarded header is ignored unless configured", "", "203.0.113.5", "", "192.0.2.9"},
		{"last X-Forwarded-For entry: the one the proxy added", "X-Forwarded-For", "10.0.0.1, 203.0.113.5", "", "203.0.113.5"},
		{"X-Real-IP", "X-Real-IP", "", "198.51.100.4", "198.51.100.4"},
		{"garbage falls back to the connection", "X-Forwarded-For", "not an address", "", "192.0.2.9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			s := New(Config{ClientIPHeader: c.header}, func(mux *http.ServeMux) {
				mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { got = ClientFrom(r.Context()).IP })
			})
			req := httptest.NewRequest("GET", "/", nil)
			req.RemoteAddr = "192.0.2.9:4711"
			if c.xff != "" {
				req.Header.Set("X-Forwarded-For", c.xff)
			}
			if c.realIP != "" {
				req.Header.Set("X-Real-IP", c.realIP)
			}
			s.Handler().ServeHTTP(httptest.NewRecorder(), req)
			if got != c.want {
				t.Fatalf("client IP %q, want %q", got, c.want)
			}
		})
	}
}

func TestRedactPath(t *testing.T) {
	for in, want := range map[string]string{"/invite/abcdef": "/invite/…", "/incidents/3": "/incidents/3", "/invite": "/invite",
		"/sign/vsi_secret": "/sign/…", "/withdraw/vsw_secret": "/withdraw/…"} {
		if got := redactPath(in); got != want {
			t.Errorf("redactPath(%q) = %q, want %q", in, got, want)
		}
	}
}

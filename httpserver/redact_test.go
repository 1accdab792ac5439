package httpserver

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestRedact: an error text that quotes what the request carried loses
// the secrets and keeps the rest.
func TestRedact(t *testing.T) {
	const (
		password = "Tr0ub4dor&3-horse-staple"
		code     = "492039"
		name     = "김은희"
		invite   = "fawwtme3vydqiujllfiis4p7i74d6o5a4ye6yhjmwztkud4bavbq"
		cookie   = "mzxw6ytboi2gc3lfnzsxg5dfon2gk3tumvzxi33sn5zgcylnmvzw4ylm"
		bearer   = "vgl_abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
		other    = "vgl_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	)
	form := url.Values{"password": {password}, "code": {code}, "name": {name}, "lang": {"ko"}, "confirm": {"on"}}
	r := httptest.NewRequest("POST", "/invite/"+invite+"?totp="+code, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Authorization", "Bearer "+bearer)
	r.AddCookie(&http.Cookie{Name: SessionCookie, Value: cookie})
	if err := r.ParseForm(); err != nil {
		t.Fatal(err)
	}
	text := "store: save user 7 (lang ko, confirm on): password " + password + ", code " + code + ", name " + name +
		", link /invite/" + invite + ", cookie " + cookie + ", token " + bearer + ", another token " + other + ", header Bearer xyz"
	got := Redact(r, text)
	for _, secret := range []string{password, code, name, invite, cookie, bearer, other, "xyz"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q survives: %s", secret, got)
		}
	}
	if !strings.HasPrefix(got, "store: save user 7 (lang ko, confirm on): password [redacted]") {
		t.Errorf("the useful part is lost: %s", got)
	}

	var buf bytes.Buffer
	r.Pattern = "POST /invite/{secret}"
	LogError(slog.New(slog.NewTextHandler(&buf, nil)), r, "ui: internal error", errors.New(text))
	logged := buf.String()
	for _, want := range []string{`route="POST /invite/{secret}"`, "path=/invite/…", "code=internal", "store: save user 7"} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log lacks %s: %s", want, logged)
		}
	}
	for _, secret := range []string{password, invite, bearer} {
		if strings.Contains(logged, secret) {
			t.Errorf("the log holds %q: %s", secret, logged)
		}
	}
}

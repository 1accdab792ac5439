package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vigil"
	"vigil/seal"
	"vigil/store"
)

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"VIGIL_DATA": dir}
	const password = "a long enough passphrase"

	code, out, errs := runCLI(t, vars, password+"\n", "user", "create", "--email", "Admin@Example.org", "--role", "admin", "--name", "김 관리자")
	if code != 0 || !strings.Contains(out, "user 1 admin@example.org created (admin, restricted clearance)") || !strings.Contains(errs, "two-step sign-in") {
		t.Fatalf("create admin: exit %d, out %q, err %q", code, out, errs)
	}
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(password+"\r\nignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, vars, "", "user", "create", "--email", "lee@example.org", "--role", "viewer", "--password-file", pwFile)
	if code != 0 || !strings.Contains(out, "user 2 lee@example.org created (viewer, coalition clearance)") {
		t.Fatalf("create from a file: exit %d, out %q, err %q", code, out, errs)
	}

	failures := []struct {
		name  string
		stdin string
		args  []string
		exit  int
		want  string
	}{
		{"password as a flag is not a flag", "", []string{"user", "create", "--email", "x@example.org", "--role", "viewer", "--password", "secret secret"}, 2, "flag provided but not defined: -password"},
		{"short password", "short\n", []string{"user", "create", "--email", "x@example.org", "--role", "viewer"}, 1, "password: must be at least 12 characters"},
		{"no password", "", []string{"user", "create", "--email", "x@example.org", "--role", "viewer"}, 1, "no password on the first line of stdin"},
		{"bad role", password, []string{"user", "create", "--email", "x@example.org", "--role", "root"}, 2, `--role "root"`},
		{"missing email", password, []string{"user", "invite", "--role", "viewer"}, 2, "--email is required"},
		{"restricted contributor", "", []string{"user", "invite", "--email", "x@example.org", "--role", "contributor", "--clearance", "restricted"}, 1, "clearance: a contributor may be cleared for coalition records at most"},
		{"duplicate", password, []string{"user", "create", "--email", "lee@example.org", "--role", "viewer"}, 1, "already exists"},
		{"the last admin stays", "", []string{"user", "disable", "1"}, 1, "last active admin"},
		{"bad id", "", []string{"user", "disable", "one"}, 2, `"one" is not a user id`},
		{"unknown user", "", []string{"user", "reset-totp", "99"}, 1, "user 99 not found"},
		{"unknown subcommand", "", []string{"user", "promote"}, 2, "unknown user command"},
	}
	for _, c := range failures {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, vars, c.stdin, c.args...)
			if code != c.exit || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errs, c.exit, c.want)
			}
		})
	}

	code, out, errs = runCLI(t, vars, "", "user", "invite", "--email", "new@example.org", "--role", "contributor", "--base-url", "https://vigil.example.org/")
	if code != 0 || !regexp.MustCompile(`^https://vigil\.example\.org/invite/[a-z2-7]{52}\n$`).MatchString(out) || !strings.Contains(errs, "shown only once") {
		t.Fatalf("invite: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, _ = runCLI(t, vars, "", "user", "invite", "--email", "other@example.org", "--role", "viewer")
	if code != 0 || !regexp.MustCompile(`^/invite/[a-z2-7]{52}\n$`).MatchString(out) {
		t.Fatalf("invite without a base URL: exit %d, out %q", code, out)
	}

	for _, args := range [][]string{{"user", "disable", "2"}, {"user", "reset-totp", "1"}} {
		if code, _, errs := runCLI(t, vars, "", args...); code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, errs)
		}
	}
	code, out, _ = runCLI(t, vars, "", "user", "list")
	want := "1\tadmin@example.org\tadmin\trestricted\ttotp:off\tactive\t김 관리자\n2\tlee@example.org\tviewer\tcoalition\ttotp:off\tdisabled\t\n"
	if code != 0 || out != want {
		t.Fatalf("list: exit %d\n%s\nwant\n%s", code, out, want)
	}
	if code, _, _ := runCLI(t, vars, "", "user", "enable", "2"); code != 0 {
		t.Fatal("enable")
	}

	// The accounts sign in with the passwords given, and every change is
	// in an intact audit chain.
	st, err := store.Open(context.Background(), filepath.Join(dir, "vigil.db"), store.Options{Key: seal.FileSource(filepath.Join(dir, "vigil.key"))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, email := range []string{"admin@example.org", "lee@example.org"} {
		if _, _, err := st.Login(context.Background(), email, password, vigil.Client{}); err != nil {
			t.Errorf("login %s: %v", email, err)
		}
	}
	code, out, _ = runCLI(t, vars, "", "audit", "verify")
	if code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %d %q", code, out)
	}
}

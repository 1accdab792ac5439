package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTokenExpiryAndOwner: tokens expire (90 days unless --expires says
// otherwise), the CLI shows when, and a token with --owner dies with its
// owner's account.
func TestTokenExpiryAndOwner(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"VIGIL_DATA": dir}
	const password = "a long enough passphrase"
	if code, _, errs := runCLI(t, vars, password+"\n", "user", "create", "--email", "ed@example.org", "--role", "editor"); code != 0 {
		t.Fatalf("create editor: exit %d, %s", code, errs)
	}
	if code, _, errs := runCLI(t, vars, password+"\n", "user", "create", "--email", "lee@example.org", "--role", "viewer"); code != 0 {
		t.Fatalf("create viewer: exit %d, %s", code, errs)
	}

	day := func(d time.Duration) string { return time.Now().UTC().Add(d).Format(time.DateOnly) }
	code, _, errs := runCLI(t, vars, "", "token", "create", "--name", "default")
	if code != 0 || !strings.Contains(errs, "expires "+day(90*24*time.Hour)) {
		t.Fatalf("token create: exit %d, err %q; want the expiry 90 days ahead", code, errs)
	}
	code, _, errs = runCLI(t, vars, "", "token", "create", "--name", "week", "--expires", "7d", "--owner", "ED@example.org", "--scope", "write")
	if code != 0 || !strings.Contains(errs, "expires "+day(7*24*time.Hour)) || !strings.Contains(errs, "acts for ed@example.org") {
		t.Fatalf("token create --expires 7d --owner: exit %d, err %q", code, errs)
	}
	date := day(30 * 24 * time.Hour)
	if code, _, errs = runCLI(t, vars, "", "token", "create", "--name", "dated", "--expires", date); code != 0 || !strings.Contains(errs, "expires "+date) {
		t.Fatalf("token create --expires %s: exit %d, err %q", date, code, errs)
	}

	for _, c := range []struct {
		name string
		args []string
		exit int
		want string
	}{
		{"not a lifetime", []string{"--expires", "soon"}, 2, `--expires "soon"`},
		{"no days", []string{"--expires", "0d"}, 2, `--expires "0d"`},
		{"too far", []string{"--expires", "400d"}, 1, "expires_at: must be at most 365 days ahead"},
		{"in the past", []string{"--expires", "2020-01-01"}, 1, "expires_at: must be in the future"},
		{"unknown owner", []string{"--owner", "nobody@example.org"}, 1, "no user has the email nobody@example.org"},
		{"owner below the token", []string{"--owner", "lee@example.org", "--scope", "write"}, 1, "owner: lee@example.org (viewer, coalition clearance, disabled false) cannot hold a write token"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runCLI(t, vars, "", append([]string{"token", "create", "--name", "x"}, c.args...)...)
			if code != c.exit || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errs, c.exit, c.want)
			}
		})
	}

	code, out, _ := runCLI(t, vars, "", "token", "list")
	if code != 0 || !regexp.MustCompile(`(?m)^2\tweek\t.*\tuntil `+day(7*24*time.Hour)+`\ted@example\.org$`).MatchString(out) {
		t.Fatalf("token list: exit %d, %q; want token 2 with its expiry and owner", code, out)
	}
	if code, _, errs := runCLI(t, vars, "", "user", "disable", "1"); code != 0 {
		t.Fatalf("disable the owner: exit %d, %s", code, errs)
	}
	code, out, _ = runCLI(t, vars, "", "token", "list")
	if code != 0 || !regexp.MustCompile(`(?m)^2\tweek\t.*\trevoked `+day(0)+`\ted@example\.org$`).MatchString(out) {
		t.Fatalf("token list after disabling its owner: exit %d, %q", code, out)
	}
}

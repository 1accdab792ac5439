package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"vigil"
	"vigil/store"
)

const userUsage = "vigil user create --email E --role R [--name N] [--clearance LEVEL] [--password-file F] | user invite --email E --role R [--clearance LEVEL] [--base-url URL] | user list | user disable ID | user enable ID | user reset-totp ID"

// runUser manages accounts from the command line, acting as an admin on
// its own database (see cliViewer). It bootstraps the first admin.
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("say create, invite, list, disable, enable or reset-totp")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("user "+sub, e)
	var db dbFlags
	db.register(fs, e)
	email := fs.String("email", "", "email address of the account")
	role := fs.String("role", "", "admin, editor, contributor or viewer")
	name := fs.String("name", "", "the person's name")
	clearance := fs.String("clearance", "", "public, coalition or restricted (default: the role's default)")
	passwordFile := fs.String("password-file", "", "read the password from the first line of this file (default: prompt on a terminal, else the first line of stdin)")
	baseURL := fs.String("base-url", "", "the site's address, to print a whole invite link (e.g. https://vigil.example.org)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ctx = vigil.WithViewer(ctx, cliViewer())
	open := func() (*store.Store, error) { return db.open(ctx) }
	switch sub {
	case "create", "invite":
		if len(pos) > 0 {
			return usagef("unexpected argument %q", pos[0])
		}
		if strings.TrimSpace(*email) == "" {
			return usagef("--email is required")
		}
		r := vigil.Role(*role)
		if !r.Valid() {
			return usagef("--role %q must be admin, editor, contributor or viewer", *role)
		}
		var c vigil.Sensitivity
		if *clearance != "" {
			if c, err = parseClearance(*clearance); err != nil {
				return err
			}
		}
		if sub == "create" {
			return userCreate(ctx, e, open, &vigil.User{Email: *email, Name: *name, Role: r, Clearance: c}, *passwordFile)
		}
		return userInvite(ctx, e, open, &vigil.Invite{Email: *email, Role: r, Clearance: c}, *baseURL)
	case "list":
		if len(pos) > 0 {
			return usagef("unexpected argument %q", pos[0])
		}
		return userList(ctx, e, open)
	case "disable", "enable", "reset-totp":
		if len(pos) != 1 {
			return usagef("give the user's id (see vigil user list)")
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil || id <= 0 {
			return usagef("%q is not a user id", pos[0])
		}
		return userChange(ctx, e, open, sub, id)
	}
	return usagef("unknown user command %q; say create, invite, list, disable, enable or reset-totp", sub)
}

func userCreate(ctx context.Context, e *env, open func() (*store.Store, error), u *vigil.User, passwordFile string) error {
	password, err := readPassword(e, passwordFile)
	if err != nil {
		return err
	}
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CreateUser(ctx, u, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "user %d %s created (%s, %s clearance)\n", u.ID, u.Email, u.Role, u.Clearance)
	if u.NeedsTOTP() {
		fmt.Fprintln(e.stderr, "this account must set up two-step sign-in (TOTP) at its first sign-in")
	}
	return nil
}

// readPassword reads a new password from a file, from a terminal (typed
// twice, not echoed) or from the first line of stdin. Never from a flag:
// flags show in the process list and the shell history.
func readPassword(e *env, file string) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		defer f.Close()
		return firstLine(f, "--password-file "+file)
	}
	if f, ok := e.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "new password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(e.stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords are not the same")
		}
		return string(a), nil
	}
	return firstLine(e.stdin, "stdin")
}

// firstLine reads the first line of r, without its line ending.
func firstLine(r io.Reader, from string) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from %s: %w", from, err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", fmt.Errorf("no password on the first line of %s", from)
	}
	return line, nil
}

func userInvite(ctx context.Context, e *env, open func() (*store.Store, error), inv *vigil.Invite, baseURL string) error {
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	secret, err := st.CreateInvite(ctx, inv)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "invite %d for %s (%s, %s clearance) works once, until %s; the link below is shown only once:\n",
		inv.ID, inv.Email, inv.Role, inv.Clearance, inv.ExpiresAt.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintln(e.stdout, strings.TrimRight(baseURL, "/")+"/invite/"+secret)
	return nil
}

func userList(ctx context.Context, e *env, open func() (*store.Store, error)) error {
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	for offset := 0; ; offset += vigil.MaxLimit {
		users, n, err := st.FindUsers(ctx, vigil.UserFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: offset}})
		if err != nil {
			return err
		}
		for _, u := range users {
			totp, state := "totp:off", "active"
			if u.TOTPEnabled {
				totp = "totp:on"
			}
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, u.Clearance, totp, state, u.Name)
		}
		if offset+len(users) >= n {
			return nil
		}
	}
}

func userChange(ctx context.Context, e *env, open func() (*store.Store, error), sub string, id int64) error {
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "reset-totp" {
		if err := st.ResetTOTP(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "user %d: two-step sign-in removed and sessions ended\n", id)
		return nil
	}
	u, err := st.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	u.Disabled = sub == "disable"
	if err := st.UpdateUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "user %d %s %sd\n", u.ID, u.Email, sub)
	return nil
}

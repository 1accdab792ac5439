package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vigil"
)

// runStats prints an honest total as JSON.
func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags("stats", e)
	var db dbFlags
	db.register(fs, e)
	event := fs.String("event", "", "event type: "+eventNames())
	from := fs.String("from", "", "earliest day on or after (YYYY-MM-DD)")
	to := fs.String("to", "", "earliest day on or before (YYYY-MM-DD)")
	place := fs.Int64("place", 0, "place id (includes places under it)")
	perp := fs.Int64("perpetrator", 0, "perpetrator actor id")
	clearance := fs.String("clearance", "restricted", "count only records up to this sensitivity (public for published figures)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	f := vigil.StatsFilter{Event: vigil.EventType(*event), From: *from, To: *to}
	if !f.Event.Valid() {
		return usagef("--event is required and must be one of %s", eventNames())
	}
	for name, v := range map[string]string{"--from": *from, "--to": *to} {
		if v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return usagef("%s %q is not a day as YYYY-MM-DD", name, v)
			}
		}
	}
	if *place > 0 {
		f.PlaceID = place
	}
	if *perp > 0 {
		f.PerpetratorID = perp
	}
	c, err := parseClearance(*clearance)
	if err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	v := cliViewer()
	v.Clearance = c
	res, err := st.Stats(vigil.WithViewer(ctx, v), f)
	if err != nil {
		return err
	}
	return printJSONIndent(e.stdout, res)
}

func eventNames() string {
	s := ""
	for i, ev := range vigil.EventTypes {
		if i > 0 {
			s += ", "
		}
		s += string(ev)
	}
	return s
}

// runToken manages API tokens.
func runToken(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("say create, list or revoke")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("token "+sub, e)
	var db dbFlags
	db.register(fs, e)
	name := fs.String("name", "", "what the token is for, e.g. \"ingest script\"")
	scope := fs.String("scope", "read", "read or write")
	clearance := fs.String("clearance", "public", "highest sensitivity the token may read: public, coalition or restricted")
	expires := fs.String("expires", "90d", "when the token stops working: a number of days (\"30d\") or a day (YYYY-MM-DD, at 00:00 UTC); at most 365 days ahead")
	owner := fs.String("owner", "", "email of the account the token acts for: it stops working when that account is disabled or loses the token's scope or clearance")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	ctx = vigil.WithViewer(ctx, cliViewer())
	switch sub {
	case "create":
		if *name == "" {
			return usagef("--name is required")
		}
		if *scope != string(vigil.ScopeRead) && *scope != string(vigil.ScopeWrite) {
			return usagef("--scope %q must be read or write", *scope)
		}
		c, err := parseClearance(*clearance)
		if err != nil {
			return err
		}
		until, err := parseExpiry(*expires, time.Now())
		if err != nil {
			return err
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		t := &vigil.Token{Name: *name, Scope: vigil.Scope(*scope), Clearance: c, ExpiresAt: until}
		acts := ""
		if *owner != "" {
			u, err := userByEmail(ctx, st, *owner)
			if err != nil {
				return err
			}
			t.OwnerID, acts = &u.ID, "; it acts for "+u.Email
		}
		secret, err := st.CreateToken(ctx, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "token %d (%s, %s scope, %s clearance) created; it expires %s%s. The secret below is shown only once:\n",
			t.ID, t.Name, t.Scope, t.Clearance, t.ExpiresAt.Format("2006-01-02 15:04 UTC"), acts)
		fmt.Fprintln(e.stdout, secret)
		return nil
	case "list":
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		ts, err := st.FindTokens(ctx)
		if err != nil {
			return err
		}
		owners := map[int64]string{}
		now := time.Now()
		for _, t := range ts {
			state := "until " + t.ExpiresAt.Format(time.DateOnly)
			switch {
			case t.RevokedAt != nil:
				state = "revoked " + t.RevokedAt.Format(time.DateOnly)
			case !now.Before(t.ExpiresAt):
				state = "expired " + t.ExpiresAt.Format(time.DateOnly)
			}
			owner := "-"
			if t.OwnerID != nil {
				if _, ok := owners[*t.OwnerID]; !ok {
					owners[*t.OwnerID] = fmt.Sprintf("user %d", *t.OwnerID)
					if u, err := st.FindUserByID(ctx, *t.OwnerID); err == nil {
						owners[*t.OwnerID] = u.Email
					}
				}
				owner = owners[*t.OwnerID]
			}
			fmt.Fprintf(e.stdout, "%d\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Prefix, t.Scope, t.Clearance, state, owner)
		}
		return nil
	case "revoke":
		if len(pos) != 1 {
			return usagef("give the token id to revoke")
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil || id <= 0 {
			return usagef("%q is not a token id", pos[0])
		}
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		if err := st.RevokeToken(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "token %d revoked\n", id)
		return nil
	}
	return usagef("unknown token command %q; say create, list or revoke", sub)
}

// parseExpiry reads --expires: a number of days ahead of now ("30d") or
// a day (YYYY-MM-DD), meaning 00:00 UTC that day. The store checks that
// it is in the future and not too far.
func parseExpiry(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 {
			return time.Time{}, usagef("--expires %q must be a positive number of days, e.g. 90d, or a day as YYYY-MM-DD", s)
		}
		return now.UTC().Add(time.Duration(days) * 24 * time.Hour), nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usagef("--expires %q must be a number of days, e.g. 90d, or a day as YYYY-MM-DD", s)
	}
	return d, nil
}

// userByEmail finds the account with an email, whatever its case.
func userByEmail(ctx context.Context, st vigil.UserService, email string) (*vigil.User, error) {
	want := vigil.NormalizeEmail(email)
	users, _, err := st.FindUsers(ctx, vigil.UserFilter{Email: want, Page: vigil.Page{Limit: vigil.MaxLimit}})
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.Email == want {
			return u, nil
		}
	}
	return nil, vigil.Errorf(vigil.ENOTFOUND, "no user has the email %s", want)
}

// runAudit verifies the audit chain.
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return usagef("say verify")
	}
	fs := newFlags("audit verify", e)
	var db dbFlags
	db.register(fs, e)
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := st.VerifyAudit(vigil.WithViewer(ctx, cliViewer()))
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit chain broken at entry %d of %d: %s", res.FirstBroken, res.Entries, res.Reason)
	}
	fmt.Fprintf(e.stdout, "audit chain intact: %d entries verified\n", res.Entries)
	return nil
}

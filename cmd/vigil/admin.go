package main

import (
	"context"
	"fmt"
	"strconv"
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
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		t := &vigil.Token{Name: *name, Scope: vigil.Scope(*scope), Clearance: c}
		secret, err := st.CreateToken(ctx, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "token %d (%s, %s scope, %s clearance) created; the secret below is shown only once:\n", t.ID, t.Name, t.Scope, t.Clearance)
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
		for _, t := range ts {
			state := "active"
			if t.RevokedAt != nil {
				state = "revoked " + t.RevokedAt.Format(time.DateOnly)
			}
			fmt.Fprintf(e.stdout, "%d\t%s\t%s…\t%s\t%s\t%s\n", t.ID, t.Name, t.Prefix, t.Scope, t.Clearance, state)
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

package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"vigil"
	"vigil/api"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/publish"
	"vigil/ui"
)

// runServe runs the web server and JSON API until interrupted.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags("serve", e)
	var db dbFlags
	db.register(fs, e)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	demoFlag := fs.Bool("demo", false, "load the seed's facts into a fresh data directory and serve them")
	verbose := fs.Bool("v", false, "log every request")
	behindTLS := fs.Bool("behind-tls", false, "a TLS-terminating proxy serves this site over HTTPS: mark session cookies Secure (with the __Host- prefix) and send HSTS")
	ipHeader := fs.String("client-ip-header", "", "header in which the trusted proxy passes the client address (X-Forwarded-For or X-Real-IP), for the sign-in and sign-on rate limits")
	var ff fetchFlags
	ff.register(fs)
	pollEvery := fs.Duration("poll-every", time.Minute, "how often the feed worker looks for due feeds (0: no background polling)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	dataSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "data" {
			dataSet = true
		}
	})
	if *demoFlag && db.db == "" {
		if !dataSet {
			dir, err := os.MkdirTemp("", "vigil-demo-")
			if err != nil {
				return err
			}
			db.data = dir
		} else if entries, err := os.ReadDir(db.data); err == nil && len(entries) > 0 {
			return fmt.Errorf("--demo needs a fresh data directory, and %s is not empty", db.data)
		}
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	db.warnOpenDataDir()
	defer st.Close()
	var demoInvite string
	if *demoFlag {
		admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "demo", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
		if err := demo.Load(admin, st); err != nil {
			return fmt.Errorf("load demo data: %w", err)
		}
		fmt.Fprintf(e.stderr, "vigil: loaded the demo data set (seed of 2024-05-20) into %s\n", db.describeDB())
		// The demo has no accounts; a one-time admin invitation lets the
		// person who started it sign in and try the workspace's forms.
		if demoInvite, err = st.CreateInvite(admin, &vigil.Invite{Email: "admin@demo.invalid", Role: vigil.RoleAdmin, Clearance: vigil.Restricted}); err != nil {
			return fmt.Errorf("demo invitation: %w", err)
		}
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	mon, err := startMonitoring(ctx, st, &db, &ff, *pollEvery, log)
	if err != nil {
		return err
	}
	site, err := publish.NewSite()
	if err != nil {
		return err
	}
	public := publish.NewCache(st, publish.Options{}, publish.DefaultTTL)
	a := api.New(st, api.Options{Logger: log, Monitor: mon, PublicCache: public})
	web, err := ui.New(st, ui.Options{Logger: log, Desk: mon.Desk})
	if err != nil {
		return err
	}
	srv := httpserver.New(httpserver.Config{Addr: *addr, Service: st, Logger: log, BehindTLS: *behindTLS, ClientIPHeader: *ipHeader}, a.Register, web.Register,
		publish.NewHandler(site, public, func(r *http.Request, msg string, err error) { httpserver.LogError(log, r, msg, err) }).Register)
	ready := make(chan string, 1)
	go func() {
		if bound, ok := <-ready; ok {
			fmt.Fprintf(e.stderr, "vigil: serving http://%s (database %s); API at /api/v1, document at /api/v1/openapi.json; public site at %s\n", bound, db.describeDB(), publish.Prefix)
			if demoInvite != "" {
				fmt.Fprintf(e.stderr, "vigil: to sign in to the demo as an administrator, open http://%s/invite/%s once, choose a password, then set up an authenticator app when asked\n", bound, demoInvite)
			}
		}
	}()
	return srv.ListenAndServe(ctx, ready)
}

// runMigrate creates or upgrades the schema.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags("migrate", e)
	var db dbFlags
	db.register(fs, e)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	st, err := db.open(ctx) // Open migrates
	if err != nil {
		return err
	}
	db.warnOpenDataDir()
	defer st.Close()
	fmt.Fprintf(e.stdout, "database %s is at the current schema\n", db.describeDB())
	return nil
}

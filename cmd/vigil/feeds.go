package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/feed"
	"vigil/store"
	"vigil/triage"
)

// fetchFlags choose what the fetcher may reach and how long it waits.
type fetchFlags struct {
	allowPrivate  bool
	allowLoopback bool
	timeout       time.Duration
	blobs         string
}

func (f *fetchFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "let fetches reach private-network addresses (RFC 1918, unique-local, link-local): an intranet deployment's choice")
	fs.BoolVar(&f.allowLoopback, "allow-loopback", false, "let fetches reach loopback addresses (testing against a local server only)")
	fs.DurationVar(&f.timeout, "timeout", archive.DefaultTimeout, "time limit of one fetch")
	fs.StringVar(&f.blobs, "blobs", "", "blob store directory (default: DATA/blobs)")
}

func (f *fetchFlags) fetcher(maxBytes int64) *archive.Fetcher {
	return archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowPrivate: f.allowPrivate, AllowLoopback: f.allowLoopback}, Timeout: f.timeout, MaxBytes: maxBytes})
}

// blobDir is the blob store's directory: --blobs, else blobs/ in the
// data directory (also with PostgreSQL, whose rows name the blobs).
func (f *fetchFlags) blobDir(db *dbFlags) string {
	if f.blobs != "" {
		return f.blobs
	}
	return filepath.Join(db.data, "blobs")
}

// desk opens the blob store and returns the triage desk over st.
func (f *fetchFlags) desk(st *store.Store, db *dbFlags) (*triage.Desk, *archive.Blobs, error) {
	blobs, err := archive.OpenBlobs(f.blobDir(db))
	if err != nil {
		return nil, nil, err
	}
	return &triage.Desk{Svc: st, Archiver: &archive.Archiver{Fetcher: f.fetcher(archive.DefaultMaxBytes), Blobs: blobs}, Policy: st.Policy()}, blobs, nil
}

// runFeeds manages feeds and keyword rules, and polls once.
func runFeeds(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("say add, list, poll or rules")
	}
	fs := newFlags("feeds", e)
	var db dbFlags
	db.register(fs, e)
	var ff fetchFlags
	ff.register(fs)
	title := fs.String("title", "", "feeds add: the feed's title (the publisher of its sources)")
	lang := fs.String("lang", "", "feeds add / rules add: ko or en (empty: decide per item / any language)")
	sens := fs.String("sensitivity", "coalition", "feeds add: coalition or restricted")
	due := fs.Bool("due", false, "feeds poll: poll only feeds whose time has come (default: every active feed)")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = vigil.WithViewer(ctx, cliViewer())
	switch args[0] {
	case "add":
		if len(pos) != 1 {
			return usagef("feeds add takes one URL")
		}
		f := &vigil.Feed{Meta: vigil.Meta{Sensitivity: vigil.Sensitivity(*sens)}, URL: pos[0], Title: *title, Language: *lang, Active: true}
		if err := st.CreateFeed(ctx, f); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "feed %d: %s\n", f.ID, f.URL)
		return nil
	case "list":
		fds, _, err := st.FindFeeds(ctx, vigil.FeedFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tACTIVE\tLAST\tFAILURES\tNEXT POLL\tURL\tERROR")
		for _, f := range fds {
			fmt.Fprintf(tw, "%d\t%v\t%s\t%d\t%s\t%s\t%s\n", f.ID, f.Active, status(f), f.Failures, when(f.NextPollAt), f.URL, f.LastError)
		}
		return tw.Flush()
	case "poll":
		if len(pos) > 0 {
			return usagef("unexpected argument %q", pos[0])
		}
		return pollOnce(ctx, e, st, &ff, *due)
	case "rules":
		return runRules(ctx, e, st, pos, *lang)
	}
	return usagef("unknown feeds command %q (add, list, poll, rules)", args[0])
}

func status(f *vigil.Feed) string {
	if f.LastPolledAt == nil {
		return "never"
	}
	return strconv.Itoa(f.LastStatus)
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// pollOnce polls the feeds once and prints a line per feed; it fails
// only when the poll could not run at all, not when a feed is broken.
func pollOnce(ctx context.Context, e *env, st *store.Store, ff *fetchFlags, due bool) error {
	p := &feed.Poller{Svc: st, Fetcher: ff.fetcher(feed.DefaultMaxFeedBytes)}
	var reports []feed.Report
	var err error
	if due {
		reports, err = p.PollDue(ctx)
	} else {
		active := true
		fds, _, ferr := st.FindFeeds(ctx, vigil.FeedFilter{Page: vigil.Page{Limit: vigil.MaxLimit}, Active: &active})
		if ferr != nil {
			return ferr
		}
		reports, err = p.Poll(ctx, fds)
	}
	if err != nil {
		return err
	}
	added, inbox, failed := 0, 0, 0
	for _, r := range reports {
		switch {
		case r.Err != "":
			failed++
			fmt.Fprintf(e.stdout, "feed %d: failed: %s (next try %s)\n", r.FeedID, r.Err, r.NextPollAt.Format(time.RFC3339))
		case r.NotModified:
			fmt.Fprintf(e.stdout, "feed %d: not modified\n", r.FeedID)
		default:
			fmt.Fprintf(e.stdout, "feed %d: %d entries, %d new, %d to the inbox, %d already seen\n", r.FeedID, r.Entries, r.Added, r.Inbox, r.Duplicates)
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(e.stdout, "feed %d: repaired: %s\n", r.FeedID, w)
		}
		added += r.Added
		inbox += r.Inbox
	}
	fmt.Fprintf(e.stdout, "%d feeds polled, %d failed; %d new items, %d in the inbox\n", len(reports), failed, added, inbox)
	return nil
}

func runRules(ctx context.Context, e *env, st *store.Store, pos []string, lang string) error {
	if len(pos) == 0 || pos[0] == "list" {
		rs, err := st.FindKeywordRules(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			l := r.Lang
			if l == "" {
				l = "any"
			}
			fmt.Fprintf(e.stdout, "%d\t%s\t%s\n", r.ID, l, r.Term)
		}
		return nil
	}
	switch pos[0] {
	case "add":
		if len(pos) < 2 {
			return usagef("feeds rules add TERM [--lang ko|en]")
		}
		r := &vigil.KeywordRule{Term: strings.Join(pos[1:], " "), Lang: lang}
		if err := st.CreateKeywordRule(ctx, r); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "rule %d: %s\n", r.ID, r.Term)
		return nil
	case "rm":
		if len(pos) != 2 {
			return usagef("feeds rules rm ID")
		}
		id, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil {
			return usagef("%q is not a rule id", pos[1])
		}
		rs, err := st.FindKeywordRules(ctx)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.ID == id {
				return st.DeleteKeywordRule(ctx, id, r.Version)
			}
		}
		return vigil.Errorf(vigil.ENOTFOUND, "keyword rule %d not found", id)
	}
	return usagef("unknown rules command %q (list, add, rm)", pos[0])
}

// startMonitoring opens the blob store and, unless every is 0, starts the
// background feed poller, which stops with ctx.
func startMonitoring(ctx context.Context, st *store.Store, db *dbFlags, ff *fetchFlags, every time.Duration, log *slog.Logger) (*api.Monitor, error) {
	desk, blobs, err := ff.desk(st, db)
	if err != nil {
		return nil, err
	}
	if every > 0 {
		p := &feed.Poller{Svc: st, Fetcher: ff.fetcher(feed.DefaultMaxFeedBytes), Log: log}
		go p.Run(vigil.WithViewer(ctx, feed.PollerViewer), every)
	}
	return &api.Monitor{Desk: desk, Blobs: blobs}, nil
}

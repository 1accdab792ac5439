package main

import (
	"context"
	"fmt"
	"strings"

	"vigil"
)

// runSearch searches the records, or rebuilds the search index:
//
//	vigil search [--kind K] [--clearance LEVEL] [--limit N] WORDS…
//	vigil search reindex
func runSearch(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "reindex" {
		return runReindex(ctx, e, args[1:])
	}
	fs := newFlags("search", e)
	var db dbFlags
	db.register(fs, e)
	kind := fs.String("kind", "", "only this kind: incident, claim, source, actor or place")
	clearance := fs.String("clearance", "public", "search as a reader of this clearance: public, coalition or restricted")
	limit := fs.Int("limit", vigil.SearchDefaultLimit, "hits to print")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	text := joinArgs(pos)
	if text == "" {
		return usagef("give the words to search for")
	}
	c, err := parseClearance(*clearance)
	if err != nil {
		return err
	}
	q := vigil.SearchQuery{Text: text, Page: vigil.Page{Limit: *limit}}
	if *kind != "" {
		q.Kinds = []vigil.SearchKind{vigil.SearchKind(*kind)}
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	v := cliViewer()
	v.Clearance = c
	res, err := st.Search(vigil.WithViewer(ctx, v), q)
	if err != nil {
		return err
	}
	total := fmt.Sprint(res.Total)
	if res.TotalCapped {
		total += "+"
	}
	fmt.Fprintf(e.stderr, "%s matches as a %s reader\n", total, c)
	for _, h := range res.Hits {
		var b strings.Builder
		for _, s := range h.Snippet {
			if s.Mark {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		fmt.Fprintf(e.stdout, "%s %d\t%s\t%s\n", h.Kind, h.ID, h.Title.In("ko"), b.String())
	}
	return nil
}

// runReindex rebuilds the search index from the records.
func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlags("search reindex", e)
	var db dbFlags
	db.register(fs, e)
	pos, err := parseFlags(fs, args)
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
	n, err := st.Reindex(vigil.WithViewer(ctx, cliViewer()))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "search index rebuilt: %d records indexed\n", n)
	return nil
}

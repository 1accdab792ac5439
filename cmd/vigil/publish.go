package main

import (
	"context"
	"fmt"
	"path/filepath"

	"vigil/publish"
)

// runPublish writes the public site as static files:
// vigil publish --out DIR
func runPublish(ctx context.Context, e *env, args []string) error {
	fs := newFlags("publish", e)
	var db dbFlags
	db.register(fs, e)
	out := fs.String("out", "", "directory to write the public site into; replaced whole if it holds an earlier export, refused if it holds anything else")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	// Load reads as the anonymous viewer whoever runs it: the site holds
	// public records only.
	d, err := publish.Load(ctx, st, publish.Options{})
	if err != nil {
		return err
	}
	site, err := publish.NewSite()
	if err != nil {
		return err
	}
	n, err := site.WriteDir(ctx, d, *out)
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintf(e.stderr, "vigil: wrote the public site, %d files (%d incidents, %d reports), to %s; open file://%s\n",
		n, len(d.Incidents), len(d.Reports), *out, filepath.ToSlash(filepath.Join(abs, "index.html")))
	return nil
}

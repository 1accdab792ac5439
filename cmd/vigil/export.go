package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vigil"
	"vigil/exchange"
	"vigil/publish"
)

// runExport writes what a clearance sees as native JSON or CSV:
// vigil export [--format json|csv] [--out FILE] [--clearance LEVEL]
func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("export", e)
	var db dbFlags
	db.register(fs, e)
	formatFlag := fs.String("format", "", strings.Join(exchange.ExportFormatNames(), ", ")+" (default: from --out, else json)")
	out := fs.String("out", "", "write to this file (created 0600, replaced only when the export is complete); default standard output")
	clearance := fs.String("clearance", "public", "export only records up to this sensitivity: public, coalition or restricted (restricted for a full backup)")
	noBOM := fs.Bool("no-bom", false, "CSV: leave out the UTF-8 byte order mark that Excel needs to read Hangul")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	format, err := exportFormat(*formatFlag, *out)
	if err != nil {
		return err
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

	dst, commit, discard, err := openOutput(e, *out)
	if err != nil {
		return err
	}
	defer discard()
	w := format.New(dst, exchange.WriterOptions{ExportedAt: time.Now(), Clearance: c, NoBOM: *noBOM})
	if c == vigil.Public {
		// A public export is public output: it is built from the public
		// site's explicit projection, whoever runs it.
		return exportPublic(ctx, e, st, w, *out, commit)
	}
	close := w.Close
	csvw, _ := w.(*exchange.CSVWriter)
	b := newBar(e, -1, "exporting", false)
	res, err := st.Export(vigil.WithViewer(ctx, v), w, vigil.ExportOptions{Progress: func(section string, n int) {
		if b != nil && b.stg != section {
			b.restart(section, -1, false)
		}
		b.set(int64(n))
	}})
	b.done()
	if err != nil {
		return err
	}
	if err := close(); err != nil {
		return fmt.Errorf("write the export: %w", err)
	}
	if err := commit(); err != nil {
		return err
	}
	reportExport(e, res, csvw, *out)
	return nil
}

// openOutput returns where an export goes. For a file it writes a
// temporary file (0600: an export may hold restricted records) next to
// it, which commit renames into place and discard removes, so that a
// failed export never leaves a half-written file.
func openOutput(e *env, path string) (w io.Writer, commit func() error, discard func(), err error) {
	if path == "" || path == "-" {
		return e.stdout, func() error { return nil }, func() {}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, nil, nil, err
	}
	done := false
	discard = func() {
		if !done {
			f.Close()
			os.Remove(f.Name())
		}
	}
	commit = func() error {
		if err := f.Sync(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Rename(f.Name(), path); err != nil {
			return err
		}
		done = true
		return nil
	}
	return f, commit, discard, nil
}

// reportExport tells on standard error what the export holds and what
// it leaves out.
func reportExport(e *env, res *vigil.ExportResult, csvw *exchange.CSVWriter, out string) {
	var parts []string
	total := 0
	for _, sec := range vigil.Sections {
		if n := res.Written[sec]; n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(sec, "_", " ")))
		}
	}
	where := out
	if where == "" || where == "-" {
		where = "standard output"
	}
	fmt.Fprintf(e.stderr, "vigil: exported %d records at clearance %s to %s (%s)\n", total, res.Clearance, where, strings.Join(parts, ", "))
	if res.Clearance != vigil.Restricted {
		fmt.Fprintf(e.stderr, "vigil: records above %s clearance are not in this file, and protected persons appear under pseudonyms; use --clearance restricted for a full backup\n", res.Clearance)
	}
	var dropped []string
	for _, sec := range vigil.Sections {
		if n := res.Dropped[sec]; n > 0 {
			dropped = append(dropped, fmt.Sprintf("%d %s", n, strings.ReplaceAll(sec, "_", " ")))
		}
	}
	if len(dropped) > 0 || res.Cleared > 0 {
		fmt.Fprintf(e.stderr, "vigil: left out %s that need a record this clearance does not see, and cleared %d references to such records\n",
			orNone(dropped), res.Cleared)
	}
	if csvw != nil {
		var skipped []string
		for _, sec := range vigil.Sections {
			if n := csvw.Skipped()[sec]; n > 0 {
				skipped = append(skipped, fmt.Sprintf("%d %s", n, strings.ReplaceAll(sec, "_", " ")))
			}
		}
		if len(skipped) > 0 {
			fmt.Fprintf(e.stderr, "vigil: the CSV format does not hold %s; use --format json to keep them\n", strings.Join(skipped, ", "))
		}
	}
}

func orNone(parts []string) string {
	if len(parts) == 0 {
		return "no records"
	}
	return strings.Join(parts, ", ")
}

// exportFormat is the --format flag, or the format the --out file name
// says (".hxl.csv", ".geojson", …), or json.
func exportFormat(flag, out string) (exchange.ExportFormat, error) {
	name := strings.ToLower(strings.TrimSpace(flag))
	if name == "" {
		base := strings.ToLower(filepath.Base(out))
		name = "json"
		best := 0
		for _, f := range exchange.ExportFormats {
			if strings.HasSuffix(base, f.Ext) && len(f.Ext) > best {
				name, best = f.Name, len(f.Ext)
			}
		}
	}
	f, ok := exchange.FindExportFormat(name)
	if !ok {
		return f, usagef("--format %q must be one of %s", flag, strings.Join(exchange.ExportFormatNames(), ", "))
	}
	return f, nil
}

// exportPublic writes the public projection (package publish) to w.
func exportPublic(ctx context.Context, e *env, st publish.Store, w exchange.Writer, out string, commit func() error) error {
	d, err := publish.Load(ctx, st, publish.Options{})
	if err != nil {
		return err
	}
	ds := publish.Dataset(d)
	if err := exchange.WriteDataset(w, ds); err != nil {
		return fmt.Errorf("write the export: %w", err)
	}
	if err := commit(); err != nil {
		return err
	}
	res := &vigil.ExportResult{Clearance: vigil.Public, Written: ds.Counts()}
	csvw, _ := w.(*exchange.CSVWriter)
	reportExport(e, res, csvw, out)
	fmt.Fprintln(e.stderr, "vigil: a public export holds what the public site shows: internal fields (notes, rationales, relayed-from, grades) are left out")
	return nil
}

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"vigil"
	"vigil/exchange"
	"vigil/store"
)

// runImport imports a native JSON or CSV file in one transaction:
// vigil import [--format json|csv] [--dry-run] FILE
func runImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("import", e)
	var db dbFlags
	db.register(fs, e)
	formatFlag := fs.String("format", "", strings.Join(importFormats, ", ")+" (default: from the file name)")
	dryRun := fs.Bool("dry-run", false, "check everything, against the database too, and write nothing")
	skipInvalid := fs.Bool("skip-invalid-rows", false, "hxl, ucdp: leave out rows whose figures break low ≤ best ≤ high, and list them, instead of refusing the file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one file to import, or - for standard input")
	}
	path := pos[0]
	format, err := fileFormat(*formatFlag, path)
	if err != nil {
		return err
	}
	in, size, err := openInput(e, path)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = vigil.WithViewer(ctx, cliViewer())

	bar := newBar(e, size, "reading", true)
	hash := sha256.New()
	counted := &countingReader{r: io.TeeReader(in, hash), bar: bar}
	var (
		d       *vigil.Dataset
		skipped []exchange.Skipped
	)
	switch format {
	case "json":
		d, err = exchange.ReadJSON(counted)
	case "popolo":
		d, err = exchange.ReadPopolo(counted)
	case "csv", "hxl", "ucdp":
		var places []*vigil.Place
		if places, err = allPlaces(ctx, st); err != nil {
			break
		}
		switch format {
		case "csv":
			d, err = exchange.ReadCSV(counted, exchange.CSVOptions{Places: places})
		case "hxl":
			d, skipped, err = exchange.ReadHXL(counted, exchange.ImportOptions{Places: places, SkipInvalid: *skipInvalid})
		default:
			d, skipped, err = exchange.ReadUCDP(counted, exchange.ImportOptions{Places: places, SkipInvalid: *skipInvalid})
		}
	}
	if err == nil {
		_, err = io.Copy(io.Discard, counted) // hash every byte, even after the end of the document
	}
	if err != nil {
		bar.done()
		return listProblems(err)
	}
	res, err := st.Import(ctx, d, vigil.ImportOptions{DryRun: *dryRun, Format: format,
		InputSHA256: hex.EncodeToString(hash.Sum(nil)), InputBytes: counted.n, Progress: bar.stage})
	bar.done()
	if err != nil {
		return listProblems(err)
	}
	if err := printJSONIndent(e.stdout, res); err != nil {
		return err
	}
	for _, sk := range skipped {
		fmt.Fprintf(e.stderr, "vigil: skipped %s\n", sk.Reason)
	}
	verb := "imported"
	if res.DryRun {
		verb = "checked (dry run; nothing was written)"
	}
	fmt.Fprintf(e.stderr, "vigil: %s %s from %s into %s\n", verb, describeCounts(res), path, db.describeDB())
	if res.DryRun {
		return nil
	}
	n, err := st.IndexPending(ctx)
	if err != nil {
		return fmt.Errorf("the import is committed, but indexing it for search failed (run vigil search reindex): %w", err)
	}
	fmt.Fprintf(e.stderr, "vigil: indexed %d records for search\n", n)
	return nil
}

// importFormats are the formats vigil import reads.
var importFormats = []string{"json", "csv", "hxl", "ucdp", "popolo"}

// fileFormat is the --format flag, or the format the file name says
// (".hxl.csv", ".ged.csv", ".popolo.json", else the extension).
func fileFormat(flag, path string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(flag))
	if f == "" {
		base := strings.ToLower(filepath.Base(path))
		switch {
		case strings.HasSuffix(base, ".hxl.csv"):
			f = "hxl"
		case strings.HasSuffix(base, ".ged.csv"):
			f = "ucdp"
		case strings.HasSuffix(base, ".popolo.json"):
			f = "popolo"
		default:
			f = strings.TrimPrefix(filepath.Ext(base), ".")
		}
		if !slices.Contains(importFormats, f) {
			return "", usagef("say --format (%s): the format cannot be told from %q", strings.Join(importFormats, ", "), path)
		}
	}
	if !slices.Contains(importFormats, f) {
		return "", usagef("--format %q must be one of %s", flag, strings.Join(importFormats, ", "))
	}
	return f, nil
}

// openInput opens a file, or standard input for "-", and returns its
// size (-1 when unknown).
func openInput(e *env, path string) (io.ReadCloser, int64, error) {
	if path == "-" {
		return io.NopCloser(e.stdin), -1, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return f, size, nil
}

// allPlaces reads the whole gazetteer, for the CSV reader's place
// lookups.
func allPlaces(ctx context.Context, st *store.Store) ([]*vigil.Place, error) {
	var out []*vigil.Place
	for off := 0; ; off += vigil.MaxLimit {
		page, n, err := st.FindPlaces(ctx, vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		if err != nil {
			return nil, fmt.Errorf("read the gazetteer: %w", err)
		}
		out = append(out, page...)
		if len(out) >= n || len(page) == 0 {
			return out, nil
		}
	}
}

// describeCounts says what an import created, largest sections first.
func describeCounts(res *vigil.ImportResult) string {
	var parts []string
	for _, sec := range vigil.Sections {
		if c := res.Sections[sec]; c.Count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.Count, strings.ReplaceAll(sec, "_", " ")))
		}
	}
	if len(parts) == 0 {
		return "no records"
	}
	s := strings.Join(parts, ", ")
	if res.AuditSeq > 0 {
		s += fmt.Sprintf(" (audit entry %d)", res.AuditSeq)
	}
	return s
}

// problemList is an import's problems, one per line in the order of the
// file (row 2 before row 10).
type problemList struct{ text string }

func (p problemList) Error() string { return p.text }

// listProblems turns an EINVALID error with fields into one line per
// problem; other errors pass unchanged.
func listProblems(err error) error {
	var ve *vigil.Error
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		return err
	}
	keys := make([]string, 0, len(ve.Fields))
	for k := range ve.Fields {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return naturalLess(keys[i], keys[j]) })
	var b strings.Builder
	b.WriteString(ve.Message)
	for _, k := range keys {
		b.WriteString("\n  " + k + ": " + ve.Fields[k])
	}
	return problemList{b.String()}
}

// naturalLess orders strings with runs of digits compared as numbers:
// "row 9" before "row 10", "claims[2]" before "claims[10]".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, _ := strconv.ParseUint(a[:da], 10, 64)
			nb, _ := strconv.ParseUint(b[:db], 10, 64)
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// countingReader counts the bytes read and moves the progress bar.
type countingReader struct {
	r   io.Reader
	n   int64
	bar *bar
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	c.bar.set(c.n)
	return n, err
}

// bar is a progress bar on standard error when it is a terminal, and
// nothing otherwise. A nil *bar does nothing.
type bar struct {
	w     io.Writer
	pb    *progressbar.ProgressBar
	stg   string
	total int64
}

// newBar starts a bar of max units (-1: unknown) described by desc;
// bytes says the units are bytes.
func newBar(e *env, max int64, desc string, bytes bool) *bar {
	if !e.isTTY {
		return nil
	}
	b := &bar{w: e.stderr}
	b.restart(desc, max, bytes)
	return b
}

// restart replaces the bar with a new one for another stage.
func (b *bar) restart(desc string, max int64, bytes bool) {
	if b.pb != nil {
		_ = b.pb.Clear()
	}
	b.stg, b.total = desc, max
	b.pb = progressbar.NewOptions64(max, progressbar.OptionSetWriter(b.w), progressbar.OptionSetDescription(desc),
		progressbar.OptionShowBytes(bytes), progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30), progressbar.OptionSetRenderBlankState(true))
}

func (b *bar) set(n int64) {
	if b != nil {
		_ = b.pb.Set64(n)
	}
}

// stage follows an import's progress callbacks: a new stage restarts the
// bar, counting records.
func (b *bar) stage(p vigil.ImportProgress) {
	if b == nil {
		return
	}
	if p.Stage != b.stg || int64(p.Total) != b.total {
		b.restart(p.Stage, int64(p.Total), false)
	}
	_ = b.pb.Set64(int64(p.Done))
}

// done clears the bar from the terminal.
func (b *bar) done() {
	if b != nil {
		_ = b.pb.Clear()
	}
}

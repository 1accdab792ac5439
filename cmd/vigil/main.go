// Command vigil is the single binary of vigil: the web server and JSON API
// (serve) and the command-line tools for import/export, totals, figure and
// date parsing, tokens and audit verification.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"vigil"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch: its streams and the environment. Tests
// run commands with their own.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTTY reports whether stderr is a terminal, for progress bars.
	isTTY bool
}

func commands() []command {
	return []command{
		{"serve", "run the web server and JSON API", "vigil serve [--demo] [--addr ADDR] [--behind-tls] [--client-ip-header NAME] [--poll-every DURATION] [--allow-private] [--blobs DIR] [--data DIR | --db URL]", runServe},
		{"migrate", "create or upgrade the database schema", "vigil migrate [--data DIR | --db URL]", runMigrate},
		{"stats", "print an honest total (low/best/high) with its incidents", "vigil stats --event TYPE [--from DAY] [--to DAY] [--place ID] [--perpetrator ID] [--clearance LEVEL] [--data DIR | --db URL]", runStats},
		{"figure", "parse a reported figure (\"some 600\", \"200여 명\")", "vigil figure [--policy FILE] TEXT", runFigure},
		{"date", "resolve a date expression to EDTF", "vigil date [--ref DAY] TEXT", runDate},
		{"extract", "extract claims (counts of people) from text on stdin", "vigil extract [--lang ko|en|auto] [--published DATE] < TEXT", runExtract},
		{"extract-eval", "score claim extraction on a labelled JSONL file", "vigil extract-eval [--json] [-v] FILE.jsonl", runExtractEval},
		{"import", "import a file (native JSON or CSV, HXL, UCDP GED, Popolo), all or nothing", "vigil import [--format json|csv|hxl|ucdp|popolo] [--dry-run] [--skip-invalid-rows] [--data DIR | --db URL] FILE|-", runImport},
		{"export", "export what a clearance sees (native JSON or CSV, HXL, ACLED, UCDP GED, GeoJSON, Popolo)", "vigil export [--format json|csv|hxl|acled|ucdp|geojson|popolo] [--out FILE] [--clearance public|coalition|restricted] [--no-bom] [--data DIR | --db URL]", runExport},
		{"publish", "write the public site as static files", "vigil publish --out DIR [--data DIR | --db URL]", runPublish},
		{"feeds", "manage watched feeds and keyword rules; poll them once", "vigil feeds add URL [--title T] [--lang ko|en] | feeds list | feeds poll [--due] [--allow-private] | feeds rules [add TERM [--lang ko|en] | rm ID] [--data DIR | --db URL]", runFeeds},
		{"archive", "preserve a web page as evidence, or verify the blob store", "vigil archive URL [--source ID] [--sensitivity LEVEL] [--allow-private] [--blobs DIR] | archive verify [--blobs DIR] [--data DIR | --db URL]", runArchive},
		{"token", "create, list or revoke API tokens", "vigil token create --name NAME [--scope read|write] [--clearance LEVEL] [--expires 90d|YYYY-MM-DD] [--owner EMAIL] | token list | token revoke ID", runToken},
		{"search", "search records (ko/en/zh) or rebuild the search index", "vigil search [--kind K] [--clearance LEVEL] [--limit N] WORDS… | search reindex [--data DIR | --db URL]", runSearch},
		{"audit", "verify the hash chain of the audit log", "vigil audit verify [--data DIR | --db URL]", runAudit},
		{"user", "create, invite, list, disable or reset accounts for the web interface", userUsage, runUser},
		{"key", "rotate the data key, or show the keys and what is sealed under them", "vigil key rotate [--kek [--new-key-file FILE]] | key status [--json] [--data DIR | --db URL] [--key-file FILE]", runKey},
		{"help", "list commands or show a command's usage", "vigil help [COMMAND]", nil},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTTY: isTerminal(os.Stderr)}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run executes one command line and returns the exit status: 0 success,
// 1 failure, 2 usage error.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stdout)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		if len(args) > 1 {
			if c, ok := findCommand(args[1]); ok {
				fmt.Fprintf(e.stdout, "%s: %s\n\nusage: %s\n", c.name, c.summary, c.usage)
				return 0
			}
			fmt.Fprintf(e.stderr, "vigil: unknown command %q\n", args[1])
			return 2
		}
		printHelp(e.stdout)
		return 0
	}
	c, ok := findCommand(name)
	if !ok {
		fmt.Fprintf(e.stderr, "vigil: unknown command %q; run vigil help\n", name)
		return 2
	}
	err := c.run(ctx, e, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "vigil %s: %s\nusage: %s\n", c.name, ue.msg, c.usage)
		return 2
	default:
		fmt.Fprintf(e.stderr, "vigil %s: %s\n", c.name, strings.TrimPrefix(describe(err), c.name+": "))
		return 1
	}
}

// describe renders an error for the terminal, with every field reason.
func describe(err error) string {
	var ve *vigil.Error
	if errors.As(err, &ve) {
		return ve.Error()
	}
	return err.Error()
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c, true
		}
	}
	return command{}, false
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "vigil: evidence-grade records of forced repatriation, with honest totals.")
	fmt.Fprintln(w, "\nusage: vigil COMMAND [flags]\n\ncommands:")
	cs := commands()
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	width := 0
	for _, c := range cs {
		width = max(width, len(c.name))
	}
	for _, c := range cs {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun vigil help COMMAND for a command's flags.")
	fmt.Fprintln(w, "The database is SQLite in --data DIR (default ./data, or $VIGIL_DATA), or PostgreSQL with --db postgres://… (or $VIGIL_DB).")
}

// usageError is a mistake on the command line; run prints the usage.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...)}
}

// joinArgs joins positional arguments into one text, for commands like
// figure and date where quoting is easy to forget.
func joinArgs(args []string) string { return strings.TrimSpace(strings.Join(args, " ")) }

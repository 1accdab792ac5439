package exchange

import (
	"fmt"
	"strings"

	"vigil"
)

// maxProblems is how many problems a reader lists before it stops
// reading.
const maxProblems = 100

// problems collects what is wrong with an input, by where it is.
type problems struct {
	what   string // "CSV", "JSON"
	fields map[string]string
	n      int
}

func newProblems(what string) *problems {
	return &problems{what: what, fields: map[string]string{}}
}

// add records a problem at where, unless where already has one.
func (p *problems) add(where, format string, args ...any) {
	if _, dup := p.fields[where]; dup {
		return
	}
	p.n++
	if len(p.fields) < maxProblems {
		p.fields[where] = fmt.Sprintf(format, args...)
	}
}

// full reports whether enough problems were found to stop reading.
func (p *problems) full() bool { return p.n >= maxProblems }

// err returns nil or one EINVALID error listing the problems.
func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	msg := fmt.Sprintf("invalid %s: %d problems; nothing was imported", p.what, p.n)
	switch {
	case p.n == 1:
		msg = fmt.Sprintf("invalid %s: 1 problem; nothing was imported", p.what)
	case p.full():
		msg = fmt.Sprintf("invalid %s: stopped after %d problems; nothing was imported", p.what, p.n)
	}
	return &vigil.Error{Code: vigil.EINVALID, Message: msg, Fields: p.fields}
}

// formulaStart lists the first characters that make a spreadsheet read a
// cell as a formula (CSV injection), plus the apostrophe used to escape
// them, so that escaping can be undone exactly.
const formulaStart = "=+-@\t\r'"

// escapeCell prefixes a cell that a spreadsheet would run as a formula
// with an apostrophe.
func escapeCell(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell: it drops an apostrophe that precedes a
// formula character (or another apostrophe).
func unescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStart, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

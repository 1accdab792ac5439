package ui

import (
	"net/http"
	"strings"

	"vigil"
	"vigil/ui/form"
)

// cell is one table cell, already in the page's language.
type cell struct {
	Text, Href, Lang, Class string
}

// recordRow is a row of a records table.
type recordRow struct {
	ID    string // the HTML id, for anchors
	Cells []cell
}

// recordTable is a table of records with a heading and an empty state.
type recordTable struct {
	Heading string   // i18n key
	Columns []string // i18n keys
	Rows    []recordRow
	Empty   string // i18n key
	More    string // link to the full list
	Action  *link  // e.g. "add claim from this source"
}

// link is a labelled href.
type link struct{ Href, Label string }

// recordsPage is the data of records.html: a filtered, paginated list of
// sources, places or actors.
type recordsPage struct {
	Heading  string // i18n key
	Entity   string
	Q        string
	Kind     string
	Kinds    []form.Option
	Table    recordTable
	Pager    pager
	CanWrite bool
	New      string // i18n key of the "new" button
	Filtered bool
}

// fact is a labelled value of a record page.
type fact struct {
	Label, Value, Href, Lang string
}

// recordPage is the data of record.html: one source, place or actor, its
// fields and the records related to it.
type recordPage struct {
	Heading  string
	Entity   string
	ID       int64
	Kind     string // i18n key of the record's kind
	Meta     vigil.Meta
	Facts    []fact
	Related  []recordTable
	CanEdit  bool
	CanAudit bool
	Saved    int
	Note     string // i18n key of a notice (e.g. a redacted identity)
}

// listParams reads the q and kind filters and the page of a records list.
func listParams(r *http.Request) (q, kind string, page, offset int) {
	page, offset = readPage(r, pageSize)
	return strings.TrimSpace(r.URL.Query().Get("q")), r.URL.Query().Get("kind"), page, offset
}

// sensCell shows a sensitivity as a badge.
func (u *UI) sensCell(l string, s vigil.Sensitivity) cell {
	return cell{Text: u.msgs.T(l, "sens."+string(s)), Class: "sens sens-" + string(s)}
}

// kindOptions are select options from values with i18n key prefix.
func kindOptions[T ~string](prefix string, vs []T) []form.Option {
	out := []form.Option{{Value: "", Key: "opt.any"}}
	for _, v := range vs {
		out = append(out, form.Option{Value: string(v), Key: prefix + string(v)})
	}
	return out
}

// validKind returns kind when it is one of vs, else "" (an unknown kind
// filters nothing rather than everything).
func validKind[T ~string](kind string, vs []T) T {
	for _, v := range vs {
		if string(v) == kind {
			return v
		}
	}
	return ""
}

// incidentTable lists incidents briefly: date, title, event, figure.
func (u *UI) incidentTable(l, heading string, incs []*vigil.Incident, more string) recordTable {
	t := recordTable{Heading: heading, Columns: []string{"col.date", "col.title", "col.event", "col.figure"}, Empty: "empty.related_incidents", More: more}
	for _, i := range incs {
		t.Rows = append(t.Rows, recordRow{Cells: []cell{
			{Text: dateText(l, i.Date)},
			{Text: i.Title.In(l), Href: incidentPath(i.ID)},
			{Text: u.msgs.T(l, "ev."+string(i.Event))},
			{Text: intervalText(l, i), Class: "num"},
		}})
	}
	return t
}

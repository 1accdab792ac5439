package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"vigil"
	"vigil/search"
)

// The search index (docs/search.md): search_docs holds one document per
// distinct view of a record, with the clearance ranks that see that view;
// SQLite indexes the segmented tokens in the FTS5 table search_fts (rowid
// = search_docs.id), PostgreSQL in search_docs.tsv with a GIN index.
//
// Every create, update and delete of a searchable record re-indexes it in
// the same transaction (create, change and remove in table.go call index
// and unindex). An import queues the id ranges it wrote (queueIndex) and
// IndexPending indexes them afterwards. Other code that writes records
// another way calls indexRecord (or index for a table) in its
// transaction, or runs Reindex afterwards.

// searchable wires the searchable tables to the index: their kind and the
// text of a record as a viewer sees it.
func init() {
	incidents.kind, incidents.text = vigil.KindIncident, incidentText
	claims.kind, claims.text = vigil.KindClaim, claimText
	sources.kind, sources.text = vigil.KindSource, sourceText
	actors.kind, actors.text = vigil.KindActor, actorText
	places.kind, places.text = vigil.KindPlace, placeText
}

// incidentText leaves out everything derived from claims (the date, the
// figure): re-derivation does not re-index, so only what the incident's
// own writes change is indexed.
func incidentText(i *vigil.Incident) (vigil.Names, string) {
	return i.Title, joinText(i.Summary.Ko, i.Summary.En, i.Summary.Zh, i.VictimGroup, string(i.Event))
}

func claimText(c *vigil.Claim) (vigil.Names, string) {
	t := strings.TrimSpace(strings.Join(nonEmpty(c.Figure.Text, string(c.Event), c.Date), " · "))
	return vigil.Names{En: t}, joinText(c.Quote, c.PlaceText, c.Notes)
}

func sourceText(s *vigil.Source) (vigil.Names, string) {
	return s.Title, joinText(s.Publisher, s.RelayedFrom, s.Published, s.URL, s.Notes)
}

// actorText is the actor as projected for the viewer: a protected
// person's pseudonym below restricted clearance (see projectActor). At
// restricted clearance the identity is sealed and blanked (views), so the
// pseudonym is the title there too.
func actorText(a *vigil.Actor) (vigil.Names, string) {
	if a.Protected && a.Name.IsZero() {
		a.Name = a.Pseudonym
	}
	parts := []string{a.Classification}
	for _, o := range a.OtherNames {
		parts = append(parts, o.Name)
	}
	if !a.Redacted {
		parts = append(parts, a.Pseudonym.Ko, a.Pseudonym.En, a.Pseudonym.Zh)
	}
	parts = append(parts, a.Notes)
	return a.Name, joinText(parts...)
}

func placeText(p *vigil.Place) (vigil.Names, string) {
	return p.Names, joinText(append([]string{string(p.Kind)}, p.Variants...)...)
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// joinText joins the non-empty parts, one per line.
func joinText(parts ...string) string { return strings.Join(nonEmpty(parts...), "\n") }

// searchDoc is one view of a record for the index.
type searchDoc struct {
	kind             vigil.SearchKind
	id               int64
	minRank, maxRank int
	title            vigil.Names
	body             string
}

// views projects rec for every clearance rank that may see it and keeps
// one document per distinct text. A rank's text is exactly what the
// store shows a viewer of that clearance (the table's project function),
// so the index cannot find what a read would hide.
//
// A sealed field is never indexed, at any rank (docs/privacy.md): the
// index lives in the same database, and its tokens and snippet text would
// put a protected name or a restricted record's words back on disk in
// the clear. So the sealed fields of a sealed record are blanked before
// any view is made: a protected person is found by pseudonym only, even
// by restricted readers, and a restricted record by its clear fields.
func views[T any](tb *table[T], rec *T) []searchDoc {
	m := tb.meta(rec)
	var out []searchDoc
	for r := m.Sensitivity.Rank(); r >= 0 && r <= rankAll; r++ {
		cp := *rec
		if tb.seal != nil && tb.seal.when(&cp) {
			tb.seal.blank(&cp)
		}
		tb.projectFor(&cp, vigil.Viewer{Role: vigil.RoleViewer, Clearance: vigil.SensitivityOfRank(r)})
		title, body := tb.text(&cp)
		if n := len(out); n > 0 && out[n-1].title == title && out[n-1].body == body {
			out[n-1].maxRank = r
			continue
		}
		out = append(out, searchDoc{kind: tb.kind, id: m.ID, minRank: r, maxRank: r, title: title, body: body})
	}
	return out
}

// index replaces the documents of rec in the index; tables without text
// are not searchable.
func index[T any](ctx context.Context, t *txn, tb *table[T], rec *T) error {
	if tb.text == nil {
		return nil
	}
	id := tb.meta(rec).ID
	if err := unindex(ctx, t, tb.kind, id); err != nil {
		return err
	}
	for _, d := range views(tb, rec) {
		if err := t.insertDoc(ctx, d); err != nil {
			return fmt.Errorf("store: index %s %d: %w", tb.kind, id, err)
		}
	}
	return nil
}

// indexRecord indexes a record of any searchable type; it is what a bulk
// writer (an import) calls in its transaction after inserting rows.
func indexRecord(ctx context.Context, t *txn, rec any) error {
	switch r := rec.(type) {
	case *vigil.Incident:
		return index(ctx, t, incidents, r)
	case *vigil.Claim:
		return index(ctx, t, claims, r)
	case *vigil.Source:
		return index(ctx, t, sources, r)
	case *vigil.Actor:
		return index(ctx, t, actors, r)
	case *vigil.Place:
		return index(ctx, t, places, r)
	}
	return nil
}

// unindex removes the documents of record id of kind.
func unindex(ctx context.Context, t *txn, kind vigil.SearchKind, id int64) error {
	if kind == "" {
		return nil
	}
	if t.s.dialect == SQLite {
		if _, err := t.exec(ctx, "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE kind = ? AND record_id = ?)", string(kind), id); err != nil {
			return fmt.Errorf("store: unindex %s %d: %w", kind, id, err)
		}
	}
	if _, err := t.exec(ctx, "DELETE FROM search_docs WHERE kind = ? AND record_id = ?", string(kind), id); err != nil {
		return fmt.Errorf("store: unindex %s %d: %w", kind, id, err)
	}
	return nil
}

// insertDoc writes one document and its tokens.
func (t *txn) insertDoc(ctx context.Context, d searchDoc) error {
	title := search.Tokens(joinText(d.title.Ko, d.title.En, d.title.Zh))
	body := search.Tokens(d.body)
	if t.s.dialect == Postgres {
		_, err := t.exec(ctx, `INSERT INTO search_docs (kind, record_id, min_rank, max_rank, title_ko, title_en, title_zh, body, tsv)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector)`,
			string(d.kind), d.id, d.minRank, d.maxRank, d.title.Ko, d.title.En, d.title.Zh, d.body, tsvectorLiteral(title, body))
		return err
	}
	var docID int64
	if err := t.queryRow(ctx, `INSERT INTO search_docs (kind, record_id, min_rank, max_rank, title_ko, title_en, title_zh, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(d.kind), d.id, d.minRank, d.maxRank, d.title.Ko, d.title.En, d.title.Zh, d.body).Scan(&docID); err != nil {
		return err
	}
	_, err := t.exec(ctx, "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)", docID, strings.Join(title, " "), strings.Join(body, " "))
	return err
}

// tsvectorLiteral writes tokens as a tsvector with positions, title
// tokens weighted A and body tokens D (the default), so ts_rank prefers
// title matches and phrases (<->) can use the positions. Positions past
// 16383 share the last one, as PostgreSQL would; a lexeme keeps at most
// 256 positions.
func tsvectorLiteral(title, body []string) string {
	type entry struct{ pos []string }
	lex := map[string]*entry{}
	var order []string
	add := func(tok string, pos int, weight string) {
		e := lex[tok]
		if e == nil {
			e = &entry{}
			lex[tok] = e
			order = append(order, tok)
		}
		if len(e.pos) < 256 {
			e.pos = append(e.pos, strconv.Itoa(min(pos, 16383))+weight)
		}
	}
	pos := 0
	for _, tok := range title {
		pos++
		add(tok, pos, "A")
	}
	for _, tok := range body {
		pos++
		add(tok, pos, "")
	}
	var b strings.Builder
	for i, tok := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(tok))
		b.WriteByte(':')
		b.WriteString(strings.Join(lex[tok].pos, ","))
	}
	return b.String()
}

// quoteLexeme quotes a token for tsvector and tsquery input.
func quoteLexeme(tok string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(tok) + "'"
}

// ftsMatch writes terms as an FTS5 query: every term must match; a
// phrase is quoted tokens, a one-character CJK term a prefix.
func ftsMatch(terms []search.Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		p := `"` + strings.ReplaceAll(strings.Join(t.Tokens, " "), `"`, `""`) + `"`
		if t.Prefix {
			p += "*"
		}
		parts[i] = p
	}
	return strings.Join(parts, " AND ")
}

// tsQuery writes terms as a tsquery: & between terms, <-> inside a
// phrase, :* for a prefix.
func tsQuery(terms []search.Term) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		toks := make([]string, len(t.Tokens))
		for j, tok := range t.Tokens {
			toks[j] = quoteLexeme(tok)
			if t.Prefix {
				toks[j] += ":*"
			}
		}
		parts[i] = "(" + strings.Join(toks, " <-> ") + ")"
	}
	return strings.Join(parts, " & ")
}

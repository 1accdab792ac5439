package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"vigil"
	"vigil/search"
)

// snippetWidth is the length of a snippet in characters.
const snippetWidth = 160

// Search finds the records the viewer may see whose text matches every
// word of q.Text, best first (package search segments the text;
// docs/search.md).
//
// Only documents whose clearance range holds the viewer's rank take
// part, filtered in SQL, so hits, the total and snippets never come from
// a record, or a view of one, the viewer may not read. The index finds
// up to vigil.SearchCap matching documents (the newest on SQLite, the
// first the GIN bitmap yields on PostgreSQL; every match when there are
// fewer); search.Scores ranks them in Go, titles above the rest, the
// same way on both engines; the total counts up to SearchCap and says
// when there are more.
func (s *Store) Search(ctx context.Context, q vigil.SearchQuery) (*vigil.SearchResults, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	terms := search.Query(q.Text)
	if len(terms) == 0 {
		return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid search",
			Fields: map[string]string{"q": "has no word to search for (letters or digits)"}}
	}
	type cand struct {
		hit  vigil.SearchHit
		doc  int64
		body string
	}
	var cands []cand
	err := s.read(ctx, func(t *txn) error {
		if err := s.searchSettings(ctx, t); err != nil {
			return err
		}
		query, args := s.searchSQL(terms, q, t.clearance())
		rows, err := t.query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c cand
			if err := rows.Scan(&c.doc, &c.hit.Kind, &c.hit.ID, &c.hit.Title.Ko, &c.hit.Title.En, &c.hit.Title.Zh, &c.body); err != nil {
				return fmt.Errorf("store: search: %w", err)
			}
			cands = append(cands, c)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		if t.clearance() < rankAll {
			return nil
		}
		// Restricted readers also search the sealed records, opened; a
		// sealed record's index document (its clear fields only) gives
		// way to the whole record.
		sealed, err := searchSealed(ctx, t, terms, q.Kinds)
		if err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		if len(sealed) == 0 {
			return nil
		}
		found := map[vigil.SearchKind]map[int64]bool{}
		for _, sc := range sealed {
			if found[sc.hit.Kind] == nil {
				found[sc.hit.Kind] = map[int64]bool{}
			}
			found[sc.hit.Kind][sc.hit.ID] = true
		}
		// They go first, so that the cap on candidates cuts index
		// documents, not them.
		kept := make([]cand, 0, len(sealed)+len(cands))
		for _, sc := range sealed {
			kept = append(kept, cand{hit: sc.hit, body: sc.body})
		}
		for _, c := range cands {
			if !found[c.hit.Kind][c.hit.ID] {
				kept = append(kept, c)
			}
		}
		cands = kept
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := &vigil.SearchResults{Hits: []vigil.SearchHit{}, Total: len(cands), Limit: q.Page.Limit, Offset: q.Page.Offset}
	if len(cands) > vigil.SearchCap {
		cands, res.Total, res.TotalCapped = cands[:vigil.SearchCap], vigil.SearchCap, true
	}
	docs := make([]search.Doc, len(cands))
	for i, c := range cands {
		docs[i] = search.Doc{Title: joinText(c.hit.Title.Ko, c.hit.Title.En, c.hit.Title.Zh), Body: c.body}
	}
	for i, sc := range search.Scores(docs, terms) {
		cands[i].hit.Score = sc
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].hit.Score != cands[j].hit.Score {
			return cands[i].hit.Score > cands[j].hit.Score
		}
		return cands[i].doc > cands[j].doc // newest first among equals
	})
	for _, c := range cands[min(len(cands), q.Page.Offset):min(len(cands), q.Page.Offset+q.Page.Limit)] {
		c.hit.Snippet = snippet(c.hit.Title, c.body, terms)
		res.Hits = append(res.Hits, c.hit)
	}
	return res, nil
}

// searchSettings tunes a PostgreSQL search transaction, in one round
// trip: a custom plan for each search (a cached generic plan chosen for
// one token can be slow for another), and enough work_mem for the GIN
// bitmap of a common word to stay exact (at 4MB a bitmap of 250,000
// matches goes lossy, and every row of every lossy page is rechecked).
func (s *Store) searchSettings(ctx context.Context, t *txn) error {
	if s.dialect != Postgres {
		return nil
	}
	if _, err := t.exec(ctx, "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), set_config('work_mem', '32MB', true)"); err != nil {
		return fmt.Errorf("store: search settings: %w", err)
	}
	return nil
}

// snippet marks the matches in the body, or in the title when the body
// has none.
func snippet(title vigil.Names, body string, terms []search.Term) []vigil.Segment {
	text := body
	if !search.HasMatch(body, terms) {
		if t := joinText(title.Ko, title.En, title.Zh); search.HasMatch(t, terms) || body == "" {
			text = t
		}
	}
	segs := search.Snippet(text, terms, snippetWidth)
	out := make([]vigil.Segment, len(segs))
	for i, sg := range segs {
		out[i] = vigil.Segment{Text: sg.Text, Mark: sg.Match}
	}
	return out
}

// searchSQL reads up to SearchCap+1 documents visible at rank clr that
// match the terms: on SQLite the newest, on PostgreSQL the first the
// index yields. The index drives it on both engines: FTS5 MATCH on
// SQLite, a GIN bitmap scan on tsv @@ on PostgreSQL; each candidate's
// clearance range is checked on its row.
func (s *Store) searchSQL(terms []search.Term, q vigil.SearchQuery, clr int) (string, []any) {
	var (
		b    strings.Builder
		args []any
	)
	if s.dialect == Postgres {
		b.WriteString(`SELECT d.id, d.kind, d.record_id, d.title_ko, d.title_en, d.title_zh, d.body FROM search_docs d
			WHERE d.tsv @@ ?::tsquery AND d.min_rank <= ? AND d.max_rank >= ?`)
		args = append(args, tsQuery(terms), clr, clr)
	} else {
		b.WriteString(`SELECT d.id, d.kind, d.record_id, d.title_ko, d.title_en, d.title_zh, d.body
			FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH ? AND d.min_rank <= ? AND d.max_rank >= ?`)
		args = append(args, ftsMatch(terms), clr, clr)
	}
	if len(q.Kinds) > 0 {
		b.WriteString(" AND d.kind IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(q.Kinds)), ", ") + ")")
		for _, k := range q.Kinds {
			args = append(args, string(k))
		}
	}
	if s.dialect == SQLite {
		// FTS5 yields rowids in order: the newest matches come first and
		// the limit ends the scan.
		b.WriteString(" ORDER BY search_fts.rowid DESC")
	}
	// PostgreSQL has no cheap order: GIN returns a bitmap, and ordering by
	// id would read every match before the limit (seconds for a common
	// word at 1M documents), or scan the table backwards past every
	// non-match for a rare one. Unordered, the bitmap heap scan stops
	// after SearchCap+1 matches. Below the cap both engines read every
	// match; above it they rank different subsets (docs/search.md).
	b.WriteString(fmt.Sprintf(" LIMIT %d", vigil.SearchCap+1))
	return b.String(), args
}

// Reindex rebuilds the whole search index from the records, in one
// transaction, and returns the number of records indexed. It needs the
// admin role. Use it after restoring or bulk-loading data written around
// the store.
func (s *Store) Reindex(ctx context.Context) (int, error) {
	if err := isAdmin(vigil.ViewerFrom(ctx), "rebuild the search index"); err != nil {
		return 0, err
	}
	n := 0
	err := s.write(ctx, func(t *txn) error {
		if s.dialect == SQLite {
			if _, err := t.exec(ctx, "INSERT INTO search_fts (search_fts) VALUES ('delete-all')"); err != nil {
				return fmt.Errorf("store: reindex: %w", err)
			}
		}
		for _, q := range []string{"DELETE FROM search_docs", "DELETE FROM search_pending"} {
			if _, err := t.exec(ctx, q); err != nil {
				return fmt.Errorf("store: reindex: %w", err)
			}
		}
		for _, fn := range []func() (int, error){
			func() (int, error) { return reindexTable(ctx, t, incidents) },
			func() (int, error) { return reindexTable(ctx, t, claims) },
			func() (int, error) { return reindexTable(ctx, t, sources) },
			func() (int, error) { return reindexTable(ctx, t, actors) },
			func() (int, error) { return reindexTable(ctx, t, places) },
		} {
			k, err := fn()
			n += k
			if err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// reindexTable indexes every record of a table, a batch at a time (a
// PostgreSQL connection cannot write while it still reads rows).
func reindexTable[T any](ctx context.Context, t *txn, tb *table[T]) (int, error) {
	const batch = 500
	n := 0
	var after int64
	for {
		// Sealed fields are never indexed: read without opening them.
		recs, err := queryRecords(ctx, t, tb, false, "SELECT "+tb.selectCols()+" FROM "+tb.name+" t WHERE t.id > ? ORDER BY t.id LIMIT ?", after, batch)
		if err != nil {
			return n, fmt.Errorf("store: reindex %s: %w", tb.name, err)
		}
		for _, rec := range recs {
			if err := index(ctx, t, tb, rec); err != nil {
				return n, err
			}
			after = tb.meta(rec).ID
			n++
		}
		if len(recs) < batch {
			return n, nil
		}
	}
}

// ExplainSearch returns the engine's query plan for q as the viewer in
// ctx would run it, one line per plan row: a diagnostic (and what the
// tests use to check that search runs on the index, not a table scan).
func (s *Store) ExplainSearch(ctx context.Context, q vigil.SearchQuery) (string, error) {
	if err := q.Validate(); err != nil {
		return "", err
	}
	terms := search.Query(q.Text)
	if len(terms) == 0 {
		return "", vigil.Errorf(vigil.EINVALID, "q: has no word to search for")
	}
	var lines []string
	err := s.read(ctx, func(t *txn) error {
		query, args := s.searchSQL(terms, q, t.clearance())
		prefix := "EXPLAIN QUERY PLAN "
		if s.dialect == Postgres {
			prefix = "EXPLAIN "
		}
		rows, err := t.query(ctx, prefix+query, args...)
		if err != nil {
			return fmt.Errorf("store: explain search: %w", err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			if err := rows.Scan(vals...); err != nil {
				return fmt.Errorf("store: explain search: %w", err)
			}
			// The plan text is the last column on both engines.
			lines = append(lines, fmt.Sprint(*(vals[len(vals)-1].(*any))))
		}
		return rows.Err()
	})
	return strings.Join(lines, "\n"), err
}

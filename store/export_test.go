package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"vigil/search"
)

// Exported for the driver-error tests in package store_test.
var (
	MapWriteErr  = mapWriteErr
	MapDeleteErr = mapDeleteErr
)

// BenchDoc is one search document for the search benchmark.
type BenchDoc struct {
	Kind             string
	MinRank, MaxRank int
	TitleKo, TitleEn string
	Body             string
}

// LoadSearchDocs writes n documents (ids 1..n) straight into the search
// index through the same segmentation and encodings as insertDoc, in
// large transactions, to build a benchmark corpus quickly. On PostgreSQL
// it builds the GIN index after loading, as a bulk import would.
func LoadSearchDocs(ctx context.Context, s *Store, n int, gen func(i int) BenchDoc) error {
	const chunk = 20000
	if s.dialect == Postgres {
		if _, err := s.db.ExecContext(ctx, "DROP INDEX IF EXISTS search_docs_tsv"); err != nil {
			return err
		}
	}
	for lo := 1; lo <= n; lo += chunk {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := loadChunk(ctx, s, tx, lo, min(n, lo+chunk-1), gen); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	if s.dialect == Postgres {
		for _, q := range []string{
			"SET maintenance_work_mem = '1GB'",
			"CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
			"VACUUM ANALYZE search_docs",
		} {
			if _, err := s.db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		return nil
	}
	_, err := s.db.ExecContext(ctx, "ANALYZE")
	return err
}

func loadChunk(ctx context.Context, s *Store, tx *sql.Tx, lo, hi int, gen func(i int) BenchDoc) error {
	if s.dialect == Postgres {
		const rows = 500
		for b := lo; b <= hi; b += rows {
			var (
				sb   strings.Builder
				args []any
			)
			sb.WriteString("INSERT INTO search_docs (id, kind, record_id, min_rank, max_rank, title_ko, title_en, body, tsv) VALUES ")
			for i := b; i <= min(hi, b+rows-1); i++ {
				d := gen(i)
				if i > b {
					sb.WriteString(", ")
				}
				k := len(args)
				fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d::tsvector)", k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8, k+9)
				title := search.Tokens(joinText(d.TitleKo, d.TitleEn))
				args = append(args, i, d.Kind, i, d.MinRank, d.MaxRank, d.TitleKo, d.TitleEn, d.Body, tsvectorLiteral(title, search.Tokens(d.Body)))
			}
			if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
		}
		return nil
	}
	docs, err := tx.PrepareContext(ctx, "INSERT INTO search_docs (id, kind, record_id, min_rank, max_rank, title_ko, title_en, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer docs.Close()
	fts, err := tx.PrepareContext(ctx, "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)")
	if err != nil {
		return err
	}
	defer fts.Close()
	for i := lo; i <= hi; i++ {
		d := gen(i)
		if _, err := docs.ExecContext(ctx, i, d.Kind, i, d.MinRank, d.MaxRank, d.TitleKo, d.TitleEn, d.Body); err != nil {
			return err
		}
		title := search.Tokens(joinText(d.TitleKo, d.TitleEn))
		if _, err := fts.ExecContext(ctx, i, strings.Join(title, " "), strings.Join(search.Tokens(d.Body), " ")); err != nil {
			return err
		}
	}
	return nil
}

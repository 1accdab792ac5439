package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vigil"
	"vigil/internal/gen"
	"vigil/store"
)

// MustSearch runs a search and fails the test on error.
func MustSearch(tb testing.TB, s *store.Store, ctx context.Context, text string, kinds ...vigil.SearchKind) *vigil.SearchResults {
	tb.Helper()
	res, err := s.Search(ctx, vigil.SearchQuery{Text: text, Kinds: kinds})
	MustOK(tb, err, "search "+text)
	return res
}

// hitIndex returns the position of (kind, id) in the hits, or -1.
func hitIndex(res *vigil.SearchResults, kind vigil.SearchKind, id int64) int {
	for i, h := range res.Hits {
		if h.Kind == kind && h.ID == id {
			return i
		}
	}
	return -1
}

// MustFind fails unless the search finds (kind, id); it returns the hit.
func MustFind(tb testing.TB, s *store.Store, ctx context.Context, text string, kind vigil.SearchKind, id int64) vigil.SearchHit {
	tb.Helper()
	res := MustSearch(tb, s, ctx, text)
	i := hitIndex(res, kind, id)
	if i < 0 {
		tb.Fatalf("search %q did not find %s %d; hits: %s", text, kind, id, describeHits(res))
	}
	return res.Hits[i]
}

// MustNotFind fails if the search finds (kind, id).
func MustNotFind(tb testing.TB, s *store.Store, ctx context.Context, text string, kind vigil.SearchKind, id int64) {
	tb.Helper()
	res := MustSearch(tb, s, ctx, text)
	if hitIndex(res, kind, id) >= 0 {
		tb.Fatalf("search %q found %s %d; hits: %s", text, kind, id, describeHits(res))
	}
}

func describeHits(res *vigil.SearchResults) string {
	var parts []string
	for _, h := range res.Hits {
		parts = append(parts, fmt.Sprintf("%s %d %q %.4g", h.Kind, h.ID, h.Title.In("en"), h.Score))
	}
	return fmt.Sprintf("total %d [%s]", res.Total, strings.Join(parts, "; "))
}

// marked returns the marked parts of a snippet, and its whole text.
func marked(segs []vigil.Segment) (marks []string, text string) {
	var b strings.Builder
	for _, s := range segs {
		if s.Mark {
			marks = append(marks, s.Text)
		}
		b.WriteString(s.Text)
	}
	return marks, b.String()
}

func testSearch(t *testing.T, open Opener) {
	s := open(t)
	w := Seed(t, s)
	anon, admin := As(Anonymous), As(Admin)

	talbuk := NewIncident("난닝 체포 사건", vigil.EventArrest, w.Nanning)
	talbuk.Summary.Ko = "지난달 탈북민들이 난닝에서 체포되었다"
	MustCreate(t, s.CreateIncident, talbuk)
	jilin := MustCreate(t, s.CreatePlace, &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.PlaceProvince,
		Names: vigil.Names{En: "Jilin Province", Ko: "지린성", Zh: "吉林省"}, Variants: []string{"Kirin"}})

	t.Run("two syllables find compounds and inflections", func(t *testing.T) {
		h := MustFind(t, s, anon, "북송", vigil.KindIncident, w.Oct9.ID)
		marks, _ := marked(h.Snippet)
		if len(marks) == 0 || marks[0] != "북송" {
			t.Errorf("snippet %+v does not mark 북송", h.Snippet)
		}
		h = MustFind(t, s, anon, "탈북", vigil.KindIncident, talbuk.ID)
		marks, text := marked(h.Snippet)
		if len(marks) != 1 || marks[0] != "탈북" || !strings.Contains(text, "탈북민들이") {
			t.Errorf("snippet %q marks %q, want 탈북 inside 탈북민들이", text, marks)
		}
		MustNotFind(t, s, anon, "탈북", vigil.KindIncident, w.Oct9.ID)
	})
	t.Run("english stems", func(t *testing.T) {
		h := MustFind(t, s, anon, "repatriated", vigil.KindSource, w.Release.ID)
		if marks, _ := marked(h.Snippet); len(marks) != 1 || marks[0] != "repatriation" {
			t.Errorf("snippet %+v, want repatriation marked", h.Snippet)
		}
	})
	t.Run("hanja and chinese place names", func(t *testing.T) {
		MustFind(t, s, anon, "吉林省", vigil.KindPlace, jilin.ID)
		MustFind(t, s, anon, "吉林", vigil.KindPlace, jilin.ID)
		MustFind(t, s, anon, "kirin", vigil.KindPlace, jilin.ID)
		MustNotFind(t, s, anon, "吉省", vigil.KindPlace, jilin.ID)
	})
	t.Run("all words must match", func(t *testing.T) {
		MustFind(t, s, anon, "탈북 난닝", vigil.KindIncident, talbuk.ID)
		MustNotFind(t, s, anon, "탈북 바이산", vigil.KindIncident, talbuk.ID)
	})
	t.Run("kind filter", func(t *testing.T) {
		res := MustSearch(t, s, anon, "북송", vigil.KindClaim)
		if len(res.Hits) == 0 {
			t.Fatal("no claim hits for 북송")
		}
		for _, h := range res.Hits {
			if h.Kind != vigil.KindClaim {
				t.Errorf("kind filter claim returned a %s", h.Kind)
			}
		}
	})
	t.Run("bad queries", func(t *testing.T) {
		for name, q := range map[string]vigil.SearchQuery{
			"empty":       {Text: "  "},
			"no word":     {Text: "!!! …"},
			"bad kind":    {Text: "북송", Kinds: []vigil.SearchKind{"letter"}},
			"sort":        {Text: "북송", Page: vigil.Page{Sort: "id"}},
			"offset past": {Text: "북송", Page: vigil.Page{Offset: vigil.SearchCap}},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := s.Search(anon, q)
				MustCode(t, err, vigil.EINVALID, name)
			})
		}
	})
	t.Run("paging and totals", func(t *testing.T) {
		all := MustSearch(t, s, anon, "북송")
		res, err := s.Search(anon, vigil.SearchQuery{Text: "북송", Page: vigil.Page{Limit: 1, Offset: 1}})
		MustOK(t, err, "page 2")
		if len(res.Hits) != 1 || res.Total != all.Total || res.Hits[0].Kind != all.Hits[1].Kind || res.Hits[0].ID != all.Hits[1].ID {
			t.Errorf("page 2 of 1 = %s, want the second of %s", describeHits(res), describeHits(all))
		}
		res, err = s.Search(anon, vigil.SearchQuery{Text: "북송", Page: vigil.Page{Limit: 5, Offset: 900}})
		MustOK(t, err, "page past the end")
		if len(res.Hits) != 0 || res.Total != all.Total || res.TotalCapped {
			t.Errorf("past the end: %s, want no hits and total %d", describeHits(res), all.Total)
		}
	})
	t.Run("ranking", func(t *testing.T) { testSearchRanking(t, s) })
	t.Run("clearance", func(t *testing.T) { testSearchClearance(t, open) })
	t.Run("index follows writes", func(t *testing.T) { testSearchWrites(t, open) })
	t.Run("reindex", func(t *testing.T) {
		Exec(t, s, "DELETE FROM search_docs")
		if s.Dialect() == store.SQLite {
			Exec(t, s, "INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
		}
		if res := MustSearch(t, s, anon, "북송"); res.Total != 0 {
			t.Fatalf("emptied index still finds %d", res.Total)
		}
		_, err := s.Reindex(As(Editor))
		MustCode(t, err, vigil.EFORBIDDEN, "reindex as editor")
		n, err := s.Reindex(admin)
		MustOK(t, err, "reindex")
		if n < 20 {
			t.Errorf("reindexed %d records, want every incident, claim, source, actor and place", n)
		}
		MustFind(t, s, anon, "북송", vigil.KindIncident, w.Oct9.ID)
		MustFind(t, s, anon, "吉林", vigil.KindPlace, jilin.ID)
	})
	t.Run("plan uses the index", func(t *testing.T) { testSearchPlan(t, open) })
	t.Run("import", func(t *testing.T) { testSearchImport(t, open) })
}

// testSearchRanking: a title match ranks above a match deep in a quote,
// in Korean and in English.
func testSearchRanking(t *testing.T, s *store.Store) {
	anon := As(Anonymous)
	src := MustCreate(t, s.CreateSource, NewSource("Ranking Daily", "", "B", "2024-05-01"))
	filler := strings.Repeat("관련 없는 긴 문장이 여기에 이어진다. Unrelated words follow here at length. ", 20)
	for _, c := range []struct{ word, title string }{
		{"투먼", "투먼 세관 구금 사건"},
		{"Tumen", "Tumen customs detention"},
	} {
		t.Run(c.word, func(t *testing.T) {
			deep := NewClaim(src, nil, "about 10", vigil.EventDetention, "2024-04")
			deep.Quote = filler + " 그리고 " + c.word + " " + filler
			MustCreate(t, s.CreateClaim, deep)
			titled := NewIncident(c.title, vigil.EventDetention, nil)
			titled.Title.En = c.title
			MustCreate(t, s.CreateIncident, titled)
			res := MustSearch(t, s, anon, c.word)
			ti, di := hitIndex(res, vigil.KindIncident, titled.ID), hitIndex(res, vigil.KindClaim, deep.ID)
			if ti < 0 || di < 0 || ti > di {
				t.Fatalf("title match at %d, deep quote match at %d: %s", ti, di, describeHits(res))
			}
			if res.Hits[ti].Score <= res.Hits[di].Score {
				t.Errorf("scores %g (title) <= %g (quote)", res.Hits[ti].Score, res.Hits[di].Score)
			}
			marks, text := marked(res.Hits[di].Snippet)
			if len(marks) != 1 || !strings.EqualFold(marks[0], c.word) || !strings.HasPrefix(text, "…") {
				t.Errorf("deep snippet %q marks %q: want the window around %s", text, marks, c.word)
			}
		})
	}
}

func testSearchClearance(t *testing.T, open Opener) {
	s := open(t)
	anon, member, staff := As(Anonymous), As(Member), As(Staff)
	src := MustCreate(t, s.CreateSource, NewSource("Clearance Weekly", "", "B", "2024-05-01"))

	secret := NewIncident("비밀작전 구출", vigil.EventRelease, nil)
	secret.Sensitivity = vigil.Restricted
	MustCreate(t, s.CreateIncident, secret)
	coal := NewSource("Coalition Memo", "", "C", "2024-05-02")
	coal.Sensitivity, coal.Title = vigil.Coalition, vigil.Names{En: "Quarterly safehouse memo", Ko: "안가 보고"}
	MustCreate(t, s.CreateSource, coal)
	noted := NewClaim(src, nil, "about 5", vigil.EventArrest, "2024-04")
	noted.Notes = "Informant callsign nightjar confirmed"
	MustCreate(t, s.CreateClaim, noted)
	person := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson,
		Classification: "affected", Name: vigil.Names{En: "Gyuri Kim", Ko: "김규리"}, Protected: true,
		OtherNames: []vigil.OtherName{{Name: "Kim Gyu-ri"}}, Pseudonym: vigil.Names{En: "Affected individual A", Ko: "피해 당사자 A"}})

	t.Run("restricted and coalition records", func(t *testing.T) {
		for _, q := range []string{"비밀작전", "safehouse", "안가"} {
			if res := MustSearch(t, s, anon, q); len(res.Hits) != 0 || res.Total != 0 {
				t.Errorf("anonymous search %q: %s", q, describeHits(res))
			}
		}
		if res := MustSearch(t, s, member, "비밀작전"); res.Total != 0 {
			t.Errorf("coalition member finds a restricted incident: %s", describeHits(res))
		}
		MustFind(t, s, member, "safehouse", vigil.KindSource, coal.ID)
		MustFind(t, s, staff, "비밀작전", vigil.KindIncident, secret.ID)
	})
	t.Run("internal notes", func(t *testing.T) {
		if res := MustSearch(t, s, anon, "nightjar"); res.Total != 0 {
			t.Errorf("anonymous search finds a note: %s", describeHits(res))
		}
		h := MustFind(t, s, member, "nightjar", vigil.KindClaim, noted.ID)
		if marks, _ := marked(h.Snippet); len(marks) != 1 || marks[0] != "nightjar" {
			t.Errorf("member's snippet %+v", h.Snippet)
		}
		// The public view of the claim has no note in its snippet.
		h = MustFind(t, s, anon, "강제북송", vigil.KindClaim, noted.ID)
		if _, text := marked(h.Snippet); strings.Contains(text, "nightjar") {
			t.Errorf("anonymous snippet shows the note: %q", text)
		}
	})
	t.Run("protected person", func(t *testing.T) {
		for _, ctx := range []context.Context{anon, member} {
			for _, q := range []string{"김규리", "규리", "Gyuri", "gyu"} {
				if res := MustSearch(t, s, ctx, q); res.Total != 0 {
					t.Errorf("search %q below restricted clearance finds %s", q, describeHits(res))
				}
			}
			h := MustFind(t, s, ctx, "당사자", vigil.KindActor, person.ID)
			_, text := marked(h.Snippet)
			if h.Title.Ko != "피해 당사자 A" || h.Title.En != "Affected individual A" || strings.Contains(text+h.Title.Ko+h.Title.En, "규리") || strings.Contains(text, "Gyu") {
				t.Errorf("hit below restricted clearance shows %+v %q", h.Title, text)
			}
		}
		h := MustFind(t, s, staff, "김규리", vigil.KindActor, person.ID)
		if h.Title.Ko != "김규리" {
			t.Errorf("staff sees title %+v", h.Title)
		}
		res := MustSearch(t, s, staff, "당사자")
		n := 0
		for _, hh := range res.Hits {
			if hh.Kind == vigil.KindActor && hh.ID == person.ID {
				n++
			}
		}
		if n != 1 {
			t.Errorf("staff sees the protected person %d times: %s", n, describeHits(res))
		}
	})
}

func testSearchWrites(t *testing.T, open Opener) {
	s := open(t)
	anon, editor := As(Anonymous), As(Editor)
	inc := MustCreate(t, s.CreateIncident, NewIncident("회령 집결소 이송", vigil.EventTransfer, nil))
	MustFind(t, s, anon, "집결소", vigil.KindIncident, inc.ID)

	inc.Title.Ko = "온성 보위부 이송"
	MustOK(t, s.UpdateIncident(editor, inc), "update")
	MustNotFind(t, s, anon, "집결소", vigil.KindIncident, inc.ID)
	MustFind(t, s, anon, "보위부", vigil.KindIncident, inc.ID)

	inc.Sensitivity = vigil.Restricted
	MustOK(t, s.UpdateIncident(editor, inc), "restrict")
	MustNotFind(t, s, anon, "보위부", vigil.KindIncident, inc.ID)
	MustFind(t, s, As(Staff), "보위부", vigil.KindIncident, inc.ID)

	MustOK(t, s.DeleteIncident(editor, inc.ID, inc.Version), "delete")
	MustNotFind(t, s, As(Staff), "보위부", vigil.KindIncident, inc.ID)
	if n := QueryInt(t, s, "SELECT COUNT(*) FROM search_docs WHERE kind = 'incident' AND record_id = ?", inc.ID); n != 0 {
		t.Errorf("%d documents left after delete", n)
	}
	if s.Dialect() == store.SQLite {
		docs := QueryInt(t, s, "SELECT COUNT(*) FROM search_docs")
		if fts := QueryInt(t, s, "SELECT COUNT(*) FROM search_fts_docsize"); fts != docs {
			t.Errorf("%d documents but %d in the FTS index", docs, fts)
		}
	}
	// A failed write leaves the index as it was.
	p := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCity, "Hoeryong", "회령", nil))
	p.Names.Ko = "무산"
	MustCode(t, s.UpdatePlace(editor, &vigil.Place{Meta: vigil.Meta{ID: p.ID, Version: 9, Sensitivity: vigil.Public}, Kind: vigil.PlaceCity, Names: p.Names}), vigil.ECONFLICT, "stale")
	MustFind(t, s, anon, "회령", vigil.KindPlace, p.ID)
	MustNotFind(t, s, anon, "무산", vigil.KindPlace, p.ID)
}

// testSearchPlan checks that searches run on the full-text index: on
// SQLite the FTS5 table drives the query; on PostgreSQL, with enough rows
// for the planner to care, the GIN index does.
func testSearchPlan(t *testing.T, open Opener) {
	s := open(t)
	MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCity, "Hyesan", "혜산", nil))
	if s.Dialect() == store.Postgres {
		// Rows of a realistic width (a few hundred characters, dozens of
		// lexemes): on a table of tiny rows any plan is a scan.
		Exec(t, s, `INSERT INTO search_docs (kind, record_id, min_rank, max_rank, body, tsv)
			SELECT 'place', g, 0, 2, repeat('filler text ', 40),
				(SELECT string_agg('f' || ((g * 7 + k * 13) % 5000) || ':' || k, ' ') FROM generate_series(1, 40) k)::tsvector
			FROM generate_series(1, 20000) g`)
		Exec(t, s, "ANALYZE search_docs")
	}
	for _, q := range []string{"혜산", "hyesan", "혜", "혜산 hyesan"} {
		plan, err := s.ExplainSearch(As(Anonymous), vigil.SearchQuery{Text: q})
		MustOK(t, err, "explain")
		switch s.Dialect() {
		case store.SQLite:
			if !strings.Contains(plan, "VIRTUAL TABLE INDEX") || strings.Contains(plan, "SCAN d") {
				t.Errorf("query %q: plan does not use FTS5:\n%s", q, plan)
			}
		default:
			if !strings.Contains(plan, "search_docs_tsv") || strings.Contains(plan, "Seq Scan") {
				t.Errorf("query %q: plan does not use the GIN index:\n%s", q, plan)
			}
		}
		res := MustSearch(t, s, As(Anonymous), q)
		if len(res.Hits) != 1 {
			t.Errorf("query %q: %s", q, describeHits(res))
		}
	}
}

// testSearchImport: an import queues what it writes, and IndexPending
// indexes it exactly as writing the records one at a time does.
func testSearchImport(t *testing.T, open Opener) {
	bulk, single := open(t), open(t)
	_, err := bulk.Import(As(Admin), gen.Dataset(gen.Config{Seed: 5, Claims: 60}), vigil.ImportOptions{})
	MustOK(t, err, "import")
	if n := QueryInt(t, bulk, "SELECT COUNT(*) FROM search_pending"); n == 0 {
		t.Fatal("the import queued nothing for the search index")
	}
	_, err = bulk.IndexPending(As(Editor))
	MustCode(t, err, vigil.EFORBIDDEN, "index pending as editor")
	n, err := bulk.IndexPending(As(Admin))
	MustOK(t, err, "index pending")
	if n < 60 || QueryInt(t, bulk, "SELECT COUNT(*) FROM search_pending") != 0 {
		t.Fatalf("indexed %d records; the queue still has %d ranges", n, QueryInt(t, bulk, "SELECT COUNT(*) FROM search_pending"))
	}
	createOneByOne(t, single, gen.Dataset(gen.Config{Seed: 5, Claims: 60}))
	docs := func(s *store.Store) string {
		rows, err := s.DB().Query("SELECT kind, record_id, min_rank, max_rank, title_ko, title_en, title_zh, body FROM search_docs ORDER BY kind, record_id, min_rank")
		MustOK(t, err, "read search_docs")
		defer rows.Close()
		var b strings.Builder
		n := 0
		for rows.Next() {
			var kind, tk, te, tz, body string
			var id, lo, hi int64
			MustOK(t, rows.Scan(&kind, &id, &lo, &hi, &tk, &te, &tz, &body), "scan")
			fmt.Fprintf(&b, "%s %d %d-%d %q %q %q %q\n", kind, id, lo, hi, tk, te, tz, body)
			n++
		}
		MustOK(t, rows.Err(), "rows")
		if n < 60 {
			t.Fatalf("only %d documents", n)
		}
		return b.String()
	}
	a, b := strings.Split(docs(bulk), "\n"), strings.Split(docs(single), "\n")
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			t.Fatalf("the import indexed differently from single writes, document %d:\nimport: %s\nsingle: %s", i, a[i], b[i])
		}
	}
	if len(a) != len(b) {
		t.Errorf("the import made %d documents, single writes %d", len(a), len(b))
	}
	if s := bulk; s.Dialect() == store.SQLite {
		if d, f := QueryInt(t, s, "SELECT COUNT(*) FROM search_docs"), QueryInt(t, s, "SELECT COUNT(*) FROM search_fts_docsize"); d != f {
			t.Errorf("%d documents, %d in FTS5", d, f)
		}
	}
}

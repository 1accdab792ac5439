package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/store"
)

// The search benchmark's corpus: documents made from template sentences
// of our own, mixed Korean, English and Chinese, seeded so that every
// engine indexes the same text. Word lists carry the inflections and
// compounds the search must handle (북송 inside 강제북송, 탈북 inside
// 탈북민들이, repatriated against repatriation).
var (
	koNouns = []string{"북송", "강제북송", "탈북민", "탈북자", "송환", "강제송환", "구금", "체포", "공안", "국경", "두만강", "압록강",
		"보위부", "수용소", "구류소", "인권", "난민", "가족", "중국", "북한", "정부", "당국", "외교부", "단체", "기자회견", "성명",
		"증언", "소식통", "주민", "여성", "어린이", "교화소", "노동단련대", "브로커", "도강", "은신처", "대사관", "국제사회", "협약", "고문"}
	koParticles = []string{"", "", "이", "가", "을", "를", "은", "는", "의", "에서", "에게", "들이", "들은", "들을", "으로", "과", "도"}
	koVerbs     = []string{"체포되었다", "송환되었다", "구금되어 있다", "확인했다", "밝혔다", "전했다", "우려했다", "촉구했다", "보도했다",
		"이송되었다", "풀려났다", "조사를 받았다", "중단해야 한다", "규탄했다"}
	koLeads  = []string{"지난달", "최근", "지난 9일", "올해 초", "현재", "당시", "약 200명의", "50여 명의", "수십 명의", "소식통에 따르면"}
	enSubj   = []string{"Chinese police", "the authorities", "border guards", "North Korean defectors", "a defector", "families", "the ministry", "human rights groups", "the source", "women and children"}
	enVerbs  = []string{"repatriated", "were repatriated", "arrested", "detained", "were arrested", "reported", "confirmed", "condemned the repatriation of", "called for the release of", "transferred", "deported", "are detaining"}
	enObj    = []string{"refugees", "defectors", "detainees", "people held at the detention center", "the group", "dozens of women", "about 200 people", "more than 60 people", "families", "the arrests"}
	enTail   = []string{"near the border", "in Jilin", "from Baishan", "via Dandong", "in Nanning", "after months of detention", "despite the Refugee Convention", "last month", "in April", "across the Tumen River"}
	hanja    = []string{"吉林省", "白山市", "丹东", "图们", "延边", "长白县", "脱北者", "强制遣返", "南宁", "边防"}
	kinds    = []string{"incident", "claim", "claim", "claim", "claim", "claim", "claim", "source", "source", "actor", "place"}
	rareKo   = makeRare(2000, true)
	rareEn   = makeRare(2000, false)
	syllable = []rune("가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호구누두루무부수우주추쿠투푸후")
)

// makeRare returns n made-up words (three Hangul syllables, or seven
// Latin letters) for rare-term queries: each occurs in a few dozen
// documents of a million.
func makeRare(n int, ko bool) []string {
	rng := mrand.New(mrand.NewPCG(7, map[bool]uint64{true: 1, false: 2}[ko]))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var w string
		if ko {
			w = string([]rune{syllable[rng.IntN(len(syllable))], syllable[rng.IntN(len(syllable))], syllable[rng.IntN(len(syllable))]})
		} else {
			b := make([]byte, 7)
			for i := range b {
				b[i] = byte('a' + rng.IntN(26))
			}
			w = "q" + string(b)
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

func pick[T any](rng *mrand.Rand, list []T) T { return list[rng.IntN(len(list))] }

func koSentence(rng *mrand.Rand) string {
	var b strings.Builder
	b.WriteString(pick(rng, koLeads))
	for n := 2 + rng.IntN(4); n > 0; n-- {
		b.WriteString(" " + pick(rng, koNouns) + pick(rng, koParticles))
	}
	b.WriteString(" " + pick(rng, koVerbs) + ".")
	return b.String()
}

func enSentence(rng *mrand.Rand) string {
	return pick(rng, enSubj) + " " + pick(rng, enVerbs) + " " + pick(rng, enObj) + " " + pick(rng, enTail) + "."
}

// benchDoc generates document i; the same i always gives the same text.
func benchDoc(i int) store.BenchDoc {
	rng := mrand.New(mrand.NewPCG(20240520, uint64(i)))
	d := store.BenchDoc{Kind: pick(rng, kinds), MaxRank: 2}
	switch r := rng.IntN(10); {
	case r == 9:
		d.MinRank = 2
	case r >= 7:
		d.MinRank = 1
	}
	lang := rng.IntN(10) // 0-5 Korean, 6-8 English, 9 mixed
	var body []string
	for n := 2 + rng.IntN(6); n > 0; n-- {
		switch {
		case lang < 6:
			body = append(body, koSentence(rng))
		case lang < 9:
			body = append(body, enSentence(rng))
		default:
			body = append(body, koSentence(rng), enSentence(rng))
		}
	}
	if rng.IntN(20) == 0 {
		body = append(body, pick(rng, hanja)+" "+pick(rng, hanja))
	}
	if rng.IntN(3) == 0 {
		if lang < 6 {
			body = append(body, pick(rng, rareKo)+"에서 "+pick(rng, koVerbs))
		} else {
			body = append(body, "near "+pick(rng, rareEn))
		}
	}
	rng.Shuffle(len(body), func(a, b int) { body[a], body[b] = body[b], body[a] })
	d.Body = strings.Join(body, " ")
	if lang < 6 || lang == 9 {
		d.TitleKo = pick(rng, koLeads) + " " + pick(rng, koNouns) + " " + pick(rng, koNouns) + pick(rng, koParticles) + " " + pick(rng, koVerbs)
	}
	if lang >= 6 {
		d.TitleEn = pick(rng, enSubj) + " " + pick(rng, enVerbs) + " " + pick(rng, enObj)
	}
	return d
}

// benchQueries is the query mix: two-syllable and longer Korean words,
// English words that must match by stem, Chinese place names, rare
// made-up words, and two-word queries.
func benchQueries() []string {
	return []string{
		"북송", "탈북", "송환", "구금", "체포", "인권",
		"강제북송", "탈북민들", "보위부", "노동단련대",
		"repatriated", "defectors", "arrested", "detention",
		"吉林省", "图们",
		rareKo[3], rareKo[77], rareKo[1500], rareEn[5], rareEn[900], rareEn[1999],
		"강제북송 탈북민", "repatriated defectors",
	}
}

func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("VIGIL_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// percentiles returns p50 and p95 in milliseconds.
func percentiles(d []time.Duration) (float64, float64) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(p*float64(len(d))))]) / float64(time.Millisecond)
	}
	return at(0.50), at(0.95)
}

// measure runs every query b.N times and reports p50 and p95 latency
// and the per-query p95 in the log.
func measure(b *testing.B, queries []string, run func(q string) error) {
	b.Helper()
	for _, q := range queries { // warm the caches once
		if err := run(q); err != nil {
			b.Fatalf("query %q: %v", q, err)
		}
	}
	var all []time.Duration
	per := map[string][]time.Duration{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			start := time.Now()
			if err := run(q); err != nil {
				b.Fatalf("query %q: %v", q, err)
			}
			el := time.Since(start)
			all = append(all, el)
			per[q] = append(per[q], el)
		}
	}
	b.StopTimer()
	p50, p95 := percentiles(all)
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p95, "p95-ms")
	b.ReportMetric(0, "ns/op")
	var lines []string
	for _, q := range queries {
		q50, q95 := percentiles(per[q])
		lines = append(lines, fmt.Sprintf("%s p50 %.1f p95 %.1f", q, q50, q95))
	}
	b.Logf("per query (ms): %s", strings.Join(lines, "; "))
}

// benchPostgres creates a UTF-8 database for the benchmark and returns
// its URL, or "" when no server answers. It is dropped afterwards.
func benchPostgres(b *testing.B) string {
	base := os.Getenv("VIGIL_TEST_POSTGRES")
	if base == "" {
		base = defaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		b.Logf("PostgreSQL unreachable, benchmarking SQLite only: %v", err)
		return ""
	}
	var rnd [4]byte
	rand.Read(rnd[:])
	name := "vigil_bench_" + hex.EncodeToString(rnd[:])
	if _, err := admin.Exec("CREATE DATABASE " + name + " LOCALE 'C.UTF-8' TEMPLATE template0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// BenchmarkSearch indexes VIGIL_BENCH_DOCS documents (default 100000;
// BENCHMARKS.md records 1000000) on SQLite and PostgreSQL, runs the
// query mix as an anonymous viewer, and reports p50/p95 for vigil's
// search on each engine and for the baseline: pg_trgm ILIKE '%word%' on
// the same text with a GIN trigram index, giving the same page (the
// newest 1001 matches counted, 20 shown), without stems or ranking.
//
//	VIGIL_BENCH_DOCS=1000000 go test -run '^$' -bench Search -benchtime 5x -timeout 3h ./store/
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	anon := vigil.WithViewer(ctx, vigil.Anonymous)
	n := benchDocs()
	queries := benchQueries()
	search := func(s *store.Store) func(q string) error {
		return func(q string) error {
			_, err := s.Search(anon, vigil.SearchQuery{Text: q})
			return err
		}
	}

	// VIGIL_BENCH_ENGINES=postgres skips SQLite; empty runs both.
	engines := os.Getenv("VIGIL_BENCH_ENGINES")
	if engines == "" || strings.Contains(engines, "sqlite") {
		start := time.Now()
		lite, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer lite.Close()
		if err := store.LoadSearchDocs(ctx, lite, n, benchDoc); err != nil {
			b.Fatal(err)
		}
		b.Logf("SQLite: indexed %d documents in %s", n, time.Since(start).Round(time.Second))
		b.Run("sqlite", func(b *testing.B) { measure(b, queries, search(lite)) })
	}
	if engines != "" && !strings.Contains(engines, "postgres") {
		return
	}
	pgURL := benchPostgres(b)
	if pgURL == "" {
		return
	}
	start := time.Now()
	pg, err := store.Open(ctx, pgURL, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	if err := store.LoadSearchDocs(ctx, pg, n, benchDoc); err != nil {
		b.Fatal(err)
	}
	b.Logf("PostgreSQL: indexed %d documents in %s", n, time.Since(start).Round(time.Second))
	b.Run("postgres", func(b *testing.B) { measure(b, queries, search(pg)) })

	start = time.Now()
	for _, q := range []string{
		"CREATE EXTENSION IF NOT EXISTS pg_trgm",
		"CREATE TABLE bench_trgm AS SELECT id, min_rank, max_rank, title_ko, title_en, body, title_ko || ' ' || title_en || ' ' || body AS doc FROM search_docs",
		"ALTER TABLE bench_trgm ADD PRIMARY KEY (id)",
		"SET maintenance_work_mem = '1GB'",
		"CREATE INDEX bench_trgm_doc ON bench_trgm USING GIN (doc gin_trgm_ops)",
		"VACUUM ANALYZE bench_trgm",
	} {
		if _, err := pg.DB().ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Logf("PostgreSQL: built the pg_trgm baseline in %s", time.Since(start).Round(time.Second))
	b.Run("postgres-trgm-baseline", func(b *testing.B) {
		measure(b, queries, func(q string) error { return trgmSearch(ctx, pg.DB(), q) })
	})
}

// trgmSearch is the baseline: every word as ILIKE '%word%' through the
// trigram index, the newest 1001 visible matches counted and 20 read,
// with a custom plan for each pattern.
func trgmSearch(ctx context.Context, db *sql.DB, q string) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL plan_cache_mode = force_custom_plan"); err != nil {
		return err
	}
	var (
		conds []string
		args  []any
	)
	for _, w := range strings.Fields(q) {
		args = append(args, "%"+w+"%")
		conds = append(conds, fmt.Sprintf("doc ILIKE $%d", len(args)))
	}
	query := `WITH c AS (SELECT id FROM bench_trgm WHERE ` + strings.Join(conds, " AND ") + ` AND min_rank <= 0 AND max_rank >= 0 ORDER BY id DESC LIMIT 1001)
		SELECT d.id, d.title_ko, d.title_en, d.body, COUNT(*) OVER () FROM c JOIN bench_trgm d ON d.id = c.id ORDER BY d.id DESC LIMIT 20`
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id         int64
			tk, te, bd string
			n          int
		)
		if err := rows.Scan(&id, &tk, &te, &bd, &n); err != nil {
			return err
		}
	}
	return rows.Err()
}

package storetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/exchange"
	"vigil/figure"
	"vigil/internal/gen"
	"vigil/store"
)

// testImport checks the bulk import: it is all-or-nothing, names every
// problem by where it is in the file, derives exactly what one-by-one
// writes derive, and is audited by one entry.
func testImport(t *testing.T, open Opener) {
	t.Run("same result as one write at a time", func(t *testing.T) {
		bulk, single := open(t), open(t)
		d := gen.Dataset(gen.Config{Seed: 11, Claims: 160})
		res, err := bulk.Import(As(Admin), d, vigil.ImportOptions{})
		MustOK(t, err, "import")
		if res.Sections[vigil.SectionClaims].Count != 160 || res.AuditSeq != 1 {
			t.Fatalf("result %+v", res)
		}
		createOneByOne(t, single, gen.Dataset(gen.Config{Seed: 11, Claims: 160}))
		for _, tc := range []struct {
			what string
			read func(*store.Store) any
		}{
			{"incidents", func(s *store.Store) any { return allIncidents(t, s) }},
			{"claims", func(s *store.Store) any { return allClaims(t, s) }},
			{"repatriation stats", func(s *store.Store) any { return mustStats(t, s, vigil.EventRepatriation) }},
			{"arrest stats", func(s *store.Store) any { return mustStats(t, s, vigil.EventArrest) }},
		} {
			MustEqualJSON(t, stripTimes(t, tc.read(bulk)), stripTimes(t, tc.read(single)), tc.what)
		}
		MustVerify(t, bulk)
	})

	t.Run("sealed on import, opened on export for restricted readers only", func(t *testing.T) {
		// A file with a canary in every sealed field of the records a
		// file carries (protected persons, restricted source, claim,
		// incident, link, place with coordinates, post, membership,
		// violation): the restricted export of a store that holds them.
		a := open(t)
		c := PlantCanaries(t, a)
		file := exportJSON(t, a, Admin)
		for _, f := range []string{"actors.name_ko", "claims.quote", "sources.relayed_from", "places.coords", "incidents.summary_en", "memberships.role_en"} {
			if !bytes.Contains(file, []byte(c.Fields[f][0])) {
				t.Fatalf("the restricted export lacks the %s canary: sealed fields were not opened", f)
			}
		}
		b := open(t)
		d, err := exchange.ReadJSON(bytes.NewReader(file))
		MustOK(t, err, "read file")
		_, err = b.Import(As(Admin), d, vigil.ImportOptions{Format: "json"})
		MustOK(t, err, "import")
		// No canary in any column of any table, the audit log included;
		// every sealed value of a sealed row is a ciphertext.
		MustNoCanaryAtRest(t, b, c)
		for _, f := range store.SealedFields() {
			q := fmt.Sprintf("SELECT COUNT(*) FROM %s t WHERE %s AND t.%s NOT LIKE 'v1:k1:%%'", f.Table, f.Condition, f.Column)
			if n := QueryInt(t, b, q); n != 0 {
				t.Errorf("%s.%s: %d imported rows hold something other than a ciphertext", f.Table, f.Column, n)
			}
		}
		if n := QueryInt(t, b, "SELECT COUNT(*) FROM actors t WHERE t.protected AND t.name_ko LIKE 'v1:k1:%'"); n != 2 {
			t.Fatalf("%d imported protected persons with a sealed name, want 2", n)
		}
		// Restricted readers read what was imported; the restricted export
		// of the copy is the file again.
		MustEqualJSON(t, dropKeys(decode(t, exportJSON(t, b, Admin)), "version", "exported_at"), dropKeys(decode(t, file), "version", "exported_at"), "export of the imported copy")
		// Coalition and public exports carry no canary; protected persons
		// are there under their pseudonym.
		for _, v := range []vigil.Viewer{Member, Anonymous} {
			out := exportJSON(t, b, v)
			if found := c.Find(string(out)); len(found) > 0 {
				t.Fatalf("the %s export holds canaries %v", v.Clearance, found)
			}
			if !bytes.Contains(out, []byte(c.Pseudonym.Ko)) {
				t.Fatalf("the %s export lacks the pseudonym", v.Clearance)
			}
		}
		MustVerify(t, b)
	})

	t.Run("one audit entry with the input's hash, counts and ids", func(t *testing.T) {
		s := open(t)
		Seed(t, s) // something before, so the ids do not start at 1
		before := AuditCount(t, s)
		d := gen.Dataset(gen.Config{Seed: 2, Claims: 40})
		sum := sha256.Sum256([]byte("the input"))
		res, err := s.Import(As(Editor), d, vigil.ImportOptions{Format: "json", InputSHA256: hex.EncodeToString(sum[:]), InputBytes: 9})
		MustOK(t, err, "import")
		if got := AuditCount(t, s); got != before+1 {
			t.Fatalf("%d audit entries after the import, want %d", got, before+1)
		}
		es, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Page: vigil.Page{Sort: "-seq", Limit: 1}})
		MustOK(t, err, "read audit")
		e := es[0]
		if e.Action != vigil.ActionImport || e.Entity != "imports" || e.Actor != Editor.Actor || e.Seq != res.AuditSeq {
			t.Fatalf("entry %+v", e)
		}
		var data struct {
			InputSHA256 string                       `json:"input_sha256"`
			Sections    map[string]vigil.ImportCount `json:"sections"`
		}
		MustOK(t, json.Unmarshal(e.Data, &data), "entry data")
		claims := data.Sections[vigil.SectionClaims]
		if data.InputSHA256 != hex.EncodeToString(sum[:]) || claims.Count != 40 || claims.LastID-claims.FirstID != 39 {
			t.Fatalf("entry data %s", e.Data)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM claims WHERE id BETWEEN ? AND ?", claims.FirstID, claims.LastID); n != 40 {
			t.Fatalf("%d claims in the recorded id range, want 40", n)
		}
		inc := res.Sections[vigil.SectionIncidents]
		if inc.FirstID != 5 { // after the seed's four
			t.Fatalf("incidents from id %d, want 5", inc.FirstID)
		}
		// The id counters moved past the block: the next write gets the
		// next id on both engines.
		c := MustCreate(t, s.CreateClaim, &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Public}, SourceID: d.Sources[0].ID,
			Figure: figure.Figure{Text: "15"}, Event: vigil.EventArrest})
		if c.ID != claims.LastID+1 {
			t.Fatalf("next claim id %d, want %d", c.ID, claims.LastID+1)
		}
		MustVerify(t, s)
	})

	t.Run("a bad row in the middle writes nothing and names row and column", func(t *testing.T) {
		s := open(t)
		Seed(t, s)
		before := tableCounts(t, s)
		csv := "incident,incident_title_ko,incident_place,source_publisher,source_url,figure,event,date,sensitivity\n" +
			"A,압록강 북송,Dandong,연합뉴스,https://example.org/1,약 200명,repatriation,2024-04-26,public\n" +
			"A,,,연합뉴스,https://example.org/1,200여 명,repatriation,2024-04-26,public\n" +
			"B,난닝 체포,nanning,Daily NK,https://example.org/2,about two hundred and,arrest,2024-05-01,public\n" +
			"B,,,Daily NK,https://example.org/2,50-60,arrest,2024-13-01,public\n"
		places := allPlaces(t, s)
		d, err := exchange.ReadCSV(strings.NewReader(csv), exchange.CSVOptions{Places: places})
		if err == nil {
			_, err = s.Import(As(Admin), d, vigil.ImportOptions{})
		}
		MustField(t, err, "row 4, column figure", `"about two hundred and" is not a number of people`)
		MustField(t, err, "row 5, column date", "2024-13-01")
		MustMessage(t, err, "nothing was written")
		MustEqualJSON(t, tableCounts(t, s), before, "row counts after a failed import")
	})

	t.Run("references, duplicate keys and uniqueness are named by JSON path", func(t *testing.T) {
		s := open(t)
		MustCreate(t, s.CreateInstrument, &vigil.Instrument{Meta: vigil.Meta{Sensitivity: vigil.Public}, Code: "cat", Name: vigil.Names{En: "CAT"}})
		before := tableCounts(t, s)
		doc := `{"format":"vigil","version":1,
			"instruments":[{"id":1,"sensitivity":"public","code":"cat","name":{"en":"CAT"}}],
			"sources":[{"id":5,"sensitivity":"public","publisher":"A"},{"id":5,"sensitivity":"public","publisher":"B"}],
			"incidents":[{"id":1,"sensitivity":"public","title":{"ko":"사건"},"event":"arrest"}],
			"incident_links":[{"sensitivity":"public","from_id":1,"to_id":9,"kind":"part_of"}],
			"claims":[{"sensitivity":"public","source_id":77,"incident_id":1,"figure":{"text":"15"},"event":"arrest"},
			          {"sensitivity":"public","source_id":5,"figure":{"text":"about two hundred and"},"event":"arrest"}]}`
		d, err := exchange.ReadJSON(strings.NewReader(doc))
		MustOK(t, err, "read")
		_, err = s.Import(As(Admin), d, vigil.ImportOptions{})
		MustField(t, err, "claims[0].source_id", "refers to source 77, which is not in the file")
		MustField(t, err, "claims[1].figure", `"about two hundred and" is not a number of people`)
		MustField(t, err, "sources[1].id", "key 5 is also used by sources[0]")
		MustField(t, err, "incident_links[0].to_id", "refers to incident 9")
		MustEqualJSON(t, tableCounts(t, s), before, "row counts")
		// The database check runs once the file itself is clean.
		d, err = exchange.ReadJSON(strings.NewReader(`{"format":"vigil","version":1,
			"instruments":[{"id":1,"sensitivity":"public","code":"cat","name":{"en":"CAT"}}]}`))
		MustOK(t, err, "read")
		_, err = s.Import(As(Admin), d, vigil.ImportOptions{})
		MustField(t, err, "instruments[0].code", `"cat" already exists`)
	})

	t.Run("roles and clearance", func(t *testing.T) {
		s := open(t)
		d := gen.Dataset(gen.Config{Seed: 5, Claims: 30})
		_, err := s.Import(As(Member), d, vigil.ImportOptions{})
		MustCode(t, err, vigil.EFORBIDDEN, "import as a viewer")
		d = gen.Dataset(gen.Config{Seed: 5, Claims: 30})
		d.Incidents[0].Override = &vigil.FigureOverride{Best: 10, Rationale: "count by the desk"}
		d.Actors = []*vigil.Actor{{Meta: vigil.Meta{ID: 1, Sensitivity: vigil.Coalition}, Kind: vigil.ActorPerson,
			Name: vigil.Names{Ko: "김철수"}, Protected: true, Pseudonym: vigil.Names{En: "Witness A"}}}
		_, err = s.Import(As(Contributor), d, vigil.ImportOptions{})
		MustField(t, err, "incidents[0].override", "editor or admin role")
		MustField(t, err, "actors[0].protected", "restricted clearance")
		for i, c := range d.Claims {
			if c.Sensitivity == vigil.Restricted {
				MustField(t, err, vigil.JSONPath(vigil.SectionClaims, i, "sensitivity"), "above your clearance")
				break
			}
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM claims"); n != 0 {
			t.Fatalf("%d claims written", n)
		}
	})

	t.Run("dry run checks everything and writes nothing", func(t *testing.T) {
		s := open(t)
		Seed(t, s)
		before, audits := tableCounts(t, s), AuditCount(t, s)
		var stages []string
		res, err := s.Import(As(Admin), gen.Dataset(gen.Config{Seed: 9, Claims: 50}), vigil.ImportOptions{DryRun: true,
			Progress: func(p vigil.ImportProgress) {
				if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
					stages = append(stages, p.Stage)
				}
			}})
		MustOK(t, err, "dry run")
		if !res.DryRun || res.Sections[vigil.SectionClaims].Count != 50 || res.Sections[vigil.SectionClaims].FirstID != 0 || res.AuditSeq != 0 {
			t.Fatalf("result %+v", res)
		}
		MustEqualJSON(t, tableCounts(t, s), before, "row counts after a dry run")
		if AuditCount(t, s) != audits {
			t.Fatal("a dry run was audited")
		}
		if strings.Join(stages, ",") != vigil.StageCheck {
			t.Fatalf("stages %v", stages)
		}
		// A dry run also checks the database: an instrument code in use.
		d := &vigil.Dataset{Places: gen.Gazetteer()}
		_, err = s.Import(As(Admin), d, vigil.ImportOptions{DryRun: true})
		MustOK(t, err, "gazetteer dry run")
		_, err = s.Import(As(Admin), d, vigil.ImportOptions{})
		MustOK(t, err, "gazetteer")
		_, err = s.Import(As(Admin), &vigil.Dataset{Places: gen.Gazetteer()}, vigil.ImportOptions{DryRun: true})
		MustField(t, err, "places[0].geonames_id", "already exists in the database")
	})
}

// createOneByOne writes a generated dataset through the single-record
// methods, in an order that gives every record its key as id in a fresh
// database.
func createOneByOne(t *testing.T, s *store.Store, d *vigil.Dataset) {
	t.Helper()
	ctx := As(Admin)
	for _, p := range d.Places {
		MustOK(t, s.CreatePlace(ctx, p), "create place")
	}
	for _, src := range d.Sources {
		MustOK(t, s.CreateSource(ctx, src), "create source")
	}
	for _, i := range d.Incidents {
		MustOK(t, s.CreateIncident(ctx, i), "create incident")
	}
	for _, l := range d.Links {
		MustOK(t, s.CreateLink(ctx, l), "create link")
	}
	for _, c := range d.Claims {
		MustOK(t, s.CreateClaim(ctx, c), "create claim")
	}
}

func allIncidents(t *testing.T, s *store.Store) []*vigil.Incident {
	t.Helper()
	var out []*vigil.Incident
	for off := 0; ; off += vigil.MaxLimit {
		page, n, err := s.FindIncidents(As(Admin), vigil.IncidentFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		MustOK(t, err, "find incidents")
		out = append(out, page...)
		if len(out) >= n {
			return out
		}
	}
}

func allClaims(t *testing.T, s *store.Store) []*vigil.Claim {
	t.Helper()
	var out []*vigil.Claim
	for off := 0; ; off += vigil.MaxLimit {
		page, n, err := s.FindClaims(As(Admin), vigil.ClaimFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		MustOK(t, err, "find claims")
		out = append(out, page...)
		if len(out) >= n {
			return out
		}
	}
}

func allPlaces(t *testing.T, s *store.Store) []*vigil.Place {
	t.Helper()
	ps, _, err := s.FindPlaces(As(Admin), vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "find places")
	return ps
}

func mustStats(t *testing.T, s *store.Store, ev vigil.EventType) *vigil.Stats {
	t.Helper()
	st, err := s.Stats(As(Staff), vigil.StatsFilter{Event: ev, From: "2019-01-01", To: "2024-12-31"})
	MustOK(t, err, "stats")
	return st
}

// stripTimes returns v's JSON as a generic value without the fields that
// differ between two writes of the same records: timestamps.
func stripTimes(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	MustOK(t, err, "marshal")
	var g any
	MustOK(t, json.Unmarshal(b, &g), "unmarshal")
	return dropKeys(g, "created_at", "updated_at", "exported_at")
}

func dropKeys(v any, keys ...string) any {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range keys {
			delete(x, k)
		}
		for k, e := range x {
			x[k] = dropKeys(e, keys...)
		}
	case []any:
		for i, e := range x {
			x[i] = dropKeys(e, keys...)
		}
	}
	return v
}

// tableCounts counts the rows of every record table and the audit log.
func tableCounts(t *testing.T, s *store.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tb := range append(append([]string{}, vigil.Sections...), "incident_places", "audit_log") {
		out[tb] = QueryInt(t, s, "SELECT COUNT(*) FROM "+tb)
	}
	return out
}

// exportJSON exports what ctx's viewer sees as a native JSON document.
func exportJSON(t *testing.T, s *store.Store, v vigil.Viewer) []byte {
	t.Helper()
	var b bytes.Buffer
	w := exchange.NewJSONWriter(&b, exchange.Header{ExportedAt: time.Now(), Clearance: v.Clearance})
	_, err := s.Export(As(v), w, vigil.ExportOptions{})
	MustOK(t, err, "export")
	MustOK(t, w.Close(), "close")
	return b.Bytes()
}

// exportCSV exports what v sees as native CSV.
func exportCSV(t *testing.T, s *store.Store, v vigil.Viewer) []byte {
	t.Helper()
	var b bytes.Buffer
	w := exchange.NewCSVWriter(&b, exchange.CSVWriterOptions{})
	_, err := s.Export(As(v), w, vigil.ExportOptions{})
	MustOK(t, err, "export")
	MustOK(t, w.Close(), "close")
	return b.Bytes()
}

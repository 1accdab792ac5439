package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/seal"
	"vigil/store"
)

// testSeal checks encryption at rest (docs/privacy.md): no restricted
// field is stored in the clear, anywhere in the database; readers see
// what their clearance allows; rotation re-encrypts; a wrong or missing
// key is refused clearly and changes nothing.
func testSeal(t *testing.T, open Opener) {
	t.Run("canaries cover every sealed field", func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		for _, f := range store.SealedFields() {
			if len(c.Fields[f.Table+"."+f.Column]) == 0 {
				t.Errorf("PlantCanaries plants nothing in sealed field %s.%s", f.Table, f.Column)
			}
		}
	})
	t.Run("nothing restricted is stored in the clear", func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		MustNoCanaryAtRest(t, s, c)
		// Every sealed value of a sealed row is a ciphertext under k1.
		for _, f := range store.SealedFields() {
			q := fmt.Sprintf("SELECT COUNT(*) FROM %s t WHERE %s AND t.%s NOT LIKE 'v1:k1:%%'", f.Table, f.Condition, f.Column)
			if n := QueryInt(t, s, q); n != 0 {
				t.Errorf("%s.%s: %d sealed rows hold something other than a ciphertext", f.Table, f.Column, n)
			}
		}
		MustVerify(t, s)
	})
	t.Run("readers see what their clearance allows", func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		canary := c.Fields["actors.name_ko"][0] + " 카나리아"
		for _, v := range []vigil.Viewer{Admin, Staff} {
			a, err := s.FindActorByID(As(v), c.ProtectedPublic)
			MustOK(t, err, "restricted viewer reads protected person")
			if a.Name.Ko != canary || a.Redacted || len(a.OtherNames) != 1 || !strings.HasPrefix(a.URL, "https://example.org/cnry") {
				t.Fatalf("%s reads %+v, want the identity", v.Actor, a)
			}
			cl, err := s.FindClaimByID(As(v), c.RestrictedClaim)
			MustOK(t, err, "restricted viewer reads restricted claim")
			if !strings.HasPrefix(cl.Quote, c.Fields["claims.quote"][0]) {
				t.Fatalf("%s reads quote %q", v.Actor, cl.Quote)
			}
			p, err := s.FindPlaceByID(As(v), c.RestrictedPlace)
			MustOK(t, err, "restricted viewer reads restricted place")
			if p.Lat == nil || strconv.FormatFloat(*p.Lat, 'f', -1, 64) != c.Fields["places.coords"][0] {
				t.Fatalf("%s reads coordinates %v, want %s", v.Actor, p.Lat, c.Fields["places.coords"][0])
			}
			inc, err := s.FindIncidentByID(As(v), c.RestrictedIncident)
			MustOK(t, err, "restricted viewer reads restricted incident")
			if inc.Override == nil || !strings.HasPrefix(inc.Override.Rationale, "cnry") || !strings.HasPrefix(inc.Title.En, "cnry") {
				t.Fatalf("%s reads incident %+v", v.Actor, inc)
			}
		}
		for _, v := range []vigil.Viewer{Member, Contributor, Anonymous} {
			a, err := s.FindActorByID(As(v), c.ProtectedPublic)
			MustOK(t, err, "reader below restricted clearance reads protected person")
			if a.Name != c.Pseudonym || !a.Redacted || a.OtherNames != nil || a.Identifiers != nil || a.URL != "" || a.Notes != "" {
				t.Fatalf("%s reads %+v, want the pseudonym only", v.Actor, a)
			}
			list, _, err := s.FindActors(As(v), vigil.ActorFilter{})
			MustOK(t, err, "list actors")
			for _, a := range list {
				if found := c.Find(fmt.Sprintf("%+v", *a)); len(found) > 0 {
					t.Fatalf("%s lists actor %d with canaries %v", v.Actor, a.ID, found)
				}
			}
		}
		// The restricted actor has no pseudonym and sorts by name without
		// failing (its sealed name compares as empty).
		_, n, err := s.FindActors(As(Staff), vigil.ActorFilter{Page: vigil.Page{Sort: "name"}})
		MustOK(t, err, "sort actors by name")
		if n < 5 {
			t.Fatalf("staff lists %d actors", n)
		}
	})
	t.Run("derivation opens sealed origins", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		// A restricted testimony relaying the same origin as the public
		// relay is not independent of it.
		secret := NewSource("Canary interviews", w.Relay.RelayedFrom, "C", "2024-05-01")
		secret.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateSource, secret)
		c := NewClaim(secret, w.More50, "55", vigil.EventRepatriation, "2024-04-26")
		c.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateClaim, c)
		if got := Reload(t, s, w.More50); got.Corroboration != 1 || got.ClaimCount != 2 {
			t.Fatalf("corroboration %d over %d claims, want 1 origin over 2", got.Corroboration, got.ClaimCount)
		}
		if raw := QueryString(t, s, "SELECT relayed_from FROM sources WHERE id = ?", secret.ID); !strings.HasPrefix(raw, "v1:k1:") {
			t.Fatalf("restricted origin stored as %q", raw)
		}
	})
	t.Run("the audit log holds ciphertexts and verifies", func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		entries, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Entity: "actors", EntityID: &c.ProtectedPublic})
		MustOK(t, err, "read audit")
		data := string(entries[0].Data)
		if !strings.Contains(data, `"sealed":{`) || !strings.Contains(data, `"name_ko":"v1:k1:`) || !strings.Contains(data, `"pseudonym":{"ko":"카나리아 당사자 A"`) {
			t.Fatalf("audit data of a protected person: %s", data)
		}
		MustVerify(t, s)
	})
	t.Run("sealing follows sensitivity", func(t *testing.T) {
		s := open(t)
		src := NewSource("Canary Daily", "a named informant", "C", "2024-05-01")
		src.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateSource, src)
		raw := func() string { return QueryString(t, s, "SELECT relayed_from FROM sources WHERE id = ?", src.ID) }
		if !seal.IsSealed(raw()) {
			t.Fatalf("restricted origin stored as %q", raw())
		}
		src.Sensitivity = vigil.Public
		MustOK(t, s.UpdateSource(As(Admin), src), "make public")
		if raw() != "a named informant" {
			t.Fatalf("public origin stored as %q", raw())
		}
		src.Sensitivity = vigil.Restricted
		MustOK(t, s.UpdateSource(As(Admin), src), "restrict again")
		if !seal.IsSealed(raw()) {
			t.Fatalf("restricted origin stored as %q", raw())
		}
	})
	t.Run("a ciphertext moved to another row does not open", func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		ct := QueryString(t, s, "SELECT name_ko FROM actors WHERE id = ?", c.ProtectedPublic)
		Exec(t, s, "UPDATE actors SET name_ko = ? WHERE id = ?", ct, c.ProtectedCoalition)
		_, err := s.FindActorByID(As(Staff), c.ProtectedCoalition)
		MustMessage(t, err, fmt.Sprintf("open actors.name_ko:%d: sealed value under k1 does not authenticate", c.ProtectedCoalition))
		// Readers who never see the identity are not affected.
		a, err := s.FindActorByID(As(Member), c.ProtectedCoalition)
		MustOK(t, err, "member reads pseudonym")
		if a.Name != c.Pseudonym {
			t.Fatalf("member reads %+v", a.Name)
		}
	})
	t.Run("rotation", testRotation(open))
	t.Run("signatures and invitations", testSealedSignatures(open))
	t.Run("second factors", testSealedTOTP(open))
	t.Run("identities stored in the clear before sealing are sealed", testLegacyIdentities(open))
	t.Run("records", testSealedRecords(open))
	t.Run("wrong or missing key", testWrongKey(open))
	t.Run("fields stored in the clear before sealing are sealed", func(t *testing.T) {
		s := open(t)
		a := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "임시"},
			Protected: true, Pseudonym: vigil.Names{Ko: "당사자 C"}}
		MustCreate(t, s.CreateActor, a)
		// A database from before sealing: plaintext in a protected row,
		// no data keys.
		Exec(t, s, "DELETE FROM seal_keys")
		Exec(t, s, "UPDATE actors SET name_ko = '옛 평문 이름', other_names = '[]', identifiers = '[]', url = '', notes = '', name_en = '', name_zh = '' WHERE id = ?", a.ID)
		// … and a search index holding the name, which migration 0007
		// empties and queues again.
		Exec(t, s, "UPDATE search_docs SET title_ko = '옛 평문 이름' WHERE kind = 'actor' AND record_id = ?", a.ID)
		Exec(t, s, "INSERT INTO search_pending (kind, first_id, last_id) VALUES ('actor', ?, ?)", a.ID, a.ID)
		n := AuditCount(t, s)
		s2, err := s.Reopen(context.Background(), store.Options{Key: s.KeySource()})
		MustOK(t, err, "reopen")
		defer s2.Close()
		if raw := QueryString(t, s2, "SELECT name_ko FROM actors WHERE id = ?", a.ID); !strings.HasPrefix(raw, "v1:k1:") {
			t.Fatalf("legacy plaintext left as %q", raw)
		}
		got, err := s2.FindActorByID(As(Staff), a.ID)
		MustOK(t, err, "read sealed legacy row")
		if got.Name.Ko != "옛 평문 이름" {
			t.Fatalf("read %q", got.Name.Ko)
		}
		if AuditCount(t, s2) != n+1 || QueryString(t, s2, "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1") != "seal" {
			t.Fatal("sealing old rows was not audited")
		}
		if QueryInt(t, s2, "SELECT COUNT(*) FROM search_pending") != 0 ||
			QueryInt(t, s2, "SELECT COUNT(*) FROM search_docs WHERE title_ko LIKE '%평문%' OR body LIKE '%평문%'") != 0 {
			t.Fatal("the search index still holds the old name, or its queue was not indexed")
		}
		MustFind(t, s2, As(Staff), "평문", vigil.KindActor, a.ID)
		MustFind(t, s2, As(Member), "당사자", vigil.KindActor, a.ID)
	})
}

// testRotation re-encrypts everything under a new data key.
func testRotation(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		s := open(t)
		c := PlantCanaries(t, s)
		before := QueryString(t, s, "SELECT name_ko FROM actors WHERE id = ?", c.ProtectedPublic)
		wrapped := QueryString(t, s, "SELECT wrapped FROM seal_keys")
		st, err := s.KeyStatus(As(Admin))
		MustOK(t, err, "key status")
		if len(st.Keys) != 1 || st.Keys[0].ID != "k1" || st.Keys[0].Fields != st.Fields || st.Fields == 0 || st.Clear != 0 || st.Unknown != 0 {
			t.Fatalf("status before rotation: %+v", st)
		}
		_, err = s.RotateKey(As(Editor), store.RotateOptions{})
		MustCode(t, err, vigil.EFORBIDDEN, "an editor rotates")
		_, err = s.RotateKey(As(vigil.Viewer{Actor: "test:coalition-admin", Role: vigil.RoleAdmin, Clearance: vigil.Coalition}), store.RotateOptions{})
		MustCode(t, err, vigil.EFORBIDDEN, "an admin without restricted clearance rotates")

		n := AuditCount(t, s)
		var pages int
		res, err := s.RotateKey(As(Admin), store.RotateOptions{Progress: func(string, int) { pages++ }})
		MustOK(t, err, "rotate")
		if res.Key != "k2" || len(res.Retired) != 1 || res.Retired[0] != "k1" || res.Fields != st.Fields || res.Clear != 0 || pages == 0 {
			t.Fatalf("rotation %+v (progress called %d times), want k1 → k2 over %d values", res, pages, st.Fields)
		}
		after := QueryString(t, s, "SELECT name_ko FROM actors WHERE id = ?", c.ProtectedPublic)
		if after == before || !strings.HasPrefix(after, "v1:k2:") {
			t.Fatalf("ciphertext after rotation %q (before %q)", after, before)
		}
		for _, f := range store.SealedFields() {
			q := fmt.Sprintf("SELECT COUNT(*) FROM %s t WHERE %s AND t.%s NOT LIKE 'v1:k2:%%'", f.Table, f.Condition, f.Column)
			if n := QueryInt(t, s, q); n != 0 {
				t.Errorf("%s.%s: %d values not under k2 after rotation", f.Table, f.Column, n)
			}
		}
		if got := QueryInt(t, s, "SELECT COUNT(*) FROM seal_keys"); got != 1 || QueryInt(t, s, "SELECT id FROM seal_keys") != 2 {
			t.Fatalf("seal_keys holds %d keys after rotation, want only k2", got)
		}
		a, err := s.FindActorByID(As(Staff), c.ProtectedPublic)
		MustOK(t, err, "read after rotation")
		if !strings.HasPrefix(a.Name.Ko, c.Fields["actors.name_ko"][0]) {
			t.Fatalf("read %q after rotation", a.Name.Ko)
		}
		// A ciphertext under the retired key no longer opens.
		Exec(t, s, "UPDATE actors SET name_ko = ? WHERE id = ?", before, c.ProtectedPublic)
		_, err = s.FindActorByID(As(Staff), c.ProtectedPublic)
		MustMessage(t, err, "unknown data key k1")
		Exec(t, s, "UPDATE actors SET name_ko = ? WHERE id = ?", after, c.ProtectedPublic)

		// Audited without secrets; the chain verifies; nothing in clear.
		if AuditCount(t, s) != n+1 {
			t.Fatal("the rotation is not one audit entry")
		}
		last, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Page: vigil.Page{Sort: "-seq", Limit: 1}})
		MustOK(t, err, "read audit")
		if e := last[0]; e.Action != "rotate" || e.Entity != "seal_keys" || e.EntityID != 2 || strings.Contains(string(e.Data), wrapped) ||
			strings.Contains(string(e.Data), QueryString(t, s, "SELECT wrapped FROM seal_keys")) {
			t.Fatalf("rotation audit entry %+v", e)
		}
		MustVerify(t, s)
		MustNoCanaryAtRest(t, s, c)

		// A write after the rotation seals under the new key.
		a.Notes = "새 메모 " + c.Fields["actors.notes"][0]
		MustOK(t, s.UpdateActor(As(Admin), a), "update after rotation")
		if raw := QueryString(t, s, "SELECT notes FROM actors WHERE id = ?", a.ID); !strings.HasPrefix(raw, "v1:k2:") {
			t.Fatalf("notes written as %q after rotation", raw)
		}
		st, err = s.KeyStatus(As(Admin))
		MustOK(t, err, "key status")
		if len(st.Keys) != 1 || st.Keys[0].ID != "k2" || !st.Keys[0].Current || st.Keys[0].Fields != res.Fields {
			t.Fatalf("status after rotation: %+v", st)
		}
	}
}

// testWrongKey opens the database as another process would, with a
// wrong key and with a key file that is gone.
func testWrongKey(open Opener) func(t *testing.T) {
	return func(t *testing.T) {
		ctx := context.Background()
		s := open(t)
		c := PlantCanaries(t, s)
		snapshot := func() string {
			return QueryString(t, s, "SELECT name_ko FROM actors WHERE id = ?", c.ProtectedPublic) +
				strconv.FormatInt(QueryInt(t, s, "SELECT COUNT(*) FROM seal_keys"), 10) +
				strconv.FormatInt(int64(AuditCount(t, s)), 10)
		}
		was := snapshot()
		other, err := seal.NewKey()
		MustOK(t, err, "new key")
		_, err = s.Reopen(ctx, store.Options{Key: seal.Static(other, "the test's other key")})
		if !errors.Is(err, store.ErrWrongKey) {
			t.Fatalf("open with another key: %v, want ErrWrongKey", err)
		}
		MustMessage(t, err, "the key from the test's other key (fingerprint "+other.Fingerprint()+") does not unlock this database")

		missing := filepath.Join(t.TempDir(), "gone", "vigil.key")
		_, err = s.Reopen(ctx, store.Options{Key: seal.FileSource(missing)})
		MustMessage(t, err, "but key file "+missing+" does not exist")
		if _, statErr := os.Stat(missing); statErr == nil {
			t.Fatal("a missing key file was replaced by a new key")
		}
		_, err = s.Reopen(ctx, store.Options{Key: seal.EnvSource("VIGIL_KEY", "not-a-key")})
		MustMessage(t, err, "environment variable VIGIL_KEY: not a vigil key")

		if now := snapshot(); now != was {
			t.Fatalf("failed opens changed the database: %q → %q", was, now)
		}
		s2, err := s.Reopen(ctx, store.Options{Key: s.KeySource()})
		MustOK(t, err, "reopen with the right key")
		defer s2.Close()
		a, err := s2.FindActorByID(As(Staff), c.ProtectedPublic)
		MustOK(t, err, "read with the right key")
		if !strings.HasPrefix(a.Name.Ko, c.Fields["actors.name_ko"][0]) {
			t.Fatalf("read %q", a.Name.Ko)
		}
		MustVerify(t, s2)
	}
}

// MustNoCanaryAtRest fails if any canary occurs in any column of any
// table of the store's database (the audit log included), read raw.
func MustNoCanaryAtRest(tb testing.TB, s *store.Store, c *Canaries) {
	tb.Helper()
	var list string
	if s.Dialect() == store.Postgres {
		list = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
	} else {
		list = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	}
	rows, err := s.DB().Query(list)
	MustOK(tb, err, "list tables")
	var tables []string
	for rows.Next() {
		var n string
		MustOK(tb, rows.Scan(&n), "list tables")
		tables = append(tables, n)
	}
	MustOK(tb, rows.Err(), "list tables")
	rows.Close()
	if len(tables) < 10 {
		tb.Fatalf("found only tables %v", tables)
	}
	for _, table := range tables {
		rows, err := s.DB().Query("SELECT * FROM " + table)
		MustOK(tb, err, "read "+table)
		cols, err := rows.Columns()
		MustOK(tb, err, "columns of "+table)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			MustOK(tb, rows.Scan(ptrs...), "read "+table)
			for i, v := range vals {
				var text string
				switch x := v.(type) {
				case nil:
				case string:
					text = x
				case []byte:
					text = string(x)
				case float64:
					text = strconv.FormatFloat(x, 'f', -1, 64)
				case time.Time:
					text = x.String()
				default:
					text = fmt.Sprint(x)
				}
				if found := c.Find(text); len(found) > 0 {
					rows.Close()
					tb.Fatalf("%s.%s holds canaries %v in the clear: %.200s", table, cols[i], found, text)
				}
			}
		}
		MustOK(tb, rows.Err(), "read "+table)
		rows.Close()
	}
	if s.Dialect() == store.SQLite {
		mustNoCanaryInFiles(tb, s, c)
	}
}

// mustNoCanaryInFiles fails if a canary (as planted, or upper-cased like
// a base32 secret) occurs in the bytes of the
// SQLite database file or its write-ahead log: what a copy of the data
// directory holds, free pages and uncheckpointed frames included.
func mustNoCanaryInFiles(tb testing.TB, s *store.Store, c *Canaries) {
	tb.Helper()
	var (
		seq        int
		name, path string
	)
	MustOK(tb, s.DB().QueryRow("PRAGMA database_list").Scan(&seq, &name, &path), "database file")
	if path == "" {
		return // an in-memory database has no file
	}
	read := 0
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		MustOK(tb, err, "read "+f)
		read += len(b)
		for _, s := range c.Strings {
			if bytes.Contains(b, []byte(s)) || bytes.Contains(b, []byte(strings.ToUpper(s))) {
				tb.Fatalf("%s holds canary %s in the clear", filepath.Base(f), s)
			}
		}
	}
	if read == 0 {
		tb.Fatalf("read no bytes of %s", path)
	}
}

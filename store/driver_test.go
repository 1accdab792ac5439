package store_test

import (
	"strings"
	"testing"

	"vigil"
	"vigil/store"
	"vigil/store/storetest"
)

// testDriverErrors checks the mapping of real driver errors, by code, for
// the writes the store's own checks would otherwise catch first.
func testDriverErrors(t *testing.T, s *store.Store) {
	ph := func(q string) string {
		if s.Dialect() != store.Postgres {
			return q
		}
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+string(rune('0'+i)), 1)
		}
		return q
	}
	w := storetest.Seed(t, s)
	const now = "2024-05-20T00:00:00.000000Z"

	t.Run("foreign key on insert is EINVALID", func(t *testing.T) {
		_, err := s.DB().Exec(ph(`INSERT INTO claims (sensitivity, sensitivity_rank, created_at, updated_at, source_id, figure_qualifier, best, event)
			VALUES ('public', 0, ?, ?, 999999, 'exact', 1, 'arrest')`), now, now)
		if err == nil {
			t.Fatal("insert with a missing source succeeded")
		}
		mapped := store.MapWriteErr(err, "claim")
		e := storetest.MustCode(t, mapped, vigil.EINVALID, "mapped foreign key error")
		if s.Dialect() == store.Postgres {
			if !strings.Contains(e.Fields["source_id"], "does not exist") {
				t.Fatalf("PostgreSQL FK error mapped to %v, want field source_id", mapped)
			}
		}
	})
	t.Run("unique is ECONFLICT naming the column", func(t *testing.T) {
		ins := ph(`INSERT INTO instruments (sensitivity, sensitivity_rank, created_at, updated_at, code) VALUES ('public', 0, ?, ?, 'cat')`)
		if _, err := s.DB().Exec(ins, now, now); err != nil {
			t.Fatal(err)
		}
		_, err := s.DB().Exec(ins, now, now)
		storetest.MustCode(t, store.MapWriteErr(err, "instrument"), vigil.ECONFLICT, "mapped unique error")
		storetest.MustMessage(t, store.MapWriteErr(err, "instrument"), "code")
	})
	t.Run("foreign key on delete is ECONFLICT", func(t *testing.T) {
		_, err := s.DB().Exec(ph("DELETE FROM sources WHERE id = ?"), w.Release.ID)
		if err == nil {
			t.Fatal("deleting a cited source succeeded")
		}
		storetest.MustCode(t, store.MapDeleteErr(err, "source", w.Release.ID), vigil.ECONFLICT, "mapped delete error")
		storetest.MustMessage(t, store.MapDeleteErr(err, "source", w.Release.ID), "still referenced by")
	})
	t.Run("check constraint is EINVALID", func(t *testing.T) {
		_, err := s.DB().Exec(ph(`INSERT INTO instruments (sensitivity, sensitivity_rank, created_at, updated_at, code) VALUES ('public', 2, ?, ?, 'x')`), now, now)
		storetest.MustCode(t, store.MapWriteErr(err, "instrument"), vigil.EINVALID, "mismatched sensitivity_rank")
	})
}

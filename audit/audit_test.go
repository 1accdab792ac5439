package audit_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/audit"
)

// chain builds n valid entries.
func chain(n int) []vigil.AuditEntry {
	at := time.Date(2024, 5, 20, 9, 30, 0, 123456789, time.UTC)
	var out []vigil.AuditEntry
	prev := ""
	for i := 1; i <= n; i++ {
		e := vigil.AuditEntry{
			Seq: int64(i), At: at.Add(time.Duration(i) * time.Second), Actor: "cli:root", Action: vigil.ActionCreate,
			Entity: "incidents", EntityID: int64(i), Version: 1,
			Data: json.RawMessage(`{"title":{"ko":"강제북송 ` + strings.Repeat("가", i) + `"}}`), PrevHash: prev,
		}
		e.Hash = audit.Hash(prev, e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func TestHash(t *testing.T) {
	e := chain(1)[0]
	t.Run("deterministic hex sha256", func(t *testing.T) {
		h := audit.Hash("", e)
		if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
			t.Fatalf("Hash = %q, want 64 lowercase hex digits", h)
		}
		if audit.Hash("", e) != h {
			t.Fatal("Hash is not deterministic")
		}
	})
	t.Run("ignores stored hash fields", func(t *testing.T) {
		f := e
		f.Hash, f.PrevHash = "x", "y"
		if audit.Hash("", f) != audit.Hash("", e) {
			t.Fatal("Hash depends on e.Hash or e.PrevHash")
		}
	})
	t.Run("sub-microsecond time does not matter", func(t *testing.T) {
		f := e
		f.At = e.At.Truncate(time.Microsecond)
		if audit.Hash("", f) != audit.Hash("", e) {
			t.Fatal("Hash differs below the stored precision")
		}
	})
	// Every field, and the previous hash, changes the hash; moving bytes
	// from one field to the next does too (length prefixes).
	changes := map[string]func(*vigil.AuditEntry){
		"seq":       func(e *vigil.AuditEntry) { e.Seq++ },
		"at":        func(e *vigil.AuditEntry) { e.At = e.At.Add(time.Microsecond) },
		"actor":     func(e *vigil.AuditEntry) { e.Actor += "x" },
		"action":    func(e *vigil.AuditEntry) { e.Action = vigil.ActionDelete },
		"entity":    func(e *vigil.AuditEntry) { e.Entity = "claims" },
		"entity_id": func(e *vigil.AuditEntry) { e.EntityID++ },
		"version":   func(e *vigil.AuditEntry) { e.Version++ },
		"data":      func(e *vigil.AuditEntry) { e.Data = json.RawMessage(`{}`) },
		"shift":     func(e *vigil.AuditEntry) { e.Actor, e.Action = e.Actor+e.Action[:1], e.Action[1:] },
	}
	for name, change := range changes {
		t.Run("covers "+name, func(t *testing.T) {
			f := e
			change(&f)
			if audit.Hash("", f) == audit.Hash("", e) {
				t.Fatalf("changing %s does not change the hash", name)
			}
		})
	}
	t.Run("covers prev hash", func(t *testing.T) {
		if audit.Hash("a", e) == audit.Hash("b", e) {
			t.Fatal("prevHash does not change the hash")
		}
	})
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		mutate func([]vigil.AuditEntry) []vigil.AuditEntry
		broken int64
		reason string
	}{
		{"intact", func(es []vigil.AuditEntry) []vigil.AuditEntry { return es }, 0, ""},
		{"empty", func([]vigil.AuditEntry) []vigil.AuditEntry { return nil }, 0, ""},
		{"altered data", func(es []vigil.AuditEntry) []vigil.AuditEntry {
			es[2].Data = json.RawMessage(`{"title":{"ko":"변조"}}`)
			return es
		}, 3, "hash mismatch at seq 3"},
		{"altered and rehashed", func(es []vigil.AuditEntry) []vigil.AuditEntry {
			es[2].Actor = "mallory"
			es[2].Hash = audit.Hash(es[2].PrevHash, es[2])
			return es
		}, 4, "prev_hash mismatch at seq 4"},
		{"removed entry", func(es []vigil.AuditEntry) []vigil.AuditEntry {
			return slices.Delete(es, 1, 2)
		}, 2, "gap in seq: expected 2, found 3"},
		{"does not start at 1", func(es []vigil.AuditEntry) []vigil.AuditEntry { return es[1:] }, 1, "gap in seq"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := tt.mutate(chain(5))
			broken, reason := audit.Verify(slices.Values(es))
			if broken != tt.broken || !strings.Contains(reason, tt.reason) {
				t.Fatalf("Verify = %d %q, want %d %q", broken, reason, tt.broken, tt.reason)
			}
		})
	}
}

func TestVerifierHead(t *testing.T) {
	es := chain(4)
	tests := []struct {
		name   string
		seq    int64
		hash   string
		broken int64
	}{
		{"matches", 4, es[3].Hash, 0},
		{"entries removed from the end", 6, "whatever", 5},
		{"head behind", 3, es[2].Hash, 4},
		{"hash differs", 4, es[2].Hash, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v audit.Verifier
			for _, e := range es {
				v.Add(e)
			}
			v.Head(tt.seq, tt.hash)
			r := v.Result()
			if r.FirstBroken != tt.broken || r.OK != (tt.broken == 0) || r.Entries != 4 {
				t.Fatalf("Result = %+v, want first broken %d", r, tt.broken)
			}
		})
	}
}

func TestFormatTime(t *testing.T) {
	loc := time.FixedZone("KST", 9*3600)
	got := audit.FormatTime(time.Date(2024, 5, 20, 18, 30, 0, 1500, loc))
	if want := "2024-05-20T09:30:00.000001Z"; got != want {
		t.Fatalf("FormatTime = %q, want %q", got, want)
	}
}

package api_test

import (
	"context"
	"strings"
	"testing"

	"vigil"
)

// TestHiddenFieldsSurviveWrites: a write token with public clearance
// reads sources without their internal notes; a PATCH of the whole
// record it read, or of one field with notes empty, carries them empty,
// and the notes stay as stored, and are not in the answers. (The API has
// no PUT: PATCH with every field is its replacement.)
func TestHiddenFieldsSurviveWrites(t *testing.T) {
	f := mustFixture(t)
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	pubWriter, err := f.st.CreateToken(admin, &vigil.Token{Name: "public writer", Scope: vigil.ScopeWrite, Clearance: vigil.Public})
	if err != nil {
		t.Fatal(err)
	}
	const note = "internal: reached through a relative in Hyesan"
	r := f.do(t, "POST", "/api/v1/sources", f.write, map[string]any{"publisher": "연합뉴스", "language": "ko", "sensitivity": "public", "notes": note})
	var s vigil.Source
	r.json(t, &s)
	path := "/api/v1/sources/" + itoa(s.ID)
	stored := func() *vigil.Source {
		t.Helper()
		got, err := f.st.FindSourceByID(admin, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	var seen map[string]any
	f.do(t, "GET", path, pubWriter, nil).json(t, &seen)
	if seen["notes"] != "" {
		t.Fatalf("the public writer reads notes %v", seen["notes"])
	}
	seen["publisher"] = "Yonhap"
	whole := f.do(t, "PATCH", path, pubWriter, seen)
	if whole.status != 200 || strings.Contains(string(whole.body), "Hyesan") {
		t.Fatalf("PATCH of the whole record: %d %s", whole.status, whole.body)
	}
	if got := stored(); got.Notes != note || got.Publisher != "Yonhap" {
		t.Fatalf("after PATCH of the whole record: notes %q, publisher %q", got.Notes, got.Publisher)
	}

	patch := f.do(t, "PATCH", path, pubWriter, map[string]any{"version": stored().Version, "publisher": "Yonhap News Agency", "notes": ""})
	if patch.status != 200 || strings.Contains(string(patch.body), "Hyesan") {
		t.Fatalf("PATCH: %d %s", patch.status, patch.body)
	}
	if got := stored(); got.Notes != note || got.Publisher != "Yonhap News Agency" {
		t.Fatalf("after PATCH: notes %q, publisher %q", got.Notes, got.Publisher)
	}
}

// TestRefusedDeleteHidesCounts: a delete refused because of references
// the token cannot see says so without counting or naming them.
func TestRefusedDeleteHidesCounts(t *testing.T) {
	f := mustFixture(t)
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	coalWriter, err := f.st.CreateToken(admin, &vigil.Token{Name: "coalition writer", Scope: vigil.ScopeWrite, Clearance: vigil.Coalition})
	if err != nil {
		t.Fatal(err)
	}
	src := &vigil.Source{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.SourceArticle, Publisher: "Relay", Language: "ko", Reliability: "C"}
	if err := f.st.CreateSource(admin, src); err != nil {
		t.Fatal(err)
	}
	c := &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, SourceID: src.ID, Quote: "12명 강제북송", Event: vigil.EventRepatriation, Credibility: 3}
	c.Figure.Text = "12"
	if err := f.st.CreateClaim(admin, c); err != nil {
		t.Fatal(err)
	}
	d := f.do(t, "DELETE", "/api/v1/sources/"+itoa(src.ID)+"?version=1", coalWriter, nil)
	e := d.apiError(t)
	if d.status != 409 || !strings.Contains(e.Message, "records you cannot see") || strings.Contains(e.Message, "claims") || strings.Contains(e.Message, "1 row") {
		t.Fatalf("refused delete: %d %q", d.status, e.Message)
	}
}

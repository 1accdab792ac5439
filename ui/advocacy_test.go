package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"vigil"
)

// draftLetter stores a draft letter and returns a form naming it in
// "link" (the route table's path placeholder) with its version.
func draftLetter(w *workspace, role string) url.Values {
	w.t.Helper()
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Draft by " + role}}
	text := &vigil.LetterVersion{Title: vigil.Names{En: "Letter"}, Body: vigil.Names{Ko: "본문", En: "Text by " + role}}
	if err := w.st.CreateLetter(as(admin), l, text); err != nil {
		w.t.Fatal(err)
	}
	return url.Values{"link": {fmt.Sprint(l.ID)}, "version": {fmt.Sprint(l.Version)}}
}

// frozenLetter stores a frozen letter.
func frozenLetter(w *workspace, role string) *vigil.Letter {
	w.t.Helper()
	v := draftLetter(w, role)
	var id int64
	fmt.Sscan(v.Get("link"), &id)
	l, err := w.st.FreezeLetter(as(admin), id, 1)
	if err != nil {
		w.t.Fatal(err)
	}
	return l
}

// signInvitation makes an individual's invitation to a frozen letter and
// returns the sign form for it.
func signInvitation(w *workspace, role string) url.Values {
	w.t.Helper()
	l := frozenLetter(w, role)
	secret, err := w.st.CreateInvitation(as(admin), &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual})
	if err != nil {
		w.t.Fatal(err)
	}
	return url.Values{"link": {secret}, "name": {"Signer " + role}, "text_hash": {l.TextHash}, "confirm": {"on"}}
}

// withdrawal signs a letter and returns its withdrawal code in "link".
func withdrawal(w *workspace, role string) url.Values {
	w.t.Helper()
	v := signInvitation(w, role)
	_, code, err := w.st.SignLetter(as(anonymous), v.Get("link"), &vigil.SignRequest{Name: "Signer " + role, TextHash: v.Get("text_hash"), Confirm: true})
	if err != nil {
		w.t.Fatal(err)
	}
	return url.Values{"link": {code}, "reason": {"changed my mind"}}
}

// TestSignPagesGiveClearMessages opens and posts the sign-on pages with
// bad links and bad input: each answer says what is wrong.
func TestSignPagesGiveClearMessages(t *testing.T) {
	w := mustWorkspace(t)
	draft := draftLetter(w, "test")
	var draftID int64
	fmt.Sscan(draft.Get("link"), &draftID)
	onDraft, err := w.st.CreateInvitation(as(admin), &vigil.Invitation{LetterID: draftID, Kind: vigil.SignerIndividual})
	if err != nil {
		t.Fatal(err)
	}
	used := signInvitation(w, "used")
	if res, _ := w.do("POST", "/sign/"+used.Get("link"), "", "en", used); res.StatusCode != 200 {
		t.Fatalf("first signature: %d", res.StatusCode)
	}
	cases := []struct {
		name, method, path string
		form               url.Values
		status             int
		want               string
	}{
		{"unknown link", "GET", "/sign/vsi_nothing", nil, 404, "not valid"},
		{"draft letter", "GET", "/sign/" + onDraft, nil, 422, "not frozen"},
		{"reused link", "POST", "/sign/" + used.Get("link"), used, 409, "already been used"},
		{"unknown withdrawal", "GET", "/withdraw/vsw_nothing", nil, 404, "not valid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, doc := w.do(c.method, c.path, "", "en", c.form)
			msg := doc.Find("#sign-error").Text()
			if res.StatusCode != c.status || !strings.Contains(msg, c.want) {
				t.Fatalf("status %d, message %q; want %d, %q", res.StatusCode, msg, c.status, c.want)
			}
		})
	}
	t.Run("missing confirmation", func(t *testing.T) {
		v := signInvitation(w, "unconfirmed")
		v.Del("confirm")
		res, doc := w.do("POST", "/sign/"+v.Get("link"), "", "en", v)
		if res.StatusCode != 400 || doc.Find("#sign-form").Length() != 1 || doc.Find("#name").AttrOr("value", "") != "Signer unconfirmed" {
			t.Fatalf("status %d; the form is not shown again with the input", res.StatusCode)
		}
	})
	t.Run("opening the page signs nothing", func(t *testing.T) {
		v := signInvitation(w, "opened")
		for range 3 {
			w.do("GET", "/sign/"+v.Get("link"), "", "en", nil)
		}
		var id int64
		l, _, _ := w.st.FindLetters(as(admin), vigil.LetterFilter{Page: vigil.Page{Sort: "-id", Limit: 1}})
		id = l[0].ID
		if _, n, _ := w.st.FindSignatures(as(admin), vigil.SignatureFilter{LetterID: &id}); n != 0 {
			t.Fatalf("%d signatures after GETs", n)
		}
	})
}

// TestSignPagesAreRateLimited sends more sign-page requests than the
// limit from one address: the excess get 429 with Retry-After.
func TestSignPagesAreRateLimited(t *testing.T) {
	w := mustWorkspace(t)
	limited := 0
	for range 40 {
		res, _ := w.do("GET", "/sign/vsi_nothing", "", "en", nil)
		if res.StatusCode == http.StatusTooManyRequests {
			limited++
			if res.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		}
	}
	if limited != 10 {
		t.Fatalf("%d of 40 requests limited, want 10", limited)
	}
}

// TestDashboardListsOverdueAsks shows an open ask past its deadline in
// the dashboard's overdue block.
func TestDashboardListsOverdueAsks(t *testing.T) {
	w := mustWorkspace(t)
	a := &vigil.Ask{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: 1, Text: vigil.Names{En: "Answer by June"}, Deadline: "2024-06-01"}
	if err := w.st.CreateAsk(as(admin), a); err != nil {
		t.Fatal(err)
	}
	_, doc := w.do("GET", "/", "", "en", nil)
	items := doc.Find("#overdue-asks li")
	if items.Length() != 1 || !strings.Contains(items.Text(), "Answer by June") {
		t.Fatalf("overdue block: %q", doc.Find("#overdue-asks").Text())
	}
}

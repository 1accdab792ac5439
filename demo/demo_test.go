package demo_test

import (
	"context"
	"testing"

	"vigil"
	"vigil/demo"
	"vigil/store"
)

// TestDemoCampaign loads the demo and checks the seed's campaign: the
// letter's 9 organizational and 2 pseudonymous individual signatories,
// the demonstration, the meeting, the ask's state, the outcome and the
// photographer's credit.
func TestDemoCampaign(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		t.Fatal(err)
	}
	pub := context.Background()
	ls, _, err := st.FindLetters(pub, vigil.LetterFilter{})
	if err != nil || len(ls) != 1 {
		t.Fatalf("letters %d, %v", len(ls), err)
	}
	doc, err := st.LetterDocument(pub, ls[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	orgs, people := 0, 0
	for _, s := range doc.Signatories {
		if s.Kind == vigil.SignerOrganization {
			orgs++
		} else if s.Pseudonymous && (s.Name.Ko == "피해 당사자 A" || s.Name.Ko == "피해 당사자 B") {
			people++
		}
	}
	if orgs != 9 || people != 2 || ls[0].Status != vigil.LetterDelivered {
		t.Fatalf("%d organizations, %d pseudonymous individuals, status %s", orgs, people, ls[0].Status)
	}
	asks, _, _ := st.FindAsks(pub, vigil.AskFilter{})
	outs, _, _ := st.FindOutcomes(pub, vigil.OutcomeFilter{})
	evs, _, _ := st.FindEvents(pub, vigil.EventFilter{Page: vigil.Page{Sort: "date"}})
	if len(asks) != 1 || asks[0].State != vigil.AskRaised || len(outs) != 1 || outs[0].Change.En != "Raised at the 13 May meeting; reply: policy unchanged" {
		t.Fatalf("asks %+v outcomes %+v", asks, outs)
	}
	if len(evs) != 2 || evs[0].Kind != vigil.EventDemonstration || evs[0].Date != "2024-05-09" || evs[1].Date != "2024-05-13" {
		t.Fatalf("events %+v", evs)
	}
	photos, _, _ := st.FindPhotos(admin, vigil.PhotoFilter{})
	if len(photos) != 1 || photos[0].Credit != "Photographs: Bitna Kim (김빛나)" {
		t.Fatalf("photos %+v", photos)
	}
}

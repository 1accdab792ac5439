package storetest

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/figure"
	"vigil/store"
)

// advocacyWorld is a campaign with a target, an ask, two signing
// organizations, a protected person and a source, for the advocacy tests.
type advocacyWorld struct {
	*World
	campaign            *vigil.Campaign
	ask                 *vigil.Ask
	minister, org, org2 *vigil.Actor
	protected           *vigil.Actor
	release             *vigil.Source
}

func seedAdvocacy(t *testing.T, s *store.Store) *advocacyWorld {
	t.Helper()
	w := &advocacyWorld{World: Seed(t, s)}
	ctx := As(Admin)
	w.minister = MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{En: "Cho Tae-yul", Ko: "조태열"}})
	w.org = MustCreate(t, s.CreateActor, NewOrg("Citizens' Alliance of North Korean Human Rights", "북한인권시민연합"))
	w.org2 = MustCreate(t, s.CreateActor, NewOrg("Transitional Justice Working Group", "전환기 정의 워킹그룹"))
	w.protected = MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{En: "Real Name", Ko: "실명"},
		Protected: true, Pseudonym: vigil.Names{En: "Affected individual A", Ko: "피해 당사자 A"}})
	w.release = MustCreate(t, s.CreateSource, NewSource("NKHR", "", "B", "2024-05-13"))
	w.campaign = &vigil.Campaign{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Raise forced repatriation with China", Ko: "강제북송 문제 제기"},
		Goal: vigil.Names{En: "The minister raises forced repatriation in Beijing."}, IncidentIDs: []int64{w.Nanning60.ID},
		Targets: []vigil.CampaignTarget{{ActorID: w.minister.ID}}, Deadline: "2024-05-13"}
	MustOK(t, s.CreateCampaign(ctx, w.campaign), "create campaign")
	w.ask = &vigil.Ask{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: w.campaign.ID, TargetID: &w.minister.ID,
		Text: vigil.Names{En: "Raise forced repatriation at the 13 May meeting"}, Deadline: "2024-05-13"}
	MustOK(t, s.CreateAsk(ctx, w.ask), "create ask")
	return w
}

func letterText(en string) *vigil.LetterVersion {
	return &vigil.LetterVersion{Title: vigil.Names{Ko: "외교부 장관께 드리는 공동 서한", En: "Joint letter to the Minister"},
		Body: vigil.Names{Ko: "탈북 난민 강제송환 금지를 의제로 포함해 주십시오.", En: en}}
}

func testAdvocacy(t *testing.T, open Opener) {
	t.Run("WholeCycle", func(t *testing.T) { testAdvocacyCycle(t, open(t)) })
	t.Run("SignOnAbuse", func(t *testing.T) { testSignOnAbuse(t, open(t)) })
	t.Run("AskStates", func(t *testing.T) { testAskStates(t, open(t)) })
	t.Run("RestrictedIdentity", func(t *testing.T) { testRestrictedIdentity(t, open(t)) })
	t.Run("EventsAndPhotos", func(t *testing.T) { testEventsAndPhotos(t, open(t)) })
	t.Run("Roles", func(t *testing.T) { testAdvocacyRoles(t, open(t)) })
}

// testAdvocacyCycle walks the whole cycle: draft → freeze → invite →
// sign (an organization through its representative, an individual under
// a pseudonym) → withdraw → deliver → record the response → outcome.
func testAdvocacyCycle(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	ctx := As(Editor)
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: &w.campaign.ID, Title: vigil.Names{En: "Joint letter"}}
	MustOK(t, s.CreateLetter(ctx, l, letterText("Please put forced repatriation on the agenda.")), "draft")
	if l.Status != vigil.LetterDraft || l.CurrentVersion != 1 || l.TextHash != "" {
		t.Fatalf("new letter: %+v", l)
	}
	l, err := s.SaveLetterText(ctx, l.ID, l.Version, letterText("Please put the forced repatriation of North Korean refugees on the agenda."))
	MustOK(t, err, "second version")
	MustOK(t, s.AddLetterComment(ctx, &vigil.LetterComment{LetterID: l.ID, Lang: "en", Body: "Name the Nanning arrests."}), "comment")
	l, err = s.FreezeLetter(ctx, l.ID, l.Version)
	MustOK(t, err, "freeze")
	vs, err := s.FindLetterVersions(ctx, l.ID)
	MustOK(t, err, "versions")
	if len(vs) != 2 || l.FrozenVersion != 2 || l.TextHash != vs[1].Hash || l.TextHash != vs[1].TextHash() || len(l.TextHash) != 64 {
		t.Fatalf("frozen letter %+v, versions %d", l, len(vs))
	}

	orgSecret, err := s.CreateInvitation(ctx, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerOrganization, OrganizationID: &w.org.ID, Label: "NKHR office"})
	MustOK(t, err, "invite organization")
	indSecret, err := s.CreateInvitation(ctx, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual, PersonID: &w.protected.ID})
	MustOK(t, err, "invite individual")
	view, err := s.OpenInvitation(As(Anonymous), orgSecret)
	MustOK(t, err, "open invitation")
	if view.Text.Hash != l.TextHash || view.Organization.Ko != "북한인권시민연합" {
		t.Fatalf("invitation view %+v", view)
	}

	orgSig, _, err := s.SignLetter(As(Anonymous), orgSecret, &vigil.SignRequest{RepresentativeName: "Kim Representative", RepresentativeTitle: "Secretary General",
		Authority: "I am authorized by the board to sign for NKHR.", TextHash: view.Text.Hash, Confirm: true})
	MustOK(t, err, "organization signs")
	indSig, code, err := s.SignLetter(As(Anonymous), indSecret, &vigil.SignRequest{Name: "실명", Pseudonymous: true,
		Pseudonym: vigil.Names{Ko: "피해 당사자 A", En: "Affected individual A"}, Contact: "a@example.org", TextHash: l.TextHash, Confirm: true})
	MustOK(t, err, "individual signs under a pseudonym")
	if !strings.HasPrefix(code, "vsw_") {
		t.Fatalf("withdrawal code %q", code)
	}
	MustOK(t, s.VerifyAuthority(ctx, orgSig.ID, orgSig.Version), "verify authority")
	got, err := s.FindSignatureByID(ctx, orgSig.ID)
	MustOK(t, err, "read signature")
	if !got.AuthorityVerified || got.VerifiedBy != Editor.Actor || !got.Current || got.Organization.Ko != "북한인권시민연합" {
		t.Fatalf("verified signature %+v", got)
	}
	l, _ = s.FindLetterByID(ctx, l.ID)
	if l.Signatures != 2 {
		t.Fatalf("letter counts %d signatures, want 2", l.Signatures)
	}

	// A third signer withdraws before delivery.
	sec3, err := s.CreateInvitation(ctx, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerOrganization, OrganizationID: &w.org2.ID})
	MustOK(t, err, "invite second organization")
	_, code3, err := s.SignLetter(As(Anonymous), sec3, &vigil.SignRequest{RepresentativeName: "Lee", RepresentativeTitle: "Director", Authority: "Director", TextHash: l.TextHash, Confirm: true})
	MustOK(t, err, "second organization signs")
	if _, err := s.WithdrawByCode(As(Anonymous), code3, "board decision"); err != nil {
		t.Fatalf("withdraw: %v", err)
	}
	_, err = s.WithdrawByCode(As(Anonymous), code3, "again")
	MustCode(t, err, vigil.ECONFLICT, "withdraw twice")

	doc, err := s.LetterDocument(As(Anonymous), l.ID)
	MustOK(t, err, "document")
	if len(doc.Signatories) != 2 || doc.TextHash != l.TextHash {
		t.Fatalf("document signatories %+v", doc.Signatories)
	}
	if doc.Signatories[0].Name.Ko != "북한인권시민연합" || doc.Signatories[1].Name.Ko != "피해 당사자 A" || !doc.Signatories[1].Pseudonymous {
		t.Fatalf("document names %+v", doc.Signatories)
	}

	d := &vigil.Delivery{Meta: vigil.Meta{Sensitivity: vigil.Public}, LetterID: l.ID, RecipientID: &w.minister.ID, Channel: vigil.ChannelHand, Date: "2024-05-09"}
	MustOK(t, s.CreateDelivery(ctx, d), "deliver")
	if d.TextHash != l.TextHash || d.Signatories != 2 || d.Recipient != "Cho Tae-yul" {
		t.Fatalf("delivery %+v", d)
	}
	l, _ = s.FindLetterByID(ctx, l.ID)
	if l.Status != vigil.LetterDelivered || l.DeliveredAt == nil {
		t.Fatalf("letter after delivery: %+v", l)
	}
	_, err = s.WithdrawByCode(As(Anonymous), code, "too late")
	MustCode(t, err, vigil.EUNPROCESSABLE, "withdraw after delivery")
	_, err = s.SaveLetterText(ctx, l.ID, l.Version, letterText("changed after delivery"))
	MustCode(t, err, vigil.EUNPROCESSABLE, "edit after delivery")
	d.Acknowledged, d.AcknowledgedDate, d.EvidenceSourceID = true, "2024-05-10", &w.release.ID
	MustOK(t, s.UpdateDelivery(ctx, d), "acknowledge delivery")

	ask, err := s.ChangeAskState(ctx, w.ask.ID, w.ask.Version, vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-05-13", SourceID: &w.release.ID, Note: "reply: policy unchanged"})
	MustOK(t, err, "record response")
	hist, err := s.FindAskEvents(ctx, ask.ID)
	MustOK(t, err, "history")
	if ask.State != vigil.AskRaised || len(hist) != 1 || hist[0].From != vigil.AskAwaiting || hist[0].To != vigil.AskRaised {
		t.Fatalf("ask %+v history %+v", ask, hist)
	}
	o := &vigil.Outcome{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: w.campaign.ID, AskID: &ask.ID, ChangedByID: &w.minister.ID,
		Change: vigil.Names{En: "Raised at the 13 May meeting; reply: policy unchanged"},
		Date:   "2024-05-13", Significance: vigil.Names{En: "First ministerial mention."}, Contribution: vigil.Names{En: "Letter and demonstration."}}
	MustField(t, s.CreateOutcome(ctx, o), "source_ids", "at least one source")
	o.SourceIDs = []int64{w.release.ID}
	MustOK(t, s.CreateOutcome(ctx, o), "outcome")

	// The audit chain holds every step and still verifies; no entry
	// carries the pseudonymous signer's real name or contact.
	ver, err := s.VerifyAudit(As(Admin))
	MustOK(t, err, "verify audit")
	if !ver.OK {
		t.Fatalf("audit chain broken: %+v", ver)
	}
	entries, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Entity: "signatures", Page: vigil.Page{Limit: 100}})
	MustOK(t, err, "audit entries")
	if len(entries) == 0 {
		t.Fatal("signatures are not audited")
	}
	for _, e := range entries {
		if strings.Contains(string(e.Data), "실명") || strings.Contains(string(e.Data), "a@example.org") {
			t.Fatalf("audit entry %d holds the restricted identity: %s", e.Seq, e.Data)
		}
	}
	_ = indSig
}

// testSignOnAbuse checks each refusal of the sign-on: unknown, expired
// and used links, a draft letter, a duplicate, a stale page, and that
// re-freezing after an edit needs new signatures.
func testSignOnAbuse(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	ctx := As(Editor)
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Letter"}}
	MustOK(t, s.CreateLetter(ctx, l, letterText("v1")), "draft")
	invite := func(org *vigil.Actor) string {
		t.Helper()
		sec, err := s.CreateInvitation(ctx, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerOrganization, OrganizationID: &org.ID})
		MustOK(t, err, "invite")
		return sec
	}
	req := func(hash string) *vigil.SignRequest {
		return &vigil.SignRequest{RepresentativeName: "Rep", RepresentativeTitle: "Director", Authority: "bylaws art. 5", TextHash: hash, Confirm: true}
	}
	sec := invite(w.org)
	_, _, err := s.SignLetter(As(Anonymous), sec, req("x"))
	e := MustCode(t, err, vigil.EUNPROCESSABLE, "sign a draft")
	MustMessage(t, e, "not frozen")
	_, err = s.OpenInvitation(As(Anonymous), "vsi_nonsense")
	MustMessage(t, MustCode(t, err, vigil.ENOTFOUND, "unknown link"), "not valid")

	l, err = s.FreezeLetter(ctx, l.ID, l.Version)
	MustOK(t, err, "freeze")
	_, _, err = s.SignLetter(As(Anonymous), sec, req("0000"))
	MustMessage(t, MustCode(t, err, vigil.ECONFLICT, "stale page"), "changed since you opened")
	_, _, err = s.SignLetter(As(Anonymous), sec, &vigil.SignRequest{TextHash: l.TextHash})
	MustField(t, err, "representative_name", "required")
	_, _, err = s.SignLetter(As(Anonymous), sec, req(l.TextHash))
	MustOK(t, err, "sign")
	_, _, err = s.SignLetter(As(Anonymous), sec, req(l.TextHash))
	MustMessage(t, MustCode(t, err, vigil.ECONFLICT, "reused link"), "already been used")
	// A second link for the same organization: a duplicate, refused
	// without naming who signed.
	_, _, err = s.SignLetter(As(Anonymous), invite(w.org), req(l.TextHash))
	e = MustCode(t, err, vigil.ECONFLICT, "duplicate")
	if strings.Contains(e.Message, "Rep") || strings.Contains(e.Message, "Alliance") {
		t.Fatalf("duplicate message reveals the signer: %s", e.Message)
	}
	// Individuals: the same name and contact twice is a duplicate.
	ind := func() string {
		sec, err := s.CreateInvitation(ctx, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual})
		MustOK(t, err, "invite individual")
		return sec
	}
	indReq := &vigil.SignRequest{Name: "Hong Gildong", Contact: "h@example.org", TextHash: l.TextHash, Confirm: true}
	_, _, err = s.SignLetter(As(Anonymous), ind(), indReq)
	MustOK(t, err, "individual signs")
	_, _, err = s.SignLetter(As(Anonymous), ind(), &vigil.SignRequest{Name: " hong  GILDONG ", Contact: "H@example.org", TextHash: l.TextHash, Confirm: true})
	MustCode(t, err, vigil.ECONFLICT, "individual duplicate")

	// Expired link.
	exp := invite(w.org2)
	past := time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04:05.000000Z")
	if _, err := s.DB().Exec(fmt.Sprintf("UPDATE invitations SET expires_at = '%s' WHERE id = (SELECT MAX(id) FROM invitations)", past)); err != nil {
		t.Fatal(err)
	}
	_, err = s.OpenInvitation(As(Anonymous), exp)
	MustMessage(t, MustCode(t, err, vigil.EUNPROCESSABLE, "expired link"), "expired on")

	// Nothing a signer sends changes the text; an editor's edit does, and
	// the old signatures stop counting until re-signed.
	before, _ := s.FindLetterByID(ctx, l.ID)
	if before.TextHash != l.TextHash || before.Signatures != 2 {
		t.Fatalf("after signing: hash %s → %s, %d signatures", l.TextHash, before.TextHash, before.Signatures)
	}
	after, err := s.SaveLetterText(ctx, l.ID, before.Version, letterText("v2"))
	MustOK(t, err, "edit frozen letter")
	if after.Status != vigil.LetterDraft || after.TextHash != "" || after.Signatures != 0 {
		t.Fatalf("edited letter %+v", after)
	}
	after, err = s.FreezeLetter(ctx, l.ID, after.Version)
	MustOK(t, err, "refreeze")
	if after.TextHash == l.TextHash || after.Signatures != 0 {
		t.Fatalf("refrozen letter keeps old signatures: %+v", after)
	}
	cur, _, err := s.FindSignatures(ctx, vigil.SignatureFilter{LetterID: &l.ID, CurrentOnly: true})
	MustOK(t, err, "current signatures")
	if len(cur) != 0 {
		t.Fatalf("%d signatures count on the new text", len(cur))
	}
	_, _, err = s.SignLetter(As(Anonymous), invite(w.org), req(after.TextHash))
	MustOK(t, err, "re-sign the new text")
	_, err = s.FreezeLetter(ctx, l.ID, after.Version)
	MustCode(t, err, vigil.ECONFLICT, "freeze twice")
}

func testAskStates(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	ctx := As(Contributor)
	_, err := s.ChangeAskState(ctx, w.ask.ID, w.ask.Version, vigil.AskStateChange{State: vigil.AskAcknowledged, Date: "2024-05-10"})
	MustField(t, err, "source_id", "needs a source")
	_, err = s.ChangeAskState(ctx, w.ask.ID, w.ask.Version, vigil.AskStateChange{State: vigil.AskRaised, SourceID: &w.release.ID})
	MustField(t, err, "date", "required")
	overdue, _, err := s.FindAsks(ctx, vigil.AskFilter{OverdueOn: "2024-05-20"})
	MustOK(t, err, "overdue")
	early, _, _ := s.FindAsks(ctx, vigil.AskFilter{OverdueOn: "2024-05-01"})
	if len(overdue) != 1 || len(early) != 0 || !overdue[0].Overdue("2024-05-20") {
		t.Fatalf("overdue on 20 May: %d, on 1 May: %d", len(overdue), len(early))
	}
	a, err := s.ChangeAskState(ctx, w.ask.ID, w.ask.Version, vigil.AskStateChange{State: vigil.AskNoResponse, Date: "2024-05-20"})
	MustOK(t, err, "no response without a source")
	_, err = s.ChangeAskState(ctx, a.ID, a.Version, vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-05-21", SourceID: &w.release.ID})
	MustField(t, err, "state", "final")
	_, err = s.ChangeAskState(ctx, a.ID, a.Version-1, vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-05-21", SourceID: &w.release.ID})
	MustCode(t, err, vigil.ECONFLICT, "stale version")
	a.State = vigil.AskAwaiting
	MustField(t, s.UpdateAsk(ctx, a), "state", "state change")
	if n, _, _ := s.FindAsks(ctx, vigil.AskFilter{OverdueOn: "2024-05-20"}); len(n) != 0 {
		t.Fatal("a final ask is listed as overdue")
	}
}

func testRestrictedIdentity(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	ctx := As(Editor)
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Letter"}}
	MustOK(t, s.CreateLetter(ctx, l, letterText("text")), "draft")
	l, _ = s.FreezeLetter(ctx, l.ID, l.Version)
	sec, err := s.CreateInvitation(ctx, &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual, PersonID: &w.protected.ID})
	MustOK(t, err, "invite")
	sig, _, err := s.SignLetter(As(Anonymous), sec, &vigil.SignRequest{Name: "김규리", Pseudonymous: true, Pseudonym: vigil.Names{Ko: "피해 당사자 A"}, Contact: "010-0000-0000", TextHash: l.TextHash, Confirm: true})
	MustOK(t, err, "sign")
	_, err = s.CreateInvitation(As(Contributor), &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual, PersonID: &w.protected.ID})
	MustCode(t, err, vigil.EFORBIDDEN, "link a person below restricted clearance")
	for _, c := range []struct {
		name string
		v    vigil.Viewer
		see  bool
	}{{"anonymous", Anonymous, false}, {"coalition member", Member, false}, {"restricted staff", Staff, true}} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.FindSignatureByID(As(c.v), sig.ID)
			MustOK(t, err, "read")
			list, _, err := s.FindSignatures(As(c.v), vigil.SignatureFilter{LetterID: &l.ID})
			MustOK(t, err, "list")
			doc, err := s.LetterDocument(As(c.v), l.ID)
			MustOK(t, err, "document")
			if got.DisplayName.Ko != "피해 당사자 A" || len(list) != 1 || doc.Signatories[0].Name.Ko != "피해 당사자 A" {
				t.Fatalf("display %+v", got.DisplayName)
			}
			seen := got.RealName == "김규리" && got.Contact != "" && got.PersonID != nil && list[0].RealName == "김규리"
			if seen != c.see || (!c.see && (got.RealName != "" || got.Contact != "" || got.PersonID != nil || list[0].RealName != "")) {
				t.Fatalf("restricted identity seen=%v: %+v", seen, got)
			}
			if strings.Contains(fmt.Sprint(doc), "김규리") {
				t.Fatal("the public document holds the real name")
			}
		})
	}
}

func testEventsAndPhotos(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	ctx := As(Contributor)
	e := &vigil.Event{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: &w.campaign.ID, Kind: vigil.EventDemonstration, Title: vigil.Names{En: "Demonstration at MOFA"},
		Date: "2024-05-09", OrganizerIDs: []int64{w.org.ID, w.org2.ID}, Participants: figure.Figure{Text: "about 30"}}
	MustCode(t, s.CreateEvent(ctx, e), vigil.EFORBIDDEN, "a contributor creates a public event")
	MustOK(t, s.CreateEvent(As(Editor), e), "event")
	got, err := s.FindEventByID(As(Anonymous), e.ID)
	MustOK(t, err, "read event")
	if got.ParticipantsInterval == nil || got.ParticipantsInterval.Best != 30 || got.Participants.Qualifier != figure.Approx {
		t.Fatalf("participants %+v %+v", got.Participants, got.ParticipantsInterval)
	}
	bad := &vigil.Event{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.EventDemonstration, Title: vigil.Names{En: "x"}, Date: "2024-05-09", Participants: figure.Figure{Text: "lots of people"}}
	MustField(t, s.CreateEvent(ctx, bad), "participants", "")

	jpg := TinyJPEGWithGPS(t)
	ph := &vigil.Photo{Meta: vigil.Meta{Sensitivity: vigil.Public}, EventID: e.ID, Credit: "Bitna Kim", Consent: vigil.ConsentObtained}
	MustField(t, s.CreatePhoto(ctx, ph, jpg), "sensitivity", "risk check")
	ph.Sensitivity = vigil.Coalition
	MustOK(t, s.CreatePhoto(ctx, ph, jpg), "upload photo")
	data, ct, err := s.PhotoImage(ctx, ph.ID)
	MustOK(t, err, "image")
	if ct != "image/jpeg" || len(data) == 0 || strings.Contains(string(data), "Exif") || strings.Contains(string(data), "GPS") {
		t.Fatalf("stored image (%s, %d bytes) still has metadata", ct, len(data))
	}
	_, err = s.FindPhotoByID(As(Anonymous), ph.ID)
	MustCode(t, err, vigil.ENOTFOUND, "coalition photo for the public")
	ph.RiskCheck = vigil.RiskCleared
	MustCode(t, s.UpdatePhoto(ctx, ph), vigil.EFORBIDDEN, "contributor clears the risk check")
	ph.Sensitivity = vigil.Public
	MustOK(t, s.UpdatePhoto(As(Editor), ph), "editor clears and publishes")
	pub, err := s.FindPhotoByID(As(Anonymous), ph.ID)
	MustOK(t, err, "public photo")
	if pub.CheckedBy != "" || pub.Credit != "Bitna Kim" {
		t.Fatalf("public photo %+v", pub)
	}
	MustField(t, s.CreatePhoto(ctx, &vigil.Photo{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, EventID: e.ID, Credit: "x"}, []byte("not an image")), "image", "JPEG or PNG")
}

func testAdvocacyRoles(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Title: vigil.Names{En: "Coalition letter"}}
	MustCode(t, s.CreateLetter(As(Member), l, letterText("x")), vigil.EFORBIDDEN, "viewer drafts")
	MustOK(t, s.CreateLetter(As(Contributor), l, letterText("x")), "contributor drafts")
	_, err := s.FreezeLetter(As(Contributor), l.ID, l.Version)
	MustCode(t, err, vigil.EFORBIDDEN, "contributor freezes")
	_, err = s.FindLetterByID(As(Anonymous), l.ID)
	MustCode(t, err, vigil.ENOTFOUND, "coalition letter for the public")
	cs, err := s.FindLetterComments(As(Anonymous), w.ask.ID)
	if err == nil && len(cs) > 0 {
		t.Fatal("comments leak to anonymous readers")
	}
	secret := &vigil.Campaign{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Title: vigil.Names{En: "Quiet campaign"}}
	MustOK(t, s.CreateCampaign(As(Admin), secret), "restricted campaign")
	a := &vigil.Ask{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: secret.ID, Text: vigil.Names{En: "ask"}}
	MustOK(t, s.CreateAsk(As(Admin), a), "ask of a restricted campaign")
	_, err = s.FindAskByID(As(Member), a.ID)
	MustCode(t, err, vigil.ENOTFOUND, "a public ask of a restricted campaign")
}

// TinyJPEGWithGPS returns a small JPEG carrying an APP1 EXIF segment
// whose text names a GPS position, as a phone camera's would.
func TinyJPEGWithGPS(tb testing.TB) []byte {
	tb.Helper()
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		tb.Fatal(err)
	}
	payload := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPSLatitude 37.5735 GPSLongitude 126.9758")
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	b := plain.Bytes()
	out := append(append([]byte{}, b[:2]...), seg...)
	out = append(out, b[2:]...)
	if !bytes.Contains(out, []byte("GPS")) {
		tb.Fatal("sample image lacks its GPS marker")
	}
	return out
}

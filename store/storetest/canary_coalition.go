package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/figure"
	"vigil/store"
)

// PlantCoalitionCanaries creates, as an admin, records that only readers
// with coalition clearance may read, with a canary in each of their
// fields: coalition records of every kind PlantCanaries makes restricted
// (so that every column a restricted record seals holds a coalition
// canary too), and the internal fields of public records, which readers
// below coalition clearance do not get (notes, a photo's risk note and
// who checked it, a published report photo's consent note, comments on a
// letter, who wrote a letter's version). They hang from the
// public records of c (PlantCanaries), so that a crawl from public pages
// reaches them. A contributor must find every one of them (except Never)
// and a public reader none; a crawler that proves both reaches the data.
func PlantCoalitionCanaries(tb testing.TB, svc vigil.Service, c *Canaries) *Canaries {
	tb.Helper()
	ctx := As(Admin)
	k := &Canaries{Fields: map[string][]string{}, PublicIncident: c.PublicIncident, OtherPublicIncident: c.OtherPublicIncident,
		PublicOrg: c.PublicOrg, PublicPerson: c.PublicPerson}
	must := func(what string, err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("plant coalition canaries: %s: %v", what, err)
		}
	}
	co := vigil.Meta{Sensitivity: vigil.Coalition}
	pub := vigil.Meta{Sensitivity: vigil.Public}

	org := &vigil.Actor{Meta: co, Kind: vigil.ActorOrganization, Classification: "ngo", Name: k.names(tb, "actors", "name"),
		OtherNames:  []vigil.OtherName{{Name: k.plant(tb, "actors.other_names"), Lang: "en"}},
		Identifiers: []vigil.Identifier{{Scheme: "registry", Identifier: k.plant(tb, "actors.identifiers")}},
		URL:         k.plantURL(tb, "actors.url"), Notes: k.plant(tb, "actors.notes")}
	must("coalition organization", svc.CreateActor(ctx, org))
	src := &vigil.Source{Meta: co, Kind: vigil.SourceTestimony, Publisher: k.plant(tb, "sources.publisher"), Language: "en",
		Title: k.names(tb, "sources", "title"), URL: k.plantURL(tb, "sources.url"), Published: "2024-05-03", Reliability: "B",
		RelayedFrom: k.plant(tb, "sources.relayed_from"), Notes: k.plant(tb, "sources.notes")}
	must("coalition source", svc.CreateSource(ctx, src))
	place := &vigil.Place{Meta: co, Kind: vigil.PlaceFacility, Names: k.names(tb, "places", "name"),
		Variants: []string{k.plant(tb, "places.variants")}, Lat: k.plantCoord(tb, 42), Lon: k.plantCoord(tb, 129)}
	if pl, err := svc.FindIncidentByID(ctx, c.PublicIncident); err == nil && pl.PlaceID != nil {
		place.ParentID = pl.PlaceID
	}
	must("coalition place", svc.CreatePlace(ctx, place))
	claim := &vigil.Claim{Meta: co, SourceID: src.ID, IncidentID: &c.PublicIncident, Quote: k.plant(tb, "claims.quote"),
		Figure: figure.Figure{Text: "about 40"}, Event: vigil.EventRepatriation, Date: "2024-04-21", PlaceID: &place.ID,
		PlaceText: k.plant(tb, "claims.place_text"), Credibility: 2, Notes: k.plant(tb, "claims.notes")}
	must("coalition claim", svc.CreateClaim(ctx, claim))
	inc := &vigil.Incident{Meta: co, Title: k.names(tb, "incidents", "title"), Summary: k.names(tb, "incidents", "summary"),
		Event: vigil.EventDetention, Date: "2024-04-22", DateBasis: vigil.BasisEditor, DateRationale: k.plant(tb, "incidents.date_rationale"),
		PlaceID: &place.ID, PerpetratorID: &org.ID, VictimGroup: k.plant(tb, "incidents.victim_group"),
		Override:           &vigil.FigureOverride{Best: 12, Rationale: k.plant(tb, "incidents.override_rationale")},
		ConflictResolution: k.plant(tb, "incidents.conflict_resolution")}
	must("coalition incident", svc.CreateIncident(ctx, inc))
	k.Fields["incidents.figure_rationale"] = k.Fields["incidents.override_rationale"]
	must("coalition link", svc.CreateLink(ctx, &vigil.IncidentLink{Meta: co, FromID: inc.ID, ToID: c.PublicIncident,
		Kind: vigil.LinkSameCohort, Note: k.plant(tb, "incident_links.note")}))
	post := &vigil.Post{Meta: co, OrganizationID: c.PublicOrg, Label: k.names(tb, "posts", "label")}
	must("coalition post", svc.CreatePost(ctx, post))
	must("coalition membership", svc.CreateMembership(ctx, &vigil.Membership{Meta: co, PersonID: c.PublicPerson, OrganizationID: c.PublicOrg,
		PostID: &post.ID, Role: k.names(tb, "memberships", "role"), StartDate: "2022"}))
	instr := &vigil.Instrument{Meta: co, Code: "canary-coalition", Name: k.names(tb, "instruments", "name"), URL: k.plantURL(tb, "instruments.url")}
	must("coalition instrument", svc.CreateInstrument(ctx, instr))
	prov := &vigil.LegalProvision{Meta: co, InstrumentID: instr.ID, Article: "2", Title: k.names(tb, "provisions", "title"),
		Summary: k.names(tb, "provisions", "summary")}
	must("coalition provision", svc.CreateProvision(ctx, prov))
	must("coalition state party", svc.CreateStateParty(ctx, &vigil.StateParty{Meta: co, InstrumentID: instr.ID, CountryCode: "CN",
		Action: vigil.ActionAccession, Date: "1991", Reservations: k.plant(tb, "state_parties.reservations")}))
	must("coalition violation", svc.CreateViolation(ctx, &vigil.Violation{Meta: co, IncidentID: c.PublicIncident, ProvisionID: prov.ID,
		CountryCode: "CN", Analysis: k.names(tb, "violations", "analysis")}))

	// Internal fields of public records.
	psrc := NewSource("Canary Weekly", "", "C", "2024-05-04")
	psrc.Notes = k.plant(tb, "public sources.notes")
	must("public source with notes", svc.CreateSource(ctx, psrc))
	pclaim := &vigil.Claim{Meta: pub, SourceID: psrc.ID, IncidentID: &c.OtherPublicIncident, Quote: "about 30 held",
		Figure: figure.Figure{Text: "about 30"}, Event: vigil.EventDetention, Date: "2024-04-23", Credibility: 3,
		Notes: k.plant(tb, "public claims.notes")}
	must("public claim with notes", svc.CreateClaim(ctx, pclaim))
	porg := NewOrg("Canary Relief", "카나리아 구호")
	porg.Notes = k.plant(tb, "public actors.notes")
	must("public organization with notes", svc.CreateActor(ctx, porg))

	if adv, ok := svc.(vigil.AdvocacyService); ok {
		k.plantAdvocacy(tb, adv, src.ID, vigil.Coalition, must)
		k.plantPublicAdvocacy(tb, adv, must)
	}
	if rs, ok := svc.(vigil.ReportService); ok {
		k.plantReport(tb, rs, vigil.Coalition, must)
		// A published report's photo: how consent was given is internal.
		img, err := rs.PutImage(ctx, "image/png", MustPNG(tb, 11))
		must("image", err)
		r := NewReport("canary-consent", "en", "Canary report", "A note.\n\n{{photo 1}}")
		r.Status = vigil.ReportPublished
		r.Photos = []vigil.ReportPhoto{{Image: img.SHA256, Caption: "Banners", Alt: "banners", Credit: "Canary photo desk", Consent: true,
			ConsentNote: k.plant(tb, "public reports.photos consent_note")}}
		must("published report", rs.CreateReport(ctx, r))
	}
	if mon, ok := svc.(vigil.MonitorService); ok {
		must("coalition snapshot", mon.CreateSnapshot(ctx, &vigil.Snapshot{Meta: co, SourceID: &src.ID, URL: k.plantURL(tb, "snapshots.url"),
			FinalURL: k.plantURL(tb, "snapshots.final_url"), Status: 200, Headers: []vigil.Header{{Name: "Link", Value: k.plant(tb, "snapshots.headers")}},
			RetrievedAt: time.Now().UTC(), SHA256: strings.Repeat("b", 64), Size: 100, ContentType: "text/html",
			Title: k.plant(tb, "snapshots.title"), Text: k.plant(tb, "snapshots.text"), Blob: strings.Repeat("a", 64), BlobKey: k.plant(tb, "snapshots.blob_key")}))
		k.Never = append(k.Never, k.Fields["snapshots.blob_key"]...)
	}
	slices.Sort(k.Strings)
	return k
}

// plantPublicAdvocacy puts coalition canaries in the internal fields of
// public advocacy records: a public campaign's notes, a public event's
// notes and its photo's risk note, a comment on a public letter, a public
// delivery's notes.
func (k *Canaries) plantPublicAdvocacy(tb testing.TB, adv vigil.AdvocacyService, must func(string, error)) {
	tb.Helper()
	ctx := As(Admin)
	pub := vigil.Meta{Sensitivity: vigil.Public}
	// A staff member whose name is a canary checks the public photo and
	// writes the public letter: who did it is internal too (the photo's
	// checked_by, the letter version's author).
	staff := canaryToken(tb)
	k.Strings = append(k.Strings, staff)
	k.Fields["staff name (photos.checked_by, letter_versions.author)"] = []string{staff}
	sctx := As(vigil.Viewer{Actor: staff, Role: vigil.RoleEditor, Clearance: vigil.Restricted})
	camp := &vigil.Campaign{Meta: pub, Title: vigil.Names{En: "Canary public campaign"}, Notes: k.plant(tb, "public campaigns.notes")}
	must("public campaign", adv.CreateCampaign(ctx, camp))
	ev := &vigil.Event{Meta: pub, CampaignID: &camp.ID, Kind: vigil.EventDemonstration, Title: vigil.Names{En: "Canary vigil"},
		Date: "2024-05-09", Participants: figure.Figure{Text: "40"}, Notes: k.plant(tb, "public events.notes")}
	must("public event", adv.CreateEvent(ctx, ev))
	ph := &vigil.Photo{Meta: pub, EventID: ev.ID, Caption: vigil.Names{En: "Banners"}, Credit: "Canary photo desk",
		Consent: vigil.ConsentNotNeeded, RiskCheck: vigil.RiskCleared, RiskNote: k.plant(tb, "public photos.risk_note")}
	must("public photo", adv.CreatePhoto(sctx, ph, TinyJPEGWithGPS(tb)))
	if stored, err := adv.FindPhotoByID(ctx, ph.ID); err == nil {
		k.Never = append(k.Never, strings.ToLower(stored.DataKey))
		k.Strings = append(k.Strings, strings.ToLower(stored.DataKey))
	}
	l := &vigil.Letter{Meta: pub, CampaignID: &camp.ID, Title: vigil.Names{En: "Canary public letter"}}
	must("public letter", adv.CreateLetter(sctx, l, &vigil.LetterVersion{Title: vigil.Names{En: "Canary public letter"}, Body: vigil.Names{En: "We ask."}}))
	must("comment on a public letter", adv.AddLetterComment(ctx, &vigil.LetterComment{LetterID: l.ID, Body: k.plant(tb, "public letter_comments.body")}))
	l, err := adv.FreezeLetter(ctx, l.ID, l.Version)
	must("freeze public letter", err)
	must("public delivery", adv.CreateDelivery(ctx, &vigil.Delivery{Meta: pub, LetterID: l.ID, Recipient: "Ministry of Foreign Affairs",
		Channel: vigil.ChannelHand, Date: "2024-05-13", Notes: k.plant(tb, "public deliveries.notes")}))
}

// coalitionColumns lists the columns that must hold a coalition canary:
// every column a restricted record (or a restricted parent) seals, except
// the keys that never leave the server.
func coalitionColumns() []string {
	var out []string
	for _, f := range store.SealedFields() {
		key := f.Table + "." + f.Column
		if !strings.Contains(f.When, "restricted") || key == "snapshots.blob_key" || key == "photos.data_key" {
			continue
		}
		out = append(out, key)
	}
	return out
}

// MustCoverCoalition fails unless k has a canary in every column of
// coalitionColumns.
func MustCoverCoalition(tb testing.TB, k *Canaries) {
	tb.Helper()
	for _, col := range coalitionColumns() {
		if len(k.Fields[col]) == 0 {
			tb.Errorf("no coalition canary in %s: PlantCoalitionCanaries must plant every column a restricted record seals", col)
		}
	}
}

package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/auth"
	"vigil/figure"
)

// Canaries are unique strings planted in every restricted field of a
// store by PlantCanaries. None may ever reach a reader below restricted
// clearance (a page, an API response, an export, a feed), nor the
// database at rest (sealed fields hold ciphertext only). Tests that crawl
// the web UI or the API as anonymous, coalition or contributor viewers
// check every response body with Find.
//
// A canary is "<token> 카나리아", its token "cnry" and 12 random lowercase
// hex digits. Search for the token: it survives HTML, JSON and URL
// escaping, lower-casing and word segmentation (a search index splitting
// words keeps it whole). URLs are "https://example.org/<token>".
// Coordinates of the restricted place are random 7-decimal numbers,
// listed in Strings as written ("41.8394021").
type Canaries struct {
	// Strings lists every planted value to search for: the tokens and
	// the coordinates.
	Strings []string
	// Fields maps "table.column" to the canaries planted in it.
	Fields map[string][]string
	// Never lists the canaries no response carries, whoever asks:
	// second-factor secrets and the keys of images and archived pages.
	Never []string

	// The public records the restricted ones hang from, where a crawler
	// starting from public pages finds them: a public incident with a
	// restricted claim (from a restricted source), a restricted link to
	// another public incident, a restricted violation and a restricted
	// place; a public organization with a restricted post and a public
	// person with a restricted membership in it.
	PublicIncident, OtherPublicIncident, PublicOrg, PublicPerson int64
	// The records holding canaries.
	ProtectedPublic, ProtectedCoalition, RestrictedActor  int64
	RestrictedSource, RestrictedClaim, RestrictedIncident int64
	RestrictedLink, RestrictedPlace, RestrictedPost       int64
	RestrictedMembership, RestrictedViolation             int64
	// Advocacy, monitoring and accounts, planted when the service offers
	// them (a *store.Store does): a signature of a letter by a protected
	// person through an invitation linked to them, a restricted snapshot
	// of the restricted source, and two accounts with second factors.
	Letter, Invitation, Signature, RestrictedSnapshot int64
	// TOTPUser has a confirmed second factor; PendingUser one being set
	// up. Their secrets are canaries too (lower-cased base32).
	TOTPUser, PendingUser int64
	// TOTPEmail and TOTPSecret sign TOTPUser in (password: Password).
	TOTPEmail, TOTPSecret string
	// Advocacy holds the restricted advocacy records and report.
	Advocacy AdvocacyCanaries
	// Pseudonym is the public name of ProtectedPublic (no canary: it is
	// meant to be shown).
	Pseudonym vigil.Names
}

// Find returns the canaries that occur in text, case-insensitively.
func (c *Canaries) Find(text string) []string {
	low := strings.ToLower(text)
	var out []string
	for _, s := range c.Strings {
		if strings.Contains(low, s) {
			out = append(out, s)
		}
	}
	return out
}

// canaryToken returns a fresh "cnry" + 12 hex digits.
func canaryToken(tb testing.TB) string {
	tb.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	return "cnry" + hex.EncodeToString(b[:])
}

// plant makes a canary for table.column and records it.
func (c *Canaries) plant(tb testing.TB, field string) string {
	tok := canaryToken(tb)
	c.Strings = append(c.Strings, tok)
	c.Fields[field] = append(c.Fields[field], tok)
	return tok + " 카나리아"
}

// plantURL makes a canary URL for table.column.
func (c *Canaries) plantURL(tb testing.TB, field string) string {
	tok := canaryToken(tb)
	c.Strings = append(c.Strings, tok)
	c.Fields[field] = append(c.Fields[field], tok)
	return "https://example.org/" + tok
}

// plantCoord makes a random coordinate in [lo, lo+1) with 7 decimals.
func (c *Canaries) plantCoord(tb testing.TB, lo int) *float64 {
	n, err := rand.Int(rand.Reader, big.NewInt(9_000_000))
	if err != nil {
		tb.Fatal(err)
	}
	s := fmt.Sprintf("%d.%07d", lo, 1_000_000+n.Int64())
	f, _ := strconv.ParseFloat(s, 64)
	s = strconv.FormatFloat(f, 'f', -1, 64)
	c.Strings = append(c.Strings, s)
	c.Fields["places.coords"] = append(c.Fields["places.coords"], s)
	return &f
}

func (c *Canaries) names(tb testing.TB, table, prefix string) vigil.Names {
	return vigil.Names{
		Ko: c.plant(tb, table+"."+prefix+"_ko"),
		En: c.plant(tb, table+"."+prefix+"_en"),
		Zh: c.plant(tb, table+"."+prefix+"_zh"),
	}
}

// PlantCanaries creates, as an admin with restricted clearance, records
// with a canary in every field the store seals (store.SealedFields):
// protected persons (public and coalition), a restricted actor, source,
// claim, incident, link, place, post, membership and violation, hung
// from public records so that public pages lead to them. It returns the
// canaries; the storetest Seal group checks that they cover every sealed
// field, so a new sealed column must get a canary here.
func PlantCanaries(tb testing.TB, svc vigil.Service) *Canaries {
	tb.Helper()
	ctx := As(Admin)
	c := &Canaries{Fields: map[string][]string{}}
	must := func(what string, err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("plant canaries: %s: %v", what, err)
		}
	}
	pub := vigil.Meta{Sensitivity: vigil.Public}
	res := vigil.Meta{Sensitivity: vigil.Restricted}

	// Public records to hang the restricted ones from.
	org := NewOrg("Canary Watch", "카나리아 감시")
	must("public organization", svc.CreateActor(ctx, org))
	person := &vigil.Actor{Meta: pub, Kind: vigil.ActorPerson, Classification: "researcher", Name: vigil.Names{En: "Public Researcher", Ko: "공개 연구자"}}
	must("public person", svc.CreateActor(ctx, person))
	place := NewPlace(vigil.PlaceCity, "Canary City", "카나리아시", nil)
	must("public place", svc.CreatePlace(ctx, place))
	src := NewSource("Canary Daily", "", "B", "2024-05-01")
	must("public source", svc.CreateSource(ctx, src))
	inc := NewIncident("카나리아 공개 사건", vigil.EventRepatriation, place)
	must("public incident", svc.CreateIncident(ctx, inc))
	other := NewIncident("카나리아 공개 후속 사건", vigil.EventDetention, place)
	must("other public incident", svc.CreateIncident(ctx, other))
	must("public claim", svc.CreateClaim(ctx, NewClaim(src, inc, "about 30", vigil.EventRepatriation, "2024-04-20")))
	instr := &vigil.Instrument{Meta: pub, Code: "canary-convention", Name: vigil.Names{En: "Canary Convention"}}
	must("instrument", svc.CreateInstrument(ctx, instr))
	prov := &vigil.LegalProvision{Meta: pub, InstrumentID: instr.ID, Article: "1", Title: vigil.Names{En: "Article 1"}}
	must("provision", svc.CreateProvision(ctx, prov))
	c.PublicIncident, c.OtherPublicIncident, c.PublicOrg, c.PublicPerson = inc.ID, other.ID, org.ID, person.ID

	// Protected persons: public and coalition records shown under their
	// pseudonyms, and a restricted actor.
	c.Pseudonym = vigil.Names{Ko: "카나리아 당사자 A", En: "Canary person A"}
	for _, sens := range []vigil.Sensitivity{vigil.Public, vigil.Coalition, vigil.Restricted} {
		a := &vigil.Actor{Meta: vigil.Meta{Sensitivity: sens}, Kind: vigil.ActorPerson, Classification: "affected",
			Name:        c.names(tb, "actors", "name"),
			OtherNames:  []vigil.OtherName{{Name: c.plant(tb, "actors.other_names"), Lang: "ko", Note: c.plant(tb, "actors.other_names")}},
			Identifiers: []vigil.Identifier{{Scheme: "passport", Identifier: c.plant(tb, "actors.identifiers")}},
			URL:         c.plantURL(tb, "actors.url"), Notes: c.plant(tb, "actors.notes"),
			Protected: sens != vigil.Restricted, Pseudonym: c.Pseudonym}
		if sens == vigil.Restricted {
			a.Pseudonym = vigil.Names{}
		}
		must("actor ("+string(sens)+")", svc.CreateActor(ctx, a))
		switch sens {
		case vigil.Public:
			c.ProtectedPublic = a.ID
		case vigil.Coalition:
			c.ProtectedCoalition = a.ID
		default:
			c.RestrictedActor = a.ID
		}
	}

	rsrc := &vigil.Source{Meta: res, Kind: vigil.SourceTestimony, Publisher: "Canary interviews", Language: "ko",
		Title: c.names(tb, "sources", "title"), URL: c.plantURL(tb, "sources.url"), Published: "2024-05-02",
		Reliability: "C", RelayedFrom: c.plant(tb, "sources.relayed_from"), Notes: c.plant(tb, "sources.notes")}
	must("restricted source", svc.CreateSource(ctx, rsrc))
	claim := &vigil.Claim{Meta: res, SourceID: rsrc.ID, IncidentID: &inc.ID, Quote: c.plant(tb, "claims.quote"),
		Figure: figure.Figure{Text: "7"}, Event: vigil.EventRepatriation, Date: "2024-04-20",
		PlaceText: c.plant(tb, "claims.place_text"), Credibility: 3, Notes: c.plant(tb, "claims.notes")}
	must("restricted claim", svc.CreateClaim(ctx, claim))

	rplace := &vigil.Place{Meta: res, Kind: vigil.PlaceFacility, Names: c.names(tb, "places", "name"),
		Variants: []string{c.plant(tb, "places.variants")}, ParentID: &place.ID,
		Lat: c.plantCoord(tb, 41), Lon: c.plantCoord(tb, 128)}
	must("restricted place", svc.CreatePlace(ctx, rplace))
	// A public incident may point at a restricted place; the place's
	// names must not show with it.
	inc.Places = []vigil.IncidentPlace{{PlaceID: rplace.ID, Role: vigil.RoleOrigin}}
	must("public incident at a restricted place", svc.UpdateIncident(ctx, inc))

	rinc := &vigil.Incident{Meta: res, Title: c.names(tb, "incidents", "title"), Summary: c.names(tb, "incidents", "summary"),
		Event: vigil.EventArrest, Date: "2024-04-19", DateBasis: vigil.BasisEditor, DateRationale: c.plant(tb, "incidents.date_rationale"),
		PlaceID: &rplace.ID, VictimGroup: c.plant(tb, "incidents.victim_group"),
		Override:           &vigil.FigureOverride{Best: 4, Rationale: c.plant(tb, "incidents.override_rationale")},
		ConflictResolution: c.plant(tb, "incidents.conflict_resolution")}
	must("restricted incident", svc.CreateIncident(ctx, rinc))
	// The derived figure rationale repeats the override's.
	c.Fields["incidents.figure_rationale"] = c.Fields["incidents.override_rationale"]
	link := &vigil.IncidentLink{Meta: res, FromID: other.ID, ToID: inc.ID, Kind: vigil.LinkFollowUpOf, Note: c.plant(tb, "incident_links.note")}
	must("restricted link", svc.CreateLink(ctx, link))
	post := &vigil.Post{Meta: res, OrganizationID: org.ID, Label: c.names(tb, "posts", "label")}
	must("restricted post", svc.CreatePost(ctx, post))
	mem := &vigil.Membership{Meta: res, PersonID: person.ID, OrganizationID: org.ID, PostID: &post.ID, Role: c.names(tb, "memberships", "role"), StartDate: "2023"}
	must("restricted membership", svc.CreateMembership(ctx, mem))
	vio := &vigil.Violation{Meta: res, IncidentID: inc.ID, ProvisionID: prov.ID, CountryCode: "CN", Analysis: c.names(tb, "violations", "analysis")}
	must("restricted violation", svc.CreateViolation(ctx, vio))

	c.RestrictedSource, c.RestrictedClaim, c.RestrictedIncident = rsrc.ID, claim.ID, rinc.ID
	c.RestrictedLink, c.RestrictedPlace, c.RestrictedPost = link.ID, rplace.ID, post.ID
	c.RestrictedMembership, c.RestrictedViolation = mem.ID, vio.ID

	if adv, ok := svc.(vigil.AdvocacyService); ok {
		c.plantSignature(tb, adv, must)
		c.plantAdvocacy(tb, adv, rsrc.ID, vigil.Restricted, must)
	}
	if rs, ok := svc.(vigil.ReportService); ok {
		c.plantReport(tb, rs, vigil.Restricted, must)
	}
	if mon, ok := svc.(vigil.MonitorService); ok {
		sn := &vigil.Snapshot{Meta: res, SourceID: &rsrc.ID, URL: c.plantURL(tb, "snapshots.url"), FinalURL: c.plantURL(tb, "snapshots.final_url"),
			Status: 200, Headers: []vigil.Header{{Name: "Link", Value: c.plant(tb, "snapshots.headers")}}, RetrievedAt: time.Now().UTC(),
			SHA256: strings.Repeat("c", 64), Size: 100, ContentType: "text/html", Title: c.plant(tb, "snapshots.title"), Text: c.plant(tb, "snapshots.text"),
			Blob: strings.Repeat("d", 64), BlobKey: c.plant(tb, "snapshots.blob_key")}
		must("restricted snapshot", mon.CreateSnapshot(ctx, sn))
		c.RestrictedSnapshot = sn.ID
		c.Never = append(c.Never, c.Fields["snapshots.blob_key"]...)
	}
	if acc, ok := svc.(accountService); ok {
		c.plantTOTP(tb, acc, must)
	}
	slices.Sort(c.Strings)
	return c
}

// plantSignature signs a public letter as a protected person, under a
// pseudonym, through an invitation linked to them.
func (c *Canaries) plantSignature(tb testing.TB, adv vigil.AdvocacyService, must func(string, error)) {
	tb.Helper()
	ctx := As(Admin)
	l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Canary letter"}}
	must("letter", adv.CreateLetter(ctx, l, &vigil.LetterVersion{Title: vigil.Names{En: "Canary letter"}, Body: vigil.Names{En: "We ask the minister to act."}}))
	l, err := adv.FreezeLetter(ctx, l.ID, l.Version)
	must("freeze letter", err)
	// The person links are ids, not searchable text: Fields records them
	// for the coverage check, and the Seal group checks them by id.
	person := strconv.FormatInt(c.ProtectedPublic, 10)
	c.Fields["invitations.person"] = append(c.Fields["invitations.person"], person)
	c.Fields["signatures.restricted_person"] = append(c.Fields["signatures.restricted_person"], person)
	in := &vigil.Invitation{LetterID: l.ID, Kind: vigil.SignerIndividual, PersonID: &c.ProtectedPublic, Label: c.plant(tb, "invitations.label")}
	secret, err := adv.CreateInvitation(ctx, in)
	must("invitation", err)
	sig, _, err := adv.SignLetter(As(Anonymous), secret, &vigil.SignRequest{Name: c.plant(tb, "signatures.restricted_real_name"),
		Pseudonymous: true, Pseudonym: c.Pseudonym, Contact: c.plant(tb, "signatures.restricted_contact"), TextHash: l.TextHash, Confirm: true})
	must("signature", err)
	c.Letter, c.Invitation, c.Signature = l.ID, in.ID, sig.ID
}

// accountService is what PlantCanaries needs of a service to plant
// second-factor secrets (a *store.Store has it).
type accountService interface {
	CreateUser(ctx context.Context, u *vigil.User, password string) error
	Login(ctx context.Context, email, password string, c vigil.Client) (*vigil.Session, string, error)
	PendingTOTP(ctx context.Context, secret string) (*vigil.TOTPEnrolment, error)
	ConfirmTOTP(ctx context.Context, secret, code string, c vigil.Client) (*vigil.Session, string, error)
}

// plantTOTP makes two restricted accounts that must use a second factor:
// one confirms it, one leaves it pending. Their secrets are random, so
// they are recorded as canaries once read back.
func (c *Canaries) plantTOTP(tb testing.TB, acc accountService, must func(string, error)) {
	tb.Helper()
	for i, field := range []string{"users.totp_secret", "users.totp_pending"} {
		tok := canaryToken(tb)
		u := &vigil.User{Email: tok + "@example.org", Name: "canary", Role: vigil.RoleEditor, Clearance: vigil.Restricted}
		must("account", acc.CreateUser(As(Admin), u, Password))
		_, secret, err := acc.Login(As(Anonymous), u.Email, Password, vigil.Client{})
		must("sign in", err)
		e, err := acc.PendingTOTP(As(Anonymous), secret)
		must("second factor", err)
		if i == 0 {
			code, err := auth.TOTPCode(e.Secret, time.Now())
			must("code", err)
			_, _, err = acc.ConfirmTOTP(As(Anonymous), secret, code, vigil.Client{})
			must("confirm second factor", err)
			c.TOTPUser, c.TOTPEmail, c.TOTPSecret = u.ID, u.Email, e.Secret
		} else {
			c.PendingUser = u.ID
		}
		s := strings.ToLower(e.Secret)
		c.Strings = append(c.Strings, s)
		c.Fields[field] = append(c.Fields[field], s)
		c.Never = append(c.Never, s)
	}
}

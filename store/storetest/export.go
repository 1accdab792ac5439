package storetest

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vigil"
	"vigil/exchange"
	"vigil/figure"
	"vigil/store"
)

// Planted strings: each sits in exactly one record or field that a
// public export must not carry.
const (
	plantRealName     = "PLANTREALNAME"     // a protected person's real name (public record)
	plantCoalitionPub = "PLANTCOALITIONPUB" // a coalition source's publisher
	plantRestricted   = "PLANTRESTRICTED"   // a restricted claim's quote
	plantNote         = "PLANTNOTE"         // an internal note on a public claim
	plantCoalitionInc = "PLANTCOALITIONINC" // a coalition incident's title
	plantSafehouse    = "PLANTSAFEHOUSE"    // a restricted place's name
)

// richWorld stores the seed scenario plus one record of every kind, the
// links, an override, and the planted sensitive strings.
func richWorld(t *testing.T, s *store.Store) *World {
	t.Helper()
	w := Seed(t, s)
	pub := vigil.Meta{Sensitivity: vigil.Public}
	mofa := MustCreate(t, s.CreateActor, NewOrg("Ministry of Foreign Affairs of the Republic of Korea", "외교부"))
	cho := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: pub, Kind: vigil.ActorPerson, Name: vigil.Names{En: "Cho Tae-yul", Ko: "조태열"}, Classification: "official"})
	post := MustCreate(t, s.CreatePost, &vigil.Post{Meta: pub, OrganizationID: mofa.ID, Label: vigil.Names{En: "Minister of Foreign Affairs", Ko: "외교부 장관"}})
	MustCreate(t, s.CreateMembership, &vigil.Membership{Meta: pub, PersonID: cho.ID, OrganizationID: mofa.ID, PostID: &post.ID, StartDate: "2024-01"})
	MustCreate(t, s.CreateActor, &vigil.Actor{Meta: pub, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "리" + plantRealName},
		Classification: "affected", Protected: true, Pseudonym: vigil.Names{En: "Witness A", Ko: "증인 가"},
		OtherNames: []vigil.OtherName{{Name: plantRealName + " alias"}}, Notes: plantNote})
	cat := MustCreate(t, s.CreateInstrument, &vigil.Instrument{Meta: pub, Code: "cat", Name: vigil.Names{En: "Convention against Torture"}, Adopted: "1984-12-10"})
	art3 := MustCreate(t, s.CreateProvision, &vigil.LegalProvision{Meta: pub, InstrumentID: cat.ID, Article: "3", Title: vigil.Names{En: "Non-refoulement"}})
	MustCreate(t, s.CreateStateParty, &vigil.StateParty{Meta: pub, InstrumentID: cat.ID, CountryCode: "CN", Action: vigil.ActionRatification, Date: "1988-10-04"})
	MustCreate(t, s.CreateViolation, &vigil.Violation{Meta: pub, IncidentID: w.Oct9.ID, ProvisionID: art3.ID, CountryCode: "CN", Analysis: vigil.Names{En: "Refoulement to torture."}})

	safehouse := MustCreate(t, s.CreatePlace, &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Kind: vigil.PlaceFacility,
		Names: vigil.Names{En: plantSafehouse}, ParentID: &w.Baishan.ID})
	coalitionSrc := NewSource(plantCoalitionPub, "", "B", "2024-05-01")
	coalitionSrc.Sensitivity = vigil.Coalition
	MustCreate(t, s.CreateSource, coalitionSrc)
	MustCreate(t, s.CreateSource, NewSource("Uncited Weekly", "", "E", "2024-01")) // no claims: CSV leaves it out
	MustCreate(t, s.CreateClaim, NewClaim(coalitionSrc, w.Baishan200, "200여 명", vigil.EventRepatriation, "2024-04-26"))
	restricted := NewClaim(w.Relay, w.Oct9, "600", vigil.EventRepatriation, "2023-10-09")
	restricted.Sensitivity, restricted.Quote = vigil.Restricted, plantRestricted+" 600명"
	MustCreate(t, s.CreateClaim, restricted)
	noted := NewClaim(w.Release, w.More50, "50-60", vigil.EventRepatriation, "2024-04-26~")
	noted.Notes, noted.PlaceID, noted.PlaceText = plantNote, &safehouse.ID, "안가"
	MustCreate(t, s.CreateClaim, noted)

	coalitionInc := NewIncident(plantCoalitionInc, vigil.EventDetention, w.Nanning)
	coalitionInc.Sensitivity = vigil.Coalition
	MustCreate(t, s.CreateIncident, coalitionInc)
	MustCreate(t, s.CreateClaim, NewClaim(w.Release, coalitionInc, "more than 60", vigil.EventDetention, "2024-05-10"))
	MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, FromID: coalitionInc.ID, ToID: w.Nanning60.ID, Kind: vigil.LinkSameCohort})

	dandong := NewIncident("단둥 경유 최대 200명", vigil.EventRepatriation, w.Dandong)
	dandong.Places = []vigil.IncidentPlace{{PlaceID: w.Dandong.ID, Role: vigil.RoleCrossing}}
	MustCreate(t, s.CreateIncident, dandong)
	MustCreate(t, s.CreateClaim, NewClaim(w.Relay, dandong, "up to 200", vigil.EventRepatriation, "2023-10-09"))
	MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: pub, FromID: dandong.ID, ToID: w.Oct9.ID, Kind: vigil.LinkPartOf, Note: "via Dandong"})
	lonely := NewIncident("청도 체포 (미확인)", vigil.EventArrest, nil)
	lonely.Date, lonely.DateBasis = "2024-02", vigil.BasisEditor
	lonely.Override = &vigil.FigureOverride{Best: 8, Rationale: "count from the family"}
	MustCreate(t, s.CreateIncident, lonely) // no claims: an incident-only CSV row
	MustCreate(t, s.CreateClaim, &vigil.Claim{Meta: pub, SourceID: w.Relay.ID, Figure: figure.Figure{Qualifier: figure.Approx, Value: Ptr(30)},
		Event: vigil.EventArrest, Quote: "=HYPERLINK(\"http://evil\")", Credibility: 3}) // unassigned, numbers without words
	return w
}

// testExport checks exports: round trips through both formats on the
// engine under test, and what a public export leaves out.
func testExport(t *testing.T, open Opener) {
	a := open(t)
	richWorld(t, a)

	t.Run("JSON round trip", func(t *testing.T) {
		first := exportJSON(t, a, Admin)
		b := open(t)
		d, err := exchange.ReadJSON(bytes.NewReader(first))
		MustOK(t, err, "read export")
		_, err = b.Import(As(Admin), d, vigil.ImportOptions{Format: "json"})
		MustOK(t, err, "import export")
		second := exportJSON(t, b, Admin)
		MustEqualJSON(t, dropKeys(decode(t, second), "version"), dropKeys(decode(t, first), "version"), "export after import")
		MustVerify(t, b)
	})

	t.Run("CSV round trip", func(t *testing.T) {
		first := exportCSV(t, a, Admin)
		if !bytes.HasPrefix(first, []byte("\xEF\xBB\xBF")) || !bytes.Contains(first, []byte("\r\n")) {
			t.Fatal("the CSV export has no BOM or no CRLF line ends")
		}
		if !bytes.Contains(first, []byte(`"'=HYPERLINK(""http://evil"")"`)) || !bytes.Contains(first, []byte(",about 30,")) {
			t.Fatalf("formula not escaped or figure without words not written:\n%s", first)
		}
		b := open(t)
		gaz, err := exchange.ReadJSON(bytes.NewReader(exportJSON(t, a, Admin)))
		MustOK(t, err, "read places")
		_, err = b.Import(As(Admin), &vigil.Dataset{Places: gaz.Places}, vigil.ImportOptions{})
		MustOK(t, err, "import places")
		d, err := exchange.ReadCSV(bytes.NewReader(first), exchange.CSVOptions{Places: allPlaces(t, b)})
		MustOK(t, err, "read CSV")
		_, err = b.Import(As(Admin), d, vigil.ImportOptions{Format: "csv"})
		MustOK(t, err, "import CSV")
		second := exportCSV(t, b, Admin)
		MustEqualJSON(t, normalizeCSV(t, second), normalizeCSV(t, first), "CSV export after import")
		// Derived figures agree with the original's (the arrests differ:
		// CSV does not carry the editor's override).
		MustEqualJSON(t, mustStats(t, b, vigil.EventRepatriation).Total, mustStats(t, a, vigil.EventRepatriation).Total, "repatriation total")
	})

	t.Run("a public export carries public records only, under pseudonyms", func(t *testing.T) {
		all := append(exportJSON(t, a, Admin), exportCSV(t, a, Admin)...)
		for _, plant := range []string{plantRealName, plantCoalitionPub, plantRestricted, plantNote, plantCoalitionInc, plantSafehouse} {
			if !bytes.Contains(all, []byte(plant)) {
				t.Fatalf("the restricted exports lack %s: the test plants nothing", plant)
			}
		}
		for name, out := range map[string][]byte{"json": exportJSON(t, a, Anonymous), "csv": exportCSV(t, a, Anonymous)} {
			for _, plant := range []string{plantRealName, plantCoalitionPub, plantRestricted, plantNote, plantCoalitionInc, plantSafehouse} {
				if bytes.Contains(out, []byte(plant)) {
					t.Errorf("the public %s export contains %s", name, plant)
				}
			}
		}
		doc := exportJSON(t, a, Anonymous)
		if !bytes.Contains(doc, []byte(`"Witness A"`)) || !bytes.Contains(doc, []byte(`"clearance":"public"`)) {
			t.Fatalf("the public export lacks the pseudonym or its clearance:\n%s", doc)
		}
		var buf bytes.Buffer
		w := exchange.NewJSONWriter(&buf, exchange.Header{Clearance: vigil.Public})
		res, err := a.Export(As(Anonymous), w, vigil.ExportOptions{})
		MustOK(t, err, "export")
		if res.Dropped[vigil.SectionClaims] != 1 || res.Cleared < 2 {
			t.Fatalf("dropped %v, cleared %d: want the coalition source's claim dropped, the coalition incident and restricted place cleared", res.Dropped, res.Cleared)
		}
		// The public file stands on its own: it imports into an empty database.
		d, err := exchange.ReadJSON(bytes.NewReader(doc))
		MustOK(t, err, "read public export")
		_, err = open(t).Import(As(Admin), d, vigil.ImportOptions{})
		MustOK(t, err, "import public export")

		coalition := exportJSON(t, a, Member)
		if !bytes.Contains(coalition, []byte(plantCoalitionPub)) || bytes.Contains(coalition, []byte(plantRestricted)) || bytes.Contains(coalition, []byte(plantRealName)) {
			t.Fatal("a coalition export must carry coalition records and no restricted ones or real names")
		}
	})
}

// decode parses a JSON export for comparison, without its times.
func decode(t *testing.T, b []byte) any {
	t.Helper()
	return stripTimes(t, jsonRaw(b))
}

type jsonRaw []byte

func (j jsonRaw) MarshalJSON() ([]byte, error) { return j, nil }

// normalizeCSV reads a CSV export and renames the incident and source
// keys (database ids) by order of first appearance, so that two exports
// of the same records from two databases compare equal.
func normalizeCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	MustOK(t, err, "parse CSV")
	col := func(name string) int { return slices.Index(rows[0], name) }
	rename := func(m map[string]string, k string) string {
		if k == "" {
			return ""
		}
		if _, ok := m[k]; !ok {
			m[k] = "k" + strconv.Itoa(len(m)+1)
		}
		return m[k]
	}
	incidents, sources := map[string]string{}, map[string]string{}
	for _, r := range rows[1:] {
		r[col("incident")] = rename(incidents, r[col("incident")])
		r[col("source")] = rename(sources, r[col("source")])
	}
	for _, r := range rows[1:] {
		for _, c := range []string{"incident_part_of", "incident_same_cohort", "incident_follow_up_of"} {
			var keys []string
			for _, k := range strings.Split(r[col(c)], ";") {
				if k != "" {
					keys = append(keys, rename(incidents, k))
				}
			}
			slices.Sort(keys)
			r[col(c)] = strings.Join(keys, ";")
		}
	}
	return rows
}

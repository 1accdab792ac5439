package storetest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/exchange"
	"vigil/store"
)

// testFormats checks that the interchange formats round-trip where they
// can: an export read back and imported into a database with the same
// gazetteer exports again the same rows (docs/formats.md says which
// columns an import does not restore).
func testFormats(t *testing.T, open Opener) {
	cases := []struct {
		format string
		read   func(b []byte, places []*vigil.Place) (*vigil.Dataset, error)
		// ignore lists the columns an import does not restore: ids are
		// new, sources and the conflict come from claims, which these
		// formats do not carry.
		ignore []string
	}{
		{"hxl", func(b []byte, places []*vigil.Place) (*vigil.Dataset, error) {
			d, _, err := exchange.ReadHXL(bytes.NewReader(b), exchange.ImportOptions{Places: places})
			return d, err
		}, []string{"Incident", "Sources"}},
		{"ucdp", func(b []byte, places []*vigil.Place) (*vigil.Dataset, error) {
			d, _, err := exchange.ReadUCDP(bytes.NewReader(b), exchange.ImportOptions{Places: places})
			return d, err
		}, []string{"id", "relid", "number_of_sources", "source_article", "side_a", "event_clarity"}},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			s1 := open(t)
			w := Seed(t, s1)
			w.More50.VictimGroup = "North Koreans caught near Tumen"
			MustOK(t, s1.UpdateIncident(As(Admin), w.More50), "victim group")
			first := exportFormat(t, s1, c.format, Admin)
			s2 := open(t)
			places := copyGazetteer(t, s1, s2)
			d, err := c.read(first, places)
			MustOK(t, err, "read "+c.format)
			_, err = s2.Import(As(Admin), d, vigil.ImportOptions{Format: c.format})
			MustOK(t, err, "import "+c.format)
			second := exportFormat(t, s2, c.format, Admin)
			a, b := csvWithout(t, first, c.ignore), csvWithout(t, second, c.ignore)
			if n := len(a) - headerRows[c.format]; n != 4 {
				t.Fatalf("the first export has %d incidents, want 4", n)
			}
			if !slices.EqualFunc(a, b, slices.Equal) {
				t.Fatalf("round trip changed the rows:\nfirst:\n%s\nsecond:\n%s", join(a), join(b))
			}
		})
	}

	t.Run("popolo", func(t *testing.T) {
		s1 := open(t)
		Seed(t, s1)
		org := MustCreate(t, s1.CreateActor, NewOrg("Ministry of Foreign Affairs", "외교부"))
		person := MustCreate(t, s1.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{En: "Cho Tae-yul", Ko: "조태열"},
			OtherNames: []vigil.OtherName{{Name: "Cho Tae Yul", Lang: "en-Latn", Note: "spelling"}}, Identifiers: []vigil.Identifier{{Scheme: "wikidata", Identifier: "Q12345"}}})
		post := MustCreate(t, s1.CreatePost, &vigil.Post{Meta: vigil.Meta{Sensitivity: vigil.Public}, OrganizationID: org.ID, Label: vigil.Names{En: "Minister", Ko: "장관"}})
		MustCreate(t, s1.CreateMembership, &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Public}, PersonID: person.ID, OrganizationID: org.ID, PostID: &post.ID,
			Role: vigil.Names{En: "Minister of Foreign Affairs"}, StartDate: "2024-01-10"})
		first := exportFormat(t, s1, "popolo", Admin)
		d, err := exchange.ReadPopolo(bytes.NewReader(first))
		MustOK(t, err, "read popolo")
		s2 := open(t)
		_, err = s2.Import(As(Admin), d, vigil.ImportOptions{Format: "popolo"})
		MustOK(t, err, "import popolo")
		second := exportFormat(t, s2, "popolo", Admin)
		if a, b := popoloShape(t, first), popoloShape(t, second); a != b {
			t.Fatalf("round trip changed the actors:\n%s\n---\n%s", a, b)
		}
	})
}

// headerRows is the number of rows before the first incident.
var headerRows = map[string]int{"hxl": 2, "ucdp": 1}

// exportFormat exports s in format as v would.
func exportFormat(t *testing.T, s *store.Store, format string, v vigil.Viewer) []byte {
	t.Helper()
	f, ok := exchange.FindExportFormat(format)
	if !ok {
		t.Fatalf("no format %s", format)
	}
	var b bytes.Buffer
	w := f.New(&b, exchange.WriterOptions{ExportedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Clearance: v.Clearance, NoBOM: true})
	_, err := s.Export(As(v), w, vigil.ExportOptions{})
	MustOK(t, err, "export "+format)
	MustOK(t, w.Close(), "close "+format)
	return b.Bytes()
}

// copyGazetteer imports the places of from into to and returns them as
// to stores them.
func copyGazetteer(t *testing.T, from, to *store.Store) []*vigil.Place {
	t.Helper()
	places, _, err := from.FindPlaces(As(Admin), vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read places")
	_, err = to.Import(As(Admin), &vigil.Dataset{Places: places}, vigil.ImportOptions{Format: "json"})
	MustOK(t, err, "copy places")
	out, _, err := to.FindPlaces(As(Admin), vigil.PlaceFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read copied places")
	return out
}

// csvWithout parses CSV and drops the named columns (first row names).
func csvWithout(t *testing.T, b []byte, drop []string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	MustOK(t, err, "parse csv")
	keep := []int{}
	for i, h := range rows[0] {
		if !slices.Contains(drop, h) {
			keep = append(keep, i)
		}
	}
	var out [][]string
	for _, r := range rows {
		var kept []string
		for _, i := range keep {
			if i < len(r) {
				kept = append(kept, r[i])
			}
		}
		out = append(out, kept)
	}
	return out
}

func join(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | ") + "\n")
	}
	return b.String()
}

// popoloShape is a Popolo document without its ids: names, kinds,
// memberships by names, sorted.
func popoloShape(t *testing.T, b []byte) string {
	t.Helper()
	d, err := exchange.ReadPopolo(bytes.NewReader(b))
	MustOK(t, err, "read popolo")
	name := map[int64]string{}
	var lines []string
	for _, a := range d.Actors {
		name[a.ID] = a.Name.En + "/" + a.Name.Ko
		lines = append(lines, string(a.Kind)+" "+name[a.ID]+" "+a.Classification+" "+a.URL+" "+a.CountryCode+" "+string(a.Sensitivity)+" "+jsonOf(a.OtherNames)+jsonOf(a.Identifiers))
	}
	label := map[int64]string{}
	for _, p := range d.Posts {
		label[p.ID] = p.Label.En + "/" + p.Label.Ko
		lines = append(lines, "post "+label[p.ID]+" of "+name[p.OrganizationID])
	}
	for _, m := range d.Memberships {
		post := ""
		if m.PostID != nil {
			post = label[*m.PostID]
		}
		lines = append(lines, "membership "+name[m.PersonID]+" in "+name[m.OrganizationID]+" as "+post+" "+m.Role.En+" from "+m.StartDate)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

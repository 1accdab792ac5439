package exchange

import (
	"bytes"
	"strings"
	"testing"

	"vigil"
)

// FuzzReadCSV checks that no input makes the CSV reader panic, and that
// what it accepts holds together: every reference names a record it
// returned, and every record can be located.
func FuzzReadCSV(f *testing.F) {
	f.Add("incident,incident_title_ko,source_publisher,figure,event,incident_part_of\nK,제목,A,약 200명,repatriation,\nL,다른,A,15,arrest,K\n")
	f.Add("\xEF\xBB\xBFsource_publisher,figure,place\r\nA,\"1,5\",Dandong\r\n")
	f.Add("figure,source_publisher,incident,incident_same_cohort\n15,A,K1,K2;K1\n16,B,K2,\n")
	f.Add("source_publisher,figure\n\"A\nB\",'=1\n")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ReadCSV(strings.NewReader(in), CSVOptions{Places: testPlaces(), MaxCell: 1 << 10})
		if err != nil {
			if vigil.ErrorCode(err) != vigil.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for i, c := range d.Claims {
			if c.SourceID < 1 || int(c.SourceID) > len(d.Sources) {
				t.Fatalf("claim %d cites source %d of %d", i, c.SourceID, len(d.Sources))
			}
			if c.IncidentID != nil && (*c.IncidentID < 1 || int(*c.IncidentID) > len(d.Incidents)) {
				t.Fatalf("claim %d is about incident %d of %d", i, *c.IncidentID, len(d.Incidents))
			}
			if !strings.HasPrefix(d.Where(vigil.SectionClaims, i, "figure"), "row ") {
				t.Fatalf("claim %d is not located", i)
			}
		}
		for i, l := range d.Links {
			if l.FromID < 1 || int(l.FromID) > len(d.Incidents) || l.ToID < 1 || int(l.ToID) > len(d.Incidents) {
				t.Fatalf("link %d: %d → %d of %d", i, l.FromID, l.ToID, len(d.Incidents))
			}
		}
	})
}

// FuzzReadJSON checks that no input makes the JSON reader panic and that
// it fails only with EINVALID.
func FuzzReadJSON(f *testing.F) {
	f.Add(`{"format":"vigil","version":1,"claims":[{"source_id":1,"figure":{"text":"15"}}]}`)
	f.Add(`{"format":"vigil","version":1,"claims":[{"credibility":"x"},{"incidnet_id":1}]}`)
	f.Add(`{"format":"vigil","version":1,"places":[{"id":1,"names":{"en":"A"}}],"claims":[`)
	f.Fuzz(func(t *testing.T, in string) {
		_, err := ReadJSON(bytes.NewReader([]byte(in)))
		if err != nil && vigil.ErrorCode(err) != vigil.EINVALID {
			t.Fatalf("error %v is not EINVALID", err)
		}
	})
}

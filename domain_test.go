package vigil_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
)

func TestViewerFailsClosed(t *testing.T) {
	v := vigil.ViewerFrom(context.Background())
	if v != vigil.Anonymous || v.CanWrite() || v.CanRead(vigil.Coalition) || !v.CanRead(vigil.Public) {
		t.Errorf("a context without a viewer gives %+v; want anonymous, read-only, public only", v)
	}
	cases := []struct {
		name            string
		v               vigil.Viewer
		read            vigil.Sensitivity
		canRead, canEd  bool
		canWrite, admin bool
	}{
		{"contributor reads coalition", vigil.Viewer{Role: vigil.RoleContributor, Clearance: vigil.Coalition}, vigil.Coalition, true, false, true, false},
		{"contributor cannot read restricted", vigil.Viewer{Role: vigil.RoleContributor, Clearance: vigil.Coalition}, vigil.Restricted, false, false, true, false},
		{"editor edits", vigil.Viewer{Role: vigil.RoleEditor, Clearance: vigil.Restricted}, vigil.Restricted, true, true, true, false},
		{"unknown sensitivity is never readable", vigil.Viewer{Role: vigil.RoleAdmin, Clearance: vigil.Restricted}, "secret", false, true, true, true},
		{"viewer is read-only", vigil.Viewer{Role: vigil.RoleViewer, Clearance: vigil.Restricted}, vigil.Public, true, false, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.v.CanRead(c.read); got != c.canRead {
				t.Errorf("CanRead(%s) = %v", c.read, got)
			}
			if c.v.CanEdit() != c.canEd || c.v.CanWrite() != c.canWrite || c.v.IsAdmin() != c.admin {
				t.Errorf("edit/write/admin = %v/%v/%v", c.v.CanEdit(), c.v.CanWrite(), c.v.IsAdmin())
			}
		})
	}
}

func TestWhenInDoubtRestricted(t *testing.T) {
	s := vigil.Source{Publisher: "Daily NK"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Sensitivity != vigil.Restricted {
		t.Errorf("a record without sensitivity became %q, want restricted", s.Sensitivity)
	}
}

func TestValidationNamesFields(t *testing.T) {
	cases := []struct {
		name   string
		rec    interface{ Validate() error }
		fields []string
	}{
		{"source", &vigil.Source{Reliability: "Z", URL: "ftp://x", Language: "Korean"}, []string{"publisher", "reliability", "url", "language"}},
		{"incident", &vigil.Incident{Event: "arrested", Date: "2024-13-01", Override: &vigil.FigureOverride{Best: 5}}, []string{"title", "event", "date", "override.rationale"}},
		{"place", &vigil.Place{Kind: "village", Lat: ptr(95.0)}, []string{"kind", "names", "lat"}},
		{"link to itself", &vigil.IncidentLink{FromID: 3, ToID: 3, Kind: "part_of"}, []string{"to_id"}},
		{"state party", &vigil.StateParty{CountryCode: "CHN", Action: "joined"}, []string{"instrument_id", "country_code", "action", "date"}},
		{"protected organization", &vigil.Actor{Kind: vigil.ActorOrganization, Name: vigil.Names{En: "X"}, Protected: true}, []string{"protected", "pseudonym"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.rec.Validate()
			if vigil.ErrorCode(err) != vigil.EINVALID {
				t.Fatalf("code %q, want invalid: %v", vigil.ErrorCode(err), err)
			}
			fields := vigil.ErrorFields(err)
			for _, f := range c.fields {
				if fields[f] == "" {
					t.Errorf("no reason for field %s in %v", f, fields)
				}
			}
		})
	}
}

func TestClaimFigureFromText(t *testing.T) {
	c := vigil.Claim{SourceID: 1, Event: vigil.EventRepatriation, Figure: figure.Figure{Text: "200여 명"}, Date: "2024-04-26~"}
	if err := c.Validate(figure.DefaultPolicy()); err != nil {
		t.Fatal(err)
	}
	if c.Figure.Qualifier != figure.ApproxOver || c.Interval.Best != 200 || c.Interval.High == nil || *c.Interval.High != 220 {
		t.Errorf("figure %+v interval %+v", c.Figure, c.Interval)
	}
	if c.DateStart != "2024-04-26" || c.DateEnd != "2024-04-26" {
		t.Errorf("date bounds %s..%s", c.DateStart, c.DateEnd)
	}
	bad := vigil.Claim{SourceID: 1, Event: vigil.EventArrest, Figure: figure.Figure{Text: "about two hundred and"}}
	err := bad.Validate(figure.DefaultPolicy())
	if got := vigil.ErrorFields(err)["figure"]; !strings.Contains(got, `"about two hundred and" is not a number of people`) {
		t.Errorf("figure reason %q", got)
	}
}

func TestPageNormalize(t *testing.T) {
	cases := []struct {
		pg    vigil.Page
		field string
	}{
		{vigil.Page{Limit: 501}, "limit"},
		{vigil.Page{Offset: -1}, "offset"},
		{vigil.Page{Sort: "-secret"}, "sort"},
		{vigil.Page{Sort: "-date"}, ""},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%+v", c.pg), func(t *testing.T) {
			err := c.pg.Normalize("id", "date")
			if c.field == "" {
				if err != nil || c.pg.Limit != vigil.DefaultLimit {
					t.Errorf("err %v, limit %d", err, c.pg.Limit)
				}
				return
			}
			if vigil.ErrorFields(err)[c.field] == "" {
				t.Errorf("error %v does not name %s", err, c.field)
			}
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	wrapped := fmt.Errorf("store: find incident 12: %w", vigil.Errorf(vigil.ENOTFOUND, "incident 12 not found"))
	if vigil.ErrorCode(wrapped) != vigil.ENOTFOUND || vigil.ErrorMessage(wrapped) != "incident 12 not found" {
		t.Errorf("wrapped: %q %q", vigil.ErrorCode(wrapped), vigil.ErrorMessage(wrapped))
	}
	other := errors.New("disk on fire")
	if vigil.ErrorCode(other) != vigil.EINTERNAL || vigil.ErrorMessage(other) != "Internal error." {
		t.Errorf("a plain error must be internal and hidden: %q %q", vigil.ErrorCode(other), vigil.ErrorMessage(other))
	}
	if vigil.ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
}

func TestNamesFallBack(t *testing.T) {
	n := vigil.Names{Ko: "지린성", Zh: "吉林省"}
	if n.In("en") != "지린성" || n.In("zh") != "吉林省" || n.In("ko") != "지린성" {
		t.Errorf("fallbacks: en %q zh %q ko %q", n.In("en"), n.In("zh"), n.In("ko"))
	}
}

func TestActorRedactKeepsOnlyThePseudonym(t *testing.T) {
	a := vigil.Actor{Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "김규리", En: "Gyuri Kim"}, Protected: true,
		Pseudonym: vigil.Names{En: "Affected individual A"}, URL: "https://example.org/x", Notes: "phone", OtherNames: []vigil.OtherName{{Name: "GK"}}}
	a.Redact()
	if a.Name.Ko != "" || a.Name.En != "Affected individual A" || a.URL != "" || a.Notes != "" || a.OtherNames != nil || !a.Redacted {
		t.Errorf("after Redact: %+v", a)
	}
}

func ptr[T any](v T) *T { return &v }

package form_test

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/ui/form"
)

func ptr[T any](v T) *T { return &v }

// roundTrip checks that a record's values, applied onto a zero record,
// give the same values back: nothing the form shows is lost on save.
func roundTrip[T any](t *testing.T, c form.Codec[T], rec *T) {
	t.Helper()
	vals := c.Values(rec)
	var back T
	if p := c.Apply(vals, &back); len(p) > 0 {
		t.Fatalf("apply: %v", p)
	}
	if got := c.Values(&back); !reflect.DeepEqual(got, vals) {
		t.Fatalf("round trip:\n got %v\nwant %v", got, vals)
	}
	// Every value has a field to show it in.
	f := form.Build("/x", c.Spec(vals), vals)
	for k := range vals {
		if f.Field(k) == nil {
			t.Errorf("value %q has no field", k)
		}
	}
}

func TestCodecsRoundTrip(t *testing.T) {
	t.Run("incident", func(t *testing.T) {
		roundTrip(t, form.Incident, &vigil.Incident{Meta: vigil.Meta{Sensitivity: vigil.Public},
			Title: vigil.Names{Ko: "바이산 구류소 탈북민 약 200명 강제북송", En: "About 200 repatriated"}, Event: vigil.EventRepatriation,
			Date: "2024-04-26", DateBasis: vigil.BasisEditor, PlaceID: ptr[int64](6), PerpetratorID: ptr[int64](13), VictimGroup: "North Korean defectors held in China",
			Places: []vigil.IncidentPlace{{PlaceID: 6, Role: vigil.RoleOrigin}, {PlaceID: 2, Role: vigil.RoleDestination}, {PlaceID: 3, Role: vigil.RoleCrossing}}})
	})
	t.Run("claim", func(t *testing.T) {
		roundTrip(t, form.Claim, &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, SourceID: 3, IncidentID: ptr[int64](2),
			Quote: "about 200", Figure: figure.Figure{Text: "about 200", Qualifier: figure.Approx, Value: ptr(200)}, Event: vigil.EventRepatriation,
			Date: "2024-04-26", Credibility: 2, PlaceText: "Baishan"})
	})
	t.Run("source", func(t *testing.T) {
		roundTrip(t, form.Source, &vigil.Source{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.SourceArticle, Publisher: "Daily NK",
			PublisherID: ptr[int64](15), Language: "ko", Published: "2024-05", Reliability: "C", RelayedFrom: "anonymous source in North Hamgyong Province",
			Title: vigil.Names{Ko: "북송", En: "repatriation"}, URL: "https://www.dailynk.com/"})
	})
	t.Run("place", func(t *testing.T) {
		roundTrip(t, form.Place, &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.PlaceCity, Names: vigil.Names{Ko: "바이산", En: "Baishan", Zh: "白山"},
			Variants: []string{"백산", "白山市"}, CountryCode: "CN", ParentID: ptr[int64](4), Lat: ptr(41.94), Lon: ptr(126.42), GeoNamesID: ptr[int64](2038432)})
	})
	t.Run("actor", func(t *testing.T) {
		roundTrip(t, form.Actor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Kind: vigil.ActorPerson, Classification: "affected",
			Name: vigil.Names{En: "A person", Ko: "사람"}, Protected: true, Pseudonym: vigil.Names{En: "Affected individual A", Ko: "피해 당사자 A"}})
	})
	t.Run("override", func(t *testing.T) {
		roundTrip(t, form.Override, &vigil.Incident{Override: &vigil.FigureOverride{Low: ptr(180), Best: 200, Rationale: "two sources agree"}})
	})
}

func TestApplyKeepsWhatTheFormDoesNotShow(t *testing.T) {
	i := &vigil.Incident{Override: &vigil.FigureOverride{Best: 7, Rationale: "r"}, ConflictResolution: "resolved", Title: vigil.Names{Zh: "标题"}}
	vals := form.Incident.Values(i)
	vals.Set("title.en", "new")
	if p := form.Incident.Apply(vals, i); len(p) > 0 {
		t.Fatal(p)
	}
	if i.Override == nil || i.ConflictResolution != "resolved" || i.Title.Zh != "标题" || i.Title.En != "new" {
		t.Fatalf("incident after apply: %+v", i)
	}
	t.Run("an unchanged figure text keeps its numbers", func(t *testing.T) {
		c := &vigil.Claim{Figure: figure.Figure{Text: "about 200", Qualifier: figure.AtLeast, Value: ptr(200)}}
		form.Claim.Apply(form.Claim.Values(c), c)
		if c.Figure.Qualifier != figure.AtLeast {
			t.Fatalf("figure %+v", c.Figure)
		}
		v := form.Claim.Values(c)
		v.Set("figure", "50-60")
		form.Claim.Apply(v, c)
		if c.Figure.Qualifier != "" || c.Figure.Text != "50-60" {
			t.Fatalf("a new text is left to the validator to read, got %+v", c.Figure)
		}
	})
	t.Run("an empty date gives the date back to the claims", func(t *testing.T) {
		i := &vigil.Incident{Date: "2024-04-26", DateBasis: vigil.BasisEditor}
		v := form.Incident.Values(i)
		v.Set("date", " ")
		form.Incident.Apply(v, i)
		if i.DateBasis != vigil.BasisClaims || i.Date != "" {
			t.Fatalf("date %q basis %s", i.Date, i.DateBasis)
		}
	})
	t.Run("empty override fields remove it", func(t *testing.T) {
		i := &vigil.Incident{Override: &vigil.FigureOverride{Best: 7, Rationale: "r"}}
		form.Override.Apply(url.Values{}, i)
		if i.Override != nil {
			t.Fatal("override kept")
		}
	})
}

func TestApplyReportsUnparsableValues(t *testing.T) {
	cases := []struct {
		name  string
		apply func() vigil.Problems
		field string
	}{
		{"place id", func() vigil.Problems {
			return form.Incident.Apply(url.Values{"place_id": {"abc"}}, &vigil.Incident{})
		}, "place_id"},
		{"place row without role", func() vigil.Problems {
			return form.Incident.Apply(url.Values{"places.0.place_id": {"3"}}, &vigil.Incident{})
		}, "places.0.role"},
		{"override best missing", func() vigil.Problems {
			return form.Override.Apply(url.Values{"override.rationale": {"x"}}, &vigil.Incident{})
		}, "override.best"},
		{"latitude", func() vigil.Problems {
			return form.Place.Apply(url.Values{"lat": {"north"}}, &vigil.Place{})
		}, "lat"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if p := c.apply(); p[c.field] == "" {
				t.Fatalf("problems %v, want one for %s", p, c.field)
			}
		})
	}
}

func TestErrorsGoNextToTheirFields(t *testing.T) {
	vals := url.Values{}
	f := form.Build("/incidents/new", form.Incident.Spec(vals), vals)
	f.Errors(map[string]string{
		"title":       "is required in at least one language (ko or en)",
		"sensitivity": "restricted is above your clearance (coalition)",
		"mystery":     "something else",
	}, func(s string) string { return "!" + s })
	if got := f.Field("title.ko").Error; got != "!is required in at least one language (ko or en)" {
		t.Errorf("title.ko error %q", got)
	}
	if !f.Field("title.ko").Autofocus || f.Field("sensitivity").Autofocus {
		t.Errorf("autofocus must be on the first invalid field only")
	}
	var msgs []string
	for _, p := range f.Problems {
		msgs = append(msgs, p.FieldID+"="+p.Message)
	}
	want := "=!something else|f-title-ko=!is required in at least one language (ko or en)|f-sensitivity=!restricted is above your clearance (coalition)"
	if got := strings.Join(msgs, "|"); got != want {
		t.Errorf("summary %s\nwant    %s", got, want)
	}
}

func TestMerge(t *testing.T) {
	spec := []form.Field{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}, {Name: "e"}}
	base := url.Values{"a": {"1"}, "b": {"1"}, "c": {"1"}, "d": {"1"}, "e": {"1"}}
	yours := url.Values{"a": {"1"}, "b": {"2"}, "c": {"1"}, "d": {"2"}, "e": {"2"}}
	theirs := url.Values{"a": {"1"}, "b": {"1"}, "c": {"3"}, "d": {"3"}, "e": {"2"}}
	f := form.Build("/x", spec, yours)
	f.Merge(base, yours, theirs, 5)
	got := map[string]string{}
	for _, fl := range f.Fields {
		if m := fl.Merge; m != nil {
			got[fl.Name] = fmt.Sprintf("%s/%s conflict=%v pick=%s", m.Yours, m.Theirs, m.Conflict, m.Pick)
		}
	}
	want := map[string]string{
		"c": "1/3 conflict=false pick=theirs", // only they changed it
		"d": "2/3 conflict=true pick=",        // both did, differently
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merge %v\nwant  %v", got, want)
	}
	if f.Version != 5 || f.Decide != "d" || f.Base != theirs.Encode() || !f.Merging {
		t.Errorf("form version %d decide %q base %q", f.Version, f.Decide, f.Base)
	}
}

func TestRead(t *testing.T) {
	base := url.Values{"c": {"3"}, "d": {"3"}, "flag": {"on"}}
	posted := url.Values{
		"version": {"5"}, "base": {base.Encode()}, "decide": {"d,e"},
		"c": {"1"}, "keep.c": {"theirs"}, "d": {"2"}, "keep.d": {"yours"}, "e": {"x"}, "keep.flag": {"theirs"},
	}
	s := form.Read(posted)
	if s.Version != 5 {
		t.Errorf("version %d", s.Version)
	}
	want := url.Values{"c": {"3"}, "d": {"2"}, "e": {"x"}, "flag": {"on"}}
	if !reflect.DeepEqual(s.Values, want) {
		t.Errorf("values %v, want %v", s.Values, want)
	}
	if !reflect.DeepEqual(s.Undecided, []string{"e"}) {
		t.Errorf("undecided %v", s.Undecided)
	}
}

func TestLocalize(t *testing.T) {
	tr := func(key string, args ...any) string {
		if len(args) == 0 {
			return key
		}
		return key + fmt.Sprintf("%v", args)
	}
	cases := map[string]string{
		"is required":                                        "val.required",
		"is longer than 500 characters":                      "val.too_long[500]",
		"references a source that does not exist":            "val.no_ref.source",
		"restricted is above your clearance (coalition)":     "val.above_clearance[sens.restricted sens.coalition]",
		`"ftp://x" is not an http(s) URL`:                    "val.url[ftp://x]",
		"actor 3 is a person, not an organization":           "val.actor_kind[actor_kind.person actor_kind.organization]",
		"something nobody wrote a translation for":           "val.other[something nobody wrote a translation for]",
		"is required when overriding the derived figure":     "val.override_rationale",
		"incident 4 is already part of incident 2; an incid": "val.second_parent[4 2]",
	}
	for in, want := range cases {
		if got := form.Localize(in, tr); got != want {
			t.Errorf("Localize(%q) = %q, want %q", in, got, want)
		}
	}
}

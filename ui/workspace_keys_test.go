package ui

import (
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/ui/form"
	"vigil/web"
)

// TestWorkspaceKeysExist checks that every message key the workspace can
// ask for exists (the completeness test then checks it in every
// language): keys written in templates and Go code, the labels of every
// form field and option, and the keys built from a prefix and a value.
func TestWorkspaceKeysExist(t *testing.T) {
	u, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	need := map[string]string{} // key → where it is used
	add := func(where string, keys ...string) {
		for _, k := range keys {
			if k != "" {
				need[k] = where
			}
		}
	}
	// Templates: {{t $lang "key"}}, {{label $lang "key"}}, with any
	// language variable.
	tmplKey := regexp.MustCompile(`\{\{-?\s*(?:t|tn|label)\s+\$?[.\w]*\s+"([^"]+)"`)
	files, _ := fs.Glob(web.FS, "templates/*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(web.FS, f)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			add(f, m[1])
		}
	}
	// Go code: string literals in a key namespace of the locales.
	spaces := map[string]bool{}
	locales, _ := fs.Glob(web.FS, "locales/en/*.json")
	for _, f := range locales {
		b, _ := fs.ReadFile(web.FS, f)
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		for k := range m {
			spaces[strings.SplitN(k, ".", 2)[0]] = true
		}
	}
	literal := regexp.MustCompile(`"([a-z_]+\.[A-Za-z0-9_.\-]*[A-Za-z0-9_])"`)
	for _, dir := range []string{".", "form"} {
		srcs, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, src := range srcs {
			if strings.HasSuffix(src, "_test.go") {
				continue
			}
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "//") {
					continue
				}
				for _, m := range literal.FindAllStringSubmatch(line, -1) {
					if spaces[strings.SplitN(m[1], ".", 2)[0]] {
						add(src, m[1])
					}
				}
			}
		}
	}
	// Every form's fields and options.
	for name, spec := range map[string][]form.Field{
		"incident": form.Incident.Spec(url.Values{}), "resolve": form.Resolve.Spec(nil), "override": form.Override.Spec(nil),
		"link": form.Link.Spec(nil), "claim": form.Claim.Spec(nil), "source": form.Source.Spec(nil),
		"place": form.Place.Spec(nil), "actor": form.Actor.Spec(nil), "report": form.Report.Spec(url.Values{"photos[1].image": {"x"}}),
	} {
		for _, f := range spec {
			add(name+" form", f.Label, f.Help, f.Group)
			for _, o := range f.Options {
				add(name+" form", o.Key)
			}
		}
	}
	// Keys built from a prefix and a value.
	for _, e := range vigil.EventTypes {
		add("events", "ev."+string(e), "event."+string(e))
	}
	for _, s := range []vigil.Sensitivity{vigil.Public, vigil.Coalition, vigil.Restricted} {
		add("sensitivities", "sens."+string(s))
	}
	for _, r := range vigil.PlaceRoles {
		add("place roles", "role."+string(r))
	}
	for _, q := range figure.Qualifiers {
		add("qualifiers", "qual."+string(q))
	}
	for g := 1; g <= 6; g++ {
		add("credibility", "cred."+strconv.Itoa(g))
	}
	for _, g := range "ABCDEF" {
		add("reliability", "rel."+string(g))
	}
	for _, k := range vigil.LinkKinds {
		add("link kinds", "link."+string(k), "link.out."+string(k), "link.in."+string(k))
	}
	for _, b := range []vigil.Basis{vigil.BasisClaims, vigil.BasisEditor, vigil.BasisNone} {
		add("bases", "basis."+string(b), "datebasis."+string(b))
	}
	for _, e := range auditEntities {
		add("audit entities", "entity."+e)
	}
	for _, a := range []string{vigil.ActionCreate, vigil.ActionUpdate, vigil.ActionDelete} {
		add("audit actions", "action."+a)
	}
	for _, s := range incidentSorts {
		add("sorts", "sort."+s)
	}
	for _, e := range append(historyEntities, "incident_links") {
		add("back links", "back."+e)
	}
	for k, where := range need {
		if strings.HasPrefix(k, "back.") && (k == "back.incidents" || k == "back.claims" || k == "back.incident_links") {
			continue // record.html serves sources, places and actors only
		}
		if !u.msgs.Has(k) {
			t.Errorf("%s uses key %q, which the locales lack", where, k)
		}
	}
	if len(need) < 300 {
		t.Errorf("only %d keys found: the scan is broken", len(need))
	}
}

// TestValidatorMessagesAreTranslated checks the messages of the records'
// own validators reach the user translated, not through the fallback.
func TestValidatorMessagesAreTranslated(t *testing.T) {
	u, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	problems := []error{
		(&vigil.Incident{}).Validate(),
		(&vigil.Claim{}).Validate(figure.DefaultPolicy()),
		(&vigil.Source{URL: "ftp://x", Language: "Korean", Reliability: "G"}).Validate(),
		(&vigil.Place{Kind: "planet", Lat: ptrTo(91.0), CountryCode: "CHN"}).Validate(),
		(&vigil.Actor{Kind: vigil.ActorOrganization, Protected: true}).Validate(),
		(&vigil.IncidentLink{FromID: 3, ToID: 3, Kind: "near"}).Validate(),
		(&vigil.Incident{Title: vigil.Names{En: "x"}, Event: vigil.EventArrest, Override: &vigil.FigureOverride{Low: ptrTo(5), Best: 3}}).Validate(),
	}
	for _, err := range problems {
		for field, msg := range vigil.ErrorFields(err) {
			for _, lang := range []string{"en", "ko"} {
				got := u.localize(lang, msg)
				if fallback := u.msgs.T(lang, "val.other", msg); got == fallback {
					t.Errorf("%s: %s: %q has no translation", lang, field, msg)
				}
			}
		}
	}
}

func ptrTo[T any](v T) *T { return &v }

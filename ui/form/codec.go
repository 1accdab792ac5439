package form

import (
	"net/url"
	"strconv"
	"strings"

	"vigil"
)

// Codec converts one record type to form values and back.
type Codec[T any] struct {
	// Spec lists the fields; vals (the values being shown) decides how
	// many repeated rows there are.
	Spec func(vals url.Values) []Field
	// Values are the form values of a record.
	Values func(*T) url.Values
	// Apply sets the record's editable fields from vals, leaving every
	// other field as it was, and reports values that cannot even be
	// parsed (a number that is not one). Everything else is the record's
	// own Validate's job, so the form and the API say the same things.
	Apply func(vals url.Values, rec *T) vigil.Problems
}

// Sensitivities are the options of every sensitivity select, the most
// open first.
func Sensitivities() []Option {
	return []Option{{Value: "public", Key: "sens.public"}, {Value: "coalition", Key: "sens.coalition"}, {Value: "restricted", Key: "sens.restricted"}}
}

func sensitivityField() Field {
	return Field{Name: "sensitivity", Label: "field.sensitivity", Help: "help.sensitivity", Kind: Select, Required: true, Options: Sensitivities(), Group: "grp.access"}
}

// options makes select options from string-like values with i18n keys
// prefix+value.
func options[T ~string](prefix string, vs []T) []Option {
	out := make([]Option, len(vs))
	for n, v := range vs {
		out[n] = Option{Value: string(v), Key: prefix + string(v)}
	}
	return out
}

func setNames(v url.Values, prefix string, n vigil.Names, langs ...string) {
	for _, l := range langs {
		switch l {
		case "ko":
			v.Set(prefix+".ko", n.Ko)
		case "en":
			v.Set(prefix+".en", n.En)
		case "zh":
			v.Set(prefix+".zh", n.Zh)
		}
	}
}

func getNames(v url.Values, prefix string, n *vigil.Names, langs ...string) {
	for _, l := range langs {
		switch l {
		case "ko":
			n.Ko = v.Get(prefix + ".ko")
		case "en":
			n.En = v.Get(prefix + ".en")
		case "zh":
			n.Zh = v.Get(prefix + ".zh")
		}
	}
}

func id64(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func intp(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func floatp(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// optID parses an optional id: "" is nil.
func optID(v url.Values, name string, p vigil.Problems) *int64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.Add(name, "must be a positive whole number")
		return nil
	}
	return &n
}

// optInt parses an optional whole number: "" is nil.
func optInt(v url.Values, name string, p vigil.Problems) *int {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		p.Add(name, "must be a whole number")
		return nil
	}
	return &n
}

// optFloat parses an optional decimal number: "" is nil.
func optFloat(v url.Values, name string, p vigil.Problems) *float64 {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		p.Add(name, "must be a decimal number such as 41.94")
		return nil
	}
	return &f
}

// lines splits a textarea into trimmed, non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

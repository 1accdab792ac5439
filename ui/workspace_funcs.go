package ui

import (
	"html/template"
	"slices"
	"strings"
	"time"
	"vigil"

	"vigil/figure"
	"vigil/ui/form"
)

func init() {
	// Listed here rather than in Pages' literal so that the workspace
	// stays one additive change to ui.go.
	Pages = append(Pages, workspacePages...)
}

// workspaceFuncs are the template functions the workspace pages add.
func (u *UI) workspaceFuncs() template.FuncMap {
	return template.FuncMap{
		// label translates key, with arg when there is one.
		"label": func(lang, key string, args ...any) string {
			if key == "" {
				return ""
			}
			return u.msgs.T(lang, key, args...)
		},
		// optlabel is the shown label of a select's value.
		"optlabel": func(lang string, f *form.Field, value string) string {
			for _, o := range f.Options {
				if o.Value == value {
					if o.Key != "" {
						return u.msgs.T(lang, o.Key)
					}
					return o.Label
				}
			}
			if f.Kind == form.Checkbox {
				if value != "" {
					return u.msgs.T(lang, "merge.checked")
				}
				return u.msgs.T(lang, "merge.unchecked")
			}
			if value == "" {
				return u.msgs.T(lang, "merge.empty")
			}
			return value
		},
		"iv":       func(lang string, v figure.Interval) string { return intervalOf(lang, &v) },
		"when":     timeText,
		"has":      func(ids []int64, id int64) bool { return slices.Contains(ids, id) },
		"deref64":  func(p *int64) int64 { return *p },
		"idlist":   idList,
		"itoa":     itoa,
		"join":     strings.Join,
		"now":      func() time.Time { return u.now() },
		"fieldsIn": fieldsIn,
		"langof":   langOf,
		"pg":       func(lang string, p pager) pagerIn { return pagerIn{Lang: lang, P: p} },
		"bind":     func(lang string, f *form.Field) boundField { return boundField{Lang: lang, F: f} },
		"bindp": func(lang string, f *form.Field, preview map[string]string) boundField {
			return boundField{Lang: lang, F: f, Preview: preview}
		},
	}
}

// pagerIn is a pager with the page's language.
type pagerIn struct {
	Lang string
	P    pager
}

// boundField is a field with the page's language, for the input
// templates.
type boundField struct {
	Lang    string
	F       *form.Field
	Preview map[string]string
}

// fieldGroup is a run of fields under one legend; Columns lays them out
// side by side.
type fieldGroup struct {
	Legend  string
	Columns bool
	Fields  []*form.Field
}

// fieldsIn groups a form's fields by their Group marks, for fieldsets.
func fieldsIn(f *form.Form) []fieldGroup {
	var out []fieldGroup
	for _, fl := range f.Fields {
		if fl.Group != "" || len(out) == 0 {
			out = append(out, fieldGroup{Legend: fl.Group, Columns: fl.Columns})
		}
		out[len(out)-1].Fields = append(out[len(out)-1].Fields, fl)
	}
	return out
}

// langOf is the language Names.In(lang) shows the text in, for the lang
// attribute of a name shown in another language than the page's.
func langOf(n vigil.Names, lang string) string {
	switch {
	case lang == "ko" && n.Ko != "", lang == "en" && n.En != "", lang == "zh" && n.Zh != "":
		return lang
	case n.En != "":
		return "en"
	case n.Ko != "":
		return "ko"
	case n.Zh != "":
		return "zh"
	}
	return lang
}

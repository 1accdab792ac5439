// Package form turns vigil records into HTML form fields and back, maps
// the validators' field errors onto the inputs they concern, and computes
// the three-way merge shown when someone else saved the record first.
// It knows nothing of HTTP or templates: the ui package renders a Form.
package form

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Kind is the kind of input a field renders as.
type Kind string

// Input kinds.
const (
	Text     Kind = "text"
	TextArea Kind = "textarea"
	Number   Kind = "number"
	URL      Kind = "url"
	Select   Kind = "select"
	Checkbox Kind = "checkbox"
	// Date is a day (YYYY-MM-DD), with the browser's date picker.
	Date Kind = "date"
	// File is a file input; its form needs multipart/form-data.
	File Kind = "file"
)

// Option is one choice of a select. Key, when set, is an i18n key for the
// label; otherwise Label is shown as it is.
type Option struct {
	Value, Label, Key string
}

// Field is one input. The spec part (name, label, kind, options) comes
// from a record's Codec; the state part (value, error, merge) is filled
// by Build and Merge.
type Field struct {
	// Name is the form key, and the key of the vigil.Error field it
	// reports ("title.en", "figure", "override.rationale").
	Name string
	// Label and Help are i18n keys.
	Label, Help string
	Kind        Kind
	Required    bool
	Options     []Option
	// Dynamic names a list of records the ui fills Options from:
	// "places", "orgs", "actors", "sources", "incidents". The first
	// option is then an empty "none" unless Required.
	Dynamic string
	// Lang is the language of the text typed in, for the lang attribute
	// ("ko", "en", "zh").
	Lang string
	// InputMode, Autocomplete, Min, Max, Step and Pattern become the
	// attributes of the same names.
	InputMode, Autocomplete, Min, Max, Step string
	// Group starts a new fieldset with this legend (an i18n key).
	Group string
	// Columns, on the field that starts a group, lays the group's fields
	// out side by side (a Korean and an English text).
	Columns bool
	// Rows is a textarea's height in lines; 0 means 4.
	Rows int
	// Accept is a file input's accepted types ("image/jpeg,image/png").
	Accept string
	// Preview marks the figure text field, which shows its reading.
	Preview bool

	ID        string
	Value     string
	Error     string
	Autofocus bool
	Merge     *Merge
}

// Merge is what another editor changed in one field since the user read
// the record.
type Merge struct {
	Yours, Theirs string // the values, as submitted and as stored now
	// Conflict is set when both changed the field differently: the user
	// must pick. Otherwise only the other editor changed it, and Pick
	// defaults to "theirs".
	Conflict bool
	Pick     string
}

// Problem is one error of the summary at the top of a form.
type Problem struct {
	FieldID string // "" when the error concerns no single input
	Label   string // i18n key of the field's label, "" for none
	Message string
}

// Form is a form ready to render.
type Form struct {
	Action string
	Fields []*Field
	// Version is the version of the record the form was filled from; Base
	// its values, encoded, so that a later save can tell what the user
	// changed from what someone else changed.
	Version int
	Base    string
	// Decide lists the fields whose merge the user must decide.
	Decide string
	// Hidden are further hidden inputs (name, value), in order.
	Hidden [][2]string
	// Problems is the error summary; Merging is set when the form shows
	// another editor's changes.
	Problems []Problem
	Merging  bool
	// TheirVersion is the version the merge was computed against.
	TheirVersion int
}

// HasMerge reports whether some field shows a merge.
func (f *Form) HasMerge() bool {
	for _, fl := range f.Fields {
		if fl.Merge != nil {
			return true
		}
	}
	return false
}

// Field returns the field named name, or nil.
func (f *Form) Field(name string) *Field {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// ID is the HTML id of the input of field name.
func ID(name string) string {
	return "f-" + strings.NewReplacer(".", "-", "_", "-").Replace(name)
}

// Build fills the fields of spec with vals.
func Build(action string, spec []Field, vals url.Values) *Form {
	f := &Form{Action: action}
	for n := range spec {
		fl := spec[n]
		fl.ID = ID(fl.Name)
		fl.Value = vals.Get(fl.Name)
		f.Fields = append(f.Fields, &fl)
	}
	return f
}

// SetBase records the version and values the form was filled from.
func (f *Form) SetBase(version int, base url.Values) {
	f.Version = version
	f.Base = base.Encode()
}

// Errors puts field errors next to their inputs and into the summary.
// Each key is matched to the field of that name; else to the first field
// under it ("title" → "title.ko"); else to the field it is under
// ("places" ← "places.2.role" is not needed, but "override" →
// "override.best"). Keys matching no field go to the summary only.
// localize turns a validator's message into the user's language. The
// first field with an error gets autofocus.
func (f *Form) Errors(errs map[string]string, localize func(string) string) {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg := localize(errs[k])
		fl := f.match(k)
		if fl == nil {
			f.Problems = append(f.Problems, Problem{Message: msg})
			continue
		}
		if fl.Error == "" {
			fl.Error = msg
		} else {
			fl.Error += " " + msg
		}
	}
	// The summary follows the order of the form.
	for _, fl := range f.Fields {
		if fl.Error != "" {
			f.Problems = append(f.Problems, Problem{FieldID: fl.ID, Label: fl.Label, Message: fl.Error})
		}
	}
	for _, fl := range f.Fields {
		if fl.Error != "" {
			fl.Autofocus = true
			break
		}
	}
}

func (f *Form) match(key string) *Field {
	if fl := f.Field(key); fl != nil {
		return fl
	}
	for _, fl := range f.Fields {
		if strings.HasPrefix(fl.Name, key+".") {
			return fl
		}
	}
	for _, fl := range f.Fields {
		if strings.HasPrefix(key, fl.Name+".") {
			return fl
		}
	}
	return nil
}

// Merge marks the fields another editor changed: base is what the user
// read, yours what they submitted, theirs the record as stored now, at
// version. A field both changed alike needs nothing; a field only they
// changed defaults to theirs; a field both changed differently must be
// decided. The form then carries the new version and base, so that the
// next save is checked against what the user has now seen.
func (f *Form) Merge(base, yours, theirs url.Values, version int) {
	var decide []string
	for _, fl := range f.Fields {
		b, y, t := base.Get(fl.Name), yours.Get(fl.Name), theirs.Get(fl.Name)
		if t == b || t == y {
			continue
		}
		m := &Merge{Yours: y, Theirs: t}
		if y == b {
			m.Pick = "theirs"
		} else {
			m.Conflict = true
			decide = append(decide, fl.Name)
		}
		fl.Merge = m
	}
	f.Merging = true
	f.TheirVersion = version
	f.Decide = strings.Join(decide, ",")
	f.SetBase(version, theirs)
}

// Undecided marks the named fields as still to decide, with the base
// value as theirs, and returns the form for chaining.
func (f *Form) Undecided(names []string, base url.Values, msg string) {
	for _, n := range names {
		fl := f.Field(n)
		if fl == nil {
			continue
		}
		fl.Merge = &Merge{Yours: fl.Value, Theirs: base.Get(n), Conflict: true}
		fl.Error = msg
	}
	f.Merging = true
	f.TheirVersion = f.Version
	f.Decide = strings.Join(names, ",")
}

// Submission is a posted form: the values, the version and base the user
// read, and their merge decisions already applied.
type Submission struct {
	Values  url.Values
	Version int
	Base    url.Values
	// Undecided lists the fields the user had to decide and did not.
	Undecided []string
}

// Read parses a posted form. For every "keep.<name>" = "theirs" the
// field takes the base value (the record as the merge showed it); the
// fields listed in "decide" without a choice are Undecided.
func Read(posted url.Values) Submission {
	vals := url.Values{}
	for k, v := range posted {
		vals[k] = append([]string(nil), v...)
	}
	s := Submission{Values: vals}
	s.Version, _ = strconv.Atoi(posted.Get("version"))
	s.Base, _ = url.ParseQuery(posted.Get("base"))
	if s.Base == nil {
		s.Base = url.Values{}
	}
	for k, v := range posted {
		name, ok := strings.CutPrefix(k, "keep.")
		if !ok || len(v) == 0 {
			continue
		}
		if v[0] == "theirs" {
			if b, ok := s.Base[name]; ok {
				vals[name] = append([]string(nil), b...)
			} else {
				delete(vals, name)
			}
		}
	}
	for _, name := range strings.Split(posted.Get("decide"), ",") {
		if name != "" && posted.Get("keep."+name) == "" {
			s.Undecided = append(s.Undecided, name)
		}
	}
	for _, k := range []string{"version", "base", "decide"} {
		delete(vals, k)
	}
	for k := range vals {
		if strings.HasPrefix(k, "keep.") {
			delete(vals, k)
		}
	}
	return s
}

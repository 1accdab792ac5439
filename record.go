package vigil

import (
	"strings"
	"time"
	"unicode/utf8"

	"vigil/edtf"
)

// Meta is what every record carries: identity, sensitivity, the version
// used for optimistic concurrency, and UTC timestamps.
type Meta struct {
	ID          int64       `json:"id"`
	Sensitivity Sensitivity `json:"sensitivity"`
	// Version starts at 1 and grows by one with every update. An update or
	// delete must carry the version it read; a stale one fails ECONFLICT.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// validateMeta checks the sensitivity, defaulting an empty one to
// restricted: when in doubt, a record is restricted.
func (m *Meta) validateMeta(p Problems) {
	if m.Sensitivity == "" {
		m.Sensitivity = Restricted
	}
	if !m.Sensitivity.Valid() {
		p.Add("sensitivity", "%q is not one of public, coalition, restricted", m.Sensitivity)
	}
}

// Names is a name or title in Korean, English and (for places) Chinese.
type Names struct {
	Ko string `json:"ko,omitempty"`
	En string `json:"en,omitempty"`
	Zh string `json:"zh,omitempty"`
}

// In returns the name in lang ("ko", "en" or "zh"), falling back to
// English, then Korean, then Chinese.
func (n Names) In(lang string) string {
	switch lang {
	case "ko":
		if n.Ko != "" {
			return n.Ko
		}
	case "zh":
		if n.Zh != "" {
			return n.Zh
		}
	}
	for _, s := range []string{n.En, n.Ko, n.Zh} {
		if s != "" {
			return s
		}
	}
	return ""
}

// IsZero reports whether no language has a name.
func (n Names) IsZero() bool { return n.Ko == "" && n.En == "" && n.Zh == "" }

func (n *Names) trim() {
	n.Ko, n.En, n.Zh = strings.TrimSpace(n.Ko), strings.TrimSpace(n.En), strings.TrimSpace(n.Zh)
}

// validate requires at least one language when required, and bounds each
// name's length.
func (n *Names) validate(p Problems, field string, required bool, max int) {
	n.trim()
	if required && n.IsZero() {
		p.Add(field, "is required in at least one language (ko or en)")
	}
	for lang, s := range map[string]string{"ko": n.Ko, "en": n.En, "zh": n.Zh} {
		if utf8.RuneCountInString(s) > max {
			p.Add(field+"."+lang, "is longer than %d characters", max)
		}
	}
}

// validateText trims s and bounds its length.
func validateText(p Problems, field string, s *string, required bool, max int) {
	*s = strings.TrimSpace(*s)
	if required && *s == "" {
		p.Add(field, "is required")
	}
	if utf8.RuneCountInString(*s) > max {
		p.Add(field, "is longer than %d characters", max)
	}
	if !utf8.ValidString(*s) {
		p.Add(field, "is not valid UTF-8")
	}
}

// validateDate parses an EDTF date held in *s and fills its bounds. An
// empty date is allowed unless required.
func validateDate(p Problems, field string, s, start, end *string, required bool) {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		*start, *end = "", ""
		if required {
			p.Add(field, "is required (an EDTF date such as 2024-04-26, 2024-04 or 2024-04-26~)")
		}
		return
	}
	d, err := edtf.Parse(*s)
	if err != nil {
		p.Add(field, "%s", strings.TrimPrefix(err.Error(), "date: "))
		return
	}
	*s, *start, *end = d.EDTF, d.Earliest, d.Latest
}

// validateRef checks that an optional reference is positive when set.
func validateRef(p Problems, field string, id *int64) {
	if id != nil && *id <= 0 {
		p.Add(field, "must be a positive id")
	}
}

// Page is the paging and sorting part of every list filter.
type Page struct {
	// Limit is the page size: 0 means the default (50); at most 500.
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	// Sort is a field name, optionally prefixed with "-" for descending,
	// from the list each record type allows.
	Sort string `json:"sort"`
}

// Paging limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Normalize applies the default limit and checks bounds and the sort key
// against the allowed fields.
func (pg *Page) Normalize(allowed ...string) error {
	p := Problems{}
	if pg.Limit == 0 {
		pg.Limit = DefaultLimit
	}
	if pg.Limit < 0 || pg.Limit > MaxLimit {
		p.Add("limit", "must be between 1 and %d", MaxLimit)
	}
	if pg.Offset < 0 {
		p.Add("offset", "must not be negative")
	}
	if pg.Sort != "" {
		key := strings.TrimPrefix(pg.Sort, "-")
		ok := false
		for _, a := range allowed {
			if a == key {
				ok = true
			}
		}
		if !ok {
			p.Add("sort", "must be one of %s (prefix - for descending)", strings.Join(allowed, ", "))
		}
	}
	return p.Err("page")
}

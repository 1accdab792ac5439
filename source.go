package vigil

import (
	"net/url"
	"regexp"
	"strings"
)

// SourceKind is what kind of published item a source is.
type SourceKind string

// Source kinds.
const (
	SourceNewsRelease SourceKind = "news_release"
	SourceArticle     SourceKind = "article"
	SourceReport      SourceKind = "report"
	SourceStatement   SourceKind = "statement"
	SourceTestimony   SourceKind = "testimony"
	SourcePost        SourceKind = "post"
	SourceOther       SourceKind = "other"
)

// SourceKinds lists every valid source kind.
var SourceKinds = []SourceKind{SourceNewsRelease, SourceArticle, SourceReport, SourceStatement, SourceTestimony, SourcePost, SourceOther}

// Source is one published item: a news release, article, report,
// statement or testimony.
type Source struct {
	Meta
	Kind      SourceKind `json:"kind"`
	Publisher string     `json:"publisher"`
	// PublisherID optionally links the publisher to an organization.
	PublisherID *int64 `json:"publisher_id"`
	URL         string `json:"url"`
	// Language is the BCP 47 tag of the item, e.g. "ko" or "en".
	Language string `json:"language"`
	Title    Names  `json:"title"`
	// Published is the EDTF publication date; PublishedStart/End are its
	// bounds, filled on validation.
	Published      string `json:"published"`
	PublishedStart string `json:"published_start"`
	PublishedEnd   string `json:"published_end"`
	// Reliability is the Admiralty grade of the source: A completely
	// reliable … E unreliable, F cannot be judged.
	Reliability string `json:"reliability"`
	// RelayedFrom names the origin behind the item, e.g. "anonymous source
	// in North Hamgyong Province". Two items relaying one origin are not
	// independent.
	RelayedFrom string `json:"relayed_from"`
	Notes       string `json:"notes"`
}

// Origin is the key under which corroboration counts this source: the
// origin it relays, or else its publisher, case- and space-folded.
func (s *Source) Origin() string {
	o := s.RelayedFrom
	if strings.TrimSpace(o) == "" {
		o = s.Publisher
	}
	return strings.ToLower(strings.Join(strings.Fields(o), " "))
}

var langTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Validate normalizes s and reports every problem with its field.
func (s *Source) Validate() error {
	p := Problems{}
	s.validateMeta(p)
	if s.Kind == "" {
		s.Kind = SourceArticle
	}
	if !oneOf(s.Kind, SourceKinds) {
		p.Add("kind", "%q is not a source kind (%s)", s.Kind, joinOf(SourceKinds))
	}
	validateText(p, "publisher", &s.Publisher, true, 300)
	validateRef(p, "publisher_id", s.PublisherID)
	validateText(p, "url", &s.URL, false, 2000)
	if s.URL != "" {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.Add("url", "%q is not an http(s) URL", s.URL)
		}
	}
	s.Language = strings.TrimSpace(s.Language)
	if s.Language != "" && !langTag.MatchString(s.Language) {
		p.Add("language", "%q is not a language tag such as ko or en", s.Language)
	}
	s.Title.validate(p, "title", false, 500)
	validateDate(p, "published", &s.Published, &s.PublishedStart, &s.PublishedEnd, false)
	s.Reliability = strings.ToUpper(strings.TrimSpace(s.Reliability))
	if s.Reliability == "" {
		s.Reliability = "F"
	}
	if len(s.Reliability) != 1 || s.Reliability[0] < 'A' || s.Reliability[0] > 'F' {
		p.Add("reliability", "%q is not an Admiralty grade A–F", s.Reliability)
	}
	validateText(p, "relayed_from", &s.RelayedFrom, false, 500)
	validateText(p, "notes", &s.Notes, false, 10000)
	return p.Err("source")
}

// SourceFilter selects sources.
type SourceFilter struct {
	Page
	IDs       []int64
	Kind      SourceKind
	Language  string
	Publisher string // case-insensitive substring
	Query     string // substring of title, publisher or URL
}

// SourceSorts lists the fields sources can be sorted by.
var SourceSorts = []string{"id", "published", "publisher", "updated_at"}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func joinOf[T ~string](list []T) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

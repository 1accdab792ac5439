package vigil

import (
	"context"
	"strings"
	"unicode/utf8"
)

// SearchKind is the kind of record a search hit is.
type SearchKind string

// The kinds of record search finds.
const (
	KindIncident SearchKind = "incident"
	KindClaim    SearchKind = "claim"
	KindSource   SearchKind = "source"
	KindActor    SearchKind = "actor"
	KindPlace    SearchKind = "place"
)

// SearchKinds lists every searchable kind.
var SearchKinds = []SearchKind{KindIncident, KindClaim, KindSource, KindActor, KindPlace}

// Valid reports whether k is a searchable kind.
func (k SearchKind) Valid() bool { return oneOf(k, SearchKinds) }

// Search limits.
const (
	// SearchCap is how many matches a search ranks and counts at most.
	// Past it the total is reported as "1,000+" (TotalCapped), because
	// ranking and counting every match of a common word would cost
	// time on every query; a narrower query gets an exact count.
	SearchCap = 1000
	// SearchDefaultLimit and SearchMaxLimit bound a page of hits.
	SearchDefaultLimit = 20
	SearchMaxLimit     = 100
	// SearchMaxText bounds a query's length in characters.
	SearchMaxText = 200
)

// SearchQuery is a full-text search across incidents, claims, sources,
// actors and places, in Korean, English and Chinese (package search
// describes the matching).
type SearchQuery struct {
	Text  string       `json:"q"`
	Kinds []SearchKind `json:"kinds"` // empty: every kind
	// Page takes Limit (default 20, at most 100) and Offset (below
	// SearchCap); Sort is not allowed: hits come best first.
	Page Page `json:"page"`
}

// Validate normalizes q and names the parameter of every problem (q,
// kind, limit, offset, sort).
func (q *SearchQuery) Validate() error {
	p := Problems{}
	q.Text = strings.TrimSpace(q.Text)
	switch {
	case q.Text == "":
		p.Add("q", "is required")
	case !utf8.ValidString(q.Text):
		p.Add("q", "is not valid UTF-8")
	case utf8.RuneCountInString(q.Text) > SearchMaxText:
		p.Add("q", "is longer than %d characters", SearchMaxText)
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			p.Add("kind", "%q is not one of %s", k, joinOf(SearchKinds))
		}
	}
	if q.Page.Limit == 0 {
		q.Page.Limit = SearchDefaultLimit
	}
	if q.Page.Limit < 1 || q.Page.Limit > SearchMaxLimit {
		p.Add("limit", "must be between 1 and %d", SearchMaxLimit)
	}
	if q.Page.Offset < 0 || q.Page.Offset >= SearchCap {
		p.Add("offset", "must be between 0 and %d", SearchCap-1)
	}
	if q.Page.Sort != "" {
		p.Add("sort", "is not allowed: hits come best first")
	}
	return p.Err("search")
}

// Segment is a piece of a snippet: plain text, or a match to highlight
// (Mark). It is data, not HTML: renderers escape Text.
type Segment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// SearchHit is one matching record, as the viewer may see it.
type SearchHit struct {
	Kind SearchKind `json:"kind"`
	ID   int64      `json:"id"`
	// Title is the record's title or name in each language; a protected
	// person's is the pseudonym below restricted clearance.
	Title Names `json:"title"`
	// Snippet is the best passage of the record's text with the matches
	// marked.
	Snippet []Segment `json:"snippet"`
	// Score orders hits, higher first (search.Scores, the same on both
	// engines). It compares hits of one search only.
	Score float64 `json:"score"`
}

// SearchResults is one page of hits, best first.
type SearchResults struct {
	Hits []SearchHit `json:"hits"`
	// Total counts the matches the viewer may see, up to SearchCap;
	// TotalCapped says there are more ("1,000+").
	Total       int  `json:"total"`
	TotalCapped bool `json:"total_capped"`
	Limit       int  `json:"limit"`
	Offset      int  `json:"offset"`
}

// SearchService searches the records the viewer may see: hits, counts
// and snippets come only from records, and from the projection of each
// record, that the viewer's clearance allows.
// Errors: EINVALID.
type SearchService interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResults, error)
}

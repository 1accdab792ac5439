package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"vigil"
)

// searchPageSize is the number of hits per page.
const searchPageSize = 20

// searchData is what search.html shows.
type searchData struct {
	Query   string
	Kind    string
	Kinds   []vigil.SearchKind
	Problem string // why the query cannot run, in words for the reader
	Results *vigil.SearchResults
	From    int // 1-based position of the first hit shown
	To      int
	Prev    string // URL of the previous page, "" on the first
	Next    string // URL of the next page, "" on the last
	Public  bool   // the reader sees public records only
	Hits    []searchHit
}

// searchHit is a hit with the link to its record.
type searchHit struct {
	vigil.SearchHit
	URL string
}

// search shows ranked hits with highlighted snippets:
// GET /search?q=북송&kind=incident&page=2
func (u *UI) search(w http.ResponseWriter, r *http.Request) (string, any, error) {
	q := r.URL.Query()
	d := searchData{Query: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Kinds: vigil.SearchKinds,
		Public: vigil.ViewerFrom(r.Context()).Clearance == vigil.Public}
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	if d.Query == "" {
		return "search", d, nil
	}
	sq := vigil.SearchQuery{Text: d.Query, Page: vigil.Page{Limit: searchPageSize, Offset: (page - 1) * searchPageSize}}
	if d.Kind != "" {
		sq.Kinds = []vigil.SearchKind{vigil.SearchKind(d.Kind)}
	}
	if sq.Page.Offset >= vigil.SearchCap {
		sq.Page.Offset = vigil.SearchCap - searchPageSize
		page = sq.Page.Offset/searchPageSize + 1
	}
	res, err := u.svc.Search(r.Context(), sq)
	if vigil.ErrorCode(err) == vigil.EINVALID {
		d.Problem = u.searchProblem(lang(r), err)
		return "search", d, nil
	} else if err != nil {
		return "", nil, err
	}
	d.Results = res
	for _, h := range res.Hits {
		d.Hits = append(d.Hits, searchHit{SearchHit: h, URL: hitURL(h)})
	}
	if len(res.Hits) > 0 {
		d.From, d.To = res.Offset+1, res.Offset+len(res.Hits)
	}
	link := func(p int) string {
		v := url.Values{"q": {d.Query}}
		if d.Kind != "" {
			v.Set("kind", d.Kind)
		}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		return "/search?" + v.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if d.To < res.Total && d.To < vigil.SearchCap {
		d.Next = link(page + 1)
	}
	return "search", d, nil
}

// searchProblem explains an invalid query in the reader's language.
func (u *UI) searchProblem(lang string, err error) string {
	var fields map[string]string
	if e, ok := err.(*vigil.Error); ok {
		fields = e.Fields
	}
	switch {
	case fields["kind"] != "":
		return u.msgs.T(lang, "search.problem.kind")
	case fields["q"] != "" && strings.Contains(fields["q"], "longer"):
		return u.msgs.T(lang, "search.problem.long", vigil.SearchMaxText)
	}
	return u.msgs.T(lang, "search.problem.words")
}

// hitURL links a hit to its record's page.
func hitURL(h vigil.SearchHit) string {
	id := strconv.FormatInt(h.ID, 10)
	switch h.Kind {
	case vigil.KindIncident:
		return "/incidents/" + id
	case vigil.KindClaim:
		return "/claims/" + id
	case vigil.KindSource:
		return "/sources/" + id
	case vigil.KindActor:
		return "/actors/" + id
	case vigil.KindPlace:
		return "/places/" + id
	}
	return "/"
}

package api

import (
	"net/http"
	"strings"

	"vigil"
)

// handleSearch answers a full-text search over the records the caller
// may see: GET /api/v1/search?q=북송&kind=incident,claim&limit=20&offset=0
func (a *API) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only("q", "kind", "limit", "offset"); err != nil {
		return err
	}
	sq := vigil.SearchQuery{Text: q.Get("q")}
	for _, v := range q.Values["kind"] {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				sq.Kinds = append(sq.Kinds, vigil.SearchKind(k))
			}
		}
	}
	var err error
	if sq.Page.Limit, err = q.int("limit"); err != nil {
		return err
	}
	if sq.Page.Offset, err = q.int("offset"); err != nil {
		return err
	}
	res, err := a.svc.Search(r.Context(), sq)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

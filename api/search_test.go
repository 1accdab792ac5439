package api_test

import (
	"net/url"
	"strings"
	"testing"

	"vigil"
)

func TestSearchEndpoint(t *testing.T) {
	f := mustFixture(t)
	get := func(t *testing.T, token string, params url.Values) (int, vigil.SearchResults, []byte) {
		t.Helper()
		r := f.do(t, "GET", "/api/v1/search?"+params.Encode(), token, nil)
		var res vigil.SearchResults
		if r.status == 200 {
			r.json(t, &res)
		}
		return r.status, res, r.body
	}
	t.Run("korean word inside compounds", func(t *testing.T) {
		status, res, body := get(t, "", url.Values{"q": {"북송"}})
		if status != 200 || len(res.Hits) == 0 || res.Total < len(res.Hits) {
			t.Fatalf("status %d: %s", status, body)
		}
		marked := false
		for _, s := range res.Hits[0].Snippet {
			marked = marked || (s.Mark && s.Text == "북송")
		}
		if !marked {
			t.Errorf("first hit's snippet does not mark 북송: %+v", res.Hits[0])
		}
	})
	t.Run("kind filter and paging", func(t *testing.T) {
		status, res, body := get(t, "", url.Values{"q": {"repatriation"}, "kind": {"incident,source"}, "limit": {"1"}})
		if status != 200 || len(res.Hits) != 1 || res.Limit != 1 {
			t.Fatalf("status %d: %s", status, body)
		}
		if k := res.Hits[0].Kind; k != vigil.KindIncident && k != vigil.KindSource {
			t.Errorf("kind %s outside the filter", k)
		}
	})
	t.Run("protected names need restricted clearance", func(t *testing.T) {
		for name, token := range map[string]string{"anonymous": "", "coalition token": f.read} {
			_, res, body := get(t, token, url.Values{"q": {"김규리"}})
			if res.Total != 0 || strings.Contains(string(body), "김규리") {
				t.Errorf("%s finds a protected real name: %s", name, body)
			}
		}
		_, res, body := get(t, f.write, url.Values{"q": {"김규리"}})
		if res.Total != 1 || res.Hits[0].Kind != vigil.KindActor {
			t.Errorf("restricted token: %s", body)
		}
	})
	t.Run("bad parameters", func(t *testing.T) {
		for name, c := range map[string]struct {
			params url.Values
			field  string
		}{
			"missing q":     {url.Values{}, "q"},
			"unknown kind":  {url.Values{"q": {"북송"}, "kind": {"letter"}}, "kind"},
			"limit too big": {url.Values{"q": {"북송"}, "limit": {"1000"}}, "limit"},
			"unknown param": {url.Values{"q": {"북송"}, "sort": {"id"}}, "sort"},
		} {
			t.Run(name, func(t *testing.T) {
				r := f.do(t, "GET", "/api/v1/search?"+c.params.Encode(), "", nil)
				if r.status != 400 {
					t.Fatalf("status %d, want 400: %s", r.status, r.body)
				}
				if e := r.apiError(t); e.Fields[c.field] == "" {
					t.Errorf("error %+v does not name %s", e, c.field)
				}
			})
		}
	})
}

package ui

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDiff(t *testing.T) {
	cases := []struct {
		name      string
		prev, cur string
		want      []change
	}{
		{"creation lists the non-empty fields", ``, `{"id":3,"version":1,"title":{"en":"A","ko":""},"places":[],"figure":null,"conflict":false}`,
			[]change{{"title.en", "", "A", false}, {"conflict", "", "false", true}}},
		{"nested and list fields by dotted name", `{"version":1,"title":{"en":"A"},"places":[{"place_id":3,"role":"origin"}],"figure":{"low":null,"best":61,"high":null}}`,
			`{"version":2,"title":{"en":"B"},"places":[{"place_id":3,"role":"origin"},{"place_id":2,"role":"destination"}],"figure":{"low":55,"best":61,"high":null}}`,
			[]change{{"places.1.place_id", "", "2", false}, {"places.1.role", "", "destination", false}, {"title.en", "A", "B", false}, {"figure.low", "", "55", true}}},
		{"timestamps and versions say nothing", `{"version":1,"updated_at":"x","title":"a"}`, `{"version":2,"updated_at":"y","title":"a"}`, nil},
		{"large numbers stay exact", `{"n":9007199254740993}`, `{"n":9007199254740995}`, []change{{"n", "9007199254740993", "9007199254740995", false}}},
		{"not an object", `[1,2]`, `"x"`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var prev json.RawMessage
			if c.prev != "" {
				prev = json.RawMessage(c.prev)
			}
			if got := diff("incidents", prev, json.RawMessage(c.cur)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("diff = %v, want %v", got, c.want)
			}
		})
	}
}

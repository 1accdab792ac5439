package ui

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// change is one field that differs between two versions of a record.
// Derived is set for a field the store computes (an incident's figure
// from its claims): it may have changed through another record, so the
// entry's author did not necessarily change it.
type change struct {
	Field, Old, New string
	Derived         bool
}

// derivedFields are the fields the store derives, by entity; a name
// covers the names under it ("figure" covers "figure.low").
var derivedFields = map[string][]string{
	"incidents": {"figure", "figure_basis", "figure_rationale", "preferred_claim_id", "conflict", "corroboration",
		"claim_count", "parent_id", "cohort_id", "date_start", "date_end"},
	"claims":        {"interval", "date_start", "date_end"},
	"sources":       {"published_start", "published_end"},
	"state_parties": {"date_start", "date_end"},
}

func isDerived(entity, field string) bool {
	for _, d := range derivedFields[entity] {
		if field == d || strings.HasPrefix(field, d+".") {
			return true
		}
	}
	return false
}

// skipped are the record's id and the fields every update changes;
// they say nothing.
var skipped = map[string]bool{"id": true, "version": true, "updated_at": true, "created_at": true}

// diff lists the fields that differ between two audit entries' data (the
// whole record as JSON), flattened to dotted names ("title.en",
// "figure.low", "places.0.role"): the edited fields by name, then the
// derived ones by name. With prev nil, it lists every non-empty field of
// cur (a creation). Data that is not a JSON object gives no changes.
func diff(entity string, prev, cur json.RawMessage) []change {
	before, after := flatten(prev), flatten(cur)
	names := map[string]bool{}
	for k := range before {
		names[k] = true
	}
	for k := range after {
		names[k] = true
	}
	var out []change
	for k := range names {
		if skipped[k] || before[k] == after[k] {
			continue
		}
		out = append(out, change{Field: k, Old: before[k], New: after[k], Derived: isDerived(entity, k)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Derived != out[j].Derived {
			return !out[i].Derived
		}
		return out[i].Field < out[j].Field
	})
	return out
}

// flatten turns a JSON object into dotted names and text values; null,
// empty strings and empty lists are absent.
func flatten(raw json.RawMessage) map[string]string {
	out := map[string]string{}
	if len(raw) == 0 {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return out
	}
	if _, ok := v.(map[string]any); !ok {
		return out
	}
	walk(out, "", v)
	return out
}

func walk(out map[string]string, prefix string, v any) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			walk(out, join(k), e)
		}
	case []any:
		for i, e := range x {
			walk(out, join(strconv.Itoa(i)), e)
		}
	case nil:
	case string:
		if x != "" {
			out[prefix] = x
		}
	case json.Number:
		out[prefix] = x.String()
	case bool:
		if x {
			out[prefix] = "true"
		} else {
			out[prefix] = "false"
		}
	}
}

package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"vigil"
	"vigil/edtf"
	"vigil/figure"
)

// routeDoc is what the OpenAPI document says about a route.
type routeDoc struct {
	op     string // list, get, create, patch, delete, stats, figure, date, audit, openapi
	res    string // resource path segment
	params []param
	sorts  []string
	schema schemaRef
	hidden bool
	// build, when set, writes the whole operation (routes whose shape
	// the op kinds above do not cover: the public API, exports, images).
	build func(g *schemaGen) map[string]any
	// Actions (op "action"): a summary, whether it writes, its request
	// body and its success status (default 200).
	summary string
	write   bool
	body    schemaRef
	status  int
	custom  *customDoc // endpoints other than CRUD (monitoring.go)
}

// schemaRef names a component schema and the Go type it is generated from.
type schemaRef struct {
	name string
	typ  reflect.Type
}

func schemaOf[T any]() schemaRef {
	t := reflect.TypeFor[T]()
	return schemaRef{name: t.Name(), typ: t}
}

// OpenAPI returns the OpenAPI 3.1 document of the registered routes. It is
// generated from the route table and the Go types, so it cannot drift from
// what the server serves; a test checks every documented operation against
// the live handlers and their response schemas.
func (a *API) OpenAPI() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	g.ref(reflect.TypeFor[vigil.Error]())
	paths := map[string]map[string]any{}
	for _, rt := range a.routes {
		if rt.doc.hidden {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = a.operation(g, rt.doc)
	}
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": map[string]any{
			"title":       "vigil API",
			"version":     "1",
			"description": "Evidence-grade records of the forced repatriation of North Korean refugees: sources, claims, incidents with uncertain figures (low/best/high) and EDTF dates, places, actors and law, with honest totals. Anonymous readers see public records and fields only; writes need a bearer token with write scope.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "A token made with `vigil token create`."},
			},
		},
		"security": []any{map[string]any{}, map[string]any{"bearer": []any{}}},
	}
}

func (a *API) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, a.OpenAPI())
	return nil
}

func errorResponses(codes ...string) map[string]any {
	out := map[string]any{}
	desc := map[string]string{
		"400": "Invalid input; fields name each problem.",
		"401": "Missing or bad token.",
		"403": "The token lacks the scope or role.",
		"404": "No such record visible to you.",
		"409": "Stale version or a conflicting reference.",
		"413": "Request body too large.",
		"422": "The record's state does not allow this step (a draft letter cannot be signed, a delivered one cannot change).",
		"501": "This server lacks what the step needs (the PDF's Korean font).",
	}
	for _, c := range codes {
		out[c] = map[string]any{
			"description": desc[c],
			"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}},
		}
	}
	return out
}

func jsonContent(schema any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

func (a *API) operation(g *schemaGen, d routeDoc) map[string]any {
	if d.build != nil {
		return d.build(g)
	}
	if d.custom != nil {
		return a.customOperation(g, d)
	}
	op := map[string]any{"tags": []string{d.res}}
	var params []any
	addQuery := func(ps []param) {
		for _, p := range ps {
			params = append(params, map[string]any{"name": p.Name, "in": "query", "required": false, "description": p.Doc, "schema": map[string]any{"type": p.Type}})
		}
	}
	idParam := map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}}
	responses := map[string]any{}
	switch d.op {
	case "list":
		op["operationId"] = "list_" + d.res
		op["summary"] = "List " + d.res + " visible to you, filtered and paginated."
		addQuery(d.params)
		addQuery(pageParams)
		item := g.ref(d.schema.typ)
		responses["200"] = map[string]any{"description": "A page of " + d.res + ".", "content": jsonContent(map[string]any{
			"type": "object", "required": []string{"items", "total", "limit", "offset"},
			"properties": map[string]any{"items": map[string]any{"type": "array", "items": item}, "total": map[string]any{"type": "integer"}, "limit": map[string]any{"type": "integer"}, "offset": map[string]any{"type": "integer"}},
		})}
		for k, v := range errorResponses("400") {
			responses[k] = v
		}
	case "get":
		op["operationId"] = "get_" + d.res
		params = append(params, idParam)
		responses["200"] = map[string]any{"description": "The record.", "content": jsonContent(g.ref(d.schema.typ))}
		for k, v := range errorResponses("400", "404") {
			responses[k] = v
		}
	case "create":
		op["operationId"] = "create_" + d.res
		op["security"] = []any{map[string]any{"bearer": []any{}}}
		op["requestBody"] = map[string]any{"required": true, "content": jsonContent(g.ref(d.schema.typ))}
		responses["201"] = map[string]any{"description": "Created.", "content": jsonContent(g.ref(d.schema.typ))}
		for k, v := range errorResponses("400", "401", "403", "409", "413") {
			responses[k] = v
		}
	case "patch":
		op["operationId"] = "update_" + d.res
		op["summary"] = "Change fields; the body must carry the version you read."
		op["security"] = []any{map[string]any{"bearer": []any{}}}
		params = append(params, idParam)
		op["requestBody"] = map[string]any{"required": true, "content": jsonContent(g.ref(d.schema.typ))}
		responses["200"] = map[string]any{"description": "Updated.", "content": jsonContent(g.ref(d.schema.typ))}
		for k, v := range errorResponses("400", "401", "403", "404", "409", "413") {
			responses[k] = v
		}
	case "delete":
		op["operationId"] = "delete_" + d.res
		op["security"] = []any{map[string]any{"bearer": []any{}}}
		params = append(params, idParam, map[string]any{"name": "version", "in": "query", "required": true, "description": "the version you read", "schema": map[string]any{"type": "integer"}})
		responses["204"] = map[string]any{"description": "Deleted."}
		for k, v := range errorResponses("400", "401", "403", "404", "409") {
			responses[k] = v
		}
	case "stats":
		op["operationId"] = "stats"
		op["summary"] = "Honest totals (low/best/high) with the incidents behind them and a monthly series."
		params = append(params, map[string]any{"name": "event", "in": "query", "required": true, "schema": map[string]any{"type": "string", "enum": vigil.EventTypes}})
		addQuery([]param{{"from", "string", "earliest day on or after (YYYY-MM-DD)"}, {"to", "string", "earliest day on or before (YYYY-MM-DD)"}, {"place", "integer", "place id, including places under it"}, {"perpetrator", "integer", "actor id"}})
		responses["200"] = map[string]any{"description": "The totals.", "content": jsonContent(g.ref(reflect.TypeFor[vigil.Stats]()))}
		for k, v := range errorResponses("400") {
			responses[k] = v
		}
	case "figure":
		op["operationId"] = "parse_figure"
		params = append(params, map[string]any{"name": "text", "in": "query", "required": true, "schema": map[string]any{"type": "string"}, "example": "about 200"})
		responses["200"] = map[string]any{"description": "The figure's qualifier, numbers and interval.", "content": jsonContent(g.ref(reflect.TypeFor[figure.Reading]()))}
		for k, v := range errorResponses("400") {
			responses[k] = v
		}
	case "date":
		op["operationId"] = "resolve_date"
		params = append(params, map[string]any{"name": "text", "in": "query", "required": true, "schema": map[string]any{"type": "string"}, "example": "around April 26"},
			map[string]any{"name": "ref", "in": "query", "required": false, "description": "reference day (YYYY-MM-DD), e.g. the publication date; default today", "schema": map[string]any{"type": "string"}})
		responses["200"] = map[string]any{"description": "The EDTF date and its bounds.", "content": jsonContent(g.ref(reflect.TypeFor[edtf.Date]()))}
		for k, v := range errorResponses("400") {
			responses[k] = v
		}
	case "search":
		op["operationId"] = "search"
		op["summary"] = "Full-text search in Korean, English and Chinese over the incidents, claims, sources, actors and places you may see, best first, with highlighted snippets."
		kinds := make([]string, len(vigil.SearchKinds))
		for i, k := range vigil.SearchKinds {
			kinds[i] = string(k)
		}
		params = append(params, map[string]any{"name": "q", "in": "query", "required": true, "description": "words to find; every word must match (북송 finds 강제북송, repatriated finds repatriation)", "schema": map[string]any{"type": "string", "maxLength": vigil.SearchMaxText}, "example": "북송"})
		addQuery([]param{{"kind", "string", "comma-separated kinds to keep: " + strings.Join(kinds, ", ")}, {"limit", "integer", "hits per page (default 20, at most 100)"}, {"offset", "integer", "hits to skip (below 1000)"}})
		responses["200"] = map[string]any{"description": "A page of hits; total counts at most 1000 matches, and total_capped says there are more.", "content": jsonContent(g.ref(reflect.TypeFor[vigil.SearchResults]()))}
		for k, v := range errorResponses("400") {
			responses[k] = v
		}
	case "audit":
		op["operationId"] = "list_audit"
		op["summary"] = "The hash-chained audit log (restricted clearance)."
		op["security"] = []any{map[string]any{"bearer": []any{}}}
		addQuery([]param{{"entity", "string", "table name, e.g. incidents"}, {"entity_id", "integer", "record id"}, {"limit", "integer", "page size"}, {"offset", "integer", "rows to skip"}})
		responses["200"] = map[string]any{"description": "A page of entries.", "content": jsonContent(map[string]any{
			"type": "object", "required": []string{"items", "total", "limit", "offset"},
			"properties": map[string]any{"items": map[string]any{"type": "array", "items": g.ref(reflect.TypeFor[vigil.AuditEntry]())}, "total": map[string]any{"type": "integer"}, "limit": map[string]any{"type": "integer"}, "offset": map[string]any{"type": "integer"}},
		})}
		for k, v := range errorResponses("400", "403") {
			responses[k] = v
		}
	case "action":
		op["operationId"] = actionID(d)
		op["summary"] = d.summary
		params = append(params, idParam)
		if strings.HasSuffix(d.res, "/diff") {
			addQuery([]param{{"from", "integer", "older version"}, {"to", "integer", "newer version"}})
		}
		if strings.HasSuffix(d.res, "/signatures") {
			addQuery([]param{{"current", "boolean", "only the signatures that count"}})
		}
		status := d.status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": "Done."}
		if d.schema.typ != nil {
			ok["content"] = jsonContent(g.ref(d.schema.typ))
		}
		responses[strconv.Itoa(status)] = ok
		codes := []string{"400", "403", "404", "422", "501"}
		if d.write {
			op["security"] = []any{map[string]any{"bearer": []any{}}}
			codes = []string{"400", "401", "403", "404", "409", "413", "422"}
		}
		if d.body.typ != nil {
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(g.ref(d.body.typ))}
		}
		for k, v := range errorResponses(codes...) {
			responses[k] = v
		}
	case "openapi":
		op["operationId"] = "openapi"
		responses["200"] = map[string]any{"description": "This document.", "content": jsonContent(map[string]any{"type": "object"})}
	}
	if len(d.sorts) > 0 {
		for _, p := range params {
			if m := p.(map[string]any); m["name"] == "sort" {
				m["description"] = "one of " + strings.Join(d.sorts, ", ") + "; prefix - for descending"
			}
		}
	}
	if params != nil {
		op["parameters"] = params
	}
	op["responses"] = responses
	return op
}

// actionID names an action's operation: "post_letters_freeze".
func actionID(d routeDoc) string {
	m := "get"
	if d.write {
		m = "post"
	}
	return m + "_" + strings.NewReplacer("/{id}/", "_", "/", "_", "-", "_").Replace(d.res)
}

// schemaGen turns Go types into JSON Schema (2020-12) components.
type schemaGen struct{ defs map[string]any }

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// ref returns a schema for t, registering named structs as components.
func (g *schemaGen) ref(t reflect.Type) any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.ref(t.Elem())
		return map[string]any{"anyOf": []any{inner, map[string]any{"type": "null"}}}
	case reflect.Struct:
		name := t.Name()
		if t.PkgPath() == "vigil/publish" {
			name = "Public" + name // publish.Report is not vigil.Report
		}
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // placeholder against recursion
			g.defs[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	case reflect.Slice:
		return map[string]any{"type": []string{"array", "null"}, "items": g.ref(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.ref(t.Elem())}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	}
	return map[string]any{}
}

// object builds an object schema from exported fields and their JSON tags,
// flattening embedded structs as encoding/json does.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for f := range t.Fields() {
			if !f.IsExported() {
				continue
			}
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				walk(f.Type)
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = g.ref(f.Type)
		}
	}
	walk(t)
	return map[string]any{"type": "object", "properties": props}
}

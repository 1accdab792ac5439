package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"vigil"
)

// resource describes one record type's CRUD endpoints. T is the record;
// every T embeds vigil.Meta. The generic handlers below do the HTTP work
// once for all record types.
type resource[T any] struct {
	path    string // "incidents"
	name    string // "incident", for messages
	sorts   []string
	filters []param // query parameters the list accepts, for docs and checks
	newT    func() *T
	meta    func(*T) *vigil.Meta
	find    func(ctx context.Context, id int64) (*T, error)
	list    func(ctx context.Context, q query, pg vigil.Page) ([]*T, int, error)
	create  func(ctx context.Context, t *T) error
	update  func(ctx context.Context, t *T) error
	del     func(ctx context.Context, id int64, version int) error
	// replace lists object fields that a PATCH replaces whole instead of
	// merging, because their parts only make sense together (a figure's
	// text and numbers, an override's low/best/high).
	replace map[string]func(*T)
}

// param is a documented query parameter.
type param struct {
	Name, Type, Doc string
}

// ListResponse is the envelope of every list.
type ListResponse[T any] struct {
	Items  []*T `json:"items"`
	Total  int  `json:"total"`
	Limit  int  `json:"limit"`
	Offset int  `json:"offset"`
}

func (rs *resource[T]) register(a *API) {
	base := "/api/v1/" + rs.path
	a.handle("GET "+base, rs.handleList, routeDoc{op: "list", res: rs.path, params: rs.filters, sorts: rs.sorts, schema: schemaOf[T]()})
	a.handle("POST "+base, rs.handleCreate, routeDoc{op: "create", res: rs.path, schema: schemaOf[T]()})
	a.handle("GET "+base+"/{id}", rs.handleGet, routeDoc{op: "get", res: rs.path, schema: schemaOf[T]()})
	a.handle("PATCH "+base+"/{id}", rs.handlePatch, routeDoc{op: "patch", res: rs.path, schema: schemaOf[T]()})
	a.handle("DELETE "+base+"/{id}", rs.handleDelete, routeDoc{op: "delete", res: rs.path, schema: schemaOf[T]()})
}

func (rs *resource[T]) handleList(w http.ResponseWriter, r *http.Request) error {
	q := query{r.URL.Query()}
	if err := q.only(append(rs.filterNames(), "limit", "offset", "sort")...); err != nil {
		return err
	}
	pg, err := q.page()
	if err != nil {
		return err
	}
	items, total, err := rs.list(r.Context(), q, pg)
	if err != nil {
		return err
	}
	if items == nil {
		items = []*T{}
	}
	if pg.Limit == 0 {
		pg.Limit = vigil.DefaultLimit
	}
	writeJSON(w, http.StatusOK, ListResponse[T]{Items: items, Total: total, Limit: pg.Limit, Offset: pg.Offset})
	return nil
}

func (rs *resource[T]) filterNames() []string {
	names := make([]string, len(rs.filters))
	for i, p := range rs.filters {
		names[i] = p.Name
	}
	return names
}

func (rs *resource[T]) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := rs.find(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (rs *resource[T]) handleCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	t := rs.newT()
	if err := decodeBody(r, t); err != nil {
		return err
	}
	m := rs.meta(t)
	m.ID, m.Version = 0, 0
	if err := rs.create(r.Context(), t); err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/%s/%d", rs.path, m.ID))
	writeJSON(w, http.StatusCreated, t)
	return nil
}

// handlePatch merges the body onto the current record and saves it with
// the version the client read. The body must carry "version": without it
// an edit could silently overwrite someone else's.
func (rs *resource[T]) handlePatch(w http.ResponseWriter, r *http.Request) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		return jsonError(err)
	}
	var version int
	if raw, ok := keys["version"]; !ok || string(raw) == "null" {
		return &vigil.Error{Code: vigil.EINVALID, Message: "the version you read is required", Fields: map[string]string{"version": "is required (the version of the record you are editing)"}}
	} else if err := json.Unmarshal(raw, &version); err != nil || version < 1 {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid version", Fields: map[string]string{"version": "must be a positive integer"}}
	}
	t, err := rs.find(r.Context(), id)
	if err != nil {
		return err
	}
	for k, reset := range rs.replace {
		if _, ok := keys[k]; ok {
			reset(t)
		}
	}
	if err := decodeStrict(body, t); err != nil {
		return err
	}
	m := rs.meta(t)
	m.ID, m.Version = id, version
	if err := rs.update(r.Context(), t); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (rs *resource[T]) handleDelete(w http.ResponseWriter, r *http.Request) error {
	if err := requireWriter(r); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	vs := r.URL.Query().Get("version")
	if vs == "" {
		if m := strings.Trim(r.Header.Get("If-Match"), `"W/`); m != "" {
			vs = m
		}
	}
	version, err := strconv.Atoi(vs)
	if err != nil || version < 1 {
		return &vigil.Error{Code: vigil.EINVALID, Message: "the version you read is required", Fields: map[string]string{"version": "is required as ?version=N or If-Match: \"N\""}}
	}
	if err := rs.del(r.Context(), id, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// requireWriter refuses anonymous writes with 401 before they reach the
// store, which would refuse them with 403.
func requireWriter(r *http.Request) error {
	if vigil.ViewerFrom(r.Context()).Actor == vigil.Anonymous.Actor {
		return vigil.Errorf(vigil.EUNAUTHORIZED, "writing needs an API token with write scope (Authorization: Bearer <token>)")
	}
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &vigil.Error{Code: vigil.EINVALID, Message: "invalid id", Fields: map[string]string{"id": fmt.Sprintf("%q is not a positive integer", r.PathValue("id"))}}
	}
	return id, nil
}

func readBody(r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil, vigil.Errorf(vigil.EINVALID, "Content-Type must be application/json, not %q", ct)
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, vigil.Errorf(vigil.ETOOLARGE, "request body is larger than %d bytes", mbe.Limit)
		}
		return nil, vigil.Errorf(vigil.EINVALID, "could not read the request body")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, vigil.Errorf(vigil.EINVALID, "the request body is empty; send a JSON object")
	}
	return b, nil
}

func decodeBody(r *http.Request, v any) error {
	b, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeStrict(b, v)
}

// decodeStrict decodes one JSON object onto v, refusing unknown fields and
// trailing data, and names the field of a type error.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return vigil.Errorf(vigil.EINVALID, "the request body holds more than one JSON value")
	}
	return nil
}

// jsonError turns a decoding error into an EINVALID error naming the field
// or the byte offset.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return vigil.Errorf(vigil.EINVALID, "malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body"
		}
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid JSON value", Fields: map[string]string{field: fmt.Sprintf("must be %s, not %s", jsonType(te.Type.Kind().String()), te.Value)}}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return vigil.Errorf(vigil.EINVALID, "malformed JSON: the body ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &vigil.Error{Code: vigil.EINVALID, Message: "unknown field", Fields: map[string]string{f: "is not a field of this record"}}
	}
	var ve *vigil.Error
	if errors.As(err, &ve) {
		return ve
	}
	return vigil.Errorf(vigil.EINVALID, "malformed JSON: %v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "int", "int64", "int32", "float64", "uint", "uint64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "ptr":
		return "a value or null"
	}
	return kind
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

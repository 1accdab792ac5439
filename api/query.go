package api

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"vigil"
)

// query reads typed query parameters and names the parameter in every
// error.
type query struct{ url.Values }

func invalidParam(name, format string, args ...any) error {
	return &vigil.Error{Code: vigil.EINVALID, Message: "invalid query parameter", Fields: map[string]string{name: fmt.Sprintf(format, args...)}}
}

// only refuses parameters the endpoint does not know, so a typo such as
// ?evnt=arrest does not silently return everything.
func (q query) only(allowed ...string) error {
	for k := range q.Values {
		if !slices.Contains(allowed, k) {
			return invalidParam(k, "is not a parameter of this endpoint (allowed: %s)", strings.Join(allowed, ", "))
		}
	}
	return nil
}

func (q query) str(name string) string { return strings.TrimSpace(q.Get(name)) }

func (q query) int(name string) (int, error) {
	s := q.str(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, invalidParam(name, "%q is not an integer", s)
	}
	return n, nil
}

func (q query) id(name string) (*int64, error) {
	s := q.str(name)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return nil, invalidParam(name, "%q is not a positive id", s)
	}
	return &n, nil
}

func (q query) ids(name string) ([]int64, error) {
	s := q.str(name)
	if s == "" {
		return nil, nil
	}
	var out []int64
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || n <= 0 {
			return nil, invalidParam(name, "%q is not a comma-separated list of ids", s)
		}
		out = append(out, n)
	}
	if len(out) > vigil.MaxLimit {
		return nil, invalidParam(name, "lists more than %d ids", vigil.MaxLimit)
	}
	return out, nil
}

func (q query) boolPtr(name string) (*bool, error) {
	s := q.str(name)
	if s == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		return nil, invalidParam(name, "%q is not true or false", s)
	}
	return &b, nil
}

func (q query) day(name string) (string, error) {
	s := q.str(name)
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", invalidParam(name, "%q is not a day as YYYY-MM-DD", s)
	}
	return s, nil
}

func (q query) event(name string) (vigil.EventType, error) {
	e := vigil.EventType(q.str(name))
	if e != "" && !e.Valid() {
		return "", invalidParam(name, "%q is not an event type (%s)", e, eventList())
	}
	return e, nil
}

func eventList() string {
	s := make([]string, len(vigil.EventTypes))
	for i, e := range vigil.EventTypes {
		s[i] = string(e)
	}
	return strings.Join(s, ", ")
}

func (q query) page() (vigil.Page, error) {
	var pg vigil.Page
	var err error
	if pg.Limit, err = q.int("limit"); err != nil {
		return pg, err
	}
	if pg.Offset, err = q.int("offset"); err != nil {
		return pg, err
	}
	pg.Sort = q.str("sort")
	return pg, nil
}

// collect runs parsers in order and returns the first error.
func collect(fns ...func() error) error {
	for _, f := range fns {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

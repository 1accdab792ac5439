package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vigil"
	"vigil/audit"
)

// Scan adapters: the two drivers return NULLs, integers, booleans and
// text in slightly different Go types; these accept all of them.

// strCol scans text, NULL becoming "".
type strCol struct{ p *string }

func (c strCol) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*c.p = ""
	case string:
		*c.p = x
	case []byte:
		*c.p = string(x)
	default:
		return fmt.Errorf("cannot scan %T into a string", v)
	}
	return nil
}

// i64Ptr scans a nullable integer into **int64.
type i64Ptr struct{ p **int64 }

func (c i64Ptr) Scan(v any) error {
	n, ok, err := asInt64(v)
	if err != nil || !ok {
		*c.p = nil
		return err
	}
	*c.p = &n
	return nil
}

// intPtr scans a nullable integer into **int.
type intPtr struct{ p **int }

func (c intPtr) Scan(v any) error {
	n, ok, err := asInt64(v)
	if err != nil || !ok {
		*c.p = nil
		return err
	}
	i := int(n)
	*c.p = &i
	return nil
}

func asInt64(v any) (int64, bool, error) {
	switch x := v.(type) {
	case nil:
		return 0, false, nil
	case int64:
		return x, true, nil
	case int32:
		return int64(x), true, nil
	case int16:
		return int64(x), true, nil
	case float64:
		return int64(x), true, nil
	}
	return 0, false, fmt.Errorf("cannot scan %T into an integer", v)
}

// f64Ptr scans a nullable number into **float64.
type f64Ptr struct{ p **float64 }

func (c f64Ptr) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*c.p = nil
	case float64:
		*c.p = &x
	case float32:
		f := float64(x)
		*c.p = &f
	case int64:
		f := float64(x)
		*c.p = &f
	default:
		return fmt.Errorf("cannot scan %T into a float", v)
	}
	return nil
}

// boolCol scans SQLite's 0/1 and PostgreSQL's boolean.
type boolCol struct{ p *bool }

func (c boolCol) Scan(v any) error {
	switch x := v.(type) {
	case bool:
		*c.p = x
	case int64:
		*c.p = x != 0
	case nil:
		*c.p = false
	default:
		return fmt.Errorf("cannot scan %T into a bool", v)
	}
	return nil
}

// timeCol scans a stored timestamp (text in TimeFormat).
type timeCol struct{ p *time.Time }

func (c timeCol) Scan(v any) error {
	var s string
	if err := (strCol{&s}).Scan(v); err != nil {
		return err
	}
	t, err := parseTime(s)
	if err != nil {
		return err
	}
	*c.p = t
	return nil
}

// timePtr scans a nullable stored timestamp.
type timePtr struct{ p **time.Time }

func (c timePtr) Scan(v any) error {
	if v == nil {
		*c.p = nil
		return nil
	}
	var t time.Time
	if err := (timeCol{&t}).Scan(v); err != nil {
		return err
	}
	*c.p = &t
	return nil
}

// jsonCol decodes JSON text into p.
type jsonCol struct{ p any }

func (c jsonCol) Scan(v any) error {
	var s string
	if err := (strCol{&s}).Scan(v); err != nil {
		return err
	}
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), c.p)
}

// parseTime reads a stored timestamp.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// Argument helpers.

// fmtTime formats a timestamp for storage.
func fmtTime(t time.Time) string { return audit.FormatTime(t) }

// timeArg formats a nullable timestamp.
func timeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}

// nullStr stores "" as NULL, for date bounds where NULL means unknown.
func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ptrArg stores a nil pointer as NULL.
func ptrArg[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// jsonArg encodes a short list as JSON text; nil becomes "[]".
func jsonArg[T any](list []T) string {
	if list == nil {
		return "[]"
	}
	b, err := json.Marshal(list)
	if err != nil {
		return "[]" // slices of plain structs and strings always encode
	}
	return string(b)
}

// names columns: one per language.
func namesCols(prefix string) []string {
	return []string{prefix + "_ko", prefix + "_en", prefix + "_zh"}
}

func namesArgs(n vigil.Names) []any { return []any{n.Ko, n.En, n.Zh} }

func namesDest(n *vigil.Names) []any { return []any{&n.Ko, &n.En, &n.Zh} }

// likeArg turns user text into a case-folded LIKE pattern matching it as
// a substring, escaping LIKE's wildcards (with ESCAPE '\').
func likeArg(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// likeAny is a condition matching pattern ? against any of the columns,
// case-folded; it takes the pattern once per column.
func likeAny(cols ...string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = "LOWER(" + c + `) LIKE ? ESCAPE '\'`
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func repeatArg(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// fmtCoords writes a place's coordinates as "lat,lon" ("" when either is
// unknown), for the sealed coords column of a restricted place.
func fmtCoords(lat, lon *float64) string {
	if lat == nil || lon == nil {
		return ""
	}
	return strconv.FormatFloat(*lat, 'g', -1, 64) + "," + strconv.FormatFloat(*lon, 'g', -1, 64)
}

// coordsCol reads "lat,lon" from coords into the place's coordinates;
// "" leaves them as lat/lon gave them.
type coordsCol struct{ lat, lon **float64 }

func (c coordsCol) Scan(v any) error {
	var s string
	if err := (strCol{&s}).Scan(v); err != nil || s == "" {
		return err
	}
	a, b, ok := strings.Cut(s, ",")
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("coordinates %q are not lat,lon", s)
	}
	*c.lat, *c.lon = &lat, &lon
	return nil
}

package vigil

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Every error that reaches a user carries one of them; the
// HTTP layer maps them to statuses in one place.
const (
	ECONFLICT       = "conflict"        // stale version or duplicate
	EINTERNAL       = "internal"        // a bug or an outage; details are logged, not shown
	EINVALID        = "invalid"         // the input breaks a rule; Fields says which
	ENOTFOUND       = "not_found"       // no such record visible to the viewer
	EUNAUTHORIZED   = "unauthorized"    // no or bad credentials
	EFORBIDDEN      = "forbidden"       // credentials lack the scope or role
	ETOOLARGE       = "too_large"       // the request body or file is over the limit
	EUNPROCESSABLE  = "unprocessable"   // well-formed input that cannot be applied
	ENOTIMPLEMENTED = "not_implemented" // the engine or build lacks the feature
	ERATELIMIT      = "rate_limited"    // too many attempts; Fields["retry_after"] says until when
)

// Error is vigil's application error. Message is safe to show to the user;
// Fields maps a field name (or "row 3, column figure") to its reason.
type Error struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(e.Message)
	for i, k := range keys {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(e.Fields[k])
	}
	return b.String()
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL for any other non-nil error, or "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the *Error's
// message, or "Internal error." for anything else.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the per-field reasons of the *Error in err's chain.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field-level validation failures and turns them into
// one EINVALID error.
type Problems map[string]string

// Add records reason for field unless the field already has one.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when there are no problems, or an EINVALID *Error whose
// message names what was being validated.
func (p Problems) Err(what string) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "invalid " + what, Fields: map[string]string(p)}
}

package httpserver

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"vigil"
)

// statusOf maps vigil error codes to HTTP statuses. This is the only place
// that does so.
var statusOf = map[string]int{
	vigil.ECONFLICT:       http.StatusConflict,
	vigil.EINVALID:        http.StatusBadRequest,
	vigil.ENOTFOUND:       http.StatusNotFound,
	vigil.EUNAUTHORIZED:   http.StatusUnauthorized,
	vigil.EFORBIDDEN:      http.StatusForbidden,
	vigil.ETOOLARGE:       http.StatusRequestEntityTooLarge,
	vigil.EUNPROCESSABLE:  http.StatusUnprocessableEntity,
	vigil.ENOTIMPLEMENTED: http.StatusNotImplemented,
	vigil.EINTERNAL:       http.StatusInternalServerError,
	vigil.ERATELIMIT:      http.StatusTooManyRequests,
}

// StatusOf returns the HTTP status for an error's code.
func StatusOf(err error) int {
	if s, ok := statusOf[vigil.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// WriteError writes err as JSON {code, message, fields} with its status.
// Internal errors are logged (through LogError, without the request's
// secrets) and shown as "Internal error.".
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := vigil.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = vigil.Errorf(vigil.ETOOLARGE, "request body is larger than %d bytes", mbe.Limit)
		code = vigil.ETOOLARGE
	}
	if code == vigil.EINTERNAL {
		LogError(log, r, "internal error", err)
	}
	body := vigil.Error{Code: code, Message: vigil.ErrorMessage(err), Fields: vigil.ErrorFields(err)}
	WriteJSON(w, StatusOf(err), body)
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing more to do
}

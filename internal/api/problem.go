package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
)

// problem is an RFC 9457 problem document, with the fields that were wrong.
type problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail,omitempty"`
	Instance string            `json:"instance,omitempty"`
	Errors   map[string]string `json:"errors,omitempty"`
}

func statusOf(code vigil.Code) (int, string) {
	switch code {
	case vigil.Invalid:
		return http.StatusUnprocessableEntity, "Invalid request"
	case vigil.Unauthorized:
		return http.StatusUnauthorized, "Not signed in"
	case vigil.Forbidden:
		return http.StatusForbidden, "Not allowed"
	case vigil.NotFound:
		return http.StatusNotFound, "Not found"
	case vigil.Conflict:
		return http.StatusConflict, "Conflict"
	case vigil.TooMany:
		return http.StatusTooManyRequests, "Too many requests"
	}
	return http.StatusInternalServerError, "Internal error"
}

// writeProblem renders err; internal errors are logged and shown without detail.
func writeProblem(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	code := vigil.CodeOf(err)
	status, title := statusOf(code)
	p := problem{Type: "urn:vigil:problem:" + string(code), Title: title, Status: status, Instance: r.URL.Path}
	var e *vigil.Error
	if errors.As(err, &e) && code != vigil.Internal {
		p.Detail, p.Errors = e.Message, e.Fields
	} else {
		logger.Error("API request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Detail = "Something went wrong on our side. It has been logged."
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

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

// titleOf is the problem document's title for a refusal.
func titleOf(code vigil.Code) string {
	switch code {
	case vigil.Invalid:
		return "Invalid request"
	case vigil.Unauthorized:
		return "Not signed in"
	case vigil.Forbidden:
		return "Not allowed"
	case vigil.NotFound:
		return "Not found"
	case vigil.Conflict:
		return "Conflict"
	case vigil.TooMany:
		return "Too many requests"
	}
	return "Internal error"
}

// writeProblem renders err; internal errors are logged and shown without detail.
func writeProblem(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	code := vigil.CodeOf(err)
	status, title := code.HTTPStatus(), titleOf(code)
	p := problem{Type: "urn:vigil:problem:" + string(code), Title: title, Status: status, Instance: r.URL.Path}
	var e *vigil.Error
	if errors.As(err, &e) && code != vigil.Internal {
		p.Detail, p.Errors = e.Message, e.Fields
	} else {
		logger.Error("API request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Detail = "Something went wrong on our side. It has been logged."
	}
	if d := vigil.RetryAfterOf(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

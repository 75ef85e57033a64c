// Package vigil holds the small vocabulary every other package shares: the
// ways an operation can say "no", so that the web pages and the JSON API
// render refusals the same way without each handler inventing status codes.
package vigil

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Code classifies an Error for the web and API layers.
type Code string

const (
	Invalid      Code = "invalid"      // the input is wrong; Fields says where
	Unauthorized Code = "unauthorized" // not signed in, or the token is bad
	Forbidden    Code = "forbidden"    // signed in, but not allowed
	NotFound     Code = "not_found"    // no such thing in the caller's organisation
	Conflict     Code = "conflict"     // the change clashes with what is stored
	TooMany      Code = "too_many"     // rate limited
	Internal     Code = "internal"     // a fault of ours: logged with detail, shown without
)

// Error is a refusal that is safe to show to the user.
type Error struct {
	Code    Code
	Message string            // plain English, safe to show
	Fields  map[string]string // field name or "line 12, column 3" → what is wrong
	Err     error             // the cause, for logs only
	// RetryAfter, for TooMany, is how long to wait before trying again.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidFields reports a form or file with problems in named places.
func InvalidFields(message string, fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields}
}

// Busy says "not now": too many requests, with how long to wait.
func Busy(retryAfter time.Duration, format string, args ...any) *Error {
	e := Errorf(TooMany, format, args...)
	e.RetryAfter = retryAfter
	return e
}

// RetryAfterOf is how long err asks the caller to wait, or zero.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// CodeOf returns the Code of err, or Internal when err is not an *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// IsNotFound reports whether err means "no such thing for this caller".
func IsNotFound(err error) bool { return CodeOf(err) == NotFound }

// HTTPStatus is the status a refusal answers with, on pages and in the API alike.
func (c Code) HTTPStatus() int {
	switch c {
	case Invalid:
		return http.StatusUnprocessableEntity
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

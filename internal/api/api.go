// Package api serves Vigil's JSON API under /api/v1, authenticated by an
// API token (Authorization: Bearer …) or a signed-in browser session.
// Errors are RFC 9457 problem documents.
package api

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/board"
	"github.com/vigil-health/vigil/internal/buddy"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/training/bulletin"
	"github.com/vigil-health/vigil/internal/training/lrs"
	"github.com/vigil-health/vigil/internal/training/progress"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/whatif"
)

// Deps are what the API needs.
type Deps struct {
	Audit         *audit.Store
	Auth          *auth.Service
	Orgs          *org.Store
	Journey       *report.Journey
	Triage        *report.Triage
	CareMaps      *mapstore.Store
	WhatIf        *whatif.Service
	Hazards       *hazard.Log
	Plans         *hazard.Plans
	Board         *board.Board
	Logger        *slog.Logger
	Version       string
	SessionCookie string // the browser session cookie's name
	Clock         func() time.Time
	Intake        IntakeLimits
	Training      *progress.Service
	Buddies       *buddy.Buddies
	BaseURL       string // the address people reach Vigil at, for stable xAPI activity ids
	Alerts        *monitor.Monitor
	Incidents     *incident.Incidents
	Vulns         *findings.Service
	Notify        *notify.Service
	LRS           *lrs.Service // quiz results sent to each organisation's learning record store
	Bulletins     *bulletin.Bulletins
}

// Handler serves the API.
type Handler struct {
	Deps
	routes []route
	intake *intakeGate
}

// route is one operation: the table drives both the mux and the OpenAPI document.
type route struct {
	Method, Path string
	Summary      string
	Permission   vigil.Permission // empty: any authenticated caller
	Request      string           // schema name of the JSON body, if any
	Response     string           // schema name of the success body
	Status       int              // success status; 200 when zero
	Paged        bool             // takes cursor and limit
	MaxBody      int64            // the largest body; MaxBody when zero
	Query        []queryParam     // query parameters other than cursor and limit, for the OpenAPI document
	handle       func(w http.ResponseWriter, r *http.Request, sc vigil.Scope) error
}

// queryParam is one query parameter an operation reads.
type queryParam struct {
	Name, Type, Description string // Type is a JSON schema type: string or integer
	Required                bool
}

// New returns the API handler.
func New(d Deps) *Handler {
	h := &Handler{Deps: d, intake: newIntakeGate(d.Intake)}
	h.routes = h.table()
	return h
}

// Routes mounts every operation and the OpenAPI document on mux.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", h.openAPI)
	for _, rt := range h.routes {
		mux.HandleFunc(rt.Method+" "+rt.Path, h.serve(rt))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, h.Logger, vigil.Errorf(vigil.NotFound, "There is no such API operation."))
	})
}

// Patterns lists the mux patterns the API registers, for tests.
func (h *Handler) Patterns() []string {
	out := []string{"GET /api/v1/openapi.json"}
	for _, rt := range h.routes {
		out = append(out, rt.Method+" "+rt.Path)
	}
	return out
}

func (h *Handler) serve(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sc, err := h.authenticate(r)
		if err == nil && rt.Permission != "" {
			err = sc.Require(rt.Permission)
		}
		if err == nil {
			limit := rt.MaxBody
			if limit == 0 {
				limit = MaxBody
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			err = tooLarge(rt.handle(w, r, sc), limit)
		}
		if err != nil {
			writeProblem(w, r, h.Logger, err)
		}
	}
}

// authenticate accepts a bearer token or a browser session cookie.
func (h *Handler) authenticate(r *http.Request) (vigil.Scope, error) {
	if hdr := r.Header.Get("Authorization"); hdr != "" {
		token, ok := strings.CutPrefix(hdr, "Bearer ")
		if !ok {
			return vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "Use an Authorization: Bearer header with an API token.")
		}
		return h.Auth.TokenScope(r.Context(), strings.TrimSpace(token))
	}
	if c, err := r.Cookie(h.SessionCookie); err == nil {
		return h.Auth.Session(r.Context(), c.Value)
	}
	return vigil.Scope{}, vigil.Errorf(vigil.Unauthorized, "Sign in, or send an API token in an Authorization: Bearer header.")
}

// MaxBody is the largest JSON body accepted.
const MaxBody = 1 << 20

// tooLarge says a body was cut off at its limit in words a client can act
// on, rather than as the broken JSON or form the cut left behind.
func tooLarge(err error, limit int64) error {
	var max *http.MaxBytesError
	if !errors.As(err, &max) || vigil.CodeOf(err) == vigil.Invalid {
		return err
	}
	return &vigil.Error{Code: vigil.Invalid, Message: fmt.Sprintf("The request body is larger than %s, the most this operation takes.", megabytes(limit)),
		Fields: map[string]string{"body": fmt.Sprintf("send at most %d bytes", limit)}, Err: err}
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// decode reads a JSON body strictly: unknown fields are mistakes worth reporting.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var max *http.MaxBytesError
		if errors.As(err, &max) {
			return err // tooLarge words it, with the route's limit
		}
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return vigil.InvalidFields("The request body is not valid JSON.", map[string]string{"body": "syntax error at byte " + strconv.FormatInt(syn.Offset, 10)})
		case errors.As(err, &typ):
			return vigil.InvalidFields("The request body has a wrong type.", map[string]string{typ.Field: "expected " + typ.Type.String()})
		case errors.Is(err, io.EOF):
			return vigil.InvalidFields("The request body is empty.", map[string]string{"body": "send a JSON object"})
		}
		return vigil.InvalidFields("The request body could not be read.", map[string]string{"body": err.Error()})
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// page is the shape of every paged list: the items and the cursor for the next page.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// DefaultLimit and MaxLimit bound a page.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// pageParams reads ?cursor= and ?limit=. Cursors are opaque to clients.
func pageParams(r *http.Request) (after string, limit int, err error) {
	limit = DefaultLimit
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxLimit {
			return "", 0, vigil.InvalidFields("Bad limit.", map[string]string{"limit": "a whole number from 1 to " + strconv.Itoa(MaxLimit)})
		}
		limit = n
	}
	if c := r.URL.Query().Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || len(b) == 0 || len(b) > 64 {
			return "", 0, vigil.InvalidFields("Bad cursor.", map[string]string{"cursor": "use the next_cursor of the previous page"})
		}
		after = string(b)
	}
	return after, limit, nil
}

// paged trims one extra item (fetched to learn whether there is more) into a page.
func paged[T any](items []T, limit int, idOf func(T) string) page[T] {
	p := page[T]{Items: items}
	if p.Items == nil {
		p.Items = []T{}
	}
	if len(items) > limit {
		p.Items = items[:limit]
		p.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(idOf(items[limit-1])))
	}
	return p
}

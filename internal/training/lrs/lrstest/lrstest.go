// Package lrstest is a Learning Record Store for tests: an HTTPS server
// that checks every statement it is sent against what xAPI 1.0.3 requires
// of it, stores the good ones by id, and can be told to fail for a while
// or to refuse a statement, as real stores do.
package lrstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Store is a running test store. Its fields are read and set through its
// methods, which are safe while it serves.
type Store struct {
	Server      *httptest.Server
	Key, Secret string

	mu       sync.Mutex
	stored   map[string]json.RawMessage
	writes   map[string]int // how often each id was stored: must stay 1
	requests int
	failures []failure
	lose     int // answers to lose after storing
	refuse   func(id string) string
	problems []string
}

type failure struct {
	status     int
	retryAfter string
}

// New starts a store over HTTPS that wants Basic key and secret; it stops
// with the test. Its Server's Client trusts it.
func New(t interface{ Cleanup(func()) }, key, secret string) *Store {
	return start(t, key, secret, httptest.NewTLSServer)
}

// NewPlain starts a store over plain HTTP, for a whole Vigil that is
// allowed to send to this machine without HTTPS.
func NewPlain(t interface{ Cleanup(func()) }, key, secret string) *Store {
	return start(t, key, secret, httptest.NewServer)
}

func start(t interface{ Cleanup(func()) }, key, secret string, serve func(http.Handler) *httptest.Server) *Store {
	s := &Store{Key: key, Secret: secret, stored: map[string]json.RawMessage{}, writes: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /xapi/statements", s.post)
	s.Server = serve(mux)
	t.Cleanup(s.Server.Close)
	return s
}

// Endpoint is the store's xAPI address, as an admin would type it.
func (s *Store) Endpoint() string { return s.Server.URL + "/xapi" }

// FailNext makes the next n requests fail with status, and a Retry-After
// header when retryAfter is not empty.
func (s *Store) FailNext(n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, failure{status, retryAfter})
	}
}

// LoseNext makes the store keep the statements of the next n good
// requests but answer 502, as when an answer is lost on the way back.
func (s *Store) LoseNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lose += n
}

// Refuse makes the store answer 400 with the reason why returns for any
// statement whose id it is given, when why is not empty.
func (s *Store) Refuse(why func(id string) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = why
}

// Statements are the statements stored, by id.
func (s *Store) Statements() map[string]json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]json.RawMessage, len(s.stored))
	for id, raw := range s.stored {
		out[id] = raw
	}
	return out
}

// Requests counts the requests that reached the store.
func (s *Store) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Problems are what the store found wrong: statements that break the
// specification, or ids stored more than once. A test fails on any.
func (s *Store) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.problems...)
	for id, n := range s.writes {
		if n > 1 {
			out = append(out, fmt.Sprintf("statement %s was stored %d times", id, n))
		}
	}
	return out
}

func (s *Store) post(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if len(s.failures) > 0 {
		f := s.failures[0]
		s.failures = s.failures[1:]
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		http.Error(w, "the store is busy", f.status)
		return
	}
	if v := r.Header.Get("X-Experience-API-Version"); v != "1.0.3" {
		s.bad(w, "X-Experience-API-Version is %q, want 1.0.3", v)
		return
	}
	if key, secret, ok := r.BasicAuth(); !ok || key != s.Key || secret != s.Secret {
		http.Error(w, "who are you?", http.StatusUnauthorized)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		s.bad(w, "Content-Type is %q", ct)
		return
	}
	var batch []json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	if err := dec.Decode(&batch); err != nil {
		s.bad(w, "the body is not an array of statements: %v", err)
		return
	}
	ids := make([]string, 0, len(batch))
	seen := map[string]bool{}
	for i, raw := range batch {
		id, problem := Check(raw)
		if problem != "" {
			s.bad(w, "statement %d: %s", i, problem)
			return
		}
		if seen[id] {
			s.bad(w, "statement %s is twice in one batch", id)
			return
		}
		seen[id] = true
		if s.refuse != nil {
			if why := s.refuse(id); why != "" {
				http.Error(w, why, http.StatusBadRequest)
				return
			}
		}
		ids = append(ids, id)
	}
	// A batch stands or falls whole: one id the store has already makes
	// it refuse all of it, as strict stores do.
	for _, id := range ids {
		if _, ok := s.stored[id]; ok {
			http.Error(w, "statement "+id+" exists", http.StatusConflict)
			return
		}
	}
	for i, id := range ids {
		s.stored[id] = batch[i]
		s.writes[id]++
	}
	if s.lose > 0 {
		s.lose--
		http.Error(w, "the answer was lost", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(ids)
}

// bad answers 400 and notes the problem: Vigil should never send it.
func (s *Store) bad(w http.ResponseWriter, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.problems = append(s.problems, msg)
	http.Error(w, msg, http.StatusBadRequest)
}

var uuid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// statement is a statement as the specification describes it, every
// property kept raw to be checked.
type statement struct {
	ID      *string   `json:"id"`
	Actor   *agent    `json:"actor"`
	Verb    *verb     `json:"verb"`
	Object  *activity `json:"object"`
	Result  *result   `json:"result"`
	Context *struct {
		Registration *string `json:"registration"`
	} `json:"context"`
	Timestamp *string `json:"timestamp"`
	Version   *string `json:"version"`
}

type agent struct {
	ObjectType string                           `json:"objectType"`
	Mbox       string                           `json:"mbox"`
	Account    *struct{ HomePage, Name string } `json:"account"`
}

type verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

type activity struct {
	ObjectType string `json:"objectType"`
	ID         string `json:"id"`
}

type result struct {
	Success    *bool `json:"success"`
	Completion *bool `json:"completion"`
	Score      *struct {
		Scaled        *float64 `json:"scaled"`
		Raw, Min, Max *float64
	} `json:"score"`
	Response *string `json:"response"`
}

// allowed are the properties a statement sent to a store may have.
var allowed = map[string]bool{"id": true, "actor": true, "verb": true, "object": true, "result": true, "context": true,
	"timestamp": true, "version": true, "authority": true, "attachments": true}

// Check checks one statement against xAPI 1.0.3's requirements, and
// those Vigil's statements promise (an opaque account, ADL verbs, results
// on the verbs that need them). It answers the statement's id, and what is
// wrong, if anything.
func Check(raw json.RawMessage) (string, string) {
	var props map[string]json.RawMessage
	if err := json.Unmarshal(raw, &props); err != nil {
		return "", "not a JSON object: " + err.Error()
	}
	for name := range props {
		if !allowed[name] {
			return "", "has a property xAPI does not allow a client to send: " + name
		}
	}
	var st statement
	if err := json.Unmarshal(raw, &st); err != nil {
		return "", "not understood: " + err.Error()
	}
	switch {
	case st.ID == nil || !uuid.MatchString(*st.ID):
		return "", "the id is missing or is not a lower-case UUID"
	case st.Actor == nil || st.Actor.Account == nil || !isIRL(st.Actor.Account.HomePage) || st.Actor.Account.Name == "":
		return *st.ID, "the actor is not an account with a homePage address and a name"
	case st.Actor.Mbox != "" || (st.Actor.ObjectType != "" && st.Actor.ObjectType != "Agent"):
		return *st.ID, "the actor is not an Agent identified by its account alone"
	case st.Verb == nil || !isIRI(st.Verb.ID) || len(st.Verb.Display) == 0:
		return *st.ID, "the verb has no IRI id or no display"
	case st.Object == nil || !isIRI(st.Object.ID) || (st.Object.ObjectType != "" && st.Object.ObjectType != "Activity"):
		return *st.ID, "the object is not an Activity with an IRI id"
	case st.Timestamp == nil:
		return *st.ID, "there is no timestamp"
	case st.Version == nil || !strings.HasPrefix(*st.Version, "1.0."):
		return *st.ID, "the version is missing or is not 1.0.x"
	}
	if st.Context != nil && st.Context.Registration != nil && !uuid.MatchString(*st.Context.Registration) {
		return *st.ID, "the context's registration is not a UUID"
	}
	for lang, text := range st.Verb.Display {
		if lang == "" || text == "" {
			return *st.ID, "the verb's display has an empty language or text"
		}
	}
	if _, err := time.Parse(time.RFC3339Nano, *st.Timestamp); err != nil {
		return *st.ID, "the timestamp is not an ISO 8601 time: " + *st.Timestamp
	}
	const adl = "http://adlnet.gov/expapi/verbs/"
	r := st.Result
	switch st.Verb.ID {
	case adl + "passed", adl + "failed":
		if r == nil || r.Success == nil || r.Score == nil || r.Score.Scaled == nil || *r.Score.Scaled < 0 || *r.Score.Scaled > 1 ||
			r.Score.Raw == nil || r.Score.Min == nil || r.Score.Max == nil || *r.Score.Raw < *r.Score.Min || *r.Score.Raw > *r.Score.Max {
			return *st.ID, "a passed or failed statement has no success or no sound score"
		}
		if *r.Success != (st.Verb.ID == adl+"passed") {
			return *st.ID, "the result's success does not match the verb"
		}
	case adl + "answered":
		if r == nil || r.Success == nil || r.Response == nil {
			return *st.ID, "an answered statement has no success or no response"
		}
	case adl + "completed":
		if r == nil || r.Completion == nil || !*r.Completion {
			return *st.ID, "a completed statement has no completion"
		}
	case adl + "attempted":
	default:
		return *st.ID, "the verb is not one of the ADL verbs Vigil uses: " + st.Verb.ID
	}
	return *st.ID, ""
}

func isIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

func isIRL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

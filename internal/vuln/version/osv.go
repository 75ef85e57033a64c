package version

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Event is one event of an OSV range; exactly one of its fields is set. "introduced": "0"
// means from the very first version.
type Event struct {
	Introduced   string `json:"introduced,omitempty"`
	Fixed        string `json:"fixed,omitempty"`
	LastAffected string `json:"last_affected,omitempty"`
	Limit        string `json:"limit,omitempty"`
}

// kind and value say which field is set.
func (e Event) kind() (eventKind, string, error) {
	var k eventKind
	var v string
	n := 0
	for i, s := range []string{e.Introduced, e.Fixed, e.LastAffected, e.Limit} {
		if s != "" {
			k, v, n = eventKind(i), s, n+1
		}
	}
	if n != 1 {
		return 0, "", errors.New("an event must set exactly one of introduced, fixed, last_affected and limit")
	}
	return k, v, nil
}

func (e Event) String() string {
	k, v, err := e.kind()
	if err != nil {
		return "invalid event"
	}
	return eventNames[k] + " " + v
}

type eventKind uint8

const (
	introduced eventKind = iota
	fixed
	lastAffected
	limit
)

var eventNames = []string{"introduced", "fixed", "last_affected", "limit"}

// Range is an OSV range compiled for one scheme: its events parsed and sorted, ready to
// test versions. A Range is read-only and safe for concurrent use.
type Range struct {
	scheme Scheme
	events []rangeEvent
	limits []Version
	text   string
}

type rangeEvent struct {
	kind eventKind
	v    Version // nil for introduced "0"
}

// MaxEvents is the most events one range may have.
const MaxEvents = 1000

// NewRange compiles OSV range events for scheme s. It fails when an event's version does
// not follow the scheme, naming the event.
func NewRange(s Scheme, events []Event) (*Range, error) {
	if len(events) == 0 {
		return nil, errors.New("a range needs at least one event")
	}
	if len(events) > MaxEvents {
		return nil, fmt.Errorf("a range has %d events; the limit is %d", len(events), MaxEvents)
	}
	r := &Range{scheme: s}
	text := make([]string, 0, len(events))
	for i, e := range events {
		k, raw, err := e.kind()
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		text = append(text, e.String())
		if k == introduced && raw == "0" {
			r.events = append(r.events, rangeEvent{kind: k})
			continue
		}
		if k == limit && raw == "*" {
			continue // no limit
		}
		v, err := s.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("event %d (%s): %w", i, e, err)
		}
		if k == limit {
			r.limits = append(r.limits, v)
			continue
		}
		r.events = append(r.events, rangeEvent{kind: k, v: v})
	}
	slices.SortStableFunc(r.events, func(a, b rangeEvent) int {
		switch {
		case a.v == nil && b.v == nil:
			return 0
		case a.v == nil:
			return -1
		case b.v == nil:
			return 1
		}
		return a.v.compare(b.v)
	})
	r.text = strings.Join(text, ", ")
	return r, nil
}

// Scheme is the scheme the range's versions follow.
func (r *Range) Scheme() Scheme { return r.scheme }

// String lists the events as given: "introduced 0, fixed 1.2.3".
func (r *Range) String() string { return r.text }

// Contains reports whether v is affected, by the OSV rules: walking the events in version
// order, an introduced event at or below v makes it affected, a fixed event at or below v
// or a last_affected event below v makes it unaffected again; and v must be below a limit
// when there are limits. v must follow the range's scheme.
func (r *Range) Contains(v Version) bool {
	if SchemeOf(v) != r.scheme {
		return false
	}
	if len(r.limits) > 0 && !slices.ContainsFunc(r.limits, func(l Version) bool { return v.compare(l) < 0 }) {
		return false
	}
	affected := false
	for _, e := range r.events {
		switch e.kind {
		case introduced:
			if e.v == nil || v.compare(e.v) >= 0 {
				affected = true
			}
		case fixed:
			if v.compare(e.v) >= 0 {
				affected = false
			}
		case lastAffected:
			if v.compare(e.v) > 0 {
				affected = false
			}
		}
	}
	return affected
}

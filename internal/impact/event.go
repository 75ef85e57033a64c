// Package impact answers "if this goes down, is corrupted or leaks, for this long, which
// clinical services are hit, how badly, how soon are patients harmed, and what do staff
// do?" It propagates events over a care map by the §6 rules, scores each affected service
// with the DCB0129/DCB0160 risk matrix, and ranks every asset by the worst harm its loss or
// corruption would cause.
package impact

import (
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Mode is what happens to the event's target.
type Mode uint8

const (
	ModeUnavailable     Mode = iota + 1 // it is down
	ModeDegraded                        // it works, but worse
	ModeIntegrity                       // its data can no longer be trusted
	ModeConfidentiality                 // its data has been exposed
)

var modeNames = []string{"", "unavailable", "degraded", "integrity", "confidentiality"}

func (m Mode) String() string {
	if m >= ModeUnavailable && m <= ModeConfidentiality {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// ParseMode reads unavailable, degraded, integrity or confidentiality.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if i > 0 && s == n {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown mode %q; use unavailable, degraded, integrity or confidentiality", s)
}

func (m Mode) MarshalText() ([]byte, error) {
	if m < ModeUnavailable || m > ModeConfidentiality {
		return nil, fmt.Errorf("invalid mode %d", uint8(m))
	}
	return []byte(m.String()), nil
}

func (m *Mode) UnmarshalText(b []byte) error {
	v, err := ParseMode(string(b))
	*m = v
	return err
}

// DefaultDuration is how long an event lasts when it does not say.
const DefaultDuration = 24 * caremap.Hour

// Event is something that happens to one service, asset or supplier.
type Event struct {
	Target   string           `json:"target"`
	Mode     Mode             `json:"mode"`
	Duration caremap.Duration `json:"duration"`
}

// ParseEvent reads target:mode[:duration], such as "epr:unavailable:14d". Errors name the bad part.
func ParseEvent(s string) (Event, error) {
	bad := func(format string, args ...any) (Event, error) {
		return Event{}, vigil.Errorf(vigil.Invalid, "bad event %q: %s", s, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad("write it as target:mode or target:mode:duration, such as epr:unavailable:14d")
	}
	e := Event{Target: parts[0], Duration: DefaultDuration}
	if e.Target == "" {
		return bad("the target is empty; give the id of a service, asset or supplier")
	}
	m, err := ParseMode(parts[1])
	if err != nil {
		return bad("%v", err)
	}
	e.Mode = m
	if len(parts) == 3 {
		d, err := caremap.ParseDuration(parts[2])
		if err != nil {
			return bad("%v", err)
		}
		e.Duration = d
	}
	return e, nil
}

func (e Event) String() string {
	return fmt.Sprintf("%s:%s:%s", e.Target, e.Mode, e.Duration)
}

// State is how much of a service or asset still works.
type State uint8

const (
	Unaffected State = iota
	Degraded
	Lost
)

var stateNames = []string{"unaffected", "degraded", "lost"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

func (s State) MarshalText() ([]byte, error) {
	if int(s) >= len(stateNames) {
		return nil, fmt.Errorf("invalid state %d", uint8(s))
	}
	return []byte(s.String()), nil
}

func (s *State) UnmarshalText(b []byte) error {
	for i, n := range stateNames {
		if string(b) == n {
			*s = State(i)
			return nil
		}
	}
	return fmt.Errorf("unknown state %q", b)
}

package impact

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestParseEvent(t *testing.T) {
	tests := []struct {
		in   string
		want Event
		err  string
	}{
		{"epr:unavailable", Event{"epr", ModeUnavailable, 24 * caremap.Hour}, ""},
		{"epr:degraded:8h", Event{"epr", ModeDegraded, 8 * caremap.Hour}, ""},
		{"citypath-lims:unavailable:14d", Event{"citypath-lims", ModeUnavailable, 14 * caremap.Day}, ""},
		{"epr-db:integrity:30m", Event{"epr-db", ModeIntegrity, 30 * caremap.Minute}, ""},
		{"epr:confidentiality", Event{"epr", ModeConfidentiality, 24 * caremap.Hour}, ""},
		{"epr", Event{}, "target:mode"},
		{"epr:down", Event{}, `unknown mode "down"`},
		{":unavailable", Event{}, "target is empty"},
		{"epr:unavailable:4x", Event{}, `bad duration "4x"`},
		{"epr:unavailable:0m", Event{}, `bad duration "0m"`},
		{"epr:unavailable:4h:extra", Event{}, "target:mode"},
	}
	for _, tt := range tests {
		got, err := ParseEvent(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || vigil.CodeOf(err) != vigil.Invalid {
				t.Errorf("ParseEvent(%q) error = %v, want one saying %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseEvent(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if back, err := ParseEvent(got.String()); err != nil || back != got {
			t.Errorf("ParseEvent(%q.String()) = %v, %v", tt.in, back, err)
		}
	}
}

// FuzzParseEvent: the event parser never panics and what it accepts it can write back.
func FuzzParseEvent(f *testing.F) {
	for _, s := range []string{"epr:unavailable", "a:degraded:1d12h", "x:integrity:2w", "::", "a:b:c:d", "é:confidentiality:9999999d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseEvent(s)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("error is not Invalid: %v", err)
			}
			return
		}
		if e.Target == "" || e.Duration <= 0 || e.Mode < ModeUnavailable || e.Mode > ModeConfidentiality {
			t.Fatalf("accepted a bad event: %+v", e)
		}
		back, err := ParseEvent(e.String())
		if err != nil || back != e {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, e, e.String(), back, err)
		}
	})
}

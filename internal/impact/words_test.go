package impact

import (
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
)

func TestHarmStarts(t *testing.T) {
	s := ServiceImpact{Risk: 4, For: 14 * caremap.Day, SafeFor: 12 * caremap.Hour}
	tests := []struct {
		change func(*ServiceImpact)
		when   string
	}{
		{func(*ServiceImpact) {}, "After 12 hours"},
		{func(s *ServiceImpact) { s.For = 2 * caremap.Hour }, "Not expected"},
		{func(s *ServiceImpact) { s.SafeFor = 0 }, "From the start"},
		{func(s *ServiceImpact) { s.Untrustworthy = true }, "From the start"},
		{func(s *ServiceImpact) { s.Risk = 0 }, "Not scored"},
	}
	for _, tt := range tests {
		c := s
		tt.change(&c)
		if when, why := c.HarmStarts(); when != tt.when || why == "" {
			t.Errorf("%+v: %q, %q; want %q", c, when, why, tt.when)
		}
	}
}

func TestWords(t *testing.T) {
	if got := (caremap.Day + 12*caremap.Hour + caremap.Minute).Words(); got != "1 day 12 hours 1 minute" {
		t.Errorf("duration words = %q", got)
	}
	for level, want := range map[int]string{0: "Not scored", 2: "Risk 2: acceptable", 3: "Risk 3: undesirable", 5: "Risk 5: unacceptable"} {
		if got := RiskWords(level); got != want {
			t.Errorf("RiskWords(%d) = %q, want %q", level, got, want)
		}
	}
	for _, tt := range []struct {
		state                  State
		untrustworthy, exposed bool
		want                   string
	}{
		{Lost, false, false, "Stops working"},
		{Degraded, true, false, "Works worse; its data cannot be trusted"},
		{Unaffected, true, false, "Its data cannot be trusted"},
		{Unaffected, false, false, "Unaffected"},
	} {
		if got := StateWords(tt.state, tt.untrustworthy, tt.exposed); got != tt.want {
			t.Errorf("StateWords(%v, %v, %v) = %q, want %q", tt.state, tt.untrustworthy, tt.exposed, got, tt.want)
		}
	}
}

package chart_test

import (
	"testing"

	"github.com/vigil-health/vigil/internal/web/chart"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		unit string
		want string
	}{
		{72.5, "%", "72.5%"}, {100, "%", "100%"}, {1, "hazards", "1 hazard"}, {3, "hazards", "3 hazards"},
		{1, "people", "1 person"}, {1.25, "hours", "1.2 hours"}, {0, "reports", "0 reports"}, {1234.5, "reports", "1234 reports"},
	} {
		if got := chart.Words(tc.v, tc.unit); got != tc.want {
			t.Errorf("Words(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

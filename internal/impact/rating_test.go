package impact

import (
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
)

// TestDCBMatrix checks all 25 cells of the §6 matrix.
func TestDCBMatrix(t *testing.T) {
	rows := map[caremap.Likelihood][5]int{
		caremap.VeryHigh: {3, 4, 4, 5, 5},
		caremap.High:     {2, 3, 3, 4, 5},
		caremap.Medium:   {2, 2, 3, 3, 4},
		caremap.Low:      {1, 2, 2, 3, 4},
		caremap.VeryLow:  {1, 1, 2, 2, 3},
	}
	md := model{caremap.RiskModel{}.Resolved()}
	cells := 0
	for l, row := range rows {
		for i, want := range row {
			c := caremap.Consequence(i + 1)
			if got := md.risk(l, c); got != want {
				t.Errorf("risk(%s, %s) = %d, want %d", l, c, got, want)
			}
			cells++
		}
	}
	if cells != 25 {
		t.Fatalf("checked %d cells", cells)
	}
}

func TestLikelihoodThresholds(t *testing.T) {
	md := model{caremap.RiskModel{}.Resolved()}
	safe := 24 * caremap.Hour
	tests := []struct {
		d    caremap.Duration
		want caremap.Likelihood
	}{
		{caremap.Minute, caremap.VeryLow},
		{6 * caremap.Hour, caremap.VeryLow}, // r = 0.25 exactly
		{6*caremap.Hour + caremap.Minute, caremap.Low},
		{12 * caremap.Hour, caremap.Low}, // 0.5
		{12*caremap.Hour + caremap.Minute, caremap.Medium},
		{24 * caremap.Hour, caremap.Medium}, // 1
		{24*caremap.Hour + caremap.Minute, caremap.High},
		{48 * caremap.Hour, caremap.High}, // 2
		{48*caremap.Hour + caremap.Minute, caremap.VeryHigh},
		{14 * caremap.Day, caremap.VeryHigh},
	}
	for _, tt := range tests {
		if got := md.likelihood(tt.d, safe); got != tt.want {
			t.Errorf("likelihood(%s of 24h) = %s, want %s", tt.d, got, tt.want)
		}
	}
	if got := md.likelihood(caremap.Minute, 0); got != caremap.VeryHigh {
		t.Errorf("no downtime procedure: %s, want very-high", got)
	}
	// Untrustworthy data is at least medium, however short.
	if got := md.untrustworthyLikelihood(caremap.Minute, safe); got != caremap.Medium {
		t.Errorf("untrustworthy for a minute: %s, want medium", got)
	}
	if got := md.untrustworthyLikelihood(14*caremap.Day, safe); got != caremap.VeryHigh {
		t.Errorf("untrustworthy for 14d: %s, want very-high", got)
	}
}

func TestRiskModelOverrides(t *testing.T) {
	rm := caremap.RiskModel{
		Thresholds:           caremap.Thresholds{VeryLow: 0.1},
		UntrustworthyAtLeast: caremap.High,
		Matrix:               [5][5]int{caremap.VeryLow - 1: {1, 1, 1, 2, 2}},
	}
	md := model{rm.Resolved()}
	if got := md.likelihood(4*caremap.Hour, 24*caremap.Hour); got != caremap.Low { // r = 0.17: above the new 0.1
		t.Errorf("likelihood = %s, want low", got)
	}
	if got := md.untrustworthyLikelihood(caremap.Minute, caremap.Day); got != caremap.High {
		t.Errorf("untrustworthy floor = %s, want high", got)
	}
	if got := md.risk(caremap.VeryLow, caremap.Catastrophic); got != 2 {
		t.Errorf("overridden cell = %d, want 2", got)
	}
	if got := md.risk(caremap.VeryHigh, caremap.Catastrophic); got != 5 {
		t.Errorf("default cell = %d, want 5", got)
	}
}

func TestLower(t *testing.T) {
	for c, want := range map[caremap.Consequence]caremap.Consequence{
		caremap.Catastrophic: caremap.Major, caremap.Major: caremap.Considerable,
		caremap.Considerable: caremap.Significant, caremap.Significant: caremap.Minor, caremap.Minor: caremap.Minor,
	} {
		if got := lower(c); got != want {
			t.Errorf("lower(%s) = %s, want %s", c, got, want)
		}
	}
}

func TestPatientsAffected(t *testing.T) {
	tests := []struct {
		perDay int
		d      caremap.Duration
		want   int64
	}{
		{310, 24 * caremap.Hour, 310},
		{310, 6 * caremap.Hour, 78}, // 77.5 rounds up
		{310, 14 * caremap.Day, 4340},
		{1, caremap.Minute, 1},
		{0, 14 * caremap.Day, 0},
		{100, 36 * caremap.Hour, 150},
	}
	for _, tt := range tests {
		if got := patientsAffected(tt.perDay, tt.d); got != tt.want {
			t.Errorf("patientsAffected(%d, %s) = %d, want %d", tt.perDay, tt.d, got, tt.want)
		}
	}
}

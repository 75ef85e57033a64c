package hazard_test

import (
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
)

// TestRiskMatrixEveryCell checks all 25 cells against DESIGN.md §6, written
// out here row by row as the design states them: rows are likelihood from
// very high down to very low, columns consequence from minor to catastrophic.
func TestRiskMatrixEveryCell(t *testing.T) {
	design := []struct {
		likelihood caremap.Likelihood
		risks      [5]int // minor, significant, considerable, major, catastrophic
	}{
		{caremap.VeryHigh, [5]int{3, 4, 4, 5, 5}},
		{caremap.High, [5]int{2, 3, 3, 4, 5}},
		{caremap.Medium, [5]int{2, 2, 3, 3, 4}},
		{caremap.Low, [5]int{1, 2, 2, 3, 4}},
		{caremap.VeryLow, [5]int{1, 1, 2, 2, 3}},
	}
	consequences := []caremap.Consequence{caremap.Minor, caremap.Significant, caremap.Considerable, caremap.Major, caremap.Catastrophic}
	cells := 0
	for _, row := range design {
		for i, c := range consequences {
			t.Run(fmt.Sprintf("%s/%s", row.likelihood, c), func(t *testing.T) {
				cells++
				if got := hazard.Risk(c, row.likelihood); got != row.risks[i] {
					t.Errorf("risk of %s consequence, %s likelihood = %d, want %d", c, row.likelihood, got, row.risks[i])
				}
				a := hazard.Assessment{Consequence: c, Likelihood: row.likelihood}
				if a.Risk() != row.risks[i] {
					t.Errorf("Assessment.Risk = %d, want %d", a.Risk(), row.risks[i])
				}
			})
		}
	}
	if cells != 25 {
		t.Fatalf("checked %d cells, want 25", cells)
	}
}

func TestRiskOfAnUnmadeAssessmentIsZero(t *testing.T) {
	for _, a := range []hazard.Assessment{{}, {Consequence: caremap.Major}, {Likelihood: caremap.High}} {
		if r := a.Risk(); r != 0 {
			t.Errorf("risk of %+v = %d, want 0 (not assessed)", a, r)
		}
	}
}

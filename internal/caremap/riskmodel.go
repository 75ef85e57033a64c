package caremap

import "fmt"

// RiskModel overrides the §6 scoring defaults for one organisation. Zero fields keep the
// default, so a map only states what its Clinical Safety Officer chose to change.
type RiskModel struct {
	// Thresholds are the upper bounds of r = duration ÷ safe_for for each likelihood.
	Thresholds Thresholds
	// UntrustworthyAtLeast is the lowest likelihood given to a service whose data cannot be
	// trusted, because downtime procedures do not catch wrong data.
	UntrustworthyAtLeast Likelihood
	// Matrix holds risk levels 1–5 by likelihood (row, very-low first) and consequence
	// (column, minor first). A row of zeros keeps the default row.
	Matrix [5][5]int
}

// Thresholds are upper bounds of r for the four lower likelihoods; above High is very high.
type Thresholds struct {
	VeryLow, Low, Medium, High float64
}

// IsZero reports whether the model changes nothing.
func (rm RiskModel) IsZero() bool { return rm == RiskModel{} }

// DefaultRiskModel returns the §6 model: thresholds 0.25, 0.5, 1 and 2, untrustworthy at
// least medium, and the DCB matrix.
func DefaultRiskModel() RiskModel {
	return RiskModel{
		Thresholds:           Thresholds{VeryLow: 0.25, Low: 0.5, Medium: 1, High: 2},
		UntrustworthyAtLeast: Medium,
		Matrix: [5][5]int{
			{1, 1, 2, 2, 3}, // very-low
			{1, 2, 2, 3, 4}, // low
			{2, 2, 3, 3, 4}, // medium
			{2, 3, 3, 4, 5}, // high
			{3, 4, 4, 5, 5}, // very-high
		},
	}
}

// Resolved fills every field rm leaves zero with the default.
func (rm RiskModel) Resolved() RiskModel {
	d := DefaultRiskModel()
	t := &rm.Thresholds
	for _, p := range []struct{ v, def *float64 }{
		{&t.VeryLow, &d.Thresholds.VeryLow}, {&t.Low, &d.Thresholds.Low},
		{&t.Medium, &d.Thresholds.Medium}, {&t.High, &d.Thresholds.High},
	} {
		if *p.v == 0 {
			*p.v = *p.def
		}
	}
	if rm.UntrustworthyAtLeast == 0 {
		rm.UntrustworthyAtLeast = d.UntrustworthyAtLeast
	}
	for i := range rm.Matrix {
		if rm.Matrix[i] == [5]int{} {
			rm.Matrix[i] = d.Matrix[i]
		}
	}
	return rm
}

// Likelihood turns r = duration ÷ safe_for into a likelihood.
func (rm RiskModel) Likelihood(r float64) Likelihood {
	t := rm.Thresholds
	switch {
	case r <= t.VeryLow:
		return VeryLow
	case r <= t.Low:
		return Low
	case r <= t.Medium:
		return Medium
	case r <= t.High:
		return High
	}
	return VeryHigh
}

// Risk is the DCB risk level 1–5 for a likelihood and a consequence, from a resolved model.
func (rm RiskModel) Risk(l Likelihood, c Consequence) int {
	if !l.Valid() || !c.Valid() {
		return 0
	}
	return rm.Matrix[l-1][c-1]
}

// check returns what is wrong with the model, keyed by the field at fault.
func (rm RiskModel) check() []fieldProblem {
	var out []fieldProblem
	t := rm.Thresholds
	for _, v := range []struct {
		name string
		v    float64
	}{{"very-low", t.VeryLow}, {"low", t.Low}, {"medium", t.Medium}, {"high", t.High}} {
		if v.v < 0 {
			out = append(out, fieldProblem{"likelihood." + v.name, "must be more than zero"})
		}
	}
	if rm.UntrustworthyAtLeast != 0 && !rm.UntrustworthyAtLeast.Valid() {
		out = append(out, fieldProblem{"untrustworthy_at_least", "unknown likelihood"})
	}
	for i, row := range rm.Matrix {
		if row == [5]int{} {
			continue
		}
		for _, v := range row {
			if v < 1 || v > 5 {
				out = append(out, fieldProblem{"matrix." + likelihoodNames[i+1], fmt.Sprintf("risk levels go from 1 to 5, not %d", v)})
				break
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	r := rm.Resolved()
	rt := r.Thresholds
	if !(rt.VeryLow < rt.Low && rt.Low < rt.Medium && rt.Medium < rt.High) {
		out = append(out, fieldProblem{"likelihood", "thresholds must rise from very-low to high"})
	}
	// A worse consequence or a likelier harm must never score lower: the ranking and the
	// "adding a dependency never lowers risk" promise both rest on it.
	for i := range 5 {
		for j := range 5 {
			if (j > 0 && r.Matrix[i][j] < r.Matrix[i][j-1]) || (i > 0 && r.Matrix[i][j] < r.Matrix[i-1][j]) {
				out = append(out, fieldProblem{"matrix", "risk must not fall as consequence or likelihood rises"})
				return out
			}
		}
	}
	return out
}

// fieldProblem is a problem inside a block, before it is given a place in the file.
type fieldProblem struct {
	field, message string
}

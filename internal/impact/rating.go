package impact

import "github.com/vigil-health/vigil/internal/caremap"

// model is the map's risk model with defaults filled in, ready to score services.
type model struct {
	rm caremap.RiskModel
}

func modelOf(m *caremap.Map) model { return model{m.RiskModel.Resolved()} }

// likelihood is the §6 likelihood of harm when a service's downtime lasts d. A service with
// no downtime procedure has nothing keeping patients safe, so harm is very likely.
func (md model) likelihood(d, safeFor caremap.Duration) caremap.Likelihood {
	if safeFor <= 0 {
		return caremap.VeryHigh
	}
	return md.rm.Likelihood(float64(d) / float64(safeFor))
}

// untrustworthyLikelihood raises the likelihood to the model's floor: downtime procedures
// do not catch wrong data, so time alone does not make it safe.
func (md model) untrustworthyLikelihood(d, safeFor caremap.Duration) caremap.Likelihood {
	return max(md.likelihood(d, safeFor), md.rm.UntrustworthyAtLeast)
}

func (md model) risk(l caremap.Likelihood, c caremap.Consequence) int { return md.rm.Risk(l, c) }

// lower is the consequence of a degraded service: one step below its full consequence,
// and never below minor.
func lower(c caremap.Consequence) caremap.Consequence {
	if c > caremap.Minor {
		return c - 1
	}
	return c
}

// patientsAffected is patients_per_day × duration in days, rounded up, in whole minutes so
// that 6h of a 310-a-day service is exactly 77.5 → 78.
func patientsAffected(perDay int, d caremap.Duration) int64 {
	const minutesPerDay = 24 * 60
	minutes := int64(d / caremap.Minute)
	return (int64(perDay)*minutes + minutesPerDay - 1) / minutesPerDay
}

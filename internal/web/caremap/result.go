package caremap

import (
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
)

// impactView is an impact result as the what-if and scenario pages show it: the services
// at risk, most dangerous first, each with what to do and how soon patients are harmed.
type impactView struct {
	Asked    []string // each event as a sentence
	Services []serviceRisk
	Assets   []affectedRow
	Highest  riskLevel
	Picture  pathPicture
}

type serviceRisk struct {
	Rank        int
	Ref         mapRef
	Risk        riskLevel
	State       string
	Consequence caremap.Consequence
	Likelihood  caremap.Likelihood
	Patients    string
	HarmWhen    string // "After 12 hours", "From the start", "Not expected"
	HarmWhy     string
	Procedure   string
	Via         []mapRef
}

type affectedRow struct {
	Ref   mapRef
	State string
}

func newImpactView(m *caremap.Map, r impact.Result) impactView {
	v := impactView{Picture: drawPaths(m, r)}
	for _, e := range r.Events {
		v.Asked = append(v.Asked, e.Words(m))
	}
	for i, s := range r.Services {
		row := serviceRisk{Rank: i + 1, Ref: refOf(m, s.ID), Risk: riskLevel(s.Risk), State: s.Words(),
			Consequence: s.Consequence, Likelihood: s.Likelihood, Patients: thousands(s.PatientsAffected),
			Procedure: s.DowntimeProcedure, Via: refsOf(m, s.Via)}
		row.HarmWhen, row.HarmWhy = s.HarmStarts()
		v.Highest = max(v.Highest, row.Risk)
		v.Services = append(v.Services, row)
	}
	for _, list := range [][]impact.Affected{r.Assets, r.Suppliers} {
		for _, a := range list {
			v.Assets = append(v.Assets, affectedRow{Ref: refOf(m, a.ID), State: affectedWords(a)})
		}
	}
	return v
}

func affectedWords(a impact.Affected) string { return a.Words() }

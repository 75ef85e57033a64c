package impact

import "github.com/vigil-health/vigil/internal/caremap"

// plainCritical ranks assets with one Analyse per asset and per mode: slow, quadratic, and
// plainly right. The fast ranking must give exactly the same answer.
func plainCritical(m *caremap.Map) []AssetCriticality {
	g := m.Graph()
	out := make([]AssetCriticality, 0, g.Assets())
	for v := g.Services(); v < g.Services()+g.Assets(); v++ {
		id := g.ID(v)
		out = append(out, AssetCriticality{
			ID:         id,
			Name:       m.NameOf(v),
			Loss:       plainHarm(m, Event{Target: id, Mode: ModeUnavailable, Duration: CriticalDuration}),
			Corruption: plainHarm(m, Event{Target: id, Mode: ModeIntegrity, Duration: CriticalDuration}),
		})
	}
	sortCriticality(out)
	return out
}

func plainHarm(m *caremap.Map, e Event) Harm {
	r, err := Analyse(m, []Event{e})
	if err != nil {
		panic(err)
	}
	h := Harm{Services: []ServiceRisk{}}
	for i, s := range r.Services {
		h.Consequence = max(h.Consequence, s.Consequence)
		if i < CriticalServices {
			h.Services = append(h.Services, ServiceRisk{ID: s.ID, Name: s.Name, State: s.State,
				Untrustworthy: s.Untrustworthy, Consequence: s.Consequence, Likelihood: s.Likelihood,
				Risk: s.Risk, PatientsAffected: s.PatientsAffected})
		}
	}
	if len(h.Services) > 0 {
		h.Risk = h.Services[0].Risk
	}
	return h
}

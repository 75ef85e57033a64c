package incident

import (
	"fmt"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
)

// MaxServices is the most services a continuity plan lists: the rest are
// less at risk, and a plan read at 3 a.m. must fit on a phone.
const MaxServices = 12

// continuityOf runs the impact engine for the playbook's assumption on every
// asset of the incident and keeps the services it puts at risk, most
// dangerous first.
func continuityOf(m *caremap.Map, p Playbook, assetIDs []string) (Continuity, error) {
	c := Continuity{Assumed: fmt.Sprintf("%s for %s", modeWords(p.Mode), p.Lasts.Words())}
	events := make([]impact.Event, 0, len(assetIDs))
	for _, id := range assetIDs {
		events = append(events, impact.Event{Target: id, Mode: p.Mode, Duration: p.Lasts})
	}
	if len(events) == 0 {
		return c, nil
	}
	res, err := impact.Analyse(m, events)
	if err != nil {
		return Continuity{}, err
	}
	for _, s := range res.Services {
		if len(c.Services) == MaxServices {
			break
		}
		at := ServiceAtRisk{ID: s.ID, Name: s.Name, State: stateWords(s), Risk: s.Risk, PatientsAffected: s.PatientsAffected, Procedure: s.DowntimeProcedure}
		if s.SafeFor > 0 {
			at.SafeFor = s.SafeFor.Words()
		}
		c.Services = append(c.Services, at)
	}
	return c, nil
}

func modeWords(m impact.Mode) string {
	switch m {
	case impact.ModeUnavailable:
		return "Assets unavailable"
	case impact.ModeDegraded:
		return "Assets working badly"
	case impact.ModeIntegrity:
		return "Data in the assets not to be trusted"
	case impact.ModeConfidentiality:
		return "Data in the assets exposed"
	}
	return m.String()
}

func stateWords(s impact.ServiceImpact) string {
	switch {
	case s.State == impact.Lost:
		return "lost"
	case s.Untrustworthy:
		return "untrustworthy"
	case s.State == impact.Degraded:
		return "degraded"
	case s.Exposed:
		return "exposed"
	}
	return s.State.String()
}

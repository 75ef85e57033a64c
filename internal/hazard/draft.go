package hazard

import (
	"fmt"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
)

// harmOf is what the impact engine found for one asset: the worse of losing
// it and corrupting its data for impact.CriticalDuration.
type harmOf struct {
	asset     *caremap.Asset
	harm      impact.Harm
	corrupted bool
}

// worstHarm is the most harmful of the assets' loss or corruption; ok is
// false when none of them is in the map.
func worstHarm(m *caremap.Map, ranks *impact.Cache, assetIDs []string) (harmOf, bool) {
	var best harmOf
	found := false
	for _, id := range assetIDs {
		a, ok := m.Asset(id)
		if !ok {
			continue
		}
		c, _, ok := ranks.Criticality(m, id)
		if !ok {
			continue
		}
		for _, h := range []harmOf{{a, c.Loss, false}, {a, c.Corruption, true}} {
			if !found || h.harm.Risk > best.harm.Risk {
				best, found = h, true
			}
		}
	}
	return best, found
}

// draft writes a hazard from what the impact engine found: the services
// hit, their downtime procedures, and the worst one's consequence and
// likelihood as the initial assessment.
func (h harmOf) draft(m *caremap.Map) Details {
	a := h.asset
	d := Details{Links: []Link{{Kind: LinkAsset, ID: a.ID, Title: a.Name}}}
	if s, ok := m.Supplier(a.Supplier); ok {
		d.Links = append(d.Links, Link{Kind: LinkSupplier, ID: s.ID, Title: s.Name})
	}
	lasts := impact.CriticalDuration.Words()
	if h.corrupted {
		d.Title = "Data in " + a.Name + " cannot be trusted"
		d.Type = WrongData
		d.Description = fmt.Sprintf("If the data in %s is changed or damaged, staff may act on wrong records or results until it is found and put right. Vigil looked at %s of wrong data.", a.Name, lasts)
		d.Causes = []string{"An attacker changes or deletes data", "A faulty interface or integration writes wrong data", "A failed update, migration or restore"}
	} else {
		d.Title = a.Name + " unavailable"
		d.Type = NoAccess
		d.Description = fmt.Sprintf("If %s stops working, staff lose the records and tools it gives them and fall back on downtime procedures. Vigil looked at an outage of %s.", a.Name, lasts)
		d.Causes = []string{"Ransomware or other malware", "A failed update or change"}
		if s, ok := m.Supplier(a.Supplier); ok {
			d.Causes = append(d.Causes, "An outage or cyber attack at "+s.Name)
		}
	}
	if a.Kind == caremap.KindMedicalDevice {
		d.Type = DeviceMalfunction
	}
	var effects, controls []string
	for _, s := range h.harm.Services {
		d.Links = append(d.Links, Link{Kind: LinkService, ID: s.ID, Title: s.Name})
		effects = append(effects, s.Name+": "+strings.ToLower(impact.StateWords(s.State, s.Untrustworthy, false))+".")
		svc, _ := m.Service(s.ID)
		switch {
		case svc == nil || svc.Downtime.IsZero():
			controls = append(controls, s.Name+" has no downtime procedure.")
		default:
			controls = append(controls, fmt.Sprintf("%s downtime procedure, safe for %s.", s.Name, svc.Downtime.SafeFor.Words()))
		}
	}
	if h.corrupted {
		controls = append(controls, "Downtime procedures do not catch wrong data.")
	}
	d.Effect = strings.Join(effects, " ")
	d.ExistingControls = strings.Join(controls, " ")
	if len(h.harm.Services) > 0 {
		top := h.harm.Services[0]
		d.Initial = Assessment{Consequence: top.Consequence, Likelihood: top.Likelihood}
		what := "Delayed or missed care while staff work without the system."
		if h.corrupted {
			what = "Care decided on wrong records or results."
		}
		d.Harm = fmt.Sprintf("%s Worst consequence: %s, in %s (about %d patients in %s).",
			what, h.harm.Consequence, top.Name, top.PatientsAffected, lasts)
	}
	return d
}

// why says in one sentence why the harm is worth a hazard.
func (h harmOf) why(event string) string {
	if len(h.harm.Services) == 0 {
		return event + " would affect no clinical service in the care map."
	}
	top := h.harm.Services[0]
	return fmt.Sprintf("%s would put %s at %s.", event, top.Name, strings.ToLower(impact.RiskWords(top.Risk)))
}

package match

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// System is what the care map says about the system an inventory belongs to. The zero
// System knows nothing, and its SSVC inputs are then assumed at their most cautious.
type System struct {
	Asset *ssvc.AssetImpact
}

// decide works out a finding's SSVC inputs from its evidence and the system, and looks
// the decision up. EPSS is shown beside the decision but never sets Exploitation.
func decide(f Finding, advs []*advisory.Advisory, sys System) ssvc.Decision {
	why := &ssvc.Reasons{}
	in := ssvc.Inputs{Why: why, Assumed: make([]string, 0, 4)}
	in.Exploitation, why.Exploitation = exploitation(f, advs)
	in.Automatable, why.Automatable = automatable(advs)
	if why.Automatable == "" {
		why.Automatable = "no source says whether exploitation can be automated; assumed no"
		in.Assumed = append(in.Assumed, "automatable")
	}
	if a := sys.Asset; a != nil {
		in.Exposure, in.Safety, in.Mission = a.Exposure, a.Safety, a.Mission
		why.Exposure = fmt.Sprintf("the care map says %s is %s", a.Name, exposureWords(a))
		if a.ExposureAssumed {
			in.Assumed = append(in.Assumed, "exposure")
		}
		why.Safety = safetyWords(a)
		why.Mission = fmt.Sprintf("losing %s for 24 hours stops %d and degrades %d of %d clinical services", a.Name, a.ServicesLost, a.ServicesHit, a.Services)
	} else {
		in.Exposure, in.Safety, in.Mission = ssvc.Open, ssvc.Catastrophic, ssvc.MissionFailure
		in.Assumed = append(in.Assumed, "exposure", "safety_impact", "mission_impact")
		why.Exposure = "no care-map asset given; assumed open, the most cautious value"
		why.Safety = "no care-map asset given; assumed catastrophic, the most cautious value"
		why.Mission = "no care-map asset given; assumed mission failure, the most cautious value"
	}
	d, err := ssvc.Decide(in)
	if err != nil {
		// Every input above is one of the tables' values, so this is a fault of ours.
		return ssvc.Decision{Inputs: in}
	}
	return d
}

// automatable takes Automatable from the sources' SSVC blocks; yes wins when they differ.
// The reason is empty when no source says.
func automatable(advs []*advisory.Advisory) (ssvc.Automatable, string) {
	v, why := ssvc.AutomatableNo, ""
	for _, a := range advs {
		if a.SSVC == nil {
			continue
		}
		said, err := ssvc.Parse("automatable", ssvc.Automatables, a.SSVC.Automatable)
		if err == nil && (why == "" || said == ssvc.AutomatableYes) {
			v, why = said, fmt.Sprintf("%s says %s", provider(a), said)
		}
	}
	return v, why
}

func exploitation(f Finding, advs []*advisory.Advisory) (ssvc.Exploitation, string) {
	if f.KEV != nil {
		return ssvc.Active, fmt.Sprintf("%s is in CISA's Known Exploited Vulnerabilities catalogue (added %s)", f.KEV.CVE, f.KEV.DateAdded)
	}
	for _, a := range advs {
		if a.Exploited {
			return ssvc.Active, fmt.Sprintf("%s reports exploitation in the wild", a.ID)
		}
		if a.SSVC != nil && a.SSVC.Exploitation == "active" {
			return ssvc.Active, fmt.Sprintf("%s says exploitation is active", provider(a))
		}
	}
	for _, a := range advs {
		if a.SSVC != nil && (a.SSVC.Exploitation == "poc" || strings.HasPrefix(a.SSVC.Exploitation, "public")) {
			return ssvc.PublicPoC, fmt.Sprintf("%s says a public proof of concept exists", provider(a))
		}
	}
	why := "no source reports exploitation or a public proof of concept"
	if f.EPSS != nil {
		why += fmt.Sprintf("; EPSS gives %.1f%% for the next 30 days, which is shown but does not decide", f.EPSS.Probability*100)
	}
	return ssvc.ExploitationNone, why
}

func provider(a *advisory.Advisory) string {
	if a.SSVC != nil && a.SSVC.Provider != "" {
		return a.SSVC.Provider + " (" + a.ID + ")"
	}
	return a.ID
}

func exposureWords(a *ssvc.AssetImpact) string {
	switch a.Exposure {
	case ssvc.Open:
		if a.ExposureAssumed {
			return "of unstated exposure, so open is assumed"
		}
		return "reachable from the internet"
	case ssvc.Controlled:
		return "reachable only from partner or internal networks"
	}
	return "isolated"
}

func safetyWords(a *ssvc.AssetImpact) string {
	if a.Risk == 0 {
		return fmt.Sprintf("no clinical service depends on %s", a.Name)
	}
	w := fmt.Sprintf("losing or corrupting %s for 24 hours gives DCB risk %d with %s consequence", a.Name, a.Risk, a.Consequence)
	if len(a.WorstServices) > 0 {
		w += " (" + strings.Join(a.WorstServices, ", ") + ")"
	}
	return w
}

// sortFindings puts the most urgent first: findings still affecting patients before
// those a VEX statement clears, then by SSVC priority, definite matches before those
// needing review, known exploited first, then by CVSS, EPSS, id, component and inventory.
// It sorts positions, then moves each finding once, because findings are large.
func sortFindings(fs []Finding) {
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int { return compareFindings(&fs[i], &fs[j]) })
	// Follow each cycle of the permutation: position i takes the finding at order[i].
	for i := range order {
		if order[i] < 0 {
			continue
		}
		tmp := fs[i]
		j := i
		for {
			next := int(order[j])
			order[j] = -1
			if next == i {
				fs[j] = tmp
				break
			}
			fs[j] = fs[next]
			j = next
		}
	}
}

func compareFindings(a, b *Finding) int {
	return cmp.Or(
		cmp.Compare(cleared(a), cleared(b)),
		cmp.Compare(ssvc.Rank(ssvc.Priorities, b.Decision.Priority), ssvc.Rank(ssvc.Priorities, a.Decision.Priority)),
		cmp.Compare(boolRank(a.Match.NeedsReview), boolRank(b.Match.NeedsReview)),
		cmp.Compare(boolRank(b.KEV != nil), boolRank(a.KEV != nil)),
		cmp.Compare(score(b.CVSS), score(a.CVSS)),
		cmp.Compare(epss(b.EPSS), epss(a.EPSS)),
		cmp.Compare(a.Advisory, b.Advisory),
		cmp.Compare(a.Component.Name, b.Component.Name),
		cmp.Compare(a.Component.Ref, b.Component.Ref),
		cmp.Compare(a.Inventory, b.Inventory),
	)
}

func cleared(f *Finding) int {
	if f.Status == advisory.StatusNotAffected || f.Status == advisory.StatusFixed {
		return 1
	}
	return 0
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func score(s *advisory.Severity) float64 {
	if s == nil {
		return 0
	}
	return s.Score
}

func epss(s *advisory.EPSSScore) float64 {
	if s == nil {
		return 0
	}
	return s.Probability
}

package hazard

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/caremap"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

// SuggestAtRisk is the risk level from which the care map's critical assets
// are suggested as hazards: 4 and 5 are unacceptable on the DCB matrix.
const SuggestAtRisk = 4

// CareMapSuggester suggests a hazard for each asset whose loss for a day
// reaches SuggestAtRisk, and for each that holds patient data or is a
// medical device whose corruption does, drafted from the impact engine's
// ranking. Corrupted infrastructure (a switch, a DNS server) harms patients
// through the systems it carries, which have suggestions of their own.
func CareMapSuggester(maps *mapstore.Store, ranks *impact.Cache) Suggester {
	return careMapSuggester{maps, ranks}
}

type careMapSuggester struct {
	maps  *mapstore.Store
	ranks *impact.Cache
}

func (s careMapSuggester) Suggest(ctx context.Context, scope vigil.Scope) ([]Suggestion, error) {
	st, err := s.maps.Current(ctx, scope)
	if err != nil {
		return nil, err
	}
	m := st.Map
	var out []Suggestion
	for _, c := range s.ranks.Critical(m) {
		if c.Worst() < SuggestAtRisk {
			break // the ranking is most critical first
		}
		a, _ := m.Asset(c.ID)
		lasts := impact.CriticalDuration.Words()
		if c.Loss.Risk >= SuggestAtRisk {
			h := harmOf{asset: a, harm: c.Loss}
			out = append(out, Suggestion{Key: "caremap/" + keyPart(a.ID) + "/loss", Source: "Care map",
				Why: h.why("Losing " + a.Name + " for " + lasts), Draft: h.draft(m)})
		}
		if c.Corruption.Risk >= SuggestAtRisk && (a.PatientData || a.Kind == caremap.KindMedicalDevice) {
			h := harmOf{asset: a, harm: c.Corruption, corrupted: true}
			out = append(out, Suggestion{Key: "caremap/" + keyPart(a.ID) + "/corruption", Source: "Care map",
				Why: h.why("Wrong data in " + a.Name + " for " + lasts), Draft: h.draft(m)})
		}
	}
	return out, nil
}

// UrgentFinding is a vulnerability finding whose SSVC decision is Immediate
// or Out-of-cycle, as the findings capability describes it.
type UrgentFinding struct {
	ID       string
	Title    string   // such as "CVE-2024-3400 in Perimeter firewall"
	Decision string   // "Immediate" or "Out-of-cycle"
	AssetIDs []string // the care map assets it affects
	Path     string   // the finding's page
}

// UrgentFindings is what the findings capability offers the hazard log.
type UrgentFindings interface {
	UrgentFindings(ctx context.Context, scope vigil.Scope) ([]UrgentFinding, error)
}

// FindingSuggester suggests a hazard for each urgent finding, drafted from
// the worst harm that losing or corrupting its assets would do.
func FindingSuggester(f UrgentFindings, maps *mapstore.Store, ranks *impact.Cache) Suggester {
	return findingSuggester{f, maps, ranks}
}

type findingSuggester struct {
	findings UrgentFindings
	maps     *mapstore.Store
	ranks    *impact.Cache
}

func (s findingSuggester) Suggest(ctx context.Context, scope vigil.Scope) ([]Suggestion, error) {
	fs, err := s.findings.UrgentFindings(ctx, scope)
	if err != nil {
		return nil, fmt.Errorf("read urgent findings: %w", err)
	}
	var out []Suggestion
	for _, f := range fs {
		sg := Suggestion{Key: "finding/" + keyPart(f.ID), Source: "Finding (" + f.Decision + ")",
			Why: f.Title + " needs action " + decisionWords(f.Decision) + "."}
		d, ok := draftFor(ctx, s.maps, s.ranks, scope, f.AssetIDs, &sg)
		if !ok {
			d.Title, d.Type = f.Title, NoAccess
		} else {
			d.Title = "Exploitable weakness: " + f.Title
		}
		d.Causes = append([]string{"An attacker exploits " + f.Title}, d.Causes...)
		d.Links = append(d.Links, Link{Kind: LinkFinding, ID: f.ID, Title: f.Title, Path: f.Path})
		sg.Draft = d
		out = append(out, sg)
	}
	return out, nil
}

// draftFor drafts from the worst harm of the assets, adding its reason to sg.Why.
func draftFor(ctx context.Context, maps *mapstore.Store, ranks *impact.Cache, scope vigil.Scope, assetIDs []string, sg *Suggestion) (Details, bool) {
	st, err := maps.Current(ctx, scope)
	if err != nil {
		return Details{}, false
	}
	h, ok := worstHarm(st.Map, ranks, assetIDs)
	if !ok {
		return Details{}, false
	}
	event := "Losing " + h.asset.Name + " for " + impact.CriticalDuration.Words()
	if h.corrupted {
		event = "Wrong data in " + h.asset.Name + " for " + impact.CriticalDuration.Words()
	}
	sg.Why += " " + h.why(event)
	return h.draft(st.Map), true
}

func decisionWords(decision string) string {
	if decision == "Immediate" {
		return "now, before anything else"
	}
	return "before the next routine patching window"
}

// ConfirmedIncident is an incident confirmed as real, as the incidents
// capability describes it.
type ConfirmedIncident struct {
	ID       string
	Title    string
	AssetIDs []string // the care map assets it touched
	Path     string   // the incident's page
}

// ConfirmedIncidents is what the incidents capability offers the hazard log.
type ConfirmedIncidents interface {
	ConfirmedIncidents(ctx context.Context, scope vigil.Scope) ([]ConfirmedIncident, error)
}

// IncidentSuggester suggests a hazard for each confirmed incident: what
// happened once can happen again, and the log should say how it is controlled.
func IncidentSuggester(i ConfirmedIncidents, maps *mapstore.Store, ranks *impact.Cache) Suggester {
	return incidentSuggester{i, maps, ranks}
}

type incidentSuggester struct {
	incidents ConfirmedIncidents
	maps      *mapstore.Store
	ranks     *impact.Cache
}

func (s incidentSuggester) Suggest(ctx context.Context, scope vigil.Scope) ([]Suggestion, error) {
	is, err := s.incidents.ConfirmedIncidents(ctx, scope)
	if err != nil {
		return nil, fmt.Errorf("read confirmed incidents: %w", err)
	}
	var out []Suggestion
	for _, inc := range is {
		sg := Suggestion{Key: "incident/" + keyPart(inc.ID), Source: "Incident",
			Why: "The incident " + inc.Title + " happened: it could happen again."}
		d, ok := draftFor(ctx, s.maps, s.ranks, scope, inc.AssetIDs, &sg)
		if !ok {
			d.Type = NoAccess
		}
		d.Title = "Repeat of: " + inc.Title
		d.Causes = append([]string{"The same attack or failure as " + inc.Title}, d.Causes...)
		d.Links = append(d.Links, Link{Kind: LinkIncident, ID: inc.ID, Title: inc.Title, Path: inc.Path})
		sg.Draft = d
		out = append(out, sg)
	}
	return out, nil
}

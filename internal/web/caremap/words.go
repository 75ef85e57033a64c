package caremap

import (
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/web"
)

// The care map's vocabulary in the words the pages use: plain English first, the file's
// term where a reader needs to match it to the file.

// mapRef is a service, asset or supplier as a link.
type mapRef struct {
	ID, Name, Href string
}

func refOf(m *caremap.Map, id string) mapRef {
	r := mapRef{ID: id, Name: m.Name(id)}
	if r.Name == "" {
		r.Name = id
	}
	if t, ok := m.TypeOf(id); ok {
		r.Href = "/caremap/" + sectionPath(t) + "/" + id
	}
	return r
}

func refsOf(m *caremap.Map, ids []string) []mapRef {
	out := make([]mapRef, len(ids))
	for i, id := range ids {
		out[i] = refOf(m, id)
	}
	return out
}

func sectionPath(t caremap.Type) string {
	switch t {
	case caremap.TypeService:
		return "services"
	case caremap.TypeAsset:
		return "assets"
	}
	return "suppliers"
}

// riskLevel is a DCB0160 risk level shown as an NHS tag, as on every page.
type riskLevel = web.RiskLevel

// needWords says what losing a dependency does to whatever relies on it, to follow its name.
func needWords(n caremap.Need) string {
	switch n {
	case caremap.Required:
		return "stops"
	case caremap.Degraded:
		return "works worse"
	}
	return "carries on"
}

// reachRow is one line of "what it depends on" or "who depends on it".
type reachRow struct {
	Ref   mapRef
	Type  string
	Need  string
	Via   []mapRef
	Level caremap.Need
}

func reachRows(m *caremap.Map, rs []caremap.Reached, keep func(caremap.Reached) bool) []reachRow {
	var out []reachRow
	for _, r := range rs {
		if keep != nil && !keep(r) {
			continue
		}
		out = append(out, reachRow{Ref: refOf(m, r.ID), Type: typeWords(m, r.ID), Need: needWords(r.Need), Via: refsOf(m, r.Via), Level: r.Need})
	}
	return out
}

func typeWords(m *caremap.Map, id string) string {
	t, _ := m.TypeOf(id)
	switch t {
	case caremap.TypeService:
		return "Clinical service"
	case caremap.TypeSupplier:
		return "Supplier"
	}
	a, _ := m.Asset(id)
	return kindWords(a.Kind)
}

func kindWords(k caremap.Kind) string {
	switch k {
	case caremap.KindApplication:
		return "Application"
	case caremap.KindServer:
		return "Server"
	case caremap.KindNetwork:
		return "Network"
	case caremap.KindIdentity:
		return "Identity and sign-in"
	case caremap.KindEndpoint:
		return "Computers and phones"
	case caremap.KindMedicalDevice:
		return "Medical device"
	case caremap.KindCloudService:
		return "Cloud service"
	}
	return string(k)
}

func exposureWords(e caremap.Exposure) string {
	switch e {
	case caremap.ExposureInternet:
		return "Reachable from the internet"
	case caremap.ExposurePartner:
		return "Reachable from partner networks, such as HSCN or a supplier"
	case caremap.ExposureInternal:
		return "Only on our own network"
	case caremap.ExposureIsolated:
		return "Cut off from other networks"
	}
	return "Not stated"
}

// consequenceHint explains each DCB0129 consequence in a phrase.
func consequenceHint(c caremap.Consequence) string {
	switch c {
	case caremap.Minor:
		return "inconvenience, or minor injury that heals quickly"
	case caremap.Significant:
		return "minor injury that does not heal quickly, or significant distress"
	case caremap.Considerable:
		return "severe injury or incapacity that patients recover from"
	case caremap.Major:
		return "a death or permanent life-changing harm"
	case caremap.Catastrophic:
		return "several deaths or permanent life-changing harm to many patients"
	}
	return ""
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

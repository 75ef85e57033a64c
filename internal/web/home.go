package web

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
)

// area is one capability of Vigil as the home page offers it.
type area struct {
	Title, Href, Description string
	ComingSoon               bool
}

type homeView struct {
	layout
	FirstName string
	Roles     []vigil.Role
	Areas     []area
	Alerts    []report.Warning // "we've seen this" warnings for all staff
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := homeView{layout: h.newLayout(r, "Home"), FirstName: firstName(sc.Name), Roles: sc.Roles}
	v.Areas = areasFor(sc)
	v.Alerts = h.reportAlerts(r, sc)
	h.render(w, r, http.StatusOK, "home", &v)
}

// areasFor lists the capability areas a person can use, marking the ones not built yet.
func areasFor(sc vigil.Scope) []area {
	areas := []area{
		{Title: "Report something suspicious", Href: "/report", Description: "A strange e-mail, call or text, a lost smartcard, a device acting oddly. Tell us in a minute — no blame, and we will tell you what we found."},
		{Title: "Learn in five minutes", Href: "", Description: "Short lessons made for your job: lock your screen, spot a lure, speak up.", ComingSoon: true},
	}
	areas = append(areas, reportAreas(sc)...)
	if sc.Can(vigil.ReadCareMap) {
		areas = append(areas,
			area{Title: "Care map and clinical impact", Href: "/caremap", Description: "Which services depend on which systems, and what happens to patients if one goes down."},
			area{Title: "Vulnerabilities by clinical risk", Description: "Weaknesses in your systems and devices, ranked by the harm they could do to patients.", ComingSoon: true},
			area{Title: "Alerts and incidents", Description: "Security alerts with the clinical services at risk and the downtime steps to take.", ComingSoon: true},
		)
	}
	if sc.Has(vigil.ClinicalSafetyOfficer) {
		areas = append(areas, area{Title: "Cyber hazard log", Description: "DCB0129 and DCB0160 hazards for cyber risks, and reviews of security plans.", ComingSoon: true})
	}
	if sc.Can(vigil.ReadAcrossOrgs) {
		areas = append(areas, area{Title: "Organisations", Href: "/organisations", Description: "Every organisation Vigil serves, for the national centre."})
	}
	if sc.Can(vigil.WritePeople) {
		areas = append(areas, area{Title: "Administration", Href: "/admin", Description: "People, teams, API tokens, settings and the audit trail."})
	} else if sc.Can(vigil.ReadPeople) {
		areas = append(areas, area{Title: "People and teams", Href: "/admin/people", Description: "Who works where, and their roles in Vigil."})
	}
	return areas
}

func firstName(name string) string {
	for i, c := range name {
		if c == ' ' {
			return name[:i]
		}
	}
	return name
}

type staticView struct{ layout }

func (h *Handler) accessibility(w http.ResponseWriter, r *http.Request) {
	v := staticView{h.newLayout(r, "Accessibility statement")}
	h.render(w, r, http.StatusOK, "accessibility", &v)
}

package web

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/auth"
)

// area is one capability of Vigil as the home page offers it.
type area struct {
	Title, Href, Description string
	ComingSoon                bool
}

type homeView struct {
	layout
	FirstName string
	Roles     []auth.Role
	Areas     []area
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, sc auth.Scope) {
	v := homeView{layout: h.newLayout(r, "Home"), FirstName: firstName(sc.Name), Roles: sc.Roles}
	v.Areas = areasFor(sc)
	h.render(w, r, http.StatusOK, "home", &v)
}

// areasFor lists the capability areas a person can use, marking the ones not built yet.
func areasFor(sc auth.Scope) []area {
	areas := []area{
		{Title: "Report something suspicious", Href: "/report", Description: "A strange e-mail, call or text, a lost smartcard, a device acting oddly. Tell us in a minute — no blame, and we will tell you what we found.", ComingSoon: true},
		{Title: "Learn in five minutes", Href: "", Description: "Short lessons made for your job: lock your screen, spot a lure, speak up.", ComingSoon: true},
	}
	if sc.Can(auth.ReadCareMap) {
		areas = append(areas,
			area{Title: "Care map and clinical impact", Description: "Which services depend on which systems, and what happens to patients if one goes down.", ComingSoon: true},
			area{Title: "Vulnerabilities by clinical risk", Description: "Weaknesses in your systems and devices, ranked by the harm they could do to patients.", ComingSoon: true},
			area{Title: "Alerts and incidents", Description: "Security alerts with the clinical services at risk and the downtime steps to take.", ComingSoon: true},
		)
	}
	if sc.Has(auth.ClinicalSafetyOfficer) {
		areas = append(areas, area{Title: "Cyber hazard log", Description: "DCB0129 and DCB0160 hazards for cyber risks, and reviews of security plans.", ComingSoon: true})
	}
	if sc.Can(auth.ReadAcrossOrgs) {
		areas = append(areas, area{Title: "Organisations", Href: "/organisations", Description: "Every organisation Vigil serves, for the national centre."})
	}
	if sc.Can(auth.WritePeople) {
		areas = append(areas, area{Title: "Administration", Href: "/admin", Description: "People, teams, API tokens, settings and the audit trail."})
	} else if sc.Can(auth.ReadPeople) {
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

type comingSoonView struct {
	layout
	Heading string
	Body    string
	Phone   string
}

func (h *Handler) reportComingSoon(w http.ResponseWriter, r *http.Request, sc auth.Scope) {
	v := comingSoonView{layout: h.newLayout(r, "Report something suspicious"), Heading: "Report something suspicious",
		Body: "Online reporting is coming soon. Until then, if something feels wrong — an odd e-mail, a call asking for your password, a lost smartcard — call your IT service desk now. You will not be in trouble."}
	if o, err := h.Orgs.Organisation(r.Context(), sc, sc.OrgID); err == nil {
		v.Phone = o.Settings.ServiceDeskPhone
	}
	h.render(w, r, http.StatusOK, "comingsoon", &v)
}

type staticView struct{ layout }

func (h *Handler) accessibility(w http.ResponseWriter, r *http.Request) {
	v := staticView{h.newLayout(r, "Accessibility statement")}
	h.render(w, r, http.StatusOK, "accessibility", &v)
}

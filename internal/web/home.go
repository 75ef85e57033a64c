package web

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/vigil"
)

type homeView struct {
	Layout
	FirstName string
	Roles     []vigil.Role
	Notices   []Notice
	Areas     []homeArea
}

type homeArea struct {
	Area
	ComingSoon bool
}

// home greets the person, shows what every member of staff should see now,
// and offers each capability they can use.
func (s *Shell) home(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := homeView{Layout: s.Layout(r, "Home"), FirstName: firstName(sc.Name), Roles: sc.Roles}
	for _, sec := range s.sections {
		if n, ok := sec.(Noticer); ok {
			v.Notices = append(v.Notices, n.Notices(r, sc)...)
		}
	}
	v.Areas = s.areas(sc)
	s.render(w, r, http.StatusOK, "home", &v)
}

// areas lists the capability areas a person can use, marking the ones not built yet.
func (s *Shell) areas(sc vigil.Scope) []homeArea {
	var areas []homeArea
	add := func(as ...Area) {
		for _, a := range as {
			areas = append(areas, homeArea{Area: a})
		}
	}
	soon := func(title, description string) {
		areas = append(areas, homeArea{Area: Area{Title: title, Description: description}, ComingSoon: true})
	}
	for i, sec := range s.sections {
		add(sec.Areas(sc)...)
		if i == 0 {
			soon("Learn in five minutes", "Short lessons made for your job: lock your screen, spot a lure, speak up.")
		}
	}
	if sc.Can(vigil.ReadCareMap) {
		soon("Vulnerabilities by clinical risk", "Weaknesses in your systems and devices, ranked by the harm they could do to patients.")
		soon("Alerts and incidents", "Security alerts with the clinical services at risk and the downtime steps to take.")
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

type staticView struct{ Layout }

func (s *Shell) accessibility(w http.ResponseWriter, r *http.Request) {
	v := staticView{s.Layout(r, "Accessibility statement")}
	s.render(w, r, http.StatusOK, "accessibility", &v)
}

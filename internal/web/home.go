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
	Areas     []Area
}

// home greets the person, shows what every member of staff should see now,
// and offers each capability they can use.
func (s *Shell) home(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := homeView{Layout: s.Layout(r, "Home"), FirstName: firstName(sc.Name), Roles: sc.Roles}
	for _, sec := range s.sections {
		if n, ok := sec.(Noticer); ok {
			v.Notices = append(v.Notices, n.Notices(r, sc)...)
		}
		v.Areas = append(v.Areas, sec.Areas(sc)...)
	}
	s.render(w, r, http.StatusOK, "home", &v)
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

package caremap

import (
	"net/http"
	"strconv"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type serviceRow struct {
	Ref            mapRef
	Consequence    caremap.Consequence
	PatientsPerDay int
	SafeFor        string // "" when the service has no downtime procedure
}

type careMapServicesView struct {
	web.Layout
	Services []serviceRow
}

func (h *Pages) careMapServices(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	v := careMapServicesView{Layout: h.Layout(r, "Clinical services")}
	v.Back = "/caremap"
	for _, s := range st.Map.Services {
		row := serviceRow{Ref: refOf(st.Map, s.ID), Consequence: s.Consequence, PatientsPerDay: s.PatientsPerDay}
		if !s.Downtime.IsZero() {
			row.SafeFor = s.Downtime.SafeFor.Words()
		}
		v.Services = append(v.Services, row)
	}
	h.render(w, r, http.StatusOK, "services", &v)
}

type careMapServiceView struct {
	web.Layout
	Service     *caremap.Service
	Consequence string // "Catastrophic: several deaths or …"
	SafeFor     string
	DependsOn   []reachRow
	UsedBy      []reachRow // services that rely on this one
	CanEdit     bool
}

func (h *Pages) careMapService(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	m := st.Map
	s, ok := m.Service(r.PathValue("id"))
	if !ok {
		h.Fail(w, r, vigil.Errorf(vigil.NotFound, "There is no such service in the care map."))
		return
	}
	v := careMapServiceView{Layout: h.Layout(r, s.Name), Service: s,
		Consequence: capitalise(s.Consequence.String()) + ": " + consequenceHint(s.Consequence),
		DependsOn:   reachRows(m, m.Dependencies(s.ID), nil), CanEdit: sc.Can(vigil.WriteCareMap)}
	v.Back = "/caremap/services"
	if !s.Downtime.IsZero() {
		v.SafeFor = s.Downtime.SafeFor.Words()
	}
	v.UsedBy = reachRows(m, m.Dependants(s.ID), func(r caremap.Reached) bool { return r.Type == caremap.TypeService })
	h.render(w, r, http.StatusOK, "service", &v)
}

// PatientsText writes a number of patients with thousands separated.
func (v *careMapServiceView) PatientsText() string { return thousands(int64(v.Service.PatientsPerDay)) }

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

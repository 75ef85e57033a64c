package caremap

import (
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type careMapHomeView struct {
	web.Layout
	Has                         bool // false until the organisation uploads a map
	Revision                    int
	UpdatedBy                   string
	UpdatedAt                   time.Time
	Services, Assets, Suppliers int
	Cycles                      [][]mapRef
	CanWrite                    bool
}

func (h *Pages) careMapHome(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := careMapHomeView{Layout: h.Layout(r, "Care map"), CanWrite: sc.Can(vigil.WriteCareMap)}
	st, err := h.maps.Current(r.Context(), sc)
	switch {
	case vigil.IsNotFound(err):
	case err != nil:
		h.Fail(w, r, err)
		return
	default:
		m := st.Map
		v.Has, v.Revision, v.UpdatedBy, v.UpdatedAt = true, st.Revision, st.UpdatedBy, st.UpdatedAt
		v.Services, v.Assets, v.Suppliers = len(m.Services), len(m.Assets), len(m.Suppliers)
		for _, c := range m.Cycles() {
			v.Cycles = append(v.Cycles, refsOf(m, c))
		}
	}
	h.render(w, r, http.StatusOK, "home", &v)
}

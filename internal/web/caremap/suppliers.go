package caremap

import (
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type supplierRow struct {
	Ref     mapRef
	Contact string
	Assets  []mapRef // assets it supplies
}

type careMapSuppliersView struct {
	web.Layout
	Suppliers []supplierRow
}

// suppliedBy lists the assets whose supplier is id.
func suppliedBy(m *caremap.Map, id string) []mapRef {
	var out []mapRef
	for _, a := range m.Assets {
		if a.Supplier == id {
			out = append(out, refOf(m, a.ID))
		}
	}
	return out
}

func (h *Pages) careMapSuppliers(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	v := careMapSuppliersView{Layout: h.Layout(r, "Suppliers")}
	v.Back = "/caremap"
	for _, s := range st.Map.Suppliers {
		v.Suppliers = append(v.Suppliers, supplierRow{Ref: refOf(st.Map, s.ID), Contact: s.Contact, Assets: suppliedBy(st.Map, s.ID)})
	}
	h.render(w, r, http.StatusOK, "suppliers", &v)
}

type careMapSupplierView struct {
	web.Layout
	Supplier   *caremap.Supplier
	Assets     []mapRef
	Dependants []reachRow // what relies on the supplier itself, such as its cloud service
}

func (h *Pages) careMapSupplier(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	s, ok := st.Map.Supplier(r.PathValue("id"))
	if !ok {
		h.Fail(w, r, vigil.Errorf(vigil.NotFound, "There is no such supplier in the care map."))
		return
	}
	v := careMapSupplierView{Layout: h.Layout(r, s.Name), Supplier: s, Assets: suppliedBy(st.Map, s.ID),
		Dependants: reachRows(st.Map, st.Map.Dependants(s.ID), nil)}
	v.Back = "/caremap/suppliers"
	h.render(w, r, http.StatusOK, "supplier", &v)
}

package caremap

import (
	"fmt"
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type careMapUploadView struct {
	web.Layout
	Revision int // 0 when there is no map yet
}

func (h *Pages) newUploadView(r *http.Request, sc vigil.Scope) careMapUploadView {
	v := careMapUploadView{Layout: h.Layout(r, "Upload a care map")}
	v.Back = "/caremap"
	if st, err := h.maps.Current(r.Context(), sc); err == nil {
		v.Revision = st.Revision
	}
	return v
}

func (h *Pages) careMapUploadForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v := h.newUploadView(r, sc)
	h.render(w, r, http.StatusOK, "upload", &v)
}

// careMapUpload replaces the whole map from a YAML or JSON file. A file with any problem
// changes nothing, and every problem is listed with its line and column.
func (h *Pages) careMapUpload(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	refuse := func(err error) {
		v := h.newUploadView(r, sc)
		h.renderInvalid(w, r, "upload", &v, err)
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		refuse(vigil.InvalidFields("", map[string]string{"file": "Choose a care map file to upload (YAML or JSON)"}))
		return
	}
	defer file.Close()
	m, err := caremap.Read(file)
	if err != nil {
		refuse(err)
		return
	}
	res, err := h.maps.Replace(r.Context(), sc, m, mapstore.Change{})
	if err != nil {
		refuse(err)
		return
	}
	if res.Changed {
		msg := fmt.Sprintf("The care map has been replaced. It is now version %d: %d services, %d systems and devices, %d suppliers.",
			res.After.Revision, res.After.Services, res.After.Assets, res.After.Suppliers)
		if res.Followup != nil {
			h.Logger.Error("after storing a care map", "org", sc.OrgID, "err", res.Followup)
			msg += " Earlier security alerts could not be matched to it just now; new alerts will be."
		}
		h.SetFlash(w, msg)
	} else {
		h.SetFlash(w, "The file is the same as the care map already here, so nothing has changed.")
	}
	http.Redirect(w, r, "/caremap", http.StatusSeeOther)
}

// careMapDownload sends the map as a file, YAML by default.
func (h *Pages) careMapDownload(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	st, ok := h.currentMap(w, r, sc)
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "yaml"
	}
	var body []byte
	var err error
	switch format {
	case "yaml":
		body, err = st.Map.YAML()
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	case "json":
		body, err = st.Map.IndentedJSON()
		w.Header().Set("Content-Type", "application/json")
	default:
		h.Fail(w, r, vigil.InvalidFields("Choose yaml or json.", map[string]string{"format": "use yaml or json"}))
		return
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="caremap-%s-v%d.%s"`, sc.OrgCode, st.Revision, format))
	_, _ = w.Write(body)
}

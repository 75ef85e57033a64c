package monitoring

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

// alertCareMapView offers two ways to place an unmatched alert's host: on a
// system already in the care map, or as a new one.
type alertCareMapView struct {
	page
	Alert       monitor.Alert
	Identifiers []option
	Assets      []option
	Kinds       []option
	Place       string // existing or new
	Name        string
	Revision    int
}

func (h *Pages) newAlertCareMapView(r *http.Request, sc vigil.Scope, a monitor.Alert, place string, add monitor.HostAddition) (alertCareMapView, error) {
	v := alertCareMapView{page: h.page(r, "Add it to the care map"), Alert: a, Place: place, Name: add.NewName}
	v.Back = "/monitoring/alerts/" + a.ID
	for _, o := range a.HostIdentifiers() {
		v.Identifiers = append(v.Identifiers, option{Value: o.Value, Label: o.Value, Hint: words(string(o.Kind)), Selected: o.Value == add.Identifier})
	}
	st, err := h.maps.Current(r.Context(), sc)
	if err != nil {
		return v, err
	}
	v.Revision = st.Revision
	for _, as := range st.Map.Assets {
		v.Assets = append(v.Assets, option{Value: as.ID, Label: as.Name, Selected: as.ID == add.AssetID})
	}
	slices.SortFunc(v.Assets, func(x, y option) int { return cmp.Compare(x.Label, y.Label) })
	for _, k := range caremap.Kinds() {
		v.Kinds = append(v.Kinds, option{Value: string(k), Label: words(string(k)), Selected: k == add.NewKind})
	}
	return v, nil
}

// alertCareMapForm asks where the host of an alert Vigil could not place belongs.
func (h *Pages) alertCareMapForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	a, err := h.alerts.Alert(r.Context(), sc, r.PathValue("id"))
	if err == nil && a.Matched() {
		err = vigil.Errorf(vigil.Conflict, "This alert is already tied to the care map (%s).", a.MatchedBy)
	}
	if err == nil && len(a.HostIdentifiers()) == 0 {
		err = vigil.Errorf(vigil.Conflict, "This alert names no host or address to add to the care map.")
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v, err := h.newAlertCareMapView(r, sc, a, "", monitor.HostAddition{})
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "alert_caremap", &v)
}

// alertCareMap adds the host to the care map and matches its alerts again.
func (h *Pages) alertCareMap(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id := r.PathValue("id")
	add := monitor.HostAddition{Identifier: r.PostFormValue("identifier"), NewName: r.PostFormValue("name"), NewKind: caremap.Kind(r.PostFormValue("kind"))}
	add.Revision, _ = strconv.Atoi(r.PostFormValue("revision"))
	place := r.PostFormValue("place")
	var got monitor.HostAdded
	var err error
	switch place {
	case "existing":
		if add.AssetID = r.PostFormValue("asset"); add.AssetID == "" {
			err = vigil.InvalidFields("Choose the system it belongs to.", map[string]string{"asset": "Choose a system from the care map"})
			break
		}
		got, err = h.alerts.AddHostToCareMap(r.Context(), sc, id, add)
	case "new":
		got, err = h.alerts.AddHostToCareMap(r.Context(), sc, id, add)
	default:
		err = vigil.InvalidFields("Say where it belongs.", map[string]string{"place": "Choose a system in the care map or a new one"})
	}
	if err != nil {
		a, aerr := h.alerts.Alert(r.Context(), sc, id)
		if aerr != nil || vigil.CodeOf(err) != vigil.Invalid {
			h.Fail(w, r, err)
			return
		}
		v, verr := h.newAlertCareMapView(r, sc, a, place, add)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		h.renderInvalid(w, r, "alert_caremap", &v, err)
		return
	}
	msg := fmt.Sprintf("%s is now in the care map as part of %s (version %d).", add.Identifier, got.AssetName, got.Revision)
	if !got.MapChanged {
		msg = fmt.Sprintf("%s was already in the care map as part of %s.", add.Identifier, got.AssetName)
	}
	h.SetFlash(w, msg+" "+plural(got.Rematched, "alert")+" from it now show what it means for patients.")
	http.Redirect(w, r, "/monitoring/alerts/"+id, http.StatusSeeOther)
}

func words(code string) string { return strings.ReplaceAll(code, "-", " ") }

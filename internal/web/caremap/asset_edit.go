package caremap

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type exposureOption struct {
	Value, Label string
}

type assetEditView struct {
	web.Layout
	ID, Name         string
	Exposure         string
	Day, Month, Year string // end of support, as the NHS date input asks for it
	Exposures        []exposureOption
	Revision         int
}

func (h *Pages) newAssetEditView(r *http.Request, t editTarget) assetEditView {
	a := &t.stored.Map.Assets[t.index]
	v := assetEditView{Layout: h.Layout(r, "Change "+a.Name), ID: a.ID, Name: a.Name, Revision: t.stored.Revision}
	v.Back = "/caremap/assets/" + a.ID
	for _, e := range caremap.Exposures() {
		v.Exposures = append(v.Exposures, exposureOption{string(e), exposureWords(e)})
	}
	v.Exposures = append(v.Exposures, exposureOption{"", exposureWords("")})
	return v
}

func (h *Pages) assetEditForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	t, ok := h.findInMap(w, r, sc, caremap.TypeAsset)
	if !ok {
		return
	}
	a := &t.stored.Map.Assets[t.index]
	v := h.newAssetEditView(r, t)
	v.Exposure = string(a.Exposure)
	if d := a.EndOfSupport; !d.IsZero() {
		v.Day, v.Month, v.Year = strconv.Itoa(d.Day), strconv.Itoa(int(d.Month)), strconv.Itoa(d.Year)
	}
	h.render(w, r, http.StatusOK, "asset_edit", &v)
}

func (h *Pages) assetEdit(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	t, ok := h.findInMap(w, r, sc, caremap.TypeAsset)
	if !ok {
		return
	}
	c := t.stored.Map.Contents.Clone()
	a := &c.Assets[t.index]
	was := *a
	form := h.newAssetEditView(r, t)
	form.Exposure = r.PostFormValue("exposure")
	form.Day = strings.TrimSpace(r.PostFormValue("end_of_support-day"))
	form.Month = strings.TrimSpace(r.PostFormValue("end_of_support-month"))
	form.Year = strings.TrimSpace(r.PostFormValue("end_of_support-year"))
	form.Revision = baseRevision(r)

	problems := map[string]string{}
	a.Exposure = caremap.Exposure(form.Exposure)
	if a.Exposure != "" && !a.Exposure.Valid() {
		problems["exposure"] = "Choose how reachable it is"
	}
	a.EndOfSupport = caremap.Date{}
	if form.Day+form.Month+form.Year != "" {
		d, err := dateOf(form.Day, form.Month, form.Year)
		if err != nil {
			problems["end_of_support"] = "Enter a real date, such as 31 3 2028, or leave all three boxes empty"
		}
		a.EndOfSupport = d
	}
	var changed []string
	if a.Exposure != was.Exposure {
		changed = append(changed, "exposure")
	}
	if a.EndOfSupport != was.EndOfSupport {
		changed = append(changed, "end of support")
	}
	res, err := h.saveEdit(r, sc, c, form.Revision, changedWhat(a.Name, changed), problems)
	if err != nil {
		h.renderInvalid(w, r, "asset_edit", &form, err)
		return
	}
	h.SetFlash(w, savedFlash(a.Name, res))
	http.Redirect(w, r, "/caremap/assets/"+a.ID, http.StatusSeeOther)
}

// dateOf reads the day, month and year boxes of an NHS date input.
func dateOf(day, month, year string) (caremap.Date, error) {
	if len(year) != 4 {
		return caremap.Date{}, strconv.ErrSyntax
	}
	d, errD := strconv.Atoi(day)
	m, errM := strconv.Atoi(month)
	if errD != nil || errM != nil || len(day) > 2 || len(month) > 2 {
		return caremap.Date{}, strconv.ErrSyntax
	}
	return caremap.ParseDate(year + "-" + twoDigits(m) + "-" + twoDigits(d))
}

func twoDigits(n int) string {
	if n >= 0 && n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

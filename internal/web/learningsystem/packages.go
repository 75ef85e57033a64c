package learningsystem

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/training/lesson"
	"github.com/vigil-health/vigil/internal/training/scorm"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

type packagesView struct {
	web.Layout
	Lessons []packageLink
}

type packageLink struct {
	Lesson lesson.Lesson
	Href   string
	File   string
}

// packages lists every lesson of the organisation, Vigil's and its own,
// each with its SCORM package to download.
func (h *Pages) packages(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	lib, err := h.training.Library(r.Context(), sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := packagesView{Layout: h.Layout(r, "Lessons for your learning system")}
	v.Back = Home
	for _, l := range lib.All() {
		v.Lessons = append(v.Lessons, packageLink{Lesson: l, Href: Home + "/packages/" + l.ID + ".zip", File: scorm.FileName(l)})
	}
	h.render(w, r, http.StatusOK, "packages", &v)
}

// download is one lesson's SCORM package, made now with the
// organisation's contacts and pass mark.
func (h *Pages) download(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".zip")
	if !ok {
		h.NotFound(w, r)
		return
	}
	p, err := scorm.ForOrganisation(r.Context(), h.training, h.local, sc, id, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := scorm.Write(&buf, p); err != nil {
		h.Fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/zip")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": scorm.FileName(p.Lesson)}))
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(w)
}

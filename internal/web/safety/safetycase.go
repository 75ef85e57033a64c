package safety

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/hazard/casepdf"
	"github.com/vigil-health/vigil/internal/vigil"
)

// caseReport is the report as its pages show it.
type caseReport struct {
	hazard.CaseReport
	Hazards, Closed []caseHazard
	Generated       string
}

type caseHazard struct {
	hazard.CaseHazard
	Now, InitialRisk, ResidualRisk risk
}

func caseReportOf(r hazard.CaseReport) caseReport {
	out := caseReport{CaseReport: r, Generated: r.At.In(hazard.London).Format("2 January 2006, 15:04")}
	wrap := func(hs []hazard.CaseHazard) []caseHazard {
		var o []caseHazard
		for _, h := range hs {
			o = append(o, caseHazard{CaseHazard: h, Now: risk(h.Now()), InitialRisk: risk(h.Initial), ResidualRisk: risk(h.Residual)})
		}
		return o
	}
	out.Hazards, out.Closed = wrap(r.Hazards), wrap(r.Closed)
	return out
}

type safetyCaseView struct {
	page
	Report      caseReport
	Version     int // 0 for the draft
	PDF         string
	Versions    []hazard.CaseVersion
	Changes     []string
	Previous    int
	IsCSO       bool
	Declaration string
}

func (h *Pages) safetyCase(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	v, err := h.draftView(r, sc)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "safety_case", &v)
}

func (h *Pages) draftView(r *http.Request, sc vigil.Scope) (safetyCaseView, error) {
	report, err := h.cases.Draft(r.Context(), sc, h.Now())
	if err != nil {
		return safetyCaseView{}, err
	}
	versions, err := h.cases.Versions(r.Context(), sc)
	if err != nil {
		return safetyCaseView{}, err
	}
	v := safetyCaseView{page: h.page(r, "Clinical safety case report"), Report: caseReportOf(report), PDF: "/safety-case.pdf",
		Versions: versions, IsCSO: sc.Has(vigil.ClinicalSafetyOfficer) && sc.Can(vigil.ApproveHazards), Declaration: hazard.DefaultDeclaration}
	if len(versions) > 0 {
		last, _, err := h.cases.Version(r.Context(), sc, versions[0].Number)
		if err != nil {
			return safetyCaseView{}, err
		}
		v.Changes, v.Previous = hazard.Changes(last.Report, report), last.Number
	}
	return v, nil
}

func (h *Pages) safetyCaseIssue(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	declaration := r.PostFormValue("declaration")
	issued, err := h.cases.Issue(r.Context(), sc, declaration)
	if err != nil {
		v, verr := h.draftView(r, sc)
		if verr != nil {
			h.Fail(w, r, verr)
			return
		}
		v.Declaration = declaration
		h.renderInvalid(w, r, "safety_case", &v, err)
		return
	}
	h.SetFlash(w, fmt.Sprintf("You issued version %d of the clinical safety case report.", issued.Number))
	http.Redirect(w, r, fmt.Sprintf("/safety-case/versions/%d", issued.Number), http.StatusSeeOther)
}

func (h *Pages) issuedVersion(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (hazard.CaseVersion, *hazard.CaseVersion, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		h.Fail(w, r, vigil.Errorf(vigil.NotFound, "There is no such version of the safety case."))
		return hazard.CaseVersion{}, nil, false
	}
	v, prev, err := h.cases.Version(r.Context(), sc, n)
	if err != nil {
		h.Fail(w, r, err)
		return hazard.CaseVersion{}, nil, false
	}
	return v, prev, true
}

func (h *Pages) safetyCaseVersion(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	cv, prev, ok := h.issuedVersion(w, r, sc)
	if !ok {
		return
	}
	v := safetyCaseView{page: h.page(r, fmt.Sprintf("Clinical safety case report, version %d", cv.Number)), Report: caseReportOf(cv.Report),
		Version: cv.Number, PDF: fmt.Sprintf("/safety-case/versions/%d/pdf", cv.Number)}
	v.Back = "/safety-case"
	if prev != nil {
		v.Changes, v.Previous = hazard.Changes(prev.Report, cv.Report), prev.Number
	}
	h.render(w, r, http.StatusOK, "safety_case", &v)
}

func (h *Pages) safetyCasePDF(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	report, err := h.cases.Draft(r.Context(), sc, h.Now())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.writePDF(w, r, report, 0, "clinical-safety-case-draft-"+report.At.In(hazard.London).Format("2006-01-02")+".pdf")
}

func (h *Pages) safetyCaseVersionPDF(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	cv, _, ok := h.issuedVersion(w, r, sc)
	if !ok {
		return
	}
	h.writePDF(w, r, cv.Report, cv.Number, fmt.Sprintf("clinical-safety-case-v%d.pdf", cv.Number))
}

func (h *Pages) writePDF(w http.ResponseWriter, r *http.Request, report hazard.CaseReport, version int, name string) {
	var buf bytes.Buffer
	if err := casepdf.Write(&buf, report, version); err != nil {
		h.Fail(w, r, fmt.Errorf("print the safety case: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Last-Modified", report.At.UTC().Format(time.RFC1123))
	_, _ = buf.WriteTo(w)
}

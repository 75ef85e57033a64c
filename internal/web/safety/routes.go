// Package safety holds the clinical safety pages: the cyber hazard log, the
// hazards Vigil suggests, reviews of security plans, and the Clinical
// Safety Case Report. They are for the Clinical Safety Officer first, and
// for the security team who keep the log with them.
package safety

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the clinical safety pages.
type Pages struct {
	*web.Shell
	pages web.Pages
	log   *hazard.Log
	plans *hazard.Plans
	cases *hazard.Cases
	maps  *mapstore.Store
}

//go:embed templates
var templates embed.FS

// New parses the clinical safety pages' templates and returns the section.
func New(shell *web.Shell, log *hazard.Log, plans *hazard.Plans, cases *hazard.Cases, maps *mapstore.Store) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, log: log, plans: plans, cases: cases, maps: maps}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

func (h *Pages) renderInvalid(w http.ResponseWriter, r *http.Request, page string, v web.View, err error) {
	h.RenderInvalid(w, r, h.pages, page, v, err)
}

// Routes mounts the clinical safety pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	read := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadHazards, next) }
	write := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteHazards, next) }
	signOff := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ApproveHazards, next) }

	mux.HandleFunc("GET /hazards", read(h.hazardLog))                             // the log, by risk
	mux.HandleFunc("GET /hazards/new", write(h.hazardNewForm))                    // record a hazard
	mux.HandleFunc("POST /hazards/new", write(h.hazardCreate))                    //
	mux.HandleFunc("GET /hazards/reviews", read(h.reviewsDue))                    // past their review date
	mux.HandleFunc("GET /hazards/suggestions", read(h.suggestions))               // from the care map, findings, incidents
	mux.HandleFunc("GET /hazards/suggestions/accept", write(h.suggestionForm))    // ?key=: the draft to edit
	mux.HandleFunc("POST /hazards/suggestions/accept", write(h.suggestionAccept)) //
	mux.HandleFunc("GET /hazards/suggestions/dismiss", signOff(h.dismissForm))    // ?key=: why it is not a hazard
	mux.HandleFunc("POST /hazards/suggestions/dismiss", signOff(h.dismiss))       //
	mux.HandleFunc("GET /hazards/{id}", read(h.hazardPage))                       // details, sign-off, history
	mux.HandleFunc("GET /hazards/{id}/edit", write(h.hazardEditForm))             //
	mux.HandleFunc("POST /hazards/{id}/edit", write(h.hazardEdit))                //
	mux.HandleFunc("POST /hazards/{id}/approve", signOff(h.hazardApprove))        // CSO approves the assessment
	mux.HandleFunc("GET /hazards/{id}/status", write(h.statusForm))               // transfer, close or reopen
	mux.HandleFunc("POST /hazards/{id}/status", write(h.statusChange))            //
	mux.HandleFunc("POST /hazards/{id}/review", write(h.hazardReview))            // reviewed; next review date
	mux.HandleFunc("GET /plan-reviews", read(h.planReviews))                      // security plans and decisions
	mux.HandleFunc("GET /plan-reviews/new", write(h.planNewForm))                 // describe a change
	mux.HandleFunc("POST /plan-reviews/new", write(h.planCreate))                 //
	mux.HandleFunc("GET /plan-reviews/{id}", read(h.planPage))                    // impact at that time of day
	mux.HandleFunc("POST /plan-reviews/{id}/decision", signOff(h.planDecide))     // approve, conditions or reject
	mux.HandleFunc("GET /safety-case", read(h.safetyCase))                        // the report as it stands
	mux.HandleFunc("GET /safety-case.pdf", read(h.safetyCasePDF))                 //
	mux.HandleFunc("POST /safety-case/issue", signOff(h.safetyCaseIssue))         // CSO's declaration: a new version
	mux.HandleFunc("GET /safety-case/versions/{n}", read(h.safetyCaseVersion))    // an issued version and what changed
	mux.HandleFunc("GET /safety-case/versions/{n}/pdf", read(h.safetyCaseVersionPDF))
}

// Nav adds the hazard log to the menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	if !sc.Can(vigil.ReadHazards) {
		return nil
	}
	return []web.NavItem{{Text: "Clinical safety", Href: "/hazards"}}
}

// Areas offer the clinical safety pages on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	if !sc.Can(vigil.ReadHazards) {
		return nil
	}
	return []web.Area{
		{Title: "Cyber hazard log", Href: "/hazards", Description: "DCB0129 and DCB0160 hazards for cyber risks, scored before and after controls, signed off by the Clinical Safety Officer."},
		{Title: "Reviews of security plans", Href: "/plan-reviews", Description: "Patching windows, migrations and roll-outs that take systems down: which services they hit, at that time of day, and the CSO's decision."},
		{Title: "Clinical safety case", Href: "/safety-case", Description: "The Clinical Safety Case Report for your cyber controls, drawn from the hazard log and the care map, as a page and a PDF."},
	}
}

// Notices remind the people who keep the log of hazards past their review
// date. A failure to read them must not stop the home page, so it is logged.
func (h *Pages) Notices(r *http.Request, sc vigil.Scope) []web.Notice {
	if !sc.Can(vigil.WriteHazards) {
		return nil
	}
	due, err := h.log.ReviewsDue(r.Context(), sc, h.Now())
	if err != nil {
		h.Logger.Error("read hazard reviews due", "err", err)
		return nil
	}
	if len(due) == 0 {
		return nil
	}
	text := fmt.Sprintf("%d hazards in the hazard log are past their review date.", len(due))
	if len(due) == 1 {
		text = "1 hazard in the hazard log is past its review date: " + due[0].Code() + " " + due[0].Title + "."
	}
	return []web.Notice{{Label: "Hazard reviews due", Text: text,
		Next: template.HTML(`<a href="/hazards/reviews">Review them now</a>.`)}}
}

// hazard loads the hazard named in the path, or renders why not.
func (h *Pages) hazard(w http.ResponseWriter, r *http.Request, sc vigil.Scope) (hazard.Hazard, bool) {
	hz, err := h.log.Hazard(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, err)
		return hazard.Hazard{}, false
	}
	return hz, true
}

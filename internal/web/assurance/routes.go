// Package assurance holds the pages that tell leaders how the organisation
// is doing: the board dashboard, one page of figures with their trends,
// printable for a board pack, and the CAF-aligned self-assessment. The
// national centre gets both across organisations.
package assurance

import (
	"embed"
	"net/http"

	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/board"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the assurance pages.
type Pages struct {
	*web.Shell
	pages       web.Pages
	board       *board.Board
	assessments *assess.Assessments
}

//go:embed templates
var templates embed.FS

// New parses the assurance pages' templates and returns the section.
func New(shell *web.Shell, b *board.Board, a *assess.Assessments) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, board: b, assessments: a}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

// Routes mounts the assurance pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	board := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadBoard, next) }
	read := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadAssessment, next) }
	write := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteAssessment, next) }
	national := func(p vigil.Permission, next web.ScopedHandler) http.HandlerFunc {
		return h.Allowed(p, func(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
			if err := sc.Require(vigil.ReadAcrossOrgs); err != nil {
				h.Fail(w, r, err)
				return
			}
			next(w, r, sc)
		})
	}

	mux.HandleFunc("GET /board", board(h.boardPage))                                                 // one page for the board meeting
	mux.HandleFunc("POST /board/snapshot", board(h.boardSnapshot))                                   // keep today's figures now
	mux.HandleFunc("GET /board/national", national(vigil.ReadBoard, h.nationalBoard))                // across organisations
	mux.HandleFunc("GET /assessment", read(h.assessmentHome))                                        // the frameworks
	mux.HandleFunc("GET /assessment/{framework}", read(h.assessmentPage))                            // every outcome and its answer
	mux.HandleFunc("GET /assessment/{framework}/national", national(vigil.ReadAssessment, h.rollup)) // across organisations
	mux.HandleFunc("GET /assessment/{framework}/outcomes/{outcome}", read(h.outcomePage))            // evidence, answer, history
	mux.HandleFunc("POST /assessment/{framework}/outcomes/{outcome}", write(h.outcomeAnswer))
}

// Nav adds the board and the self-assessment to the menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	var items []web.NavItem
	if sc.Can(vigil.ReadBoard) {
		items = append(items, web.NavItem{Text: "Board", Href: "/board"})
	}
	if sc.Can(vigil.ReadAssessment) {
		items = append(items, web.NavItem{Text: "Self-assessment", Href: "/assessment"})
	}
	return items
}

// Areas offer the board and the self-assessment on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	var areas []web.Area
	if sc.Can(vigil.ReadBoard) {
		areas = append(areas, web.Area{Title: "Board dashboard", Href: "/board",
			Description: "The figures a board needs in two minutes: reporting, hazards, the self-assessment, each with its trend. Print it for the board pack."})
	}
	if sc.Can(vigil.ReadAssessment) {
		areas = append(areas, web.Area{Title: "Cyber self-assessment (CAF)", Href: "/assessment",
			Description: "Answer each CAF outcome with evidence and an improvement action. Vigil fills in what it already knows."})
	}
	return areas
}

// Package vuln holds the vulnerability pages: findings ranked by what they could do to
// patients, one finding explained in plain English, uploads of inventories and
// advisories, security debt, exports, and the national centre's view of who runs an
// exploited product. They are for security analysts first; Clinical Safety Officers read.
package vuln

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
	"github.com/vigil-health/vigil/internal/web"
)

// Pages are the vulnerability pages.
type Pages struct {
	*web.Shell
	pages web.Pages
	vulns *findings.Service
	maps  *mapstore.Store
}

//go:embed templates
var templates embed.FS

// New parses the vulnerability pages' templates and returns the section.
func New(shell *web.Shell, vulns *findings.Service, maps *mapstore.Store) (*Pages, error) {
	p, err := web.ParsePages(templates, "templates")
	if err != nil {
		return nil, err
	}
	return &Pages{Shell: shell, pages: p, vulns: vulns, maps: maps}, nil
}

func (h *Pages) render(w http.ResponseWriter, r *http.Request, status int, page string, v web.View) {
	h.Render(w, r, status, h.pages, page, v)
}

// Routes mounts the vulnerability pages.
func (h *Pages) Routes(mux *http.ServeMux) {
	read := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadVulns, next) }
	write := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.WriteVulns, next) }
	national := func(next web.ScopedHandler) http.HandlerFunc { return h.Allowed(vigil.ReadAcrossOrgs, next) }

	mux.HandleFunc("GET /vulnerabilities", read(h.findingList))                           // ranked by decision, then clinical risk
	mux.HandleFunc("GET /vulnerabilities/{id}", read(h.findingPage))                      // what it means for patients
	mux.HandleFunc("POST /vulnerabilities/{id}/decision", write(h.findingDecide))         // affected, not affected, fixed
	mux.HandleFunc("GET /vulnerabilities/uploads", read(h.uploads))                       // SBOMs, asset lists, advisories
	mux.HandleFunc("POST /vulnerabilities/uploads/inventory", write(h.uploadInventory))   //
	mux.HandleFunc("POST /vulnerabilities/uploads/advisories", write(h.uploadAdvisories)) //
	mux.HandleFunc("GET /vulnerabilities/debt", read(h.debt))                             // end of support, overdue, unknown versions
	mux.HandleFunc("GET /vulnerabilities/export.csv", read(h.exportCSV))                  //
	mux.HandleFunc("GET /vulnerabilities/export.vex.json", read(h.exportVEX))             // CycloneDX VEX with SSVC ratings
	mux.HandleFunc("GET /vulnerabilities/products", read(h.products))                     // compare products before buying
	mux.HandleFunc("GET /vulnerabilities/products.csv", read(h.productsCSV))              //
	mux.HandleFunc("GET /national/vulnerabilities", national(h.nationalKEV))              // newest KEV entries, organisations exposed
	mux.HandleFunc("GET /national/vulnerabilities/{id}", national(h.nationalExposure))    // who runs it, most at risk first
}

// Nav adds the findings to the menu.
func (h *Pages) Nav(sc vigil.Scope) []web.NavItem {
	if !sc.Can(vigil.ReadVulns) {
		return nil
	}
	return []web.NavItem{{Text: "Vulnerabilities", Href: "/vulnerabilities"}}
}

// Areas offer the vulnerability pages on the home page.
func (h *Pages) Areas(sc vigil.Scope) []web.Area {
	var out []web.Area
	if sc.Can(vigil.ReadVulns) {
		out = append(out,
			web.Area{Title: "Vulnerabilities", Href: "/vulnerabilities", Description: "Known weaknesses in what you run, ranked by what they could do to patients, not by CVSS alone."},
			web.Area{Title: "Security debt", Href: "/vulnerabilities/debt", Description: "Systems out of support, fixes past their date, and software whose version nobody knows."},
			web.Area{Title: "Compare products", Href: "/vulnerabilities/products", Description: "Before buying or renewing: each product's vulnerabilities, exploitation and fixes, side by side."})
	}
	if sc.Can(vigil.ReadAcrossOrgs) && sc.Can(vigil.ReadVulns) {
		out = append(out, web.Area{Title: "Exploited vulnerabilities across organisations", Href: "/national/vulnerabilities",
			Description: "When a vulnerability joins the KEV catalogue: which organisations run the product, and which of their services are at risk."})
	}
	return out
}

// Notices tell the people who fix vulnerabilities when one needs action now. A failure to
// count them must not stop the home page, so it is logged.
func (h *Pages) Notices(r *http.Request, sc vigil.Scope) []web.Notice {
	if !sc.Can(vigil.WriteVulns) {
		return nil
	}
	c, err := h.vulns.Count(r.Context(), sc, h.Now())
	if err != nil {
		h.Logger.Error("count vulnerability findings", "err", err)
		return nil
	}
	now := c.ByPriority[string(ssvc.Immediate)]
	if now == 0 {
		return nil
	}
	text := fmt.Sprintf("%d vulnerability findings need action now: the systems they affect carry patients' care and attackers can use them.", now)
	if now == 1 {
		text = "1 vulnerability finding needs action now: the system it affects carries patients' care and attackers can use it."
	}
	return []web.Notice{{Label: "Vulnerabilities to fix now", Text: text,
		Next: template.HTML(`<a href="/vulnerabilities?decision=immediate">See them</a>.`)}}
}

package vuln

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// productsView compares products side by side for a procurement decision: a column per
// product, each figure with the advisories behind it below.
type productsView struct {
	page
	Boxes    []productBox
	Products []findings.Product
	National bool
	Export   string
}

func (h *Pages) products(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	asked := productsAsked(r)
	v := productsView{page: page{h.Layout(r, "Compare products")}, National: sc.Can(vigil.ReadAcrossOrgs)}
	v.Back = "/vulnerabilities"
	for i := range findings.MaxCompared {
		b := productBox{Name: fmt.Sprintf("product-%d", i+1), Label: fmt.Sprintf("Product %d", i+1), First: i == 0}
		if i < len(asked) {
			b.Value = asked[i]
		}
		v.Boxes = append(v.Boxes, b)
	}
	if len(asked) == 0 {
		h.render(w, r, http.StatusOK, "products", &v)
		return
	}
	ps, err := h.vulns.Products(r.Context(), sc, asked)
	if err != nil {
		if vigil.CodeOf(err) == vigil.Invalid {
			h.RenderInvalid(w, r, h.pages, "products", &v, err)
			return
		}
		h.Fail(w, r, err)
		return
	}
	v.Products, v.Export = ps, "?"+r.URL.RawQuery
	h.render(w, r, http.StatusOK, "products", &v)
}

// productBox is one box of the comparison form.
type productBox struct {
	Name, Label, Value string
	First              bool
}

// productsAsked are the non-empty product boxes, at most MaxCompared.
func productsAsked(r *http.Request) []string {
	var out []string
	for _, p := range r.URL.Query()["product"] {
		if p = strings.TrimSpace(p); p != "" && len(out) < findings.MaxCompared {
			out = append(out, p)
		}
	}
	return out
}

// productsCSV writes the comparison, one row per product and advisory.
func (h *Pages) productsCSV(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	ps, err := h.vulns.Products(r.Context(), sc, productsAsked(r))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="products-%s.csv"`, h.Now().Format("2006-01-02")))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"product", "advisories", "known_exploited", "ransomware", "with_fixed_version", "withdrawn", "open_findings", "organisations",
		"vulnerability", "aliases", "published", "fixed_in", "kev_date_added", "kev_ransomware"})
	for _, p := range ps {
		head := []string{p.Name, strconv.Itoa(len(p.Advisories)), strconv.Itoa(p.KEV), strconv.Itoa(p.Ransomware), strconv.Itoa(p.WithFix),
			strconv.Itoa(p.Withdrawn), strconv.Itoa(p.Findings), strconv.Itoa(p.Organisations)}
		if len(p.Advisories) == 0 {
			_ = cw.Write(append(head, "", "", "", "", "", ""))
		}
		for _, a := range p.Advisories {
			kevDate, ransomware := "", ""
			if a.KEV != nil {
				kevDate, ransomware = a.KEV.DateAdded, yesNo(a.KEV.KnownRansomware())
			}
			published := ""
			if !a.Published.IsZero() {
				published = a.Published.Format("2006-01-02")
			}
			_ = cw.Write(append(head, a.ID, strings.Join(a.Aliases, " "), published, strings.Join(a.Fixed, " "), kevDate, ransomware))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		h.Logger.Error("write products CSV", "err", err)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

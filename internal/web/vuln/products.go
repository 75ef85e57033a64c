package vuln

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// productsView compares products side by side for a procurement decision: a column per
// product, each figure with the advisories behind it below.
type productsView struct {
	page
	Boxes    []productBox
	Products []productColumn
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
	for _, p := range ps {
		v.Products = append(v.Products, columnOf(p))
	}
	v.Export = "?" + r.URL.RawQuery
	h.render(w, r, http.StatusOK, "products", &v)
}

// productColumn is one product of the comparison, its figures in words.
type productColumn struct {
	findings.Product
	FixWords, UnfixedWords, SupportWords, SBOMWords string
	Support                                         []string
	SBOMRows                                        []sbomRow
}

// sbomRow is one SBOM's NTIA minimum elements.
type sbomRow struct {
	Document, Where                            string
	Components, UnknownVersions                int
	Supplier, Version, Identifier, InRelations string
	Author, Timestamp                          string
}

func columnOf(p findings.Product) productColumn {
	c := productColumn{Product: p, FixWords: "Not known: no advisory names a fixed version and a date",
		UnfixedWords: "None", SupportWords: "No date in the care map", SBOMWords: "None uploaded"}
	if len(p.Advisories) == 0 {
		c.FixWords = "No vulnerabilities on record"
	}
	if f := p.Fixes; f.Measured > 0 {
		c.FixWords = fmt.Sprintf("%s after the first advisory (over %d; %d fixed when first published; longest %s)",
			days(f.MedianDays), f.Measured, f.AtDisclosure, days(f.LongestDays))
	}
	if f := p.Fixes; f.Unfixed > 0 {
		c.UnfixedWords = fmt.Sprintf("%d, the oldest public for %s", f.Unfixed, days(f.OldestUnfixedDays))
	}
	for i, s := range p.Support {
		when := "support ends " + dayWords(s.Ends.String())
		if s.Ended {
			when = "support ended " + dayWords(s.Ends.String())
		}
		c.Support = append(c.Support, fmt.Sprintf("%s, %s: %s", s.Organisation, s.Asset, when))
		if i == 0 {
			c.SupportWords = fmt.Sprintf("Soonest: %s (%s)", when, s.Asset)
		}
	}
	var total sbom.Quality
	for _, b := range p.SBOMs {
		q := b.Quality
		total.Components += q.Components
		total.WithVersion += q.WithVersion
		total.WithUniqueID += q.WithUniqueID
		total.WithSupplier += q.WithSupplier
		c.SBOMRows = append(c.SBOMRows, sbomRow{Document: b.Document, Where: b.Organisation + ", " + b.Asset, Components: q.Components,
			UnknownVersions: q.UnknownVersions(), Supplier: percent(q.Share(q.WithSupplier)), Version: percent(q.Share(q.WithVersion)),
			Identifier: percent(q.Share(q.WithUniqueID)), InRelations: percent(q.Share(q.InDependencies)), Author: yesNo(q.HasAuthor), Timestamp: yesNo(q.HasTimestamp)})
	}
	if len(p.SBOMs) > 0 {
		c.SBOMWords = fmt.Sprintf("%s, %d components: %s with a supplier, %s with a version, %s with a purl or CPE",
			plural(len(p.SBOMs), "SBOM", "SBOMs"), total.Components, percent(total.Share(total.WithSupplier)), percent(total.Share(total.WithVersion)), percent(total.Share(total.WithUniqueID)))
	}
	return c
}

func days(n int) string { return plural(n, "day", "days") }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
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
		"vulnerability", "aliases", "published", "fixed_in", "kev_date_added", "kev_ransomware",
		"fix_median_days", "fixes_measured", "without_fix", "end_of_support_soonest", "sboms", "fix_named_after_days", "evidence"})
	for _, p := range ps {
		head := []string{p.Name, strconv.Itoa(len(p.Advisories)), strconv.Itoa(p.KEV), strconv.Itoa(p.Ransomware), strconv.Itoa(p.WithFix),
			strconv.Itoa(p.Withdrawn), strconv.Itoa(p.Findings), strconv.Itoa(p.Organisations)}
		tail := productTail(p)
		if len(p.Advisories) == 0 {
			_ = cw.Write(slices.Concat(head, []string{"", "", "", "", "", ""}, tail, []string{"", ""}))
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
			fixDays := ""
			if d := a.DaysToFix(); d >= 0 {
				fixDays = strconv.Itoa(d)
			}
			_ = cw.Write(slices.Concat(head, []string{a.ID, strings.Join(a.Aliases, " "), published, strings.Join(a.Fixed, " "), kevDate, ransomware},
				tail, []string{fixDays, strings.Join(a.Evidence, "; ")}))
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		h.Logger.Error("write products CSV", "err", err)
	}
}

// productTail is the product's fix, support and SBOM figures for the CSV.
func productTail(p findings.Product) []string {
	median, support := "", ""
	if p.Fixes.Measured > 0 {
		median = strconv.Itoa(p.Fixes.MedianDays)
	}
	if len(p.Support) > 0 {
		support = p.Support[0].Ends.String()
	}
	return []string{median, strconv.Itoa(p.Fixes.Measured), strconv.Itoa(p.Fixes.Unfixed), support, strconv.Itoa(len(p.SBOMs))}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

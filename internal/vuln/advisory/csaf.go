package advisory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gocsaf/csaf/v3/csaf"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// MaxCSAFBytes is the largest CSAF document read; vendors' VEX files for large products
// run to tens of megabytes.
const MaxCSAFBytes = 64 << 20

// csafDoc is the part of a CSAF 2.0 document Vigil reads. The gocsaf library validates
// the whole document against the CSAF JSON schema first; its typed model is not used to
// read it because it declares product_groups and group_ids as objects where the schema
// has lists, so documents that group products would not decode.
type csafDoc struct {
	Document struct {
		Category string `json:"category"`
		Title    string `json:"title"`
		Tracking struct {
			ID                 string   `json:"id"`
			Aliases            []string `json:"aliases"`
			CurrentReleaseDate string   `json:"current_release_date"`
			InitialReleaseDate string   `json:"initial_release_date"`
		} `json:"tracking"`
	} `json:"document"`
	ProductTree struct {
		Branches         []csafBranch  `json:"branches"`
		FullProductNames []csafProduct `json:"full_product_names"`
		ProductGroups    []struct {
			GroupID    string   `json:"group_id"`
			ProductIDs []string `json:"product_ids"`
		} `json:"product_groups"`
		Relationships []struct {
			FullProductName  csafProduct `json:"full_product_name"`
			ProductReference string      `json:"product_reference"`
		} `json:"relationships"`
	} `json:"product_tree"`
	Vulnerabilities []csafVulnerability `json:"vulnerabilities"`
}

type csafBranch struct {
	Category string       `json:"category"`
	Name     string       `json:"name"`
	Branches []csafBranch `json:"branches"`
	Product  *csafProduct `json:"product"`
}

type csafProduct struct {
	Name   string `json:"name"`
	ID     string `json:"product_id"`
	Helper *struct {
		CPE  string `json:"cpe"`
		PURL string `json:"purl"`
	} `json:"product_identification_helper"`
}

type csafVulnerability struct {
	CVE   string `json:"cve"`
	Title string `json:"title"`
	IDs   []struct {
		Text string `json:"text"`
	} `json:"ids"`
	Notes         []csafNote          `json:"notes"`
	ProductStatus map[string][]string `json:"product_status"`
	Flags         []csafScoped        `json:"flags"`
	Threats       []csafScoped        `json:"threats"`
	Scores        []struct {
		CVSS3 *struct {
			VectorString string `json:"vectorString"`
		} `json:"cvss_v3"`
		CVSS2 *struct {
			VectorString string `json:"vectorString"`
		} `json:"cvss_v2"`
	} `json:"scores"`
}

type csafNote struct {
	Category string `json:"category"`
	Text     string `json:"text"`
}

// csafScoped is a flag or threat: a label or details that apply to some products.
type csafScoped struct {
	Label      string   `json:"label"`
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	ProductIDs []string `json:"product_ids"`
	GroupIDs   []string `json:"group_ids"`
}

// csafStatuses maps product_status lists to VEX statuses; "recommended" says nothing
// about being affected and is left out.
var csafStatuses = map[string]Status{
	"known_affected": StatusAffected, "first_affected": StatusAffected, "last_affected": StatusAffected,
	"fixed": StatusFixed, "first_fixed": StatusFixed,
	"known_not_affected": StatusNotAffected, "under_investigation": StatusUnderInvestigation,
}

// ParseCSAF reads a CSAF 2.0 document — a security advisory or a VEX document — after
// checking it against the CSAF JSON schema. Each vulnerability becomes an Advisory whose
// Affected entries are the known-affected products that carry a purl or CPE, and whose
// Statements give every product's status (affected, fixed, not affected with its
// justification, under investigation). A document that fails the schema is refused with
// every place that is wrong.
func ParseCSAF(name string, data []byte) ([]Advisory, error) {
	if len(data) > MaxCSAFBytes {
		return nil, input.TooLarge(name, MaxCSAFBytes)
	}
	var generic any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return nil, input.JSONError(name, data, dec.InputOffset(), "", err)
	}
	problems, err := csaf.ValidateCSAF(generic)
	if err != nil {
		return nil, fmt.Errorf("check %s against the CSAF schema: %w", name, err)
	}
	if len(problems) > 0 {
		return nil, schemaRefusal(name, problems)
	}
	var doc csafDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, input.JSONError(name, data, 0, "", err)
	}
	return doc.advisories(name), nil
}

// schemaRefusal lists schema errors by their JSON path, at most 20.
func schemaRefusal(name string, problems []string) error {
	fields := map[string]string{}
	for i, p := range problems {
		if i == 20 {
			fields["…"] = fmt.Sprintf("and %d more", len(problems)-20)
			break
		}
		where, what, _ := strings.Cut(p, ": ")
		if where == "" {
			where = "/"
		}
		fields[where] = joinReason(fields[where], what)
	}
	e := input.Refuse(name, "", "the document does not follow the CSAF 2.0 schema")
	e.Message, e.Fields = name+" does not follow the CSAF 2.0 schema", fields
	return e
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (doc *csafDoc) advisories(name string) []Advisory {
	products := doc.products()
	groups := map[string][]string{}
	for _, g := range doc.ProductTree.ProductGroups {
		groups[g.GroupID] = g.ProductIDs
	}
	t := doc.Document.Tracking
	modified, _ := time.Parse(time.RFC3339, t.CurrentReleaseDate)
	published, _ := time.Parse(time.RFC3339, t.InitialReleaseDate)
	var out []Advisory
	for i, v := range doc.Vulnerabilities {
		a := Advisory{Source: SourceCSAF, Document: name, Summary: firstNonEmpty(v.Title, doc.Document.Title),
			Modified: modified.UTC(), Published: published.UTC()}
		ids := []string{v.CVE}
		for _, id := range v.IDs {
			ids = append(ids, id.Text)
		}
		ids = append(append(ids, t.ID), t.Aliases...)
		for _, id := range ids {
			switch {
			case id == "" || strings.Contains(id, "://"): // bug-tracker links are not ids
			case a.ID == "":
				a.ID = id
			case id != a.ID && !containsFold(a.Aliases, id):
				a.Aliases = append(a.Aliases, id)
			}
		}
		if a.ID == "" {
			a.ID = fmt.Sprintf("%s#%d", t.ID, i)
		}
		for _, n := range v.Notes {
			if n.Category == "description" || (n.Category == "summary" && a.Details == "") {
				a.Details = n.Text
			}
		}
		for _, s := range v.Scores {
			if s.CVSS3 != nil {
				a.Severity = append(a.Severity, ParseSeverity("CVSS_V3", s.CVSS3.VectorString))
			}
			if s.CVSS2 != nil {
				a.Severity = append(a.Severity, ParseSeverity("CVSS_V2", s.CVSS2.VectorString))
			}
		}
		justification := scopedText(v.Flags, groups, func(s csafScoped) string { return s.Label })
		detail := scopedText(v.Threats, groups, func(s csafScoped) string {
			if s.Category == "impact" {
				return strings.TrimSpace(s.Details)
			}
			return ""
		})
		for _, th := range v.Threats {
			a.Exploited = a.Exploited || th.Category == "exploit_status" && saysExploited(th.Details)
		}
		for list, status := range csafStatuses {
			for _, pid := range v.ProductStatus[list] {
				p := products[pid]
				a.Statements = append(a.Statements, Statement{Vulnerability: a.ID, Product: p.Product, Status: status,
					Justification: justification[pid], Detail: detail[pid], Document: name, Timestamp: modified.UTC()})
				if status == StatusAffected {
					if af, ok := p.affected(); ok {
						a.Affected = append(a.Affected, af)
					}
				}
			}
		}
		sortStatements(a.Statements)
		if i := slices.IndexFunc(out, func(b Advisory) bool { return b.ID == a.ID }); i >= 0 {
			out[i].Statements = append(out[i].Statements, a.Statements...)
			out[i].Affected = append(out[i].Affected, a.Affected...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// saysExploited reads an exploit_status threat's free text; CSAF has no fixed words for it.
func saysExploited(details string) bool {
	d := strings.ToLower(details)
	if strings.Contains(d, "no known") || strings.Contains(d, "not aware") || strings.Contains(d, "not exploited") {
		return false
	}
	for _, w := range []string{"exploited in the wild", "actively exploited", "active exploitation", "exploitation detected", "known to be exploited"} {
		if strings.Contains(d, w) {
			return true
		}
	}
	return false
}

// scopedText gives, for each product id a flag or threat names (directly or through a
// group), the text pick takes from it.
func scopedText(items []csafScoped, groups map[string][]string, pick func(csafScoped) string) map[string]string {
	out := map[string]string{}
	for _, it := range items {
		text := pick(it)
		if text == "" {
			continue
		}
		ids := it.ProductIDs
		for _, g := range it.GroupIDs {
			ids = append(ids, groups[g]...)
		}
		for _, id := range ids {
			out[id] = joinReason(out[id], text)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

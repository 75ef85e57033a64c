package advisory

import (
	"bytes"
	"slices"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// MaxVEXBytes is the largest CycloneDX VEX document read.
const MaxVEXBytes = 32 << 20

// cdxStates maps CycloneDX analysis states to VEX statuses.
var cdxStates = map[cdx.ImpactAnalysisState]Status{
	cdx.IASResolved: StatusFixed, cdx.IASResolvedWithPedigree: StatusFixed, cdx.IASExploitable: StatusAffected,
	cdx.IASInTriage: StatusUnderInvestigation, cdx.IASFalsePositive: StatusNotAffected, cdx.IASNotAffected: StatusNotAffected,
}

// ParseCycloneDXVEX reads the vulnerabilities of a CycloneDX document (JSON or XML) that
// carry an analysis: each becomes an Advisory holding VEX statements about the products
// it affects. A statement's product is resolved through the document's own components
// when its ref is a bom-ref there; a BOM-Link (urn:cdx:serial/version#ref) keeps the serial
// number of the BOM it points into. Vulnerabilities without an analysis say nothing about
// status and are left out.
func ParseCycloneDXVEX(name string, data []byte) ([]Advisory, error) {
	if len(data) > MaxVEXBytes {
		return nil, input.TooLarge(name, MaxVEXBytes)
	}
	format := cdx.BOMFileFormatJSON
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '<' {
		format = cdx.BOMFileFormatXML
	}
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(data), format).Decode(&bom); err != nil {
		if format == cdx.BOMFileFormatJSON {
			return nil, input.JSONError(name, data, 0, "", err)
		}
		return nil, input.Refuse(name, "", "this is not valid CycloneDX XML: %v", err)
	}
	if bom.BOMFormat != "" && bom.BOMFormat != cdx.BOMFormat {
		return nil, input.Refuse(name, "bomFormat", "this is not a CycloneDX document")
	}
	if bom.Vulnerabilities == nil {
		return nil, input.Refuse(name, "", "the document has no vulnerabilities, so it makes no VEX statements")
	}
	byRef := map[string]cdx.Component{}
	if bom.Metadata != nil && bom.Metadata.Component != nil {
		collect(byRef, *bom.Metadata.Component)
	}
	if bom.Components != nil {
		for _, c := range *bom.Components {
			collect(byRef, c)
		}
	}
	var stamp time.Time
	if bom.Metadata != nil {
		stamp, _ = time.Parse(time.RFC3339, bom.Metadata.Timestamp)
	}
	var out []Advisory
	for _, v := range *bom.Vulnerabilities {
		if v.Analysis == nil || v.ID == "" {
			continue
		}
		status, ok := cdxStates[v.Analysis.State]
		if !ok {
			continue
		}
		a := Advisory{ID: v.ID, Source: SourceCycloneDXVEX, Document: name, Details: v.Description}
		if v.Ratings != nil {
			for _, r := range *v.Ratings {
				if r.Vector != "" {
					a.Severity = append(a.Severity, ParseSeverity(string(r.Method), cvssVector(r)))
				}
			}
		}
		base := Statement{Vulnerability: v.ID, Status: status, Justification: string(v.Analysis.Justification),
			Detail: v.Analysis.Detail, Document: name, Timestamp: stamp.UTC()}
		if v.Analysis.Response != nil {
			for _, r := range *v.Analysis.Response {
				base.Response = append(base.Response, string(r))
			}
		}
		if v.Affects != nil {
			for _, af := range *v.Affects {
				a.Statements = append(a.Statements, affectsStatements(base, af, byRef)...)
			}
		}
		// A document may analyse one vulnerability in several entries (one per status);
		// they are one advisory, so that re-reading the document replaces all of them.
		if i := slices.IndexFunc(out, func(b Advisory) bool { return b.ID == a.ID }); i >= 0 {
			out[i].Statements = append(out[i].Statements, a.Statements...)
			out[i].Severity = append(out[i].Severity, a.Severity...)
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// cvssVector gives a CycloneDX rating's vector its CVSS prefix, which CycloneDX leaves off.
func cvssVector(r cdx.VulnerabilityRating) string {
	v := r.Vector
	switch r.Method {
	case cdx.ScoringMethodCVSSv31:
		if !strings.HasPrefix(v, "CVSS:") {
			v = "CVSS:3.1/" + v
		}
	case cdx.ScoringMethodCVSSv3:
		if !strings.HasPrefix(v, "CVSS:") {
			v = "CVSS:3.0/" + v
		}
	case cdx.ScoringMethodCVSSv4:
		if !strings.HasPrefix(v, "CVSS:") {
			v = "CVSS:4.0/" + v
		}
	}
	return v
}

func collect(byRef map[string]cdx.Component, c cdx.Component) {
	if c.BOMRef != "" {
		byRef[c.BOMRef] = c
	}
	if c.Components != nil {
		for _, n := range *c.Components {
			collect(byRef, n)
		}
	}
}

// affectsStatements makes the statements of one affects entry: one for the product, or one
// per version it lists, each with the status that version has.
func affectsStatements(base Statement, af cdx.Affects, byRef map[string]cdx.Component) []Statement {
	p := Product{Ref: af.Ref}
	if serial, ref, ok := bomLink(af.Ref); ok {
		p.Serial, p.Ref = serial, ref
	}
	if c, ok := byRef[p.Ref]; ok {
		p.PURL, p.CPE, p.Name, p.Version = c.PackageURL, c.CPE, c.Name, c.Version
	} else if strings.HasPrefix(af.Ref, "pkg:") {
		p.PURL = af.Ref
	}
	base.Product = p
	if af.Range == nil || len(*af.Range) == 0 {
		return []Statement{base}
	}
	var out []Statement
	for _, v := range *af.Range {
		s := base
		s.Product.Version = firstNonEmpty(v.Version, v.Range)
		switch v.Status {
		case cdx.VulnerabilityStatusNotAffected:
			s.Status = StatusNotAffected
		case cdx.VulnerabilityStatusUnknown:
			s.Status = StatusUnderInvestigation
		}
		out = append(out, s)
	}
	return out
}

// bomLink splits a BOM-Link, urn:cdx:serial/version#bom-ref, into the serial number (as
// urn:uuid:serial) and the ref.
func bomLink(ref string) (serial, inner string, ok bool) {
	rest, found := strings.CutPrefix(ref, "urn:cdx:")
	if !found {
		return "", "", false
	}
	doc, inner, found := strings.Cut(rest, "#")
	if !found {
		return "", "", false
	}
	uuid, _, _ := strings.Cut(doc, "/")
	return "urn:uuid:" + uuid, inner, true
}

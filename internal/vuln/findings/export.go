package findings

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// csvHeader names the columns of the CSV export.
var csvHeader = []string{"id", "vulnerability", "aliases", "decision", "asset", "clinical_risk", "safety_impact", "mission_impact",
	"exploitation", "exposure", "automatable", "assumed", "kev", "kev_ransomware", "epss", "cvss", "component", "version", "purl", "cpe",
	"matched_by", "range", "confidence", "needs_review", "status", "justification", "due_on", "first_seen", "inventory"}

// WriteCSV writes findings as CSV, one row each, for spreadsheets and other tools.
func WriteCSV(w io.Writer, fs []Finding) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, f := range fs {
		in := f.Decision.Inputs
		asset, risk := f.AssetID, ""
		if f.Asset != nil {
			asset, risk = f.Asset.Name, strconv.Itoa(f.Asset.Risk)
		}
		kev, ransomware := "no", ""
		if f.KEV != nil {
			kev, ransomware = "yes", yesNo(f.KEV.Ransomware)
		}
		epss, cvss := "", ""
		if f.EPSS != nil {
			epss = strconv.FormatFloat(f.EPSS.Probability, 'f', 5, 64)
		}
		if f.CVSS != nil {
			cvss = strconv.FormatFloat(f.CVSS.Score, 'f', 1, 64)
		}
		justification := ""
		if f.Analyst != nil {
			justification = f.Analyst.Justification
		} else if f.VEX != nil {
			justification = f.VEX.Justification
		}
		row := []string{f.ID, f.Advisory, strings.Join(f.Aliases, " "), f.Decision.Priority.Label(), asset, risk, string(in.Safety), string(in.Mission),
			string(in.Exploitation), string(in.Exposure), string(in.Automatable), strings.Join(in.Assumed, " "), kev, ransomware, epss, cvss,
			f.Component.Name, f.Component.Version, f.Component.PURL, f.Component.CPE, string(f.Match.Method), f.Match.Range, string(f.Match.Confidence),
			yesNo(f.Match.NeedsReview), string(f.Status), justification, f.DueOn, f.FirstSeen.Format(time.DateOnly), f.Inventory}
		for i, v := range row {
			row[i] = audit.DefuseFormula(v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// VEX is the findings as a CycloneDX 1.6 VEX document: each vulnerability with its
// status (analysis), the components it affects, and the SSVC decision as a rating with
// method SSVC, whose justification gives the inputs.
func VEX(orgName string, fs []Finding, now time.Time) *cdx.BOM {
	bom := cdx.NewBOM()
	bom.Metadata = &cdx.Metadata{Timestamp: now.UTC().Format(time.RFC3339),
		Component: &cdx.Component{Type: cdx.ComponentTypeApplication, Name: orgName + " estate", BOMRef: "estate"}}
	var comps []cdx.Component
	refs := map[string]bool{}
	var vulns []cdx.Vulnerability
	for _, f := range fs {
		ref := f.InventoryID + "/" + firstOf(f.Component.Ref, f.Component.Name+"@"+f.Component.Version)
		if !refs[ref] {
			refs[ref] = true
			comps = append(comps, cdx.Component{BOMRef: ref, Type: cdx.ComponentTypeLibrary, Name: f.Component.Name,
				Version: f.Component.Version, PackageURL: f.Component.PURL, CPE: f.Component.CPE})
		}
		v := cdx.Vulnerability{BOMRef: f.ID, ID: f.Advisory, Description: f.Summary,
			Analysis: analysis(f), Affects: &[]cdx.Affects{{Ref: ref}}}
		if len(f.Aliases) > 0 {
			var rs []cdx.VulnerabilityReference
			for _, a := range f.Aliases {
				rs = append(rs, cdx.VulnerabilityReference{ID: a})
			}
			v.References = &rs
		}
		ratings := []cdx.VulnerabilityRating{ssvcRating(f)}
		if f.CVSS != nil && f.CVSS.Score > 0 {
			score := f.CVSS.Score
			ratings = append(ratings, cdx.VulnerabilityRating{Score: &score, Severity: cdx.Severity(f.CVSS.Rating), Method: cvssMethod(f.CVSS.Type), Vector: f.CVSS.Vector})
		}
		v.Ratings = &ratings
		vulns = append(vulns, v)
	}
	bom.Components, bom.Vulnerabilities = &comps, &vulns
	return bom
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ssvcSeverity puts each decision on CycloneDX's severity scale, for tools that sort by it.
var ssvcSeverity = map[ssvc.Priority]cdx.Severity{ssvc.Immediate: cdx.SeverityCritical, ssvc.OutOfCycle: cdx.SeverityHigh,
	ssvc.Scheduled: cdx.SeverityMedium, ssvc.Defer: cdx.SeverityLow}

func ssvcRating(f Finding) cdx.VulnerabilityRating {
	in := f.Decision.Inputs
	why := fmt.Sprintf("SSVC deployer decision %s: exploitation %s, system exposure %s, automatable %s, human impact %s (safety impact %s, mission impact %s)",
		f.Decision.Priority.Label(), in.Exploitation, in.Exposure, in.Automatable, f.Decision.HumanImpact, in.Safety, in.Mission)
	if len(in.Assumed) > 0 {
		why += "; assumed: " + strings.Join(in.Assumed, ", ")
	}
	return cdx.VulnerabilityRating{Source: &cdx.Source{Name: "Vigil"}, Severity: ssvcSeverity[f.Decision.Priority], Method: cdx.ScoringMethodSSVC, Justification: why}
}

func cvssMethod(t string) cdx.ScoringMethod {
	switch t {
	case "CVSS_V2":
		return cdx.ScoringMethodCVSSv2
	case "CVSS_V4":
		return cdx.ScoringMethodCVSSv4
	}
	return cdx.ScoringMethodCVSSv31
}

// analysis states the finding's status in CycloneDX's words.
func analysis(f Finding) *cdx.VulnerabilityAnalysis {
	a := &cdx.VulnerabilityAnalysis{FirstIssued: f.FirstSeen.Format(time.RFC3339), LastUpdated: f.LastSeen.Format(time.RFC3339)}
	switch f.Status {
	case advisory.StatusNotAffected:
		a.State = cdx.IASNotAffected
	case advisory.StatusFixed:
		a.State = cdx.IASResolved
	case advisory.StatusUnderInvestigation:
		a.State = cdx.IASInTriage
	default:
		a.State = cdx.IASExploitable
		if f.Match.NeedsReview {
			a.State = cdx.IASInTriage
		}
	}
	switch {
	case f.Analyst != nil:
		a.Justification, a.Detail = cdx.ImpactAnalysisJustification(f.Analyst.Justification), f.Analyst.Note
	case f.VEX != nil:
		a.Justification, a.Detail = cdx.ImpactAnalysisJustification(f.VEX.Justification), f.VEX.Detail
	}
	return a
}

// WriteVEX writes the findings as CycloneDX 1.6 JSON.
func WriteVEX(w io.Writer, orgName string, fs []Finding, now time.Time) error {
	return cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON).SetPretty(true).EncodeVersion(VEX(orgName, fs, now), cdx.SpecVersion1_6)
}

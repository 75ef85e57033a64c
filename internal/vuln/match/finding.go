package match

import (
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// Method is how a finding was matched.
type Method string

const (
	ByPURL      Method = "purl"         // the component's package URL, against the advisory's package ranges
	ByCPE       Method = "cpe"          // the component's CPE vendor:product, against the advisory's product ranges
	ByAssetName Method = "asset-name"   // an asset list's vendor and product columns, read as a CPE vendor:product
	ByAlias     Method = "device-alias" // the component's name, through the curated device alias list
)

// Confidence is how sure a match is.
type Confidence string

const (
	High   Confidence = "high"   // a package URL and a version in the advisory's ranges
	Medium Confidence = "medium" // a CPE product and a version in its ranges, or a package the advisory says is affected in every version
	Low    Confidence = "low"    // a name-based match, or a product with no version limits
)

// Finding is one vulnerability that affects one component of one inventory.
type Finding struct {
	Advisory  string              `json:"advisory"`          // the id shown: the CVE when there is one
	Aliases   []string            `json:"aliases,omitempty"` // the vulnerability's other ids
	Sources   []string            `json:"sources"`           // the advisories that matched, as source:id
	Summary   string              `json:"summary,omitempty"`
	Inventory string              `json:"inventory"` // the document the component is listed in
	Component Component           `json:"component"`
	Match     Match               `json:"match"`
	KEV       *KEV                `json:"kev,omitempty"`
	EPSS      *advisory.EPSSScore `json:"epss,omitempty"`
	CVSS      *advisory.Severity  `json:"cvss,omitempty"`
	// Status is the VEX status: affected unless a VEX statement says otherwise.
	Status   advisory.Status `json:"status"`
	VEX      *VEX            `json:"vex,omitempty"`
	Decision ssvc.Decision   `json:"decision"`
}

// Component is the component a finding is about, as its inventory names it.
type Component struct {
	Ref     string `json:"ref,omitempty"`
	Path    string `json:"path,omitempty"`
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
	CPE     string `json:"cpe,omitempty"`
}

// Match says how a finding was found.
type Match struct {
	Method     Method     `json:"method"`
	Identifier string     `json:"identifier"`        // the purl, CPE product or name that matched
	Version    string     `json:"version,omitempty"` // the version tested
	Range      string     `json:"range,omitempty"`   // the range or listed version that contains it
	Confidence Confidence `json:"confidence"`
	// NeedsReview is set when the component's version is unknown or cannot be read, so a
	// person must decide whether it is affected; such a finding is never dropped.
	NeedsReview bool   `json:"needs_review,omitempty"`
	Reason      string `json:"reason,omitempty"` // why it needs review
}

// KEV is the Known Exploited Vulnerabilities evidence for a finding.
type KEV struct {
	CVE            string `json:"cve"`
	DateAdded      string `json:"date_added"`
	DueDate        string `json:"due_date,omitempty"`
	Ransomware     bool   `json:"known_ransomware_use"`
	RequiredAction string `json:"required_action,omitempty"`
}

// VEX is the statement that set a finding's status.
type VEX struct {
	Justification string   `json:"justification,omitempty"`
	Detail        string   `json:"detail,omitempty"`
	Response      []string `json:"response,omitempty"`
	Document      string   `json:"document"`
}

// better reports whether match a should stand for a finding rather than b.
func better(a, b Match) bool {
	if a.NeedsReview != b.NeedsReview {
		return !a.NeedsReview
	}
	return rank(a.Confidence) > rank(b.Confidence)
}

func rank(c Confidence) int {
	switch c {
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

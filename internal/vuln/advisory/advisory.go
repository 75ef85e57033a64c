// Package advisory reads what is known about vulnerabilities into one model: OSV records
// (a file, a folder or a zip of a whole ecosystem), CSAF 2.0 advisories and VEX
// documents, CVE JSON 5 records (with the CISA-ADP SSVC block), CycloneDX VEX, the CISA
// Known Exploited Vulnerabilities catalogue and FIRST EPSS scores. An Advisory says what
// is affected (packages with version ranges, or CPE products); Statements say what a
// supplier has found about a product (VEX); KEV and EPSS are evidence joined on CVE ids
// and their aliases.
package advisory

import (
	"time"

	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// Source is the kind of document an advisory came from.
type Source string

const (
	SourceOSV          Source = "osv"
	SourceCSAF         Source = "csaf"
	SourceCVE5         Source = "cve5"
	SourceCycloneDXVEX Source = "cyclonedx-vex"
)

// Advisory is one vulnerability as one source describes it.
type Advisory struct {
	ID        string
	Aliases   []string // other ids for the same vulnerability: CVE, GHSA, vendor ids
	Source    Source
	Document  string // the file or zip entry it was read from
	Summary   string
	Details   string
	Published time.Time
	Modified  time.Time
	// Withdrawn is when the source withdrew the advisory (OSV withdrawn, a rejected CVE);
	// findings from a withdrawn advisory are withdrawn too.
	Withdrawn  time.Time
	Severity   []Severity
	Affected   []Affected
	References []Reference
	// Exploited says the advisory itself reports exploitation in the wild (a CSAF
	// exploit_status threat, the CISA-ADP KEV entry); KEV membership is joined separately.
	Exploited bool
	// SSVC holds the decision points a CVE record's CISA-ADP block states, if any.
	SSVC *SSVCHints
	// Statements are VEX statements the document makes about products.
	Statements []Statement
}

// IsWithdrawn reports whether the source withdrew the advisory.
func (a *Advisory) IsWithdrawn() bool { return !a.Withdrawn.IsZero() }

// IDs is the advisory's id followed by its aliases.
func (a *Advisory) IDs() []string { return append([]string{a.ID}, a.Aliases...) }

// Severity is a CVSS vector and the base score computed from it.
type Severity struct {
	Type   string  `json:"type"`             // CVSS_V2, CVSS_V3, CVSS_V4
	Vector string  `json:"vector"`           // as given
	Score  float64 `json:"score"`            // base score; 0 when the vector could not be read
	Rating string  `json:"rating,omitempty"` // none, low, medium, high or critical; "" when unknown
}

// Affected is one package or product an advisory affects, and which versions.
type Affected struct {
	// Package is set for advisories about packages in an OSV ecosystem; Ecosystem keeps
	// the ecosystem as written (with any release, "Debian:12") and Release the release.
	Package   ident.Package
	Ecosystem string
	Release   string
	// Product is a CPE "vendor:product" for advisories about vendor products.
	Product string
	// Ranges and Versions say which versions are affected; with neither, all are.
	Ranges   []Range
	Versions []string
	// Scheme is the version scheme vendor-product versions follow, from the source's
	// version type; empty means the package's ecosystem (or generic for products).
	Scheme version.Scheme
}

// RangeType says how a range's versions are ordered.
type RangeType string

const (
	RangeSemVer    RangeType = "SEMVER"    // OSV SEMVER: Semantic Versioning, whatever the ecosystem
	RangeEcosystem RangeType = "ECOSYSTEM" // OSV ECOSYSTEM: the package ecosystem's own order
	RangeGit       RangeType = "GIT"       // OSV GIT: commits, which package versions cannot be tested against
	RangeVers      RangeType = "VERS"      // a vers string (CSAF, CVE 5, CycloneDX)
)

// Range is one range of affected versions.
type Range struct {
	Type   RangeType
	Events []version.Event // for OSV types
	Vers   string          // for RangeVers
	Repo   string          // for RangeGit
}

// Reference is a link about the vulnerability.
type Reference struct {
	Type string // ADVISORY, FIX, WEB, … as the source types it
	URL  string
}

// SSVCHints are the SSVC decision points a CVE record's CISA-ADP block gives.
type SSVCHints struct {
	Exploitation    string // none, poc or active
	Automatable     string // yes or no
	TechnicalImpact string // partial or total
	Provider        string // who said so: CISA-ADP
	Timestamp       time.Time
}

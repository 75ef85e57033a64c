package advisory

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/input"
	"github.com/vigil-health/vigil/internal/vuln/version"
)

// MaxCVEBytes is the largest CVE record read.
const MaxCVEBytes = 8 << 20

type cveRecord struct {
	DataType    string `json:"dataType"`
	CVEMetadata struct {
		ID            string `json:"cveId"`
		State         string `json:"state"`
		DatePublished string `json:"datePublished"`
		DateUpdated   string `json:"dateUpdated"`
		DateRejected  string `json:"dateRejected"`
	} `json:"cveMetadata"`
	Containers struct {
		CNA cveContainer   `json:"cna"`
		ADP []cveContainer `json:"adp"`
	} `json:"containers"`
}

type cveContainer struct {
	ProviderMetadata struct {
		ShortName string `json:"shortName"`
	} `json:"providerMetadata"`
	Title        string `json:"title"`
	Descriptions []struct {
		Lang  string `json:"lang"`
		Value string `json:"value"`
	} `json:"descriptions"`
	Affected   []cveAffected `json:"affected"`
	Metrics    []cveMetric   `json:"metrics"`
	References []struct {
		URL  string   `json:"url"`
		Tags []string `json:"tags"`
	} `json:"references"`
}

type cveAffected struct {
	Vendor        string   `json:"vendor"`
	Product       string   `json:"product"`
	CollectionURL string   `json:"collectionURL"`
	PackageName   string   `json:"packageName"`
	CPEs          []string `json:"cpes"`
	DefaultStatus string   `json:"defaultStatus"`
	Versions      []struct {
		Version         string `json:"version"`
		Status          string `json:"status"`
		LessThan        string `json:"lessThan"`
		LessThanOrEqual string `json:"lessThanOrEqual"`
		VersionType     string `json:"versionType"`
	} `json:"versions"`
}

type cveMetric struct {
	CVSS40 *cveCVSS `json:"cvssV4_0"`
	CVSS31 *cveCVSS `json:"cvssV3_1"`
	CVSS30 *cveCVSS `json:"cvssV3_0"`
	CVSS20 *cveCVSS `json:"cvssV2_0"`
	Other  *struct {
		Type    string          `json:"type"`
		Content json.RawMessage `json:"content"`
	} `json:"other"`
}

type cveCVSS struct {
	VectorString string `json:"vectorString"`
}

// ParseCVE5 reads a CVE JSON 5 record. The CNA's affected products become Affected
// entries (by package when collectionURL names a registry, otherwise by CPE or by vendor
// and product); the CISA-ADP "ssvc" block gives Exploitation, Automatable and Technical
// Impact; a CISA-ADP "kev" block marks the vulnerability as exploited. A REJECTED record
// is withdrawn.
func ParseCVE5(name string, data []byte) (Advisory, error) {
	if len(data) > MaxCVEBytes {
		return Advisory{}, input.TooLarge(name, MaxCVEBytes)
	}
	var rec cveRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return Advisory{}, input.JSONError(name, data, 0, "", err)
	}
	m := rec.CVEMetadata
	if rec.DataType != "CVE_RECORD" || !strings.HasPrefix(m.ID, "CVE-") {
		return Advisory{}, input.Refuse(name, "", "this is not a CVE JSON 5 record: it needs dataType CVE_RECORD and a cveMetadata.cveId")
	}
	a := Advisory{ID: m.ID, Source: SourceCVE5, Document: name, Summary: rec.Containers.CNA.Title}
	a.Published, _ = osvTime("datePublished", cveTime(m.DatePublished))
	a.Modified, _ = osvTime("dateUpdated", cveTime(m.DateUpdated))
	if strings.EqualFold(m.State, "REJECTED") {
		a.Withdrawn, _ = osvTime("dateRejected", cveTime(firstNonEmpty(m.DateRejected, m.DateUpdated, m.DatePublished)))
		if a.Withdrawn.IsZero() {
			a.Withdrawn = time.Unix(0, 0).UTC() // rejected, date unknown
		}
	}
	for _, d := range rec.Containers.CNA.Descriptions {
		if strings.HasPrefix(d.Lang, "en") && a.Details == "" {
			a.Details = d.Value
		}
	}
	containers := append([]cveContainer{rec.Containers.CNA}, rec.Containers.ADP...)
	for _, c := range containers {
		// The CNA's word on what is affected comes first; an ADP's (CISA adds CPEs where the
		// CNA wrote "n/a") is used only when the CNA's gives nothing to match on.
		if len(a.Affected) == 0 {
			for _, af := range c.Affected {
				a.Affected = append(a.Affected, cveAffectedEntries(af)...)
			}
		}
		for _, mt := range c.Metrics {
			a.readMetric(mt, c.ProviderMetadata.ShortName)
		}
		for _, r := range c.References {
			a.References = append(a.References, Reference{Type: strings.Join(r.Tags, ","), URL: r.URL})
		}
	}
	return a, nil
}

// cveTime accepts CVE timestamps with or without a zone (the schema allows both).
func cveTime(s string) string {
	if s == "" || strings.HasSuffix(s, "Z") || strings.ContainsAny(s[min(len(s), 19):], "+-") {
		return s
	}
	return s + "Z"
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func (a *Advisory) readMetric(m cveMetric, provider string) {
	for _, c := range []*cveCVSS{m.CVSS40, m.CVSS31, m.CVSS30, m.CVSS20} {
		if c != nil && c.VectorString != "" {
			a.Severity = append(a.Severity, ParseSeverity("", c.VectorString))
		}
	}
	if m.Other == nil {
		return
	}
	switch strings.ToLower(m.Other.Type) {
	case "ssvc":
		var content struct {
			Timestamp string              `json:"timestamp"`
			Options   []map[string]string `json:"options"`
		}
		if json.Unmarshal(m.Other.Content, &content) != nil {
			return
		}
		h := &SSVCHints{Provider: provider}
		h.Timestamp, _ = time.Parse(time.RFC3339, content.Timestamp)
		for _, o := range content.Options {
			for k, v := range o {
				switch strings.ToLower(k) {
				case "exploitation":
					h.Exploitation = strings.ToLower(v)
				case "automatable":
					h.Automatable = strings.ToLower(v)
				case "technical impact":
					h.TechnicalImpact = strings.ToLower(v)
				}
			}
		}
		a.SSVC = h
	case "kev":
		a.Exploited = true
	}
}

// registries maps a CVE record's collectionURL to the OSV ecosystem of its packages.
var registries = map[string]string{
	"npmjs.com": "npm", "registry.npmjs.org": "npm", "pypi.org": "PyPI", "pypi.python.org": "PyPI",
	"repo.maven.apache.org": "Maven", "repo1.maven.org": "Maven", "search.maven.org": "Maven",
	"pkg.go.dev": "Go", "proxy.golang.org": "Go", "nuget.org": "NuGet", "www.nuget.org": "NuGet",
	"rubygems.org": "RubyGems", "crates.io": "crates.io", "packagist.org": "Packagist",
}

// cveVersionTypes maps a versionType to a scheme; others are compared as generic versions.
var cveVersionTypes = map[string]version.Scheme{
	"semver": version.SemVer, "npm": version.SemVer, "python": version.PyPI, "pypi": version.PyPI,
	"maven": version.Maven, "nuget": version.NuGet, "rpm": version.RPM, "deb": version.Debian,
	"gem": version.Gem, "apk": version.Alpine,
}

func cveAffectedEntries(af cveAffected) []Affected {
	var base Affected
	if eco := registryEcosystem(af.CollectionURL); eco != "" && af.PackageName != "" {
		base.Package, base.Ecosystem = ident.NewPackage(eco, af.PackageName), eco
	}
	var products []string
	for _, s := range af.CPEs {
		if c, err := ident.ParseCPE(s); err == nil && !c.HasWildcard() && !slices.Contains(products, c.VendorProduct()) {
			products = append(products, c.VendorProduct())
		}
	}
	if base.Package.IsZero() && len(products) == 0 && af.Vendor != "" && af.Product != "" &&
		!strings.EqualFold(af.Vendor, "n/a") && !strings.EqualFold(af.Product, "n/a") {
		products = append(products, ident.CPEWord(af.Vendor)+":"+ident.CPEWord(af.Product))
	}
	none := true
	typed := version.Generic // the scheme vendor-product versions follow
	for _, v := range af.Versions {
		if !strings.EqualFold(v.Status, "affected") {
			continue
		}
		none = false
		if s, ok := cveVersionTypes[strings.ToLower(v.VersionType)]; ok {
			typed = s
		}
		start := v.Version
		if unknownVersion(start) {
			start = "0"
		}
		switch {
		case strings.EqualFold(v.VersionType, "git"):
			continue // commits cannot be compared with package versions
		case v.LessThan != "" && v.LessThan != "*":
			base.Ranges = append(base.Ranges, Range{Type: RangeEcosystem, Events: []version.Event{{Introduced: start}, {Fixed: v.LessThan}}})
		case v.LessThanOrEqual != "" && v.LessThanOrEqual != "*":
			base.Ranges = append(base.Ranges, Range{Type: RangeEcosystem, Events: []version.Event{{Introduced: start}, {LastAffected: v.LessThanOrEqual}}})
		case v.LessThan == "*" || v.LessThanOrEqual == "*" || start == "0":
			base.Ranges = append(base.Ranges, Range{Type: RangeEcosystem, Events: []version.Event{{Introduced: start}}})
		default:
			base.Versions = append(base.Versions, v.Version)
		}
	}
	if none && !strings.EqualFold(af.DefaultStatus, "affected") {
		return nil // nothing is said to be affected
	}
	var out []Affected
	if !base.Package.IsZero() {
		out = append(out, base)
	}
	for _, p := range products {
		e := base
		e.Package, e.Ecosystem, e.Product, e.Scheme = ident.Package{}, "", p, typed
		out = append(out, e)
	}
	return out
}

func registryEcosystem(u string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u), "https://"), "http://")
	host, _, _ = strings.Cut(host, "/")
	return registries[host]
}

func unknownVersion(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "*", "n/a", "unspecified", "unknown", "all":
		return true
	}
	return false
}

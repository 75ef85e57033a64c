// Package sbom reads what an organisation runs: software bills of materials (CycloneDX
// 1.4–1.6 in JSON or XML, SPDX 2.3 JSON), asset lists in CSV, and the identifiers of
// care-map assets. Each becomes an Inventory of components with their identities (purl,
// CPE) checked. Identity problems — a component without a version, a malformed purl or
// CPE, a package in no known ecosystem — are listed, never hidden, because a component
// that cannot be identified cannot be matched to advisories.
package sbom

import (
	"bytes"
	"io"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/ident"
	"github.com/vigil-health/vigil/internal/vuln/input"
)

// Limits on what the readers accept, so a mistaken or hostile document is refused
// plainly instead of exhausting memory. The largest real SBOMs (container images,
// monorepos) hold tens of thousands of components.
const (
	MaxBytes        = 64 << 20  // one SBOM or asset list
	MaxComponents   = 100_000   // components in one inventory, nested ones included
	MaxDependencies = 1_000_000 // dependency links in one SBOM
	MaxDepth        = 32        // nesting of components inside components
)

// Format is the kind of document an inventory came from.
type Format string

const (
	CycloneDXJSON Format = "CycloneDX JSON"
	CycloneDXXML  Format = "CycloneDX XML"
	SPDXJSON      Format = "SPDX JSON"
	AssetListCSV  Format = "asset list CSV"
	CareMapAsset  Format = "care map asset"
)

// Inventory is what one document says an organisation runs.
type Inventory struct {
	Document    string // the name the document was given, such as its file name
	Format      Format
	SpecVersion string    // "1.5", "SPDX-2.3"
	Serial      string    // CycloneDX serialNumber or SPDX documentNamespace
	Subject     Component // what the SBOM describes (CycloneDX metadata.component), if stated
	Authors     []string  // who wrote the SBOM: people, organisations and tools
	Timestamp   time.Time // when the SBOM was made; zero when not stated
	Components  []Component
	// Dependencies is how many dependency links the document gives, and InGraph how many
	// components appear in at least one of them.
	Dependencies int
	InGraph      int
	Problems     []Problem
}

// Component is one piece of software or hardware in an inventory.
type Component struct {
	Ref      string // bom-ref, SPDXID or "row 5"; unique within the inventory when the document is right
	Path     string // where in the document: "components[3].components[0]", "packages[7]", "line 5"
	Type     string // library, application, firmware, device, operating-system, …
	Group    string
	Name     string
	Version  string
	Supplier string
	PURL     string // as written
	CPE      string // as written
	// PURLVersion is the version in the purl, which can differ from Version. ValidPURL says
	// the purl parsed, whatever its type.
	PURLVersion string
	ValidPURL   bool
	Hashes      []Hash
	// Hostnames are the names the component runs under, from an asset list.
	Hostnames []string

	// Package is the package the purl names, when its type maps to an OSV ecosystem;
	// Release is the distribution release from its qualifiers.
	Package ident.Package
	Release string
	// Product is the CPE's "vendor:product" when the CPE is valid. ProductFromName says it
	// was made from an asset list's vendor and product columns instead, which is less sure.
	Product         string
	ProductFromName bool
	CPEVersion      string // the version the CPE names; "" when it is * or -
}

// Hash is a checksum of a component's file.
type Hash struct {
	Algorithm string
	Value     string
}

// Label is how a component is named to people: "lodash 4.17.20", "@babel/core 7.21.2".
func (c Component) Label() string {
	name := c.Name
	if c.Group != "" {
		name = c.Group + "/" + c.Name
	}
	if c.Version == "" {
		return name
	}
	return name + " " + c.Version
}

// Read reads an SBOM or asset list, telling the format from its content: JSON with
// "bomFormat" is CycloneDX, JSON with "spdxVersion" is SPDX, XML is CycloneDX, and text
// whose first line has a "name" column is an asset list. name is used in messages.
func Read(name string, r io.Reader) (*Inventory, error) {
	data, err := input.ReadAll(name, r, MaxBytes)
	if err != nil {
		return nil, err
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(trimmed) == 0:
		return nil, input.Refuse(name, "", "the file is empty")
	case trimmed[0] == '{':
		head := data[:min(len(data), 1<<16)]
		switch {
		case bytes.Contains(head, []byte(`"spdxVersion"`)):
			return ParseSPDXJSON(name, data)
		case bytes.Contains(data, []byte(`"bomFormat"`)):
			return ParseCycloneDXJSON(name, data)
		case bytes.Contains(data, []byte(`"spdxVersion"`)):
			return ParseSPDXJSON(name, data)
		}
		return nil, input.Refuse(name, "", "this JSON is neither a CycloneDX SBOM (no \"bomFormat\") nor an SPDX document (no \"spdxVersion\")")
	case trimmed[0] == '<':
		return ParseCycloneDXXML(name, data)
	}
	return ParseAssetList(name, data)
}

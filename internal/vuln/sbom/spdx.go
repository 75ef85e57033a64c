package sbom

import (
	"strings"
	"time"

	"github.com/spdx/tools-golang/spdx/v2/common"
	"github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// ParseSPDXJSON reads an SPDX 2.3 JSON document (2.2 documents read the same way).
// Packages are decoded one at a time, so a document over MaxComponents is refused when
// the limit is reached. A package's purl and CPE come from its external references.
func ParseSPDXJSON(name string, data []byte) (*Inventory, error) {
	if len(data) > MaxBytes {
		return nil, input.TooLarge(name, MaxBytes)
	}
	inv := &Inventory{Document: name, Format: SPDXJSON}
	b := newBuilder(inv)
	w := newJSONWalk(name, data)
	var links [][2]string
	var linkPaths []string
	var describes []string
	err := w.object("", func(key string) error {
		switch key {
		case "spdxVersion":
			return w.decode(key, &inv.SpecVersion)
		case "documentNamespace":
			return w.decode(key, &inv.Serial)
		case "documentDescribes":
			return w.decode(key, &describes)
		case "creationInfo":
			var ci v2_3.CreationInfo
			if err := w.decode(key, &ci); err != nil {
				return err
			}
			for _, c := range ci.Creators {
				inv.Authors = appendName(inv.Authors, c.Creator)
			}
			if t, err := time.Parse(time.RFC3339, ci.Created); err == nil {
				inv.Timestamp = t.UTC()
			}
			return nil
		case "packages":
			return w.array(key, func(i int) error {
				path := index(key, i)
				var p v2_3.Package
				if err := w.decode(path, &p); err != nil {
					return err
				}
				if !b.add(fromSPDX(p, path)) {
					return input.Refuse(name, path, "the document lists more than %d packages, the most Vigil reads from one SBOM; split it", MaxComponents)
				}
				return nil
			})
		case "relationships":
			return w.array(key, func(i int) error {
				path := index(key, i)
				var r v2_3.Relationship
				if err := w.decode(path, &r); err != nil {
					return err
				}
				switch r.Relationship {
				case "DEPENDS_ON", "CONTAINS", "DYNAMIC_LINK", "STATIC_LINK", "RUNTIME_DEPENDENCY_OF", "DEPENDENCY_OF":
				default:
					return nil // describes, generated-from and the like are not dependencies
				}
				if len(links) >= MaxDependencies {
					return w.refuse(path, "the document has more than %d relationships, the most Vigil reads", MaxDependencies)
				}
				links = append(links, [2]string{spdxRef(r.RefA.ElementRefID), spdxRef(r.RefB.ElementRefID)})
				linkPaths = append(linkPaths, path)
				return nil
			})
		}
		return w.skip(key)
	})
	if err == nil {
		err = w.end()
	}
	if err != nil {
		return nil, err
	}
	if inv.SpecVersion != "SPDX-2.3" && inv.SpecVersion != "SPDX-2.2" {
		return nil, input.Refuse(name, "spdxVersion", "SPDX version %q is not one Vigil reads; give SPDX-2.3", inv.SpecVersion)
	}
	// The package the document describes is its subject, as metadata.component is in CycloneDX.
	if len(describes) == 1 {
		for _, c := range inv.Components {
			if c.Ref == describes[0] {
				inv.Subject = c
			}
		}
	}
	b.graph(links, func(i int) string { return linkPaths[i] })
	return inv, nil
}

func fromSPDX(p v2_3.Package, path string) Component {
	c := Component{Ref: spdxRef(p.PackageSPDXIdentifier), Path: path, Type: strings.ToLower(p.PrimaryPackagePurpose),
		Name: p.PackageName, Version: p.PackageVersion}
	if p.PackageSupplier != nil && p.PackageSupplier.Supplier != "NOASSERTION" {
		c.Supplier = p.PackageSupplier.Supplier
	}
	for _, r := range p.PackageExternalReferences {
		if r == nil {
			continue
		}
		switch strings.ToLower(r.RefType) {
		case "purl":
			if c.PURL == "" {
				c.PURL = strings.TrimSpace(r.Locator)
			}
		case "cpe23type", "cpe22type":
			if c.CPE == "" {
				c.CPE = strings.TrimSpace(r.Locator)
			}
		}
	}
	for _, h := range p.PackageChecksums {
		c.Hashes = append(c.Hashes, Hash{Algorithm: string(h.Algorithm), Value: h.Value})
	}
	return c
}

// spdxRef writes an element id as the document does; the SPDX library drops the prefix.
func spdxRef(id common.ElementID) string {
	if id == "" {
		return ""
	}
	return "SPDXRef-" + string(id)
}

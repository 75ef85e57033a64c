package sbom

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// cyclonedxVersions are the specification versions the readers accept.
var cyclonedxVersions = []string{"1.4", "1.5", "1.6"}

// jsonComponent is a CycloneDX component whose nested components are kept as raw JSON,
// so they are read one by one within the limits rather than all at once.
type jsonComponent struct {
	cdx.Component
	Components json.RawMessage `json:"components"`
}

// ParseCycloneDXJSON reads a CycloneDX 1.4–1.6 JSON SBOM. Components are decoded one at a
// time: a document over MaxComponents is refused when the limit is reached, without
// decoding the rest.
func ParseCycloneDXJSON(name string, data []byte) (*Inventory, error) {
	if len(data) > MaxBytes {
		return nil, input.TooLarge(name, MaxBytes)
	}
	inv := &Inventory{Document: name, Format: CycloneDXJSON}
	b := newBuilder(inv)
	w := newJSONWalk(name, data)
	var links [][2]string
	var linkPaths []string
	var meta *cdx.Metadata
	var bomFormat string
	err := w.object("", func(key string) error {
		switch key {
		case "bomFormat":
			return w.decode(key, &bomFormat)
		case "specVersion":
			return w.decode(key, &inv.SpecVersion)
		case "serialNumber":
			return w.decode(key, &inv.Serial)
		case "metadata":
			meta = new(cdx.Metadata)
			return w.decode(key, meta)
		case "components":
			return w.array(key, func(i int) error { return readJSONComponent(w, b, index(key, i), 0) })
		case "dependencies":
			return w.array(key, func(i int) error {
				path := index(key, i)
				var d cdx.Dependency
				if err := w.decode(path, &d); err != nil {
					return err
				}
				if d.Dependencies == nil {
					return nil
				}
				if len(links)+len(*d.Dependencies) > MaxDependencies {
					return w.refuse(path, "the SBOM has more than %d dependency links, the most Vigil reads", MaxDependencies)
				}
				for _, to := range *d.Dependencies {
					links = append(links, [2]string{d.Ref, to})
					linkPaths = append(linkPaths, path)
				}
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
	if bomFormat != "CycloneDX" {
		return nil, input.Refuse(name, "bomFormat", "this is not a CycloneDX SBOM: bomFormat is %q, not \"CycloneDX\"", bomFormat)
	}
	if err := checkSpecVersion(name, inv.SpecVersion); err != nil {
		return nil, err
	}
	applyMetadata(inv, meta)
	b.graph(links, func(i int) string { return linkPaths[i] })
	return inv, nil
}

func checkSpecVersion(name, v string) error {
	if !slices.Contains(cyclonedxVersions, v) {
		return input.Refuse(name, "specVersion", "CycloneDX version %q is not one Vigil reads; give CycloneDX %s", v, strings.Join(cyclonedxVersions, ", "))
	}
	return nil
}

// readJSONComponent decodes the component that comes next, then its nested components.
func readJSONComponent(w *jsonWalk, b *inventoryBuilder, path string, depth int) error {
	start := w.offset()
	var jc jsonComponent
	if err := w.decode(path, &jc); err != nil {
		return err
	}
	if err := addCDX(w.name, b, jc.Component, path, depth); err != nil {
		return err
	}
	if len(jc.Components) == 0 || string(jc.Components) == "null" {
		return nil
	}
	// Nested components are read again from their place in the document, one at a time.
	inner := w.within(start, jc.Components)
	return inner.array(path+".components", func(i int) error {
		return readJSONComponent(inner, b, index(path+".components", i), depth+1)
	})
}

// addCDX adds one CycloneDX component, enforcing the depth and count limits.
func addCDX(name string, b *inventoryBuilder, c cdx.Component, path string, depth int) error {
	if depth >= MaxDepth {
		return input.Refuse(name, path, "components are nested more than %d deep", MaxDepth)
	}
	if !b.add(fromCDX(c, path)) {
		return input.Refuse(name, path, "the SBOM lists more than %d components, the most Vigil reads from one SBOM; split it", MaxComponents)
	}
	return nil
}

func fromCDX(c cdx.Component, path string) Component {
	out := Component{Ref: c.BOMRef, Path: path, Type: string(c.Type), Group: c.Group, Name: c.Name,
		Version: c.Version, PURL: strings.TrimSpace(c.PackageURL), CPE: strings.TrimSpace(c.CPE)}
	switch {
	case c.Supplier != nil && c.Supplier.Name != "":
		out.Supplier = c.Supplier.Name
	case c.Manufacturer != nil && c.Manufacturer.Name != "":
		out.Supplier = c.Manufacturer.Name
	case c.Publisher != "":
		out.Supplier = c.Publisher
	}
	if c.Hashes != nil {
		for _, h := range *c.Hashes {
			out.Hashes = append(out.Hashes, Hash{Algorithm: string(h.Algorithm), Value: h.Value})
		}
	}
	return out
}

// applyMetadata takes the subject, authors and timestamp from the SBOM's metadata.
func applyMetadata(inv *Inventory, m *cdx.Metadata) {
	if m == nil {
		return
	}
	if m.Component != nil {
		inv.Subject = fromCDX(*m.Component, "metadata.component")
	}
	if t, err := time.Parse(time.RFC3339, m.Timestamp); err == nil {
		inv.Timestamp = t.UTC()
	}
	if m.Authors != nil {
		for _, a := range *m.Authors {
			inv.Authors = appendName(inv.Authors, firstOf(a.Name, a.Email))
		}
	}
	if m.Manufacture != nil {
		inv.Authors = appendName(inv.Authors, m.Manufacture.Name)
	}
	if m.Supplier != nil {
		inv.Authors = appendName(inv.Authors, m.Supplier.Name)
	}
	if m.Tools != nil {
		if m.Tools.Tools != nil {
			for _, t := range *m.Tools.Tools {
				inv.Authors = appendName(inv.Authors, strings.TrimSpace(t.Vendor+" "+t.Name))
			}
		}
		if m.Tools.Components != nil {
			for _, t := range *m.Tools.Components {
				inv.Authors = appendName(inv.Authors, strings.TrimSpace(t.Group+" "+t.Name))
			}
		}
	}
}

func appendName(list []string, n string) []string {
	if n = strings.TrimSpace(n); n == "" || slices.Contains(list, n) {
		return list
	}
	return append(list, n)
}

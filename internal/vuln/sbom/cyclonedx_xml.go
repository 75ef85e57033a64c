package sbom

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/input"
)

// xmlComponent is a CycloneDX component whose nested components are kept as raw XML, so
// they are read one by one within the limits.
type xmlComponent struct {
	cdx.Component
	Nested *struct {
		Inner []byte `xml:",innerxml"`
	} `xml:"components"`
}

const cyclonedxNamespace = "http://cyclonedx.org/schema/bom/"

// ParseCycloneDXXML reads a CycloneDX 1.4–1.6 XML SBOM, one component at a time.
func ParseCycloneDXXML(name string, data []byte) (*Inventory, error) {
	if len(data) > MaxBytes {
		return nil, input.TooLarge(name, MaxBytes)
	}
	inv := &Inventory{Document: name, Format: CycloneDXXML}
	b := newBuilder(inv)
	d := xml.NewDecoder(bytes.NewReader(data))
	fail := func(path string, err error) error {
		line, col := d.InputPos()
		var syn *xml.SyntaxError
		if errors.As(err, &syn) {
			line, col = syn.Line, 0
		}
		where := fmt.Sprintf("line %d", line)
		if col > 0 {
			where = input.At(line, col)
		}
		if path != "" {
			where += " (" + path + ")"
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return input.Refuse(name, where, "the file ends in the middle of the XML (is it cut short?)")
		}
		return input.Refuse(name, where, "this is not valid CycloneDX XML: %v", err)
	}
	root, err := firstElement(d)
	if err != nil {
		return nil, fail("", err)
	}
	if root.Name.Local != "bom" || !strings.HasPrefix(root.Name.Space, cyclonedxNamespace) {
		return nil, input.Refuse(name, "line 1", "this XML is not a CycloneDX SBOM: its root is <%s> in namespace %q", root.Name.Local, root.Name.Space)
	}
	inv.SpecVersion = strings.TrimPrefix(root.Name.Space, cyclonedxNamespace)
	if err := checkSpecVersion(name, inv.SpecVersion); err != nil {
		return nil, err
	}
	for _, a := range root.Attr {
		if a.Name.Local == "serialNumber" {
			inv.Serial = a.Value
		}
	}
	var links [][2]string
	var linkPaths []string
	err = children(d, func(el xml.StartElement) error {
		switch el.Name.Local {
		case "metadata":
			var m cdx.Metadata
			if err := d.DecodeElement(&m, &el); err != nil {
				return fail("metadata", err)
			}
			applyMetadata(inv, &m)
			return nil
		case "components":
			return readXMLComponents(name, d, b, "components", 0, fail)
		case "dependencies":
			i := 0
			return children(d, func(el xml.StartElement) error {
				path := index("dependencies", i)
				i++
				var dep cdx.Dependency
				if err := d.DecodeElement(&dep, &el); err != nil {
					return fail(path, err)
				}
				if dep.Dependencies == nil {
					return nil
				}
				if len(links)+len(*dep.Dependencies) > MaxDependencies {
					return input.Refuse(name, path, "the SBOM has more than %d dependency links, the most Vigil reads", MaxDependencies)
				}
				for _, to := range *dep.Dependencies {
					links = append(links, [2]string{dep.Ref, to})
					linkPaths = append(linkPaths, path)
				}
				return nil
			})
		}
		return d.Skip()
	})
	if err != nil {
		if refusal := (*vigil.Error)(nil); errors.As(err, &refusal) {
			return nil, err
		}
		return nil, fail("", err)
	}
	b.graph(links, func(i int) string { return linkPaths[i] })
	return inv, nil
}

// readXMLComponents reads the <component> children of the element just opened.
func readXMLComponents(name string, d *xml.Decoder, b *inventoryBuilder, path string, depth int, fail func(string, error) error) error {
	i := 0
	return children(d, func(el xml.StartElement) error {
		if el.Name.Local != "component" {
			return d.Skip()
		}
		p := index(path, i)
		i++
		var xc xmlComponent
		if err := d.DecodeElement(&xc, &el); err != nil {
			return fail(p, err)
		}
		if err := addCDX(name, b, xc.Component, p, depth); err != nil {
			return err
		}
		if xc.Nested == nil || len(bytes.TrimSpace(xc.Nested.Inner)) == 0 {
			return nil
		}
		inner := xml.NewDecoder(bytes.NewReader(xc.Nested.Inner))
		return readXMLComponents(name, inner, b, p+".components", depth+1, fail)
	})
}

// firstElement returns the document's root element.
func firstElement(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		if el, ok := tok.(xml.StartElement); ok {
			return el, nil
		}
	}
}

// children calls fn for each child element of the element just opened; fn must consume
// the child. It returns at the parent's end tag.
func children(d *xml.Decoder, fn func(xml.StartElement) error) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil // the end of a fragment of nested components
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

package match

import (
	_ "embed"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed devices.yaml
var builtinDevices []byte

// Devices is a curated list of device and firmware software names and the CPE
// vendor:product advisories use for each, for SBOMs that name components without usable
// identifiers ("FreeRTOS" with a GitHub purl, a chip with a generic purl).
type Devices struct {
	byName    map[string][]string // folded name → products
	byProduct map[string][]string // product → folded names
}

// MaxDeviceEntries bounds a device alias file.
const MaxDeviceEntries = 10_000

// ParseDevices reads a device alias list: a YAML list of {product: vendor:product,
// names: [...]}.
func ParseDevices(data []byte) (*Devices, error) {
	var entries []struct {
		Product string   `yaml:"product"`
		Names   []string `yaml:"names"`
	}
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("read the device alias list: %w", err)
	}
	if len(entries) > MaxDeviceEntries {
		return nil, fmt.Errorf("the device alias list has more than %d entries", MaxDeviceEntries)
	}
	d := &Devices{byName: map[string][]string{}, byProduct: map[string][]string{}}
	for i, e := range entries {
		vendor, product, ok := strings.Cut(e.Product, ":")
		if !ok || vendor == "" || product == "" {
			return nil, fmt.Errorf("device alias %d: product %q must be vendor:product", i+1, e.Product)
		}
		for _, n := range e.Names {
			k := foldName(n)
			d.byName[k] = append(d.byName[k], e.Product)
			d.byProduct[e.Product] = append(d.byProduct[e.Product], k)
		}
	}
	return d, nil
}

// BuiltinDevices is the list that ships with Vigil.
func BuiltinDevices() *Devices {
	d, err := ParseDevices(builtinDevices)
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return d
}

// Products gives the CPE products a component name stands for.
func (d *Devices) Products(name string) []string {
	if d == nil {
		return nil
	}
	return d.byName[foldName(name)]
}

// Names gives the folded names that stand for a CPE product.
func (d *Devices) Names(product string) []string {
	if d == nil {
		return nil
	}
	return d.byProduct[product]
}

// foldName lowers a name and turns runs of anything but letters and digits into one space.
func foldName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ")
}

// Package demomap holds the care map of the demo trust, Riverside University Hospitals NHS
// Foundation Trust (code DEMO): a realistic acute trust for demonstrations, tests and the
// what-if pages. Everything in it is invented.
package demomap

import (
	_ "embed"
	"fmt"

	"github.com/vigil-health/vigil/internal/caremap"
)

//go:embed riverside.yaml
var riverside []byte

// Code is the demo trust's organisation code.
const Code = "DEMO"

// YAML returns the demo map file.
func YAML() []byte { return append([]byte(nil), riverside...) }

// Map returns the demo map, parsed and checked.
func Map() (*caremap.Map, error) {
	m, err := caremap.ParseYAML(riverside)
	if err != nil {
		return nil, fmt.Errorf("demo care map: %w", err)
	}
	return m, nil
}

package api

import (
	"encoding"
	"encoding/json"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The OpenAPI document's schemas are generated from the Go types the handlers
// write and read, so the two cannot drift apart: a field added to a response
// struct is in the document the moment it is in the code. Each capability
// names its bodies in a components table (components, reportComponents, …).

// list is the shape of every list that is not paged.
type list[T any] struct {
	Items []T `json:"items"`
}

// textEnums are the vocabulary types that travel as strings, with their values.
func textEnums() map[reflect.Type][]string {
	enums := map[reflect.Type][]string{}
	add := func(sample any, values []string) { enums[reflect.TypeOf(sample)] = values }
	add(vigil.Role(""), names(vigil.Roles))
	add(vigil.Permission(""), names(vigil.Permissions))
	add(org.JobRole(""), names(org.JobRoles))
	add(org.Type(""), names(org.Types))
	add(report.Kind(""), names(report.Kinds))
	add(report.Verdict(""), names(report.Verdicts))
	add(report.Status(""), names([]report.Status{report.Open, report.Closed}))
	add(report.Source(""), names([]report.Source{report.FromWeb, report.FromMailbox, report.FromAPI}))
	add(caremap.Kind(""), names(caremap.Kinds()))
	add(caremap.Exposure(""), names(caremap.Exposures()))
	add(caremap.Consequence(0), texts(caremap.Minor, caremap.Catastrophic))
	add(caremap.Likelihood(0), texts(caremap.VeryLow, caremap.VeryHigh))
	add(caremap.Need(0), texts(caremap.Required, caremap.Optional))
	add(impact.State(0), texts(impact.Unaffected, impact.Lost))
	add(impact.Mode(0), texts(impact.ModeUnavailable, impact.ModeConfidentiality))
	return enums
}

func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// texts are the names of an integer vocabulary from first to last, as it writes them.
func texts[T interface {
	~uint8 | ~int
	encoding.TextMarshaler
}](first, last T) []string {
	var out []string
	for v := first; v <= last; v++ {
		if b, err := v.MarshalText(); err == nil {
			out = append(out, string(b))
		}
	}
	return out
}

// schemaFor generates the JSON Schema of a Go value's JSON form, every type
// inline. Objects allow no fields beyond the type's, and a field is required
// unless its tag says omitempty or omitzero.
func schemaFor(v any) map[string]any {
	enums := textEnums()
	textType := reflect.TypeFor[encoding.TextMarshaler]()
	r := &jsonschema.Reflector{DoNotReference: true, ExpandedStruct: true, Mapper: func(t reflect.Type) *jsonschema.Schema {
		if values, ok := enums[t]; ok {
			s := &jsonschema.Schema{Type: "string"}
			for _, v := range values {
				s.Enum = append(s.Enum, v)
			}
			return s
		}
		switch t {
		case reflect.TypeFor[caremap.Duration]():
			return &jsonschema.Schema{Type: "string", Pattern: `^([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?$`, Description: "such as 30m, 4h, 14d or 1d12h"}
		case reflect.TypeFor[caremap.Date]():
			return &jsonschema.Schema{Type: "string", Format: "date"}
		}
		if t.Kind() != reflect.Struct && t.Implements(textType) {
			return &jsonschema.Schema{Type: "string"}
		}
		return nil
	}}
	b, err := json.Marshal(r.Reflect(v))
	if err != nil {
		panic(err) // a schema of our own types always marshals
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	delete(out, "$schema")
	delete(out, "$id")
	return out
}

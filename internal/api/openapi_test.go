package api

import (
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/report"
)

// TestEveryBodyHasAGeneratedSchema: each name a route gives for its request
// or answer is a component, generated from a Go type.
func TestEveryBodyHasAGeneratedSchema(t *testing.T) {
	h := New(Deps{})
	have := components()
	for _, rt := range h.routes {
		for _, name := range []string{rt.Request, rt.Response} {
			if form, ok := multipartSchema(name); ok {
				name = form
			}
			if name == "" || name == "csv" {
				continue
			}
			if _, ok := have[name]; !ok {
				t.Errorf("%s %s names %q, which has no component", rt.Method, rt.Path, name)
			}
		}
	}
}

// TestLimitsInTheDocumentAreTheCodes: the limits written as schema tags are
// the ones the services enforce.
func TestLimitsInTheDocumentAreTheCodes(t *testing.T) {
	s := schemas()
	property := func(schema, field, key string) any {
		return s[schema].(map[string]any)["properties"].(map[string]any)[field].(map[string]any)[key]
	}
	if got := property("PasswordReset", "password", "minLength"); got != float64(auth.MinPasswordLength) {
		t.Errorf("PasswordReset password minLength = %v, want %d", got, auth.MinPasswordLength)
	}
	if got := property("PersonDetails", "password", "minLength"); got != float64(auth.MinPasswordLength) {
		t.Errorf("PersonDetails password minLength = %v, want %d", got, auth.MinPasswordLength)
	}
	if got := property("WarningText", "text", "maxLength"); got != float64(report.MaxWarningLength) {
		t.Errorf("WarningText text maxLength = %v, want %d", got, report.MaxWarningLength)
	}
	if got := property("Report", "kind", "enum"); len(got.([]any)) != len(report.Kinds) {
		t.Errorf("Report kind enum = %v", got)
	}
}

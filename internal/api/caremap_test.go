package api

import "testing"

func TestWantsYAML(t *testing.T) {
	tests := map[string]bool{
		"":                                     false,
		"*/*":                                  false,
		"application/json":                     false,
		"application/yaml":                     true,
		"text/yaml":                            true,
		"application/x-yaml, application/json": false, // a tie goes to JSON, the default
		"application/yaml;q=0.5, application/json":       false,
		"application/json;q=0.1, application/yaml":       true,
		"application/yaml;q=0":                           false,
		"text/html, application/xhtml+xml, */*;q=0.8":    false,
		"application/yaml;q=abc, application/json;q=0.9": true,
	}
	for accept, want := range tests {
		if got := wantsYAML(accept); got != want {
			t.Errorf("wantsYAML(%q) = %v, want %v", accept, got, want)
		}
	}
}

// FuzzWantsYAML feeds the Accept parser anything: it never panics.
func FuzzWantsYAML(f *testing.F) {
	f.Add("application/yaml;q=0.5, application/json")
	f.Add(";;;,,q=,*/*;q=NaN")
	f.Fuzz(func(t *testing.T, accept string) { wantsYAML(accept) })
}

package version

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// versTest is one case of the vers-spec test suite.
type versTest struct {
	Description     string          `json:"description"`
	TestType        string          `json:"test_type"`
	Input           json.RawMessage `json:"input"`
	ExpectedOutput  json.RawMessage `json:"expected_output"`
	ExpectedFailure bool            `json:"expected_failure"`
}

func readVersTests(t *testing.T, name string) []versTest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vers", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests []versTest `json:"tests"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Tests
}

// TestVersComparisonConformance runs every comparison and equality case of the vers-spec
// files for the ecosystems whose comparators Vigil has, and logs the pass count of each.
func TestVersComparisonConformance(t *testing.T) {
	for _, tc := range []struct {
		file   string
		scheme Scheme
	}{
		{"alpine_version_cmp_test.json", Alpine},
		{"maven_version_cmp_test.json", Maven},
		{"nuget_version_cmp_test.json", NuGet},
	} {
		t.Run(string(tc.scheme), func(t *testing.T) {
			tests := readVersTests(t, tc.file)
			passed := 0
			for i, vt := range tests {
				var in struct {
					Versions []string `json:"versions"`
				}
				if err := json.Unmarshal(vt.Input, &in); err != nil || len(in.Versions) != 2 {
					t.Fatalf("case %d: bad input %s", i, vt.Input)
				}
				if ok, why := checkVersCase(tc.scheme, vt, in.Versions); ok {
					passed++
				} else {
					t.Errorf("case %d (%s %v): %s", i, vt.TestType, in.Versions, why)
				}
			}
			t.Logf("%s: %d of %d vers-spec cases pass", tc.scheme, passed, len(tests))
		})
	}
}

func checkVersCase(s Scheme, vt versTest, in []string) (bool, string) {
	switch vt.TestType {
	case "equality":
		var want bool
		if err := json.Unmarshal(vt.ExpectedOutput, &want); err != nil {
			return false, err.Error()
		}
		c, err := s.Compare(in[0], in[1])
		if err != nil {
			return false, err.Error()
		}
		if (c == 0) != want {
			return false, "compare gave " + itoa(c)
		}
	case "comparison":
		var sorted []string
		if err := json.Unmarshal(vt.ExpectedOutput, &sorted); err != nil || len(sorted) != 2 {
			return false, "bad expected output"
		}
		lo, hi := sorted[0], sorted[1]
		c, err := s.Compare(lo, hi)
		if err != nil {
			return false, err.Error()
		}
		back, _ := s.Compare(hi, lo)
		if c >= 0 || back <= 0 {
			return false, "want " + lo + " < " + hi + ", compare gave " + itoa(c) + " and " + itoa(back)
		}
		// The input holds the same two versions, perhaps in another order or case.
		if !(strings.EqualFold(in[0], lo) && strings.EqualFold(in[1], hi) || strings.EqualFold(in[0], hi) && strings.EqualFold(in[1], lo)) {
			return false, "input and expected output differ"
		}
	default:
		return false, "unknown test type " + vt.TestType
	}
	return true, ""
}

func itoa(c int) string {
	switch {
	case c < 0:
		return "-1"
	case c > 0:
		return "+1"
	}
	return "0"
}

package hazard_test

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestParseReferences(t *testing.T) {
	got, err := hazard.ParseReferences("finding F-0012: CVE-2024-3400 in the perimeter firewall\n\n  Incident INC-7 \r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []hazard.Link{
		{Kind: hazard.LinkFinding, ID: "F-0012", Title: "CVE-2024-3400 in the perimeter firewall"},
		{Kind: hazard.LinkIncident, ID: "INC-7", Title: "INC-7"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if back, _ := hazard.ParseReferences(hazard.FormatReferences(got)); len(back) != 2 || back[0] != got[0] || back[1] != got[1] {
		t.Errorf("format and parse again: %+v", back)
	}
}

func TestParseReferencesSaysWhichLineIsWrong(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"finding F-1: ok\nasset epr: EPR", "Line 2: start with finding or incident"},
		{"incident", "Line 1: give the incident's reference"},
		{"finding two words: title", "Line 1: the reference cannot contain spaces"},
		{"finding " + strings.Repeat("x", 101), "Line 1: the reference is longer than 100 characters"},
		{strings.Repeat("finding a\n", 61), "Link at most 60"},
	} {
		_, err := hazard.ParseReferences(tc.text)
		var e *vigil.Error
		if !asError(err, &e) || !strings.HasPrefix(e.Fields["references"], tc.want) {
			t.Errorf("%.30q: got %v, want a problem starting %q", tc.text, err, tc.want)
		}
	}
}

func FuzzParseReferences(f *testing.F) {
	for _, seed := range []string{"finding F-0012: CVE-2024-3400 in the perimeter firewall", "incident INC-7", "asset x", "finding : :", "\xff\xfe", "finding a:" + strings.Repeat("é", 200)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		links, err := hazard.ParseReferences(text)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("error %v is not invalid input", err)
			}
			return
		}
		for _, l := range links {
			if (l.Kind != hazard.LinkFinding && l.Kind != hazard.LinkIncident) || l.ID == "" || l.Title == "" || strings.ContainsAny(l.ID, " \t\n") {
				t.Fatalf("bad link %+v from %q", l, text)
			}
		}
		again, err := hazard.ParseReferences(hazard.FormatReferences(links))
		if err != nil || len(again) != len(links) {
			t.Fatalf("formatted links do not read back: %v", err)
		}
	})
}

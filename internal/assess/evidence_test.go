package assess_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/assess"
	"github.com/vigil-health/vigil/internal/vigil"
)

func asError(err error, e **vigil.Error) bool { return errors.As(err, e) }

func itoa(n int) string { return fmt.Sprint(n) }

func TestParseEvidence(t *testing.T) {
	got, err := assess.ParseEvidence("Board minutes, March https://intranet.example/board/2026-03\n\nHazard log /hazards\nhttps://example.org/policy\nA paper copy in the SIRO's office\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []assess.Evidence{
		{Text: "Board minutes, March", Link: "https://intranet.example/board/2026-03"},
		{Text: "Hazard log", Link: "/hazards"},
		{Text: "https://example.org/policy", Link: "https://example.org/policy"},
		{Text: "A paper copy in the SIRO's office"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, unsafe := range []string{"javascript:alert(1)", "//evil.example/x", "data:text/html,hi", "https://"} {
		ev, err := assess.ParseEvidence("See " + unsafe)
		if err != nil || ev[0].Link != "" {
			t.Errorf("%q became a link: %+v", unsafe, ev)
		}
	}
	_, err = assess.ParseEvidence(strings.Repeat("x", 601))
	var e *vigil.Error
	if !asError(err, &e) || !strings.HasPrefix(e.Fields["evidence"], "Line 1 is longer") {
		t.Errorf("a long line: %v", err)
	}
}

func FuzzParseEvidence(f *testing.F) {
	for _, s := range []string{"Board minutes https://intranet.example/board", "/hazards", "plain words", "javascript:x", "\xff", "a //b", "https://h\"x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ev, err := assess.ParseEvidence(text)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("error %v is not about the input", err)
			}
			return
		}
		for _, e := range ev {
			if e.Text == "" {
				t.Fatalf("evidence with no text from %q", text)
			}
			if l := e.Link; l != "" && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "/") {
				t.Fatalf("link %q from %q", l, text)
			}
			if strings.HasPrefix(e.Link, "//") || strings.ContainsAny(e.Link, "<>\"") {
				t.Fatalf("unsafe link %q", e.Link)
			}
		}
		again, err := assess.ParseEvidence(assess.FormatEvidence(ev))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(ev) {
			t.Fatalf("evidence does not read back: %+v then %+v (%v)", ev, again, err)
		}
	})
}

package evaluate

import (
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email"
)

var nhsTrust = email.Options{OrgDomains: []string{"nhs.net"}}

func TestGeneratedSet(t *testing.T) {
	samples := Generate(1)
	r := Evaluate(samples, nhsTrust)
	var b strings.Builder
	r.Write(&b, 40)
	t.Logf("generated set, seed 1:\n%s", b.String())
	if r.Unexplained != 0 {
		t.Errorf("%d malicious verdicts name no evidence", r.Unexplained)
	}
	if r.Refused != 0 {
		t.Errorf("%d generated messages were refused", r.Refused)
	}
}

func TestGenerateIsTheSameForTheSameSeed(t *testing.T) {
	a, b := Generate(7), Generate(7)
	if len(a) != len(b) || string(a[10].Raw) != string(b[10].Raw) || string(a[len(a)-1].Raw) != string(b[len(b)-1].Raw) {
		t.Error("two sets from one seed differ")
	}
	if string(Generate(8)[10].Raw) == string(a[10].Raw) {
		t.Error("another seed made the same message")
	}
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestHandwrittenSet(t *testing.T) {
	samples := Handwritten()
	if len(samples) < 40 {
		t.Fatalf("%d hand-written samples, want at least 40", len(samples))
	}
	r := Evaluate(samples, nhsTrust)
	var b strings.Builder
	r.Write(&b, 40)
	t.Logf("hand-written set:\n%s", b.String())
	if r.Unexplained != 0 || r.Refused != 0 {
		t.Errorf("%d unexplained malicious verdicts, %d refused", r.Unexplained, r.Refused)
	}
}

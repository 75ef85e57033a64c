package mailtest

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// samples are NHS-themed sample e-mails written for this project: phishing,
// genuine mail, a phishing simulation and a Microsoft "Report" submission.
//
//go:embed samples/*.eml
var samples embed.FS

// Sample returns one sample e-mail by file name.
func Sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := samples.ReadFile("samples/" + name)
	if err != nil {
		t.Fatalf("no sample e-mail %s: %v", name, err)
	}
	return b
}

// SampleNames lists the sample e-mails' file names, in order.
func SampleNames() []string {
	names, _ := fs.Glob(samples, "samples/*.eml") // the pattern is constant and valid
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

// SampleFile writes a sample e-mail into the test's temporary folder and
// returns its path, for commands that read a file.
func SampleFile(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, Sample(t, name), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

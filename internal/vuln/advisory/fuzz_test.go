package advisory

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/ident"
)

func seed(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

func FuzzParseOSV(f *testing.F) {
	seed(f, "../testdata/osv/*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseOSV("fuzz", data)
		if err == nil && a.ID == "" {
			t.Error("an advisory without an id")
		}
	})
}

// FuzzMayName checks the quick filter never skips a record that names a wanted package.
func FuzzMayName(f *testing.F) {
	seed(f, "../testdata/osv/*.json")
	f.Add([]byte(`{"id":"X","affected":[{"package":{"ecosystem":"npm","name":"@babel\/core"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseOSV("fuzz", data)
		if err != nil {
			return
		}
		for _, af := range a.Affected {
			if af.Package.IsZero() || af.Ecosystem == "" {
				continue
			}
			want := ident.LooseName(af.Package.Name)
			if !mayName(data, func(n string) bool { return n == want }) {
				t.Fatalf("the filter skips %s in %q", af.Package, data)
			}
		}
	})
}

func FuzzParseCSAF(f *testing.F) {
	seed(f, "testdata/csaf/bsi-2022-0001.json", "testdata/csaf/sec-vex-2022-0001.json", "testdata/csaf/2022-evd-uc-01-na-001.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ParseCSAF("fuzz", data)
	})
}

func FuzzParseCVE5(f *testing.F) {
	seed(f, "testdata/cve5/*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ParseCVE5("fuzz", data)
	})
}

func FuzzParseCycloneDXVEX(f *testing.F) {
	seed(f, "testdata/vex/*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ParseCycloneDXVEX("fuzz", data)
	})
}

func FuzzReadKEV(f *testing.F) {
	seed(f, "testdata/kev/*.csv")
	f.Add([]byte(`{"catalogVersion":"1","vulnerabilities":[{"cveID":"CVE-2021-44228"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, _, err := ReadKEV("fuzz", bytes.NewReader(data))
		if err == nil && len(k.Entries) > MaxKEVEntries {
			t.Error("too many entries")
		}
	})
}

func FuzzReadEPSS(f *testing.F) {
	seed(f, "testdata/epss_scores-sample.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		e, _, err := ReadEPSS("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range e.Scores {
			if s.Probability < 0 || s.Probability > 1 {
				t.Errorf("score %v", s)
			}
		}
	})
}

func FuzzReadOSVZip(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"GO-2020-0001.json", "MAL-2024-10238.json"} {
		b, err := os.ReadFile("../testdata/osv/" + name)
		if err != nil {
			f.Fatal(err)
		}
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ReadOSVZip(context.Background(), "fuzz.zip", bytes.NewReader(data), int64(len(data)), ReadOptions{Workers: 1},
			func(Advisory) error { return nil })
	})
}

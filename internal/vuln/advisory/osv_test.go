package advisory

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/vuln/ident"
)

func readOSV(t *testing.T, name string) Advisory {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata/osv", name))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseOSV(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestParseOSV(t *testing.T) {
	a := readOSV(t, "GHSA-9v2f-6vcg-3hgv.json")
	if a.ID != "GHSA-9v2f-6vcg-3hgv" || !slices.Equal(a.Aliases, []string{"CVE-2024-39236"}) || a.Source != SourceOSV {
		t.Errorf("ids %s %v", a.ID, a.Aliases)
	}
	if len(a.Affected) != 1 || a.Affected[0].Package != (ident.Package{Ecosystem: "PyPI", Name: "gradio"}) ||
		!slices.Equal(a.Affected[0].Versions, []string{"4.36.1", "4.36.-1"}) {
		t.Errorf("affected %+v", a.Affected)
	}
	if s := Highest(a.Severity); s.Score != 9.8 || s.Rating != "critical" || s.Type != "CVSS_V3" {
		t.Errorf("severity %+v", s)
	}
	if a.Published.IsZero() || a.Modified.IsZero() || a.IsWithdrawn() {
		t.Errorf("times %v %v %v", a.Published, a.Modified, a.Withdrawn)
	}

	if w := readOSV(t, "withdrawn.osv.json"); !w.IsWithdrawn() {
		t.Error("the withdrawn record is not withdrawn")
	}
	n := readOSV(t, "pypi_normalize.osv.json")
	if n.Affected[0].Package.Name != "products-pluggableauthservice" {
		t.Errorf("PyPI name %q", n.Affected[0].Package.Name)
	}
	f := readOSV(t, "full_ranges.osv.json")
	if len(f.Affected) != 2 || f.Affected[0].Package.Ecosystem != "Maven" || len(f.Affected[0].Ranges) != 1 ||
		f.Affected[0].Ranges[0].Type != RangeEcosystem || f.Affected[0].Ranges[0].Events[1].Fixed != "2.5.16" {
		t.Errorf("ranges %+v", f.Affected)
	}
	d := readOSV(t, "CVE-2018-5407.json")
	found := false
	for _, af := range d.Affected {
		found = found || af.Package == (ident.Package{Ecosystem: "Alpine", Name: "openssl"})
	}
	if !found {
		t.Errorf("no Alpine openssl in %+v", d.Affected)
	}
	// A name that differs only in a look-alike character is another package.
	if np := readOSV(t, "nopackage-GHSA-9v2f-6vcg-3hgv.json"); np.Affected[0].Package.Name != "gradi0" {
		t.Errorf("affected %+v", np.Affected)
	}
}

// TestAllSharedOSVRecords reads every shared OSV record without a problem.
func TestAllSharedOSVRecords(t *testing.T) {
	files, _ := filepath.Glob("../testdata/osv/*.json")
	if len(files) < 20 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if _, err := ParseOSV(f, b); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestParseOSVRefusals(t *testing.T) {
	good, _ := os.ReadFile("../testdata/osv/GHSA-9v2f-6vcg-3hgv.json")
	for _, tt := range []struct {
		data []byte
		says string
	}{
		{good[:len(good)/2], "cut short"},
		{[]byte(`{"summary":"no id"}`), "no id"},
		{[]byte(`{"id":"X","modified":"yesterday"}`), "RFC 3339"},
		{[]byte(`{"id":"X","affected":[{"package":{"purl":"pkg:"}}]}`), "purl"},
		{[]byte(`{"id":"X","aliases":"CVE-1"}`), "aliases should be a list"},
	} {
		_, err := ParseOSV("rec.json", tt.data)
		if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), "rec.json") {
			t.Errorf("%.40s: %v, want it to say %q", tt.data, err, tt.says)
		}
	}
}

// osvZip builds a zip like osv.dev's all.zip from the shared records and one broken entry.
func osvZip(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files, _ := filepath.Glob("../testdata/osv/*.json")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		w, _ := zw.Create(filepath.Base(f))
		w.Write(b)
	}
	w, _ := zw.Create("BROKEN-1.json")
	w.Write([]byte(`{"id": "BROKEN-1", "affected": [`))
	zw.Create("README") // not a record
	zw.Close()
	return buf.Bytes()
}

func TestReadOSVZip(t *testing.T) {
	data := osvZip(t)
	var ids []string
	problems, err := ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)), ReadOptions{},
		func(a Advisory) error { ids = append(ids, a.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../testdata/osv/*.json")
	if len(ids) != len(files) {
		t.Errorf("%d advisories from %d good records", len(ids), len(files))
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Document, "BROKEN-1.json") || !strings.Contains(problems[0].Message, "cut short") {
		t.Errorf("problems %v", problems)
	}

	// With a filter, only records naming a wanted package are decoded, and those sharing
	// an identifier with one (here a second version of GHSA-9v2f-6vcg-3hgv that names
	// another package: the newer of the two is the one that counts).
	ids = nil
	want := func(n string) bool { return n == "gradio" || n == "products-pluggableauthservice" }
	_, err = ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)), ReadOptions{Want: want, Workers: 3},
		func(a Advisory) error { ids = append(ids, a.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"GHSA-9v2f-6vcg-3hgv", "GHSA-9v2f-6vcg-3hgv", "GHSA-p44j-xrqg-4xrr"}) {
		t.Errorf("filtered ids %v", ids)
	}
	if _, err := ReadOSVZip(context.Background(), "x.zip", bytes.NewReader([]byte("not a zip")), 9, ReadOptions{}, nil); err == nil {
		t.Error("a non-zip was read")
	}
}

func TestReadPathFolder(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"../testdata/osv/GO-2020-0001.json", "testdata/csaf/bsi-2022-0001.json", "testdata/cve5/CVE-2021-44228.json"} {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o600)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{"), 0o600)
	var got []string
	problems, err := ReadPath(context.Background(), dir, ReadOptions{}, func(a Advisory) error {
		got = append(got, string(a.Source)+":"+a.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"csaf:CVE-2022-27193", "cve5:CVE-2021-44228", "osv:GO-2020-0001"}) || len(problems) != 1 {
		t.Errorf("read %v, problems %v", got, problems)
	}
}

// TestMayNameNeverMissesAPackage checks the quick filter against every shared record:
// asked for any package the record names, it must say yes.
func TestMayNameNeverMissesAPackage(t *testing.T) {
	files, _ := filepath.Glob("../testdata/osv/*.json")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		a, err := ParseOSV(f, b)
		if err != nil {
			t.Fatal(err)
		}
		for _, af := range a.Affected {
			if af.Package.IsZero() {
				continue
			}
			want := ident.LooseName(af.Package.Name)
			if !mayName(b, func(n string) bool { return n == want }) {
				t.Errorf("%s: the filter skips %s", f, af.Package)
			}
		}
		if mayName(b, func(string) bool { return false }) && !bytes.Contains(b, []byte(`\u006`)) {
			t.Errorf("%s: the filter wants a record when nothing is wanted", f)
		}
	}
	escaped := []byte(`{"id":"X","affected":[{"package":{"ecosystem":"npm","n\u0061me":"left-pad"}}]}`)
	if !mayName(escaped, func(string) bool { return false }) {
		t.Error("a key spelled with escapes was skipped")
	}
	slashed := []byte(`{"id":"X","affected":[{"package":{"ecosystem":"npm","name":"@babel\/core"}}]}`)
	if !mayName(slashed, func(n string) bool { return n == "@babel/core" }) {
		t.Error("a name with an escaped slash was skipped")
	}
}

// TestReadOSVZipDamagedEntry flips a byte inside one compressed entry: that record is
// reported by name, the others are kept.
func TestReadOSVZipDamagedEntry(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []string{"GO-2020-0001.json", "GHSA-9v2f-6vcg-3hgv.json"} {
		b, _ := os.ReadFile("../testdata/osv/" + f)
		w, _ := zw.Create(f)
		w.Write(b)
	}
	zw.Close()
	data := buf.Bytes()
	// The second entry's data follows the first copy of its name (its local header).
	j := bytes.Index(data, []byte("GHSA-9v2f-6vcg-3hgv.json"))
	data[j+len("GHSA-9v2f-6vcg-3hgv.json")+100] ^= 0xff
	var ids []string
	problems, err := ReadOSVZip(context.Background(), "all.zip", bytes.NewReader(data), int64(len(data)), ReadOptions{},
		func(a Advisory) error { ids = append(ids, a.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"GO-2020-0001"}) || len(problems) != 1 || !strings.Contains(problems[0].Document, "GHSA-9v2f") ||
		!strings.Contains(problems[0].Message, "damaged") {
		t.Errorf("ids %v problems %v", ids, problems)
	}
}

func TestBlockReader(t *testing.T) {
	data := make([]byte, 3*blockSize+123)
	for i := range data {
		data[i] = byte(i * 7)
	}
	br := newBlockReader(bytes.NewReader(data), int64(len(data)))
	for _, at := range []struct{ off, n int }{{0, 10}, {blockSize - 5, 10}, {2*blockSize + 7, blockSize + 50}, {len(data) - 3, 3}} {
		p := make([]byte, at.n)
		n, err := br.ReadAt(p, int64(at.off))
		if err != nil || n != at.n || !bytes.Equal(p, data[at.off:at.off+at.n]) {
			t.Errorf("ReadAt(%d, %d) = %d, %v", at.off, at.n, n, err)
		}
	}
	if n, err := br.ReadAt(make([]byte, 10), int64(len(data)-4)); n != 4 || err == nil {
		t.Errorf("reading past the end: %d, %v", n, err)
	}
}

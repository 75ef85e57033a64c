package advisory

import (
	"bytes"
	"compress/gzip"
	"os"
	"strings"
	"testing"
)

func TestReadKEV(t *testing.T) {
	var both [2]*KEV
	for i, name := range []string{"testdata/kev/known_exploited_vulnerabilities.json", "testdata/kev/known_exploited_vulnerabilities.csv"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		k, problems, err := ReadKEV(name, f)
		f.Close()
		if err != nil || len(problems) != 0 {
			t.Fatalf("%s: %v %v", name, err, problems)
		}
		if len(k.Entries) != 100 {
			t.Errorf("%s: %d entries", name, len(k.Entries))
		}
		both[i] = k
	}
	if both[0].Version != "2025.08.25" || both[0].Released.IsZero() {
		t.Errorf("catalogue version %q released %v", both[0].Version, both[0].Released)
	}
	for id, e := range both[0].Entries {
		if both[1].Entries[id] != e {
			t.Errorf("%s differs between JSON and CSV:\n%+v\n%+v", id, e, both[1].Entries[id])
		}
	}
	e, ok := both[0].Lookup("GHSA-jfh8-c2jp-5v3q", "cve-2021-44228")
	if !ok || e.VendorProject != "Apache" || e.DueDate == "" {
		t.Errorf("log4shell: %+v %v", e, ok)
	}
	if _, ok := both[0].Lookup("CVE-1999-0001"); ok {
		t.Error("an unknown CVE was found")
	}
	k, problems, err := ReadKEV("bad.csv", strings.NewReader("cveID,vendorProject\nCVE-2024-1,Acme\nnot-a-cve,Acme\n\"broken,Acme\n"))
	if err != nil || len(k.Entries) != 1 || len(problems) != 2 {
		t.Errorf("bad rows: %v entries %v problems %v", err, k, problems)
	}
	if _, _, err := ReadKEV("x.json", strings.NewReader(`{"title":"something else"}`)); err == nil {
		t.Error("a JSON without vulnerabilities was read as KEV")
	}
}

func TestReadEPSS(t *testing.T) {
	plain, err := os.ReadFile("testdata/epss_scores-sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	for name, data := range map[string][]byte{"epss.csv": plain, "epss.csv.gz": gz.Bytes()} {
		e, problems, err := ReadEPSS(name, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if e.ModelVersion != "v2025.03.14" || e.ScoreDate.Format("2006-01-02") != "2025-08-25" || len(e.Scores) != 5 {
			t.Errorf("%s: model %q date %v, %d scores", name, e.ModelVersion, e.ScoreDate, len(e.Scores))
		}
		if len(problems) != 2 || !strings.Contains(problems[0].Message, "line 8") || !strings.Contains(problems[1].Message, "line 9") {
			t.Errorf("%s: problems %v", name, problems)
		}
		s, ok := e.Lookup("GHSA-x", "CVE-2021-45046", "CVE-2021-44228")
		if !ok || s.CVE != "CVE-2021-44228" || s.Probability != 0.94358 || s.Percentile != 0.99958 {
			t.Errorf("%s: lookup %+v", name, s)
		}
	}
	if _, _, err := ReadEPSS("x.csv", strings.NewReader("a,b,c\n1,2,3\n")); err == nil || !strings.Contains(err.Error(), "not an EPSS file") {
		t.Errorf("a CSV without the header: %v", err)
	}
	if _, _, err := ReadEPSS("x.gz", bytes.NewReader(gz.Bytes()[:20])); err == nil {
		t.Error("a cut-short gzip was read")
	}
}

func TestAliases(t *testing.T) {
	a := NewAliases()
	a.Add("GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228")
	a.Add("RHSA-2021:5186", "CVE-2021-4104")
	a.Add("cve-2021-44228", "DSA-5020-1")
	if got := strings.Join(a.Group("CVE-2021-44228"), " "); got != "CVE-2021-44228 DSA-5020-1 GHSA-jfh8-c2jp-5v3q" {
		t.Errorf("group %q", got)
	}
	if got := a.Group("DSA-5020-1"); len(got) != 3 {
		t.Errorf("group of the DSA %v", got)
	}
	if got := a.Group("CVE-2000-1"); len(got) != 1 || got[0] != "CVE-2000-1" {
		t.Errorf("unknown id %v", got)
	}
	a.Add("CVE-2021-4104", "GHSA-jfh8-c2jp-5v3q")
	if got := a.Group("RHSA-2021:5186"); len(got) != 5 {
		t.Errorf("merged group %v", got)
	}
}

func TestKindOf(t *testing.T) {
	for file, want := range map[string]Kind{
		"testdata/csaf/bsi-2022-0001.json":         KindCSAF,
		"testdata/cve5/CVE-2021-44228.json":        KindCVE5,
		"testdata/vex/case1-not-affected.json":     KindCycloneDXVEX,
		"../testdata/osv/GO-2020-0001.json":        KindOSV,
		"../testdata/osv/PYSEC-2023-74.json":       KindOSV,
		"testdata/csaf/sec-vex-2022-0001.json":     KindCSAF,
		"testdata/cve5/CVE-2022-42905.json":        KindCVE5,
		"testdata/vex/case7.json":                  KindCycloneDXVEX,
		"../testdata/osv/SUSE-FU-2022_0444-1.json": KindOSV,
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := KindOf(b); got != want {
			t.Errorf("%s is %s, want %s", file, got, want)
		}
		if _, err := ParseDocument(file, b); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportEvaluateFolder(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"lure.eml": "From: \"IT Support\" <it@nhs-support.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Password\r\n" +
			"Authentication-Results: mx.nhs.net; spf=fail smtp.mailfrom=nhs-support.example; dmarc=fail header.from=nhs-support.example\r\n\r\n" +
			"Your password expires today. Verify your account: https://nhs-support.example/verify\r\n",
		"rota.eml": "From: \"Ward 7\" <ward7@nhs.net>\r\nTo: jane.smith@nhs.net\r\nSubject: Rota\r\n" +
			"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=nhs.net; dkim=pass header.d=nhs.net; dmarc=pass header.from=nhs.net\r\n\r\nRota attached.\r\n",
		"labels.csv": "# file,label\nlure.eml,phishing\nrota.eml,genuine\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := vigilReport(t, "", "report", "evaluate", dir, "--labels", filepath.Join(dir, "labels.csv"), "--org-domain", "nhs.net")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Phishing called malicious:     100.0 % of 1", "Genuine called malicious:        0.0 % of 1", "phishing            1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	if err := os.WriteFile(filepath.Join(dir, "bad.csv"), []byte("lure.eml,phishing\nrota.eml\nx.eml,maybe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = vigilReport(t, "", "report", "evaluate", dir, "--labels", filepath.Join(dir, "bad.csv"))
	if code != 1 || !strings.Contains(errOut, "bad.csv, line 2") || !strings.Contains(errOut, `"maybe" is not a label`) {
		t.Errorf("exit %d, stderr %q: want each bad line named", code, errOut)
	}
}

func TestReportEvaluateBuiltin(t *testing.T) {
	code, out, errOut := vigilReport(t, "", "report", "evaluate", "--builtin", "--failures", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Generated set (seed 1)", "Hand-written set", "Phishing called malicious:", "By family"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

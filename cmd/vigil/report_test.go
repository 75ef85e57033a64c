package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/mailtest"
)

// vigilReport runs "vigil ARGS…" in-process, as a person at a terminal would, and returns the
// exit code and what was printed.
func vigilReport(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, streams{strings.NewReader(stdin), &out, &errOut})
	return code, out.String(), errOut.String()
}

// sample writes one of the project's sample e-mails to a file and returns its path.
func sample(t testing.TB, name string) string { return mailtest.SampleFile(t, name) }

func TestReportAnalyseShowsAnAnalystWhyAnInvoiceIsMalicious(t *testing.T) {
	code, out, errOut := vigilReport(t, "", "report", "analyse", sample(t, "phish-invoice-html-attachment.eml"), "--org-domain", "nhs.net")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Suggested verdict: MALICIOUS",
		`From:          "Finance - Accounts Payable" <accounts@nhs-supplies-invoices.com>`,
		"Sender checks: SPF softfail (nhs-supplies-invoices.com), DKIM none (nhs-supplies-invoices.com), DMARC fail",
		"HIGH    attachment.risky-type",
		"INV-88412.html — RISKY",
		"sha256 6480d1056ad0a0b148848fe903aecc580342160da46f67a7e7f0e342b3a3764a",
		"hxxps://invoice-view[.]nhs-supplies-invoices[.]com/view",
		"found in attachment:INV-88412.html",
		"| Please see the attached overdue invoice",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "https://") {
		t.Errorf("output contains a live link:\n%s", out)
	}
}

func TestReportAnalyseJSON(t *testing.T) {
	// Flags may come after the file name, as people type them.
	code, out, errOut := vigilReport(t, "", "report", "analyse", sample(t, "phish-safelinks-rota.eml"), "--format", "json", "--org-domain", "nhs.net")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		From    struct{ Address string }
		ReplyTo []any `json:"reply_to"`
		Subject string
		Auth    struct {
			SPF, DKIM, DMARC struct{ Result string }
		}
		URLs []struct {
			URL, Domain string
		}
		Attachments []struct {
			Name, SHA256 string
			Risky        bool
		}
		Indicators []struct {
			Code, Severity, Reason string
		}
		SuggestedVerdict string `json:"suggested_verdict"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got.From.Address != "rota.coordinator@clinical-rota.info" || got.Subject != "December on-call rota - please confirm your shifts" {
		t.Errorf("from/subject = %q / %q", got.From.Address, got.Subject)
	}
	if got.ReplyTo == nil || len(got.ReplyTo) != 0 {
		t.Errorf("reply_to = %v, want an empty list", got.ReplyTo)
	}
	if got.Auth.SPF.Result != "pass" || got.Auth.DKIM.Result != "none" || got.Auth.DMARC.Result != "none" {
		t.Errorf("auth = %+v", got.Auth)
	}
	if len(got.URLs) != 1 || got.URLs[0].URL != "https://share-docs.clinical-rota.info/d/7781" || got.URLs[0].Domain != "clinical-rota.info" {
		t.Errorf("urls = %+v, want the link inside the Safe Links wrapper", got.URLs)
	}
	if got.Attachments == nil || len(got.Indicators) == 0 || got.Indicators[0].Reason == "" {
		t.Errorf("attachments = %v, indicators = %+v", got.Attachments, got.Indicators)
	}
	if got.SuggestedVerdict != "malicious" {
		t.Errorf("suggested_verdict = %q", got.SuggestedVerdict)
	}
}

func TestReportAnalyseAttachmentsInJSON(t *testing.T) {
	_, out, _ := vigilReport(t, "", "report", "analyse", "--format=json", sample(t, "phish-invoice-html-attachment.eml"))
	var got struct {
		Attachments []struct {
			Name, SHA256 string
			Risky        bool
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Attachments) != 1 || got.Attachments[0].Name != "INV-88412.html" || !got.Attachments[0].Risky || len(got.Attachments[0].SHA256) != 64 {
		t.Errorf("attachments = %+v", got.Attachments)
	}
}

func TestReportAnalyseUnwrapsAMicrosoftSubmission(t *testing.T) {
	code, out, _ := vigilReport(t, "", "report", "analyse", sample(t, "report-addin-submission.eml"), "--org-domain=nhs.net")
	if code != 0 {
		t.Fatal(out)
	}
	for _, want := range []string{
		"Reported:      by jane.smith@nhs.net with the Microsoft Report button (as phishing); the original message follows",
		"Subject:       Jane, please review and sign: Bank Staff Agreement",
		`From:          "DocuSign" <dse@docusign-secure-mail.org>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestReportAnalyseThanksTheReporterOfASimulation(t *testing.T) {
	_, out, _ := vigilReport(t, "", "report", "analyse", sample(t, "simulation-wellbeing-voucher.eml"), "--org-domain", "nhs.net")
	if !strings.Contains(out, "Suggested verdict: PHISHING-SIMULATION") || !strings.Contains(out, "Thank the person who reported it") {
		t.Errorf("output:\n%s", out)
	}
	// With a secret code configured, a marker without it is not trusted.
	_, out, _ = vigilReport(t, "", "report", "analyse", sample(t, "simulation-wellbeing-voucher.eml"), "--simulation-value", "s3cret")
	if strings.Contains(out, "PHISHING-SIMULATION") || !strings.Contains(out, "simulation.marker-mismatch") {
		t.Errorf("output:\n%s", out)
	}
}

func TestReportAnalyseSafeNotice(t *testing.T) {
	_, out, _ := vigilReport(t, "", "report", "analyse", sample(t, "safe-epr-downtime-notice.eml"), "--org-domain", "nhs.net")
	if !strings.Contains(out, "Suggested verdict: SAFE") || !strings.Contains(out, "Warning signs (0)\n  none") {
		t.Errorf("output:\n%s", out)
	}
}

func TestReportAnalyseReadsStandardInput(t *testing.T) {
	raw, err := os.ReadFile(sample(t, "safe-qp-odd-charset.eml"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := vigilReport(t, string(raw), "report", "analyse", "-", "--org-domain", "nhs.net")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Subject:       Controlled drugs – stock check") || strings.Contains(out, "MALICIOUS") {
		t.Errorf("output:\n%s", out)
	}
}

// TestReportAnalyseKeepsTheTerminalSafe: a hostile message must not be able to send escape
// sequences to the analyst's terminal or reverse text on screen.
func TestReportAnalyseKeepsTheTerminalSafe(t *testing.T) {
	raw := "From: \"Evil\x1b[2J\x1b]8;;https://evil.example\x07\" <a@evil.example>\r\nTo: b@nhs.net\r\n" +
		"Subject: Invoice \u202Efdp.exe\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello\x1b[31m red\r\n"
	code, out, errOut := vigilReport(t, raw, "report", "analyse", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.ContainsAny(out, "\x1b\x07\u202E") {
		t.Errorf("control characters reached the terminal: %q", out)
	}
	if !strings.Contains(out, `Invoice \u202efdp.exe`) {
		t.Errorf("the hidden character is not shown as an escape:\n%s", out)
	}
}

func TestReportAnalyseMistakes(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		says  string
	}{
		{"no subcommand", "", []string{"report"}, 2, "vigil report analyse FILE.eml"},
		{"unknown subcommand", "", []string{"report", "triage"}, 2, `unknown report command "triage"`},
		{"no file", "", []string{"report", "analyse"}, 2, "give one e-mail file"},
		{"two files", "", []string{"report", "analyse", "a.eml", "b.eml"}, 2, "give one e-mail file"},
		{"bad format", "", []string{"report", "analyse", sample(t, "safe-qp-odd-charset.eml"), "--format", "xml"}, 2, "--format must be text or json"},
		{"unknown flag", "", []string{"report", "analyse", "--colour"}, 2, "flag provided but not defined"},
		{"missing file", "", []string{"report", "analyse", "no-such-file.eml"}, 1, "no-such-file.eml"},
		{"empty input", "", []string{"report", "analyse", "-"}, 1, "-: The file is empty."},
		{"not an e-mail", "just some words\n", []string{"report", "analyse", "-"}, 1, "This file is not an e-mail"},
		{"Outlook file", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", []string{"report", "analyse", "-"}, 1, "save it with File > Save As"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := vigilReport(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.says) {
				t.Errorf("stderr %q does not say %q", errOut, tt.says)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing on failure", out)
			}
		})
	}
}

func TestReportHelp(t *testing.T) {
	code, _, errOut := vigilReport(t, "", "report", "analyse", "-h")
	if code != 0 || !strings.Contains(errOut, "--org-domain") && !strings.Contains(errOut, "-org-domain") {
		t.Errorf("exit %d, help %q", code, errOut)
	}
}

package email

import (
	"strings"
	"testing"
)

func TestSubmissionKindFromSubject(t *testing.T) {
	tests := map[string]SubmissionKind{
		"1|Cheap watches":            SubmissionJunk,
		"2|Ward meeting moved":       SubmissionNotJunk,
		"3|Your mailbox is full":     SubmissionPhishing,
		"Junk: Cheap watches":        SubmissionJunk,
		"not junk:Ward meeting":      SubmissionNotJunk,
		"  Phishing: Password reset": SubmissionPhishing,
	}
	for subject, want := range tests {
		if got, ok := submissionKind(subject); !ok || got != want {
			t.Errorf("submissionKind(%q) = %q, %v; want %q", subject, got, ok, want)
		}
	}
	for _, subject := range []string{"4|What", "Re: 3|x", "Phishing awareness week", ""} {
		if got, ok := submissionKind(subject); ok {
			t.Errorf("submissionKind(%q) = %q, want no submission", subject, got)
		}
	}
}

// submission wraps an original message the way Microsoft's Report button sends it to a
// reporting mailbox.
func submission(subject string, attached ...string) []byte {
	var b strings.Builder
	b.WriteString("From: jane.smith@nhs.net\r\nTo: phishing-reports@nhs.net\r\nSubject: " + subject + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"s\"\r\n\r\n" +
		"--s\r\nContent-Type: text/plain\r\n\r\nThis message was reported.\r\n")
	for _, a := range attached {
		b.WriteString("--s\r\n" + a)
	}
	b.WriteString("--s--\r\n")
	return []byte(b.String())
}

func TestSubmissions(t *testing.T) {
	original := "From: \"Payroll\" <payroll@pay-portal.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Your payslip\r\n\r\nSee https://pay-portal.example/slip\r\n"
	asRFC822 := "Content-Type: message/rfc822\r\n\r\n" + original
	asEML := "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"payslip.eml\"\r\n\r\n" + original
	asMSG := "Content-Type: application/vnd.ms-outlook\r\nContent-Disposition: attachment; filename=\"payslip.msg\"\r\n\r\n\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest\r\n"

	tests := []struct {
		name    string
		raw     []byte
		kind    SubmissionKind // "" means the wrapper itself is analysed
		subject string
		warn    string
	}{
		{"junk, attached as a message", submission("1|Your payslip", asRFC822), SubmissionJunk, "Your payslip", ""},
		{"not junk, attached as an .eml file", submission("Not junk:Your payslip", asEML), SubmissionNotJunk, "Your payslip", ""},
		{"two attached messages", submission("3|Your payslip", asRFC822, asEML), SubmissionPhishing, "Your payslip", "Microsoft expects one"},
		{"attached as an Outlook .msg", submission("3|Your payslip", asMSG), "", "3|Your payslip", "Outlook .msg"},
		{"no prefix: an ordinary message with an attached e-mail", submission("Fwd: Your payslip", asRFC822), "", "Fwd: Your payslip", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse(tt.raw, nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.kind == "" && a.Submission != nil:
				t.Errorf("submission = %+v, want none", a.Submission)
			case tt.kind != "" && (a.Submission == nil || a.Submission.Kind != tt.kind):
				t.Errorf("submission = %+v, want %s", a.Submission, tt.kind)
			}
			if a.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", a.Subject, tt.subject)
			}
			if tt.warn != "" && !strings.Contains(strings.Join(a.Warnings, "\n"), tt.warn) {
				t.Errorf("warnings %q do not mention %q", a.Warnings, tt.warn)
			}
		})
	}
}

func TestJunkSubmissionWithoutAttackSignsIsSpam(t *testing.T) {
	original := "From: offers@shop.example\r\nTo: jane.smith@nhs.net\r\nSubject: Spring sale\r\n" +
		"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=shop.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example\r\n\r\nGarden furniture.\r\n"
	a, err := Analyse(submission("1|Spring sale", "Content-Type: message/rfc822\r\n\r\n"+original), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if a.SuggestedVerdict != Spam {
		t.Errorf("verdict = %s (%v), want spam", a.SuggestedVerdict, indicatorCodes(a))
	}
}

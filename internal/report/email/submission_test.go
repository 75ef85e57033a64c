package email

import (
	"fmt"
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
		// Any mail program's "forward as attachment" is a report of the attached original.
		{"no prefix: forwarded as an attachment", submission("Fwd: Your payslip", asRFC822), SubmissionForwarded, "Your payslip", ""},
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

// forward wraps raw as an attachment of a forward from jane.smith@nhs.net, with a boundary
// of its own as mail programs make them.
func forward(subject, raw string) string {
	boundary := fmt.Sprintf("fwd-%d", len(raw))
	return "From: jane.smith@nhs.net\r\nTo: phishing-reports@nhs.net\r\nSubject: " + subject + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" +
		"--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
		"--" + boundary + "\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"original.eml\"\r\n\r\n" + raw +
		"\r\n--" + boundary + "--\r\n"
}

func TestForwardedAsAttachmentIsTheOriginal(t *testing.T) {
	original := "From: \"IT Service Desk\" <helpdesk@nhs-support.example>\r\nReply-To: reset@desk-reply.example\r\nTo: jane.smith@nhs.net\r\nSubject: Password expiry\r\n" +
		"Authentication-Results: mx.nhs.net; spf=fail smtp.mailfrom=nhs-support.example; dmarc=fail header.from=nhs-support.example\r\n" +
		"Content-Type: text/html\r\n\r\n<a href=\"https://nhs-support.example/reset\">Keep your password</a>\r\n"
	once := forward("FW: Password expiry", original)
	twice := forward("Fwd: FW: Password expiry", once)
	thrice := forward("Fwd: Fwd: FW: Password expiry", twice)
	tooDeep := forward("Fwd: Fwd: Fwd: FW: Password expiry", thrice)

	for name, tt := range map[string]struct {
		raw     string
		layers  int
		subject string
	}{
		"once": {once, 1, "Password expiry"}, "twice": {twice, 2, "Password expiry"}, "three times": {thrice, 3, "Password expiry"},
		"four times stops at the limit": {tooDeep, MaxForwardDepth, "FW: Password expiry"},
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Analyse([]byte(tt.raw), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			sub := a.Submission
			if sub == nil || sub.Submitter == nil || sub.Submitter.Address != "jane.smith@nhs.net" || sub.Layers != tt.layers || sub.Method != MethodAttached {
				t.Fatalf("submission = %+v, want jane.smith@nhs.net forwarding %d layers", sub, tt.layers)
			}
			if a.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", a.Subject, tt.subject)
			}
			if tt.layers < MaxForwardDepth || name == "three times" {
				if a.From == nil || a.From.Domain != "nhs-support.example" || len(a.ReplyTo) != 1 || a.Auth.DMARC.Result != "fail" {
					t.Errorf("from %+v reply-to %+v auth %+v, want the original's", a.From, a.ReplyTo, a.Auth)
				}
				if len(a.URLs) != 1 || a.URLs[0].Domain != "nhs-support.example" {
					t.Errorf("urls = %+v, want the original's link", a.URLs)
				}
				wantIndicators(t, a, CodeForwarded, CodeDMARCFail, CodeReplyToDiffers)
				if a.SuggestedVerdict != Malicious {
					t.Errorf("verdict = %s, want malicious", a.SuggestedVerdict)
				}
			}
		})
	}
}

func TestForwardPastedIntoTheBodyIsRecovered(t *testing.T) {
	tests := []struct {
		name, body, from, subject string
	}{
		{"Gmail", "Is this real?\r\n\r\n---------- Forwarded message ---------\r\nFrom: Microsoft 365 <no-reply@m365-alerts.example>\r\n" +
			"Date: Mon, 5 Oct 2026 at 09:12\r\nSubject: Your mailbox is full\r\nTo: <jane.smith@nhs.net>\r\n\r\n" +
			"Your mailbox will be disabled. Sign in below to keep your e-mails: https://m365-alerts.example/keep\r\n",
			"no-reply@m365-alerts.example", "Your mailbox is full"},
		{"Outlook", "Please check this.\r\n\r\n________________________________\r\nFrom: Payroll Team <payroll@pay-nhs.example>\r\n" +
			"Sent: Monday, 5 October 2026 09:12\r\nTo: Smith Jane <jane.smith@nhs.net>\r\nSubject: Salary increase letter\r\n\r\n" +
			"View your letter: https://pay-nhs.example/letter\r\n", "payroll@pay-nhs.example", "Salary increase letter"},
		{"Outlook in Portuguese", "Veja isto.\r\n\r\nDe: Banco Seguro [mailto:aviso@banco-seguro.example]\r\nEnviada em: segunda-feira, 5 de outubro de 2026 09:12\r\n" +
			"Para: Jane\r\nAssunto: Sua conta será bloqueada\r\n\r\nConfirme seus dados: https://banco-seguro.example/x\r\n",
			"aviso@banco-seguro.example", "Sua conta será bloqueada"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := "From: jane.smith@nhs.net\r\nTo: phishing-reports@nhs.net\r\nSubject: FW: " + tt.subject + "\r\n" +
				"Authentication-Results: mx.nhs.net; spf=pass smtp.mailfrom=nhs.net; dmarc=pass header.from=nhs.net\r\n" +
				"Content-Type: text/plain; charset=utf-8\r\n\r\n" + tt.body
			a, err := Analyse([]byte(raw), nhsTrust)
			if err != nil {
				t.Fatal(err)
			}
			if a.Submission == nil || a.Submission.Method != MethodPasted || a.Submission.Submitter.Address != "jane.smith@nhs.net" {
				t.Fatalf("submission = %+v, want a pasted forward by jane", a.Submission)
			}
			if a.From == nil || a.From.Address != tt.from || a.Subject != tt.subject {
				t.Errorf("from %+v subject %q, want %s and %q", a.From, a.Subject, tt.from, tt.subject)
			}
			if a.Auth.DMARC.Result != NotReported {
				t.Errorf("auth = %+v: the forwarder's checks are not the original's", a.Auth)
			}
			if len(a.URLs) != 1 {
				t.Errorf("urls = %+v, want the original's link", a.URLs)
			}
			if a.SuggestedVerdict == Safe {
				t.Errorf("verdict = safe for a pasted lure")
			}
		})
	}
}

func TestOrdinaryMailWithColonsIsNotAForward(t *testing.T) {
	a := analyseRaw(t, "From: a@example.com\r\nTo: jane.smith@nhs.net\r\nSubject: Notes\r\n\r\nFrom: the ward\r\nTo: the team\r\nNo meeting today.\r\n")
	if a.Submission != nil {
		t.Errorf("submission = %+v, want none", a.Submission)
	}
}

// A criminal can write a fake "forwarded message" into a lure. Only a wrapper from inside
// the organisation is unwrapped, so the lure itself is analysed and its sender is not
// recorded as a reporter.
func TestFakeForwardFromOutsideIsNotUnwrapped(t *testing.T) {
	raw := "From: \"Payroll\" <payroll@pay-portal.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Fwd: Salary review\r\n\r\n" +
		"See below from HR.\r\n\r\n---------- Forwarded message ---------\r\nFrom: HR <hr@nhs.net>\r\nSubject: Salary review\r\n\r\n" +
		"Sign in to view your new salary: https://pay-portal.example/login\r\n"
	a := analyseRaw(t, raw)
	if a.Submission != nil || a.From == nil || a.From.Domain != "pay-portal.example" {
		t.Errorf("submission %+v, from %+v: want the lure itself analysed", a.Submission, a.From)
	}
	attached := forward("Fwd: Salary review", "From: hr@nhs.net\r\nSubject: Salary review\r\n\r\nAll fine.\r\n")
	attached = strings.Replace(attached, "From: jane.smith@nhs.net", "From: payroll@pay-portal.example", 1)
	if a := analyseRaw(t, attached); a.Submission != nil {
		t.Errorf("submission = %+v: an attached message from outside was taken as a report", a.Submission)
	}
}

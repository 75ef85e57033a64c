package email

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email/msg/msgtest"
)

func outlookLure() msgtest.Message {
	return msgtest.Message{
		Subject:       "Action required: mailbox full",
		SenderName:    "NHSmail Support",
		SenderAddress: "support@nhsmail-help.example",
		To:            []string{"jane.smith@nhs.net"},
		Headers: "Received: from mail.nhsmail-help.example ([203.0.113.5]) by mx.nhs.net; Mon, 5 Oct 2026 09:00:00 +0000\r\n" +
			"Authentication-Results: mx.nhs.net; spf=fail smtp.mailfrom=nhsmail-help.example; dmarc=fail header.from=nhsmail-help.example\r\n" +
			"From: NHSmail Support <support@nhsmail-help.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Action required: mailbox full\r\n",
		HTML: `<p>Your mailbox will be disabled.</p><a href="https://nhsmail-help.example/keep">Keep my e-mails</a>`,
		Attachments: []msgtest.Attachment{{Name: "notice.html", MIMEType: "text/html",
			Data: []byte(`<html><script>location="https://nhsmail-help.example/x"</script></html>`)}},
	}
}

func TestOutlookFileIsAnalysedLikeAnEmail(t *testing.T) {
	a, err := Analyse(msgtest.Build(outlookLure()), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if a.From == nil || a.From.Address != "support@nhsmail-help.example" || a.Subject != "Action required: mailbox full" {
		t.Errorf("from %+v subject %q", a.From, a.Subject)
	}
	if a.Auth.DMARC.Result != "fail" || len(a.Received) != 1 {
		t.Errorf("auth %+v received %+v, want the saved internet headers", a.Auth, a.Received)
	}
	if len(a.Attachments) != 1 || !a.Attachments[0].Risky {
		t.Errorf("attachments = %+v", a.Attachments)
	}
	if len(a.URLs) < 2 {
		t.Errorf("urls = %+v, want the body's and the attachment's links", a.URLs)
	}
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s (%v)", a.SuggestedVerdict, indicatorCodes(a))
	}

	bare := outlookLure()
	bare.Headers = ""
	a, err = Analyse(msgtest.Build(bare), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if a.From == nil || a.From.Address != "support@nhsmail-help.example" || !strings.Contains(strings.Join(a.Warnings, " "), "original headers") {
		t.Errorf("from %+v warnings %q, want the sender from the file's properties and a note", a.From, a.Warnings)
	}
}

func TestOutlookFileAttachedToASubmissionIsUnwrapped(t *testing.T) {
	data := base64.StdEncoding.EncodeToString(msgtest.Build(outlookLure()))
	a, err := Analyse(submission("3|Action required: mailbox full",
		"Content-Type: application/vnd.ms-outlook\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"lure.msg\"\r\n\r\n"+data+"\r\n"), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if a.Submission == nil || a.Submission.Kind != SubmissionPhishing || a.From == nil || a.From.Domain != "nhsmail-help.example" {
		t.Errorf("submission %+v from %+v, want the .msg original analysed", a.Submission, a.From)
	}
}

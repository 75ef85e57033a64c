package msg

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email/msg/msgtest"
)

func sampleMessage() msgtest.Message {
	return msgtest.Message{
		Subject:       "Your NHSmail password expires today",
		SenderName:    "NHSmail Support",
		SenderAddress: "support@nhsmail-help.example",
		To:            []string{"jane.smith@nhs.net"},
		Text:          "Keep your password: https://nhsmail-help.example/keep",
		HTML:          `<p>Keep your password: <a href="https://nhsmail-help.example/keep">Keep</a></p>` + strings.Repeat(" ", 5000),
		Attachments: []msgtest.Attachment{
			{Name: "policy.pdf", MIMEType: "application/pdf", Data: []byte("%PDF-1.4 small")},
			{Name: "Original.msg", Message: &msgtest.Message{Subject: "Inner", SenderAddress: "inner@evil.example", Text: "inner body"}},
		},
	}
}

func TestReadAndWriteBack(t *testing.T) {
	m, err := Read(msgtest.Build(sampleMessage()))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Your NHSmail password expires today" || m.SenderName != "NHSmail Support" || m.SenderAddress != "support@nhsmail-help.example" {
		t.Errorf("message = %+v", m)
	}
	if len(m.Recipients) != 1 || m.Recipients[0].Address != "jane.smith@nhs.net" || m.Recipients[0].Kind != "To" {
		t.Errorf("recipients = %+v", m.Recipients)
	}
	if !strings.Contains(m.HTML, `href="https://nhsmail-help.example/keep"`) || !strings.Contains(m.Text, "Keep your password") {
		t.Errorf("bodies: text %q html %.80q", m.Text, m.HTML)
	}
	if len(m.Attachments) != 2 || m.Attachments[0].Name != "policy.pdf" || string(m.Attachments[0].Data) != "%PDF-1.4 small" ||
		m.Attachments[1].Message == nil || m.Attachments[1].Message.SenderAddress != "inner@evil.example" {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	eml := string(m.EML())
	for _, want := range []string{"From: \"NHSmail Support\" <support@nhsmail-help.example>", "To: <jane.smith@nhs.net>",
		"Subject: Your NHSmail password expires today", "Content-Type: message/rfc822", "filename=\"policy.pdf\""} {
		if !strings.Contains(eml, want) {
			t.Errorf("EML lacks %q:\n%.600s", want, eml)
		}
	}
	if !bytes.Equal(m.EML(), m.EML()) {
		t.Error("EML is not the same twice")
	}
}

func TestTransportHeadersAreKept(t *testing.T) {
	s := sampleMessage()
	s.Headers = "Received: from mail.evil.example by mx.nhs.net; Mon, 5 Oct 2026 09:00:00 +0000\r\n" +
		"Authentication-Results: mx.nhs.net; spf=fail smtp.mailfrom=evil.example;\r\n dmarc=fail header.from=nhsmail-help.example\r\n" +
		"From: NHSmail Support <support@nhsmail-help.example>\r\nSubject: Your NHSmail password expires today\r\n" +
		"Content-Type: multipart/alternative; boundary=\"gone\"\r\n\r\n"
	m, err := Read(msgtest.Build(s))
	if err != nil {
		t.Fatal(err)
	}
	eml := string(m.EML())
	if !strings.HasPrefix(eml, "Received: from mail.evil.example") || !strings.Contains(eml, "dmarc=fail header.from=nhsmail-help.example") {
		t.Errorf("EML does not keep the transport headers in order:\n%.500s", eml)
	}
	if strings.Contains(eml, "boundary=\"gone\"") {
		t.Error("EML keeps the original body's Content-Type")
	}
}

func TestDamagedFilesAreErrors(t *testing.T) {
	good := msgtest.Build(sampleMessage())
	for name, data := range map[string][]byte{
		"empty":       nil,
		"signature":   []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"),
		"cut in half": good[:len(good)/2],
		"not a msg":   []byte("hello"),
		"zeroed FAT":  append(append([]byte{}, good[:512]...), make([]byte, len(good)-512)...),
	} {
		if _, err := Read(data); err == nil {
			t.Errorf("%s: Read succeeded", name)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(msgtest.Build(sampleMessage()))
	f.Add(msgtest.Build(msgtest.Message{Subject: "x"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Read(data)
		if err == nil {
			_ = m.EML()
		}
	})
}

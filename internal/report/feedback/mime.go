package feedback

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// notSent is the message of every refusal to build a feedback e-mail.
const notSent = "The feedback e-mail was not sent."

// parseAddress accepts exactly one address, and never one that could end a
// header line early.
func parseAddress(field, s string) (*mail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, vigil.InvalidFields(notSent, map[string]string{field: "must not contain a line break"})
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, &vigil.Error{
			Code:    vigil.Invalid,
			Message: notSent,
			Fields:  map[string]string{field: fmt.Sprintf("%q is not one e-mail address", s)},
			Err:     err,
		}
	}
	return a, nil
}

// checkMessage refuses anything that would put a line break into a header:
// the Subject or a Message-ID carrying CR or LF could add headers of its own,
// such as a Bcc.
func checkMessage(m Message) error {
	fields := map[string]string{}
	if strings.ContainsAny(m.Subject, "\r\n") {
		fields["subject"] = "must be a single line"
	}
	if strings.TrimSpace(m.Subject) == "" {
		fields["subject"] = "is required"
	}
	if id := strings.Trim(m.InReplyTo, "<>"); m.InReplyTo != "" &&
		(id == "" || strings.ContainsFunc(id, func(r rune) bool { return r <= ' ' || r == '<' || r == '>' || r == 0x7f })) {
		fields["in_reply_to"] = "must be one Message-ID without spaces or line breaks"
	}
	if m.Text == "" && m.HTML == "" {
		fields["body"] = "is empty"
	}
	if len(fields) > 0 {
		return vigil.InvalidFields(notSent, fields)
	}
	return nil
}

// newMessageID makes a unique Message-ID in the sender's own domain.
func newMessageID(from *mail.Address) string {
	domain := "vigil.invalid"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 && i < len(from.Address)-1 {
		domain = from.Address[i+1:]
	}
	var b [16]byte
	rand.Read(b[:]) // never fails, by its documentation
	return hex.EncodeToString(b[:]) + "@" + domain
}

// buildMessage writes m as an RFC 5322 message with a multipart/alternative
// body: the plain-text part first, the HTML part last, as clients prefer the
// last part they can show.
func buildMessage(from, to *mail.Address, m Message, date time.Time, messageID string) ([]byte, error) {
	if err := checkMessage(m); err != nil {
		return nil, err
	}
	var body bytes.Buffer
	parts := multipart.NewWriter(&body)
	for _, p := range []struct{ contentType, content string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		if p.content == "" {
			continue
		}
		w, err := parts.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.contentType},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		// Quoted-printable keeps lines short and 7-bit, whatever the text.
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(p.content)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := parts.Close(); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&out, "%s: %s\r\n", name, value) }
	header("Date", date.Format(time.RFC1123Z))
	header("From", from.String())
	header("To", to.String())
	header("Subject", foldWords(mime.QEncoding.Encode("utf-8", m.Subject)))
	header("Message-ID", "<"+messageID+">")
	if m.InReplyTo != "" {
		id := "<" + strings.Trim(m.InReplyTo, "<>") + ">"
		header("In-Reply-To", id)
		header("References", id)
	}
	// RFC 3834: out-of-office and other auto-responders must not answer,
	// so feedback cannot start a mail loop with the reporter's mailbox.
	header("Auto-Submitted", "auto-generated")
	// Exchange and Outlook, which NHSmail runs on, honour this instead.
	header("X-Auto-Response-Suppress", "All")
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": parts.Boundary()}))
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// foldWords puts each encoded word of a long header on its own line, keeping
// lines under the 998-character limit of RFC 5322.
func foldWords(encoded string) string {
	return strings.ReplaceAll(encoded, "?= =?", "?=\r\n =?")
}

package msg

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net/textproto"
	"strings"
	"time"
)

// contentHeaders describe the original MIME body, which a .msg file does not keep; EML
// writes its own.
var contentHeaders = map[string]bool{"Content-Type": true, "Content-Transfer-Encoding": true,
	"Mime-Version": true, "Content-Disposition": true, "Content-Id": true}

// EML writes the message as an RFC 5322 message: the original internet headers when the
// file kept them (otherwise headers made from its properties), the text and HTML bodies,
// and the attachments, with attached messages as message/rfc822 parts.
func (m *Message) EML() []byte {
	var b strings.Builder
	if !writeTransportHeaders(&b, m.Headers) {
		writeHeader(&b, "From", address(m.SenderName, m.SenderAddress))
		for _, kind := range []string{"To", "Cc"} {
			var list []string
			for _, r := range m.Recipients {
				if r.Kind == kind && (r.Address != "" || r.Name != "") {
					list = append(list, address(r.Name, r.Address))
				}
			}
			writeHeader(&b, kind, strings.Join(list, ", "))
		}
		writeHeader(&b, "Subject", mime.QEncoding.Encode("utf-8", m.Subject))
		if !m.Date.IsZero() {
			writeHeader(&b, "Date", m.Date.Format(time.RFC1123Z))
		}
		if m.MessageID != "" {
			writeHeader(&b, "Message-ID", m.MessageID)
		}
	}
	boundary := boundaryFor(m)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n")
	if m.Text != "" || m.HTML == "" {
		b.WriteString("--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		writeBase64(&b, []byte(m.Text))
	}
	if m.HTML != "" {
		b.WriteString("--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		writeBase64(&b, []byte(m.HTML))
	}
	for _, a := range m.Attachments {
		b.WriteString("--" + boundary + "\r\n")
		name := mime.QEncoding.Encode("utf-8", strings.Map(noQuotesOrBreaks, a.Name))
		if a.Message != nil {
			b.WriteString("Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n")
			b.Write(a.Message.EML())
			b.WriteString("\r\n")
			continue
		}
		ctype := a.MIMEType
		if ctype == "" || strings.ContainsAny(ctype, "\r\n;\"") {
			ctype = "application/octet-stream"
		}
		fmt.Fprintf(&b, "Content-Type: %s; name=\"%s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"%s\"\r\n", ctype, name, name)
		if a.ContentID != "" {
			b.WriteString("Content-ID: <" + strings.Map(noQuotesOrBreaks, strings.Trim(a.ContentID, "<>")) + ">\r\n")
		}
		b.WriteString("\r\n")
		writeBase64(&b, a.Data)
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String())
}

// writeTransportHeaders copies the original internet headers in their order, less those
// describing a body that is no longer there. It reports whether there were any with a From.
func writeTransportHeaders(b *strings.Builder, headers string) bool {
	type field struct{ name, value string }
	var fields []field
	for _, line := range strings.Split(strings.ReplaceAll(headers, "\r\n", "\n"), "\n") {
		if line == "" && len(fields) > 0 {
			break // the end of the header block
		}
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(fields) > 0 {
				fields[len(fields)-1].value += " " + strings.TrimSpace(line)
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if ok && name != "" && !strings.ContainsAny(name, " \t") {
			fields = append(fields, field{textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(value)})
		}
	}
	hasFrom := false
	for _, f := range fields {
		hasFrom = hasFrom || f.name == "From"
	}
	if !hasFrom {
		return false
	}
	for _, f := range fields {
		if !contentHeaders[f.name] {
			writeHeader(b, f.name, f.value)
		}
	}
	return true
}

func writeHeader(b *strings.Builder, name, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	b.WriteString(name + ": " + strings.Map(noBreaks, value) + "\r\n")
}

func address(name, addr string) string {
	name = strings.Map(noQuotesOrBreaks, name)
	switch {
	case addr == "":
		return mime.QEncoding.Encode("utf-8", name)
	case name == "" || strings.EqualFold(name, addr):
		return "<" + addr + ">"
	}
	return "\"" + mime.QEncoding.Encode("utf-8", name) + "\" <" + strings.Map(noQuotesOrBreaks, addr) + ">"
}

// boundaryFor makes a boundary that no part of this message contains.
func boundaryFor(m *Message) string {
	sum := sha256.Sum256([]byte(m.Subject + m.Text + m.HTML + m.MessageID))
	return "msg-" + hex.EncodeToString(sum[:12])
}

func writeBase64(b *strings.Builder, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

func noBreaks(r rune) rune {
	if r == '\r' || r == '\n' || r == 0 {
		return ' '
	}
	return r
}

func noQuotesOrBreaks(r rune) rune {
	if r == '"' || r == '<' || r == '>' {
		return -1
	}
	return noBreaks(r)
}

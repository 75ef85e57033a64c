package email

import (
	"bytes"

	"github.com/vigil-health/vigil/internal/report/email/msg"
)

// outlookToEML converts an Outlook .msg file to an RFC 5322 message, keeping the internet
// headers Outlook saved (the delivery path and sender checks) when it saved them.
func outlookToEML(data []byte) ([]byte, error) {
	m, err := msg.Read(data)
	if err != nil {
		return nil, err // msg's errors name the file kind already
	}
	return m.EML(), nil
}

// outlookHeadersKept reports whether a converted .msg file kept its internet headers: a
// message that arrived by mail has at least one Received header.
func outlookHeadersKept(eml []byte) bool {
	head := eml[:headerEnd(eml)]
	return bytes.HasPrefix(head, []byte("Received:")) || bytes.Contains(head, []byte("\r\nReceived:"))
}

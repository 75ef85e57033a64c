package mailbox

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/textproto"
	"strings"
	"time"
)

// Handler receives each report from the mailbox. The message is moved or
// flagged only after Handler returns nil, so a crash never loses a report but
// the same message can arrive twice: Handler must be idempotent, using
// Message.Key.
type Handler func(ctx context.Context, m Message) error

// Message is one e-mail found in the reporting mailbox.
type Message struct {
	Folder       string
	UIDValidity  uint32 // changes when the server rebuilds the folder, renumbering UIDs
	UID          uint32
	MessageID    string // the Message-ID header without angle brackets; empty when missing
	InternalDate time.Time
	Size         int64 // as the server reports it

	// Raw is the message exactly as stored on the server (RFC 5322). It is
	// nil when TooLarge is set.
	Raw []byte

	// TooLarge is set when the message is bigger than the configured limit.
	// It is handed over anyway, with at most the first 64 KiB of its header,
	// so the report is recorded as refused rather than silently dropped.
	TooLarge bool
	Header   []byte
}

// Key identifies this copy of the message in this mailbox, stable across
// re-deliveries after a crash. The Message-ID is part of it because a server
// that loses track of UIDs (it happens after migrations) may give an old UID
// to a new message; it is not the whole key because anyone can send a
// duplicate Message-ID and must not be able to hide a real report behind it.
func (m Message) Key() string {
	return fmt.Sprintf("imap:%q;UIDVALIDITY=%d;UID=%d;MESSAGE-ID=%s", m.Folder, m.UIDValidity, m.UID, m.MessageID)
}

// messageID returns the Message-ID of a message, or of just its header,
// without the angle brackets. Malformed headers give "", never an error: the
// report matters more than its Message-ID.
func messageID(raw []byte) string {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(headerOf(raw))))
	h, _ := r.ReadMIMEHeader() // keeps the fields read before any error
	id := strings.TrimSpace(h.Get("Message-Id"))
	id = strings.TrimPrefix(id, "<")
	if i := strings.IndexByte(id, '>'); i >= 0 {
		id = id[:i]
	}
	if len(id) > 250 || strings.ContainsFunc(id, isUnsafeInKey) {
		return ""
	}
	return id
}

// isUnsafeInKey rejects characters that have no place in an msg-id and would
// let a hostile one smuggle text into logs or keys.
func isUnsafeInKey(r rune) bool {
	return r <= ' ' || r == 0x7f || r == '<' || r == '>'
}

// headerOf returns the header block of a message, including the blank line
// that ends it, or all of raw when there is no blank line.
func headerOf(raw []byte) []byte {
	end := len(raw)
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw[:end], sep); i >= 0 {
			end = i + len(sep)
		}
	}
	return raw[:end]
}

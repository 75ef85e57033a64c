package mailbox

import (
	"strings"
	"testing"
)

func TestMessageID(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"From: a@b\r\nMessage-ID: <123@mail.example>\r\n\r\nbody", "123@mail.example"},
		{"message-id:   <x@y>  \n\nbody", "x@y"},
		{"Message-ID:\r\n <folded@example>\r\n\r\n", "folded@example"},
		{"Subject: none\r\n\r\nMessage-ID: <in-body@example>\r\n", ""},
		{"Message-ID: <has space@example>\r\n\r\n", ""},
		{"Message-ID: <x@y>", "x@y"}, // header cut short, as in a too-large record
		{"not a header at all", ""},
		{"", ""},
	} {
		if got := messageID([]byte(tc.raw)); got != tc.want {
			t.Errorf("messageID(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestKeyTellsCopiesApart(t *testing.T) {
	m := Message{Folder: "INBOX", UIDValidity: 7, UID: 42, MessageID: "a@b"}
	if got, want := m.Key(), `imap:"INBOX";UIDVALIDITY=7;UID=42;MESSAGE-ID=a@b`; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	// A second message claiming the same Message-ID must not be taken for a repeat.
	forged := m
	forged.UID = 43
	if forged.Key() == m.Key() {
		t.Error("two messages with the same Message-ID share a key")
	}
}

func TestHeaderOf(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore", "A: 1\r\nB: 2\r\n\r\n"},
		{"A: 1\n\nbody", "A: 1\n\n"},
		{"A: 1\n\nbody\r\n\r\n", "A: 1\n\n"},
		{"A: 1\r\n", "A: 1\r\n"},
	} {
		if got := string(headerOf([]byte(tc.raw))); got != tc.want {
			t.Errorf("headerOf(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

// Messages in the reporting mailbox are written by anyone, attackers
// included: the Message-ID taken from them must be safe to log and to key on.
func FuzzMessageID(f *testing.F) {
	for _, s := range []string{
		"Message-ID: <123@mail.example>\r\n\r\n",
		"Message-ID: <a\x00b@c>\r\n\r\n",
		"Message-ID: " + strings.Repeat("x", 300) + "\r\n\r\n",
		"Message-ID: <\xff\xfe@bad-utf8>\r\n\r\n",
		": no name\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		id := messageID(raw)
		if len(id) > 250 || strings.ContainsFunc(id, isUnsafeInKey) {
			t.Errorf("messageID gave %q", id)
		}
		h := headerOf(raw)
		if !strings.HasPrefix(string(raw), string(h)) {
			t.Errorf("headerOf is not a prefix of the message")
		}
	})
}

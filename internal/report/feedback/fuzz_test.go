package feedback

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"
)

// Everything a reporter, an analyst or an attacker can put into feedback
// must come out as one well-formed e-mail: the same headers every time, no
// smuggled ones, and no markup of theirs in the HTML part.
func FuzzComposeAndBuild(f *testing.F) {
	f.Add(uint8(1), "Jane", "Overdue invoice INV-88412", "Blocked at the gateway.", "0113 392 0000", false)
	f.Add(uint8(0), "Zoë", "Re: =?utf-8?q?x?=\r\nBcc: a@b", "<script>alert(1)</script>", "+44 113", true)
	f.Add(uint8(4), "\u2028", "https://evil.top www.evil.top", "line\r\n\r\nline\x00", "", false)
	f.Add(uint8(2), strings.Repeat("ā", 70), strings.Repeat("€", 90), strings.Repeat("x", 4010), "tel:+1", true)
	tp, err := NewTemplates()
	if err != nil {
		f.Fatal(err)
	}
	from, _ := mail.ParseAddress(cyberTeam)
	to, _ := mail.ParseAddress("jane.smith@nhs.net")
	want := []string{"Auto-Submitted", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To", "X-Auto-Response-Suppress"}

	f.Fuzz(func(t *testing.T, verdict uint8, firstName, subject, note, phone string, clicked bool) {
		all := Verdicts()
		m, err := tp.Compose(Feedback{
			Verdict:          all[int(verdict)%len(all)],
			To:               "jane.smith@nhs.net",
			FirstName:        firstName,
			Organisation:     "Northgate General Hospital NHS Trust",
			ServiceDeskPhone: phone,
			Subject:          subject,
			Clicked:          clicked,
			AnalystNote:      note,
		})
		if err != nil {
			t.Fatalf("Compose: %v", err)
		}
		raw, err := buildMessage(from, to, m, time.Unix(0, 0), "id@northgate.nhs.uk")
		if err != nil {
			t.Fatalf("buildMessage: %v", err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("the message does not parse: %v", err)
		}
		var names []string
		for name := range msg.Header {
			names = append(names, name)
		}
		slices.Sort(names)
		if !slices.Equal(names, want) {
			t.Fatalf("headers %v, want %v", names, want)
		}
		var dec mime.WordDecoder
		if got, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || got != m.Subject {
			t.Errorf("Subject decodes to %q (%v), want %q", got, err, m.Subject)
		}
		_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		mr := multipart.NewReader(msg.Body, params["boundary"])
		parts := 0
		for {
			p, err := mr.NextPart() // decodes quoted-printable
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("part %d: %v", parts, err)
			}
			body, err := io.ReadAll(p)
			if err != nil {
				t.Fatalf("part %d: %v", parts, err)
			}
			if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") && strings.Contains(string(body), "<script") {
				t.Error("markup from the input reached the HTML part")
			}
			parts++
		}
		if parts != 2 {
			t.Errorf("%d parts, want text and HTML", parts)
		}
		for _, line := range bytes.Split(raw, []byte("\r\n")) {
			if len(line) > 998 {
				t.Fatalf("a line of %d characters breaks RFC 5322", len(line))
			}
		}
	})
}

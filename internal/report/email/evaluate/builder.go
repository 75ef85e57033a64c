package evaluate

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// mail builds one message. Headers are written in the order added, top first, as the last
// server to handle a message writes its headers above the others.
type mail struct {
	headers     []string
	text, html  string
	attachments []attachment
}

type attachment struct {
	name, ctype string
	data        []byte
	message     bool // a message/rfc822 part
}

func (m *mail) h(name, value string) *mail {
	m.headers = append(m.headers, name+": "+value)
	return m
}

func (m *mail) bytes() []byte {
	var b strings.Builder
	for _, h := range m.headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	boundary := fmt.Sprintf("b%x", len(m.text)*7919+len(m.html)*104729+len(m.attachments))
	simple := len(m.attachments) == 0 && (m.html == "" || m.text == "")
	if simple {
		if m.html != "" {
			b.WriteString("Content-Type: text/html; charset=utf-8\r\n\r\n" + m.html + "\r\n")
		} else {
			b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n" + m.text + "\r\n")
		}
		return []byte(b.String())
	}
	b.WriteString("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n")
	if m.text != "" {
		b.WriteString("--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + m.text + "\r\n")
	}
	if m.html != "" {
		b.WriteString("--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + m.html + "\r\n")
	}
	for _, a := range m.attachments {
		if a.message {
			b.WriteString("--" + boundary + "\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"" + a.name + "\"\r\n\r\n")
			b.Write(a.data)
			b.WriteString("\r\n")
			continue
		}
		fmt.Fprintf(&b, "--%s\r\nContent-Type: %s; name=\"%s\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"%s\"\r\n\r\n", boundary, a.ctype, a.name, a.name)
		enc := base64.StdEncoding.EncodeToString(a.data)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String())
}

// gen holds the random source of one generated set.
type gen struct {
	rng *rand.Rand
	n   int
}

func (g *gen) pick(options ...string) string { return options[g.rng.IntN(len(options))] }

func (g *gen) date() string {
	t := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC).Add(time.Duration(g.rng.IntN(300*24)) * time.Hour)
	return t.Format(time.RFC1123Z)
}

func (g *gen) id(domain string) string {
	g.n++
	return fmt.Sprintf("<%x.%d@%s>", g.rng.Uint64(), g.n, domain)
}

func (g *gen) person() (name, local string) {
	first := g.pick("Amy", "Ben", "Chloe", "Dev", "Emma", "Farah", "Gareth", "Hannah", "Imran", "Jo", "Kofi", "Laura", "Megan", "Nia", "Owen", "Priya", "Rhys", "Sian", "Tom", "Yusuf")
	last := g.pick("Jones", "Evans", "Patel", "Smith", "Williams", "Khan", "Davies", "Brown", "Okafor", "Roberts", "Hughes", "Lewis", "Price", "Morgan")
	return first + " " + last, strings.ToLower(first + "." + last)
}

// received adds a delivery path from a sending host to the organisation's gateway.
func (g *gen) received(m *mail, from, ip string) {
	m.h("Received", fmt.Sprintf("from %s (%s [%s]) by mx%d.nhs.net (Postfix) with ESMTPS id %X; %s",
		from, from, ip, 1+g.rng.IntN(4), g.rng.Uint32(), g.date()))
}

func (g *gen) ip() string {
	return fmt.Sprintf("%d.%d.%d.%d", g.pick2(198, 203, 185, 52, 40), g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(250))
}

func (g *gen) pick2(options ...int) int { return options[g.rng.IntN(len(options))] }

// auth adds the boundary server's results in one of the shapes real servers write:
// RFC 8601 with an authserv-id, Microsoft 365's without one, or one server's split over
// several headers.
func (g *gen) auth(m *mail, spf, dkim, dmarc, domain, dkimDomain string) {
	g.authFrom(m, spf, dkim, dmarc, domain, dkimDomain, domain)
}

// authFrom is auth for mail whose envelope sender (mailFrom) is a mailing service's and
// whose From domain is the customer's.
func (g *gen) authFrom(m *mail, spf, dkim, dmarc, mailFrom, dkimDomain, domain string) {
	switch g.rng.IntN(3) {
	case 0:
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; spf=%s smtp.mailfrom=%s; dkim=%s header.d=%s; dmarc=%s header.from=%s", spf, mailFrom, dkim, dkimDomain, dmarc, domain))
	case 1:
		m.h("Authentication-Results", fmt.Sprintf("spf=%s (sender IP is %s) smtp.mailfrom=%s; dkim=%s (signature was verified) header.d=%s;dmarc=%s action=none header.from=%s;compauth=%s reason=100",
			spf, g.ip(), mailFrom, dkim, dkimDomain, dmarc, domain, map[bool]string{true: "pass", false: "fail"}[dmarc == "pass"]))
	default:
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; dmarc=%s header.from=%s", dmarc, domain))
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; dkim=%s header.d=%s", dkim, dkimDomain))
		m.h("Authentication-Results", fmt.Sprintf("mx.nhs.net; spf=%s smtp.mailfrom=%s", spf, mailFrom))
	}
}

// qrPNG draws a QR code for text.
func qrPNG(text string) []byte {
	bm, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 240, 240, nil)
	if err != nil {
		return nil
	}
	var b bytes.Buffer
	if err := png.Encode(&b, bm); err != nil {
		return nil
	}
	return b.Bytes()
}

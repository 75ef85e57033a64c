package email

import (
	"net/mail"
	"regexp"
	"strings"
)

// A forward pasted into the body ("forward" rather than "forward as attachment") keeps the
// original's sender, date and subject as lines of text under a marker. Gmail writes
// "---------- Forwarded message ---------", Thunderbird "-------- Original Message --------",
// Apple Mail "Begin forwarded message:", and Outlook a block of "From: … Sent: … To: …
// Subject: …" lines, each in the reader's language.
var (
	dashedMarker = regexp.MustCompile(`(?im)^[ \t>]*-{2,}[ \t]*(forwarded message|original message|forwarded e-?mail|mensagem encaminhada|mensagem original|mensaje reenviado|mensaje original|weitergeleitete nachricht|urspr.ngliche nachricht|message transf.r.|message d'origine|neges wedi'i hanfon ymlaen|neges wreiddiol)[ \t]*-{2,}[ \t]*$`)
	beginMarker  = regexp.MustCompile(`(?im)^[ \t>]*(begin forwarded message|in.cio da mensagem encaminhada|comienzo del mensaje reenviado|anfang der weitergeleiteten nachricht|d.but du message r.exp.di.)[ \t]*:?[ \t]*$`)
	outlookBlock = regexp.MustCompile(`(?im)^[ \t>*]*(from|de|von|oddi wrth|gan)[ \t]*:[^\n]*@[^\n]*\n(?:[^\n]*\n){0,2}[ \t>*]*(sent|date|enviado|enviada em|data|fecha|gesendet|envoy.|anfonwyd|dyddiad)[ \t]*:`)
)

// pastedKeys maps the labels of a pasted header block, in each language, to header names.
var pastedKeys = map[string]string{
	"from": "From", "de": "From", "von": "From", "oddi wrth": "From", "gan": "From",
	"sent": "Date", "date": "Date", "enviado": "Date", "enviada em": "Date", "data": "Date", "fecha": "Date",
	"gesendet": "Date", "envoyé": "Date", "anfonwyd": "Date", "dyddiad": "Date",
	"to": "To", "para": "To", "an": "To", "à": "To", "at": "To",
	"cc": "Cc", "subject": "Subject", "assunto": "Subject", "asunto": "Subject", "betreff": "Subject",
	"objet": "Subject", "pwnc": "Subject", "reply-to": "Reply-To", "responder a": "Reply-To",
}

// maxPastedSearch is how far into the body a pasted forward's marker is looked for: the
// reporter's covering note comes first, and it is short.
const maxPastedSearch = 8 << 10

// unwrapPasted recovers a forward pasted into the body as a message of its own: the sender,
// subject and date from the pasted header lines, and the text below them (with the whole
// HTML body, whose links are the original's). It returns nil when the body holds no forward
// whose sender can be read. The original's sender checks are lost in a pasted forward.
func unwrapPasted(outer *message, a *Analysis) *message {
	text := outer.text
	if strings.TrimSpace(text) == "" && outer.html != "" {
		_, text = rewriteHTML(limitText(outer.html))
	}
	search := text
	if len(search) > maxPastedSearch {
		search = search[:maxPastedSearch]
	}
	start := -1
	for _, re := range []*regexp.Regexp{dashedMarker, beginMarker} {
		if loc := re.FindStringIndex(search); loc != nil && (start < 0 || loc[1] < start) {
			start = loc[1]
		}
	}
	if loc := outlookBlock.FindStringIndex(search); loc != nil && (start < 0 || loc[0] < start) &&
		(isForwardSubject(outer.get("Subject")) || loc[0] < 2000) {
		start = loc[0]
	}
	if start < 0 {
		return nil
	}
	fields, body := pastedHeader(text[start:])
	from := fields["From"]
	if from == "" || !strings.Contains(from, "@") {
		return nil
	}
	var raw strings.Builder
	for _, name := range []string{"From", "Reply-To", "To", "Cc", "Subject", "Date"} {
		v := strings.TrimSpace(fields[name])
		if v == "" {
			continue
		}
		if name == "Date" {
			if _, err := mail.ParseDate(v); err != nil {
				continue // Outlook writes "Monday, 5 October 2026 09:12", which is not a mail date
			}
		}
		raw.WriteString(name + ": " + strings.Map(noLineBreaks, v) + "\r\n")
	}
	raw.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"vigil-pasted-forward\"\r\n\r\n")
	raw.WriteString("--vigil-pasted-forward\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n")
	if outer.html != "" && !strings.Contains(outer.html, "--vigil-pasted-forward") {
		raw.WriteString("--vigil-pasted-forward\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + outer.html + "\r\n")
	}
	raw.WriteString("--vigil-pasted-forward--\r\n")
	inner, err := readMessage([]byte(raw.String()), a)
	if err != nil {
		return nil
	}
	return inner
}

// pastedHeader reads the "Label: value" lines at the top of a pasted forward, joining
// Outlook's wrapped lines, and returns them with the text after them.
func pastedHeader(s string) (map[string]string, string) {
	fields := map[string]string{}
	lines := strings.Split(s, "\n")
	last, i := "", 0
	for ; i < len(lines) && i < 20; i++ {
		line := strings.TrimSpace(strings.TrimLeft(lines[i], ">* \t"))
		if line == "" {
			if len(fields) > 0 {
				break
			}
			continue
		}
		label, value, ok := strings.Cut(line, ":")
		name := pastedKeys[strings.ToLower(strings.Trim(label, "* "))]
		switch {
		case ok && name != "":
			value = strings.Trim(strings.TrimSpace(value), "*")
			// Outlook writes "Name [mailto:name@example.com]"; mail programs read "<…>".
			value = strings.NewReplacer("[mailto:", "<", "]", ">").Replace(value)
			if fields[name] == "" {
				fields[name] = shorten(value, MaxSubjectLength)
			}
			last = name
		case len(fields) == 0:
			// the marker line itself, or a blank line before the block
		case last != "" && !ok:
			fields[last] += " " + line
		default:
			i = len(lines)
		}
	}
	if i >= len(lines) {
		return fields, ""
	}
	return fields, strings.Join(lines[i:], "\n")
}

func noLineBreaks(r rune) rune {
	if r == '\r' || r == '\n' {
		return ' '
	}
	return r
}

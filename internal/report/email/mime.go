package email

import (
	"bufio"
	"bytes"
	"fmt"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"github.com/jhillyerd/enmime/v2"
	"github.com/jhillyerd/enmime/v2/mediatype"
)

// message is one parsed e-mail: its top-level header and, unless the body could not be read
// safely, its MIME tree and body text.
type message struct {
	raw    []byte
	header textproto.MIMEHeader
	root   *enmime.Part // nil when only the header was read
	text   string       // the plain-text body, decoded to UTF-8
	html   string       // the HTML body, decoded to UTF-8
}

// get returns the first value of a header, with RFC 2047 encoded words decoded.
func (m *message) get(name string) string {
	return strings.TrimSpace(enmime.DecodeRFC2047(m.header.Get(name)))
}

// values returns every value of a header, top of the message first, undecoded.
func (m *message) values(name string) []string {
	return m.header.Values(name)
}

// knownHeaders are header names at least one of which every e-mail has; a file with none of
// them is something else.
var knownHeaders = []string{"From", "To", "Subject", "Date", "Message-Id", "Received", "Return-Path",
	"Mime-Version", "Content-Type", "Sender", "Reply-To", "Delivered-To", "Authentication-Results"}

// readMessage parses raw into a message. It fails only when raw is not an e-mail; a body that
// cannot be read safely leaves a header-only message and a warning.
func readMessage(raw []byte, a *Analysis) (*message, error) {
	raw = skipMboxLine(raw)
	head := raw[:headerEnd(raw)]
	if bytes.IndexByte(head, 0) >= 0 {
		return nil, invalid(ErrNotAnEmail, "This file is not an e-mail: it contains binary data where the e-mail's header should be.")
	}
	header, err := enmime.ReadHeader(bufio.NewReader(bytes.NewReader(head)), discardProblems{})
	if err != nil {
		return nil, invalid(fmt.Errorf("%w: %w", ErrNotAnEmail, err), "This file is not an e-mail: its header could not be read.")
	}
	if !hasAny(header, knownHeaders) {
		return nil, invalid(ErrNotAnEmail, "This file is not an e-mail: it has none of the header lines an e-mail has, such as From, To or Subject.")
	}
	msg := &message{raw: raw, header: header}

	shape := measureMIME(raw)
	switch {
	case shape.depth > MaxMIMEDepth:
		a.warn("The message's parts are nested more than %d deep, so only its header was analysed.", MaxMIMEDepth)
		return msg, nil
	case shape.parts > MaxParts:
		a.warn("The message has more than %d parts, so only its header was analysed.", MaxParts)
		return msg, nil
	}

	root, err := parseParts(raw)
	if err != nil {
		a.warn("The body of the message could not be read (%s), so only its header was analysed.", shorten(err.Error(), 160))
		return msg, nil
	}
	msg.root, msg.header = root, root.Header
	msg.text, msg.html = bodyOf(root)
	for _, problem := range partProblems(root) {
		a.warn("%s", problem)
	}
	return msg, nil
}

// parseParts runs enmime over raw. enmime is a large parser fed with hostile input; a panic
// in it must cost the analyst the body of one message, not the whole service, so it is
// turned into an error here and nowhere else.
func parseParts(raw []byte) (root *enmime.Part, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("MIME parser failed: %v", r)
		}
	}()
	parser := enmime.NewParser(
		enmime.SkipMalformedParts(true),
		enmime.MultipartWOBoundaryAsSinglePart(true),
		enmime.StripMediaTypeInvalidCharacters(true),
		enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy),
		enmime.MaxStoredPartErrors(5),
		// The declared charset is what the recipient's mail program showed; guessing costs
		// time and can produce text the recipient never saw.
		enmime.DisableCharacterDetection(true),
		// Links are read from the HTML itself; a text rendering of it would repeat them.
		enmime.DisableTextConversion(true),
	)
	root, err = parser.ReadParts(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read MIME parts: %w", err)
	}
	return root, nil
}

// bodyOf picks the message's readable body: every plain-text part that is not an attachment,
// and the first HTML part that is not an attachment, in tree order.
func bodyOf(root *enmime.Part) (text, html string) {
	var texts []string
	walkParts(root, func(p *enmime.Part) {
		if !isBodyPart(p) {
			return
		}
		switch p.ContentType {
		case "text/html":
			if html == "" {
				html = string(p.Content)
			}
		default:
			texts = append(texts, string(p.Content))
		}
	})
	return strings.Join(texts, "\n\n"), html
}

// isBodyPart reports whether p is part of what the recipient reads rather than an attachment.
func isBodyPart(p *enmime.Part) bool {
	if p.FirstChild != nil || p.Disposition == "attachment" || p.FileName != "" {
		return false
	}
	switch p.ContentType {
	case "text/plain", "text/html", "":
		return true
	}
	return false
}

// walkParts calls fn for every leaf part of the tree, depth first. It walks with its own
// stack so that the depth of the tree cannot exhaust the goroutine's.
func walkParts(root *enmime.Part, fn func(*enmime.Part)) {
	if root == nil {
		return
	}
	stack := []*enmime.Part{root}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p.FirstChild == nil {
			fn(p)
			continue
		}
		var children []*enmime.Part
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			children = append(children, c)
		}
		for i := len(children) - 1; i >= 0; i-- {
			stack = append(stack, children[i])
		}
	}
}

// partProblems turns enmime's notes about damaged parts into sentences for the analyst. Notes
// about harmless untidiness (a missing Content-Type, a charset label) are left out.
func partProblems(root *enmime.Part) []string {
	var out []string
	var visit func(p *enmime.Part, depth int)
	visit = func(p *enmime.Part, depth int) {
		if depth > MaxMIMEDepth+1 {
			return
		}
		for _, e := range p.Errors {
			switch e.Name {
			case enmime.ErrorMissingContentType, enmime.ErrorPlainTextFromHTML, enmime.ErrorCharsetDeclaration:
				continue
			}
			out = append(out, fmt.Sprintf("Part %s could not be read cleanly: %s (%s).",
				p.PartID, strings.ToLower(e.Name), shorten(e.Detail, 160)))
		}
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
	}
	visit(root, 0)
	return out
}

// mimeShape is how deep and how many the multipart sections of a message are.
type mimeShape struct{ depth, parts int }

// measureMIME estimates the nesting and number of MIME parts with one pass over the lines,
// without parsing them, so that a message built to exhaust the parser is stopped before it
// reaches it. It stops counting as soon as a limit is passed.
func measureMIME(raw []byte) mimeShape {
	var (
		shape    mimeShape
		open     []string // boundaries of the multipart sections we are inside, outermost first
		inHeader = true
		ctype    []byte // the Content-Type of the header being read, unfolded
		inCType  bool
	)
	for len(raw) > 0 {
		var line []byte
		line, raw, _ = bytes.Cut(raw, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if inHeader {
			switch {
			case len(line) == 0:
				if b := multipartBoundary(ctype); b != "" {
					open = append(open, b)
					shape.depth = max(shape.depth, len(open))
				}
				ctype, inCType, inHeader = ctype[:0], false, false
			case line[0] == ' ' || line[0] == '\t':
				if inCType {
					ctype = append(append(ctype, ' '), line...)
				}
			default:
				name, value, ok := bytes.Cut(line, []byte(":"))
				inCType = ok && strings.EqualFold(string(bytes.TrimSpace(name)), "Content-Type")
				if inCType {
					ctype = append(ctype[:0], value...)
				}
			}
		} else if len(open) > 0 && bytes.HasPrefix(line, []byte("--")) {
			for i := len(open) - 1; i >= 0; i-- {
				rest, ok := bytes.CutPrefix(line[2:], []byte(open[i]))
				if !ok {
					continue
				}
				if bytes.HasPrefix(rest, []byte("--")) {
					open = open[:i] // closes this section and any left open inside it
				} else {
					open = open[:i+1]
					inHeader = true
					shape.parts++
				}
				break
			}
		}
		if shape.depth > MaxMIMEDepth || shape.parts > MaxParts {
			break
		}
	}
	return shape
}

// multipartBoundary returns the boundary of a multipart Content-Type value, or "".
func multipartBoundary(ctype []byte) string {
	if !bytes.Contains(bytes.ToLower(ctype), []byte("multipart/")) {
		return ""
	}
	mtype, params, _, err := mediatype.Parse(string(ctype))
	if err != nil || !strings.HasPrefix(mtype, "multipart/") {
		return ""
	}
	return params["boundary"]
}

// headerEnd returns the length of the header block of raw: up to and including the line
// break that ends its last line, or all of raw when there is no blank line.
func headerEnd(raw []byte) int {
	crlf := bytes.Index(raw, []byte("\r\n\r\n"))
	lf := bytes.Index(raw, []byte("\n\n"))
	switch {
	case lf >= 0 && (crlf < 0 || lf < crlf):
		return lf + 1
	case crlf >= 0:
		return crlf + 2
	}
	return len(raw)
}

// skipMboxLine drops the "From sender date" line that mbox files put before a message.
func skipMboxLine(raw []byte) []byte {
	if !bytes.HasPrefix(raw, []byte("From ")) {
		return raw
	}
	if _, rest, ok := bytes.Cut(raw, []byte("\n")); ok {
		return rest
	}
	return raw
}

func hasAny(h textproto.MIMEHeader, names []string) bool {
	for _, n := range names {
		if _, ok := h[textproto.CanonicalMIMEHeaderKey(n)]; ok {
			return true
		}
	}
	return false
}

// discardProblems ignores header warnings while checking that a file is an e-mail; the full
// parse reports them.
type discardProblems struct{}

func (discardProblems) AddError(string, string, ...any)   {}
func (discardProblems) AddWarning(string, string, ...any) {}

// shorten cuts s to at most n bytes on a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// shortenMiddle cuts s to about n bytes by dropping its middle, keeping its start and its
// last 60 bytes, on rune boundaries.
func shortenMiddle(s string, n int) string {
	if len(s) <= n || n < 80 {
		return shorten(s, n)
	}
	tail := len(s) - 60
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return strings.TrimSuffix(shorten(s, n-60), "…") + "…" + s[tail:]
}

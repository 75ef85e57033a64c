package email

import (
	"bufio"
	"bytes"
	"net/textproto"

	"github.com/jhillyerd/enmime/v2"
)

// LooksLikeEmail tells whether a file someone is about to report is an e-mail that Vigil can
// analyse: an .eml message (or mbox excerpt) or an Outlook .msg file. When it is not, reason
// says what it seems to be instead, in words a reporter understands, so the upload page can
// ask for the e-mail itself. It reads only the start of the file and never fails.
func LooksLikeEmail(raw []byte) (ok bool, reason string) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return false, "The file is empty."
	}
	if isOLE(raw) {
		return true, ""
	}
	switch kind := sniff(raw[:min(len(raw), 64<<10)]); kind {
	case typePDF:
		return false, "This is a PDF document, not an e-mail. Please send the e-mail it came with."
	case typePNG, typeJPEG, typeGIF, typeWebP:
		return false, "This is a picture, not an e-mail. A screenshot cannot be checked: please send the e-mail itself."
	case typeZip, typeRar, type7z, typeGzip:
		return false, "This is a compressed file, not an e-mail."
	case typeHTML, typeSVG:
		if !startsWithHeaders(raw) {
			return false, "This is a web page, not an e-mail. Please send the e-mail itself."
		}
	case typeText, typeXML:
	default:
		if !startsWithHeaders(raw) {
			return false, "This file is not an e-mail: it holds data that is not text."
		}
	}
	if !startsWithHeaders(raw) {
		return false, "This looks like plain text, not a saved e-mail: it does not start with the lines an e-mail has, such as From, To and Subject. In your mail program, save or forward the e-mail as an attachment."
	}
	return true, ""
}

// startsWithHeaders reports whether raw begins with an e-mail header: at least two header
// lines an e-mail has, and a sender's address, a delivery route or a message identity.
// Text copied from a mail program's screen ("From: IT Support") has no address.
func startsWithHeaders(raw []byte) bool {
	raw = skipMboxLine(raw)
	head := raw[:headerEnd(raw[:min(len(raw), 256<<10)])]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	header, err := enmime.ReadHeader(bufio.NewReader(bytes.NewReader(head)), discardProblems{})
	if err != nil {
		return false
	}
	known := 0
	for _, name := range knownHeaders {
		if _, ok := header[textproto.CanonicalMIMEHeaderKey(name)]; ok {
			known++
		}
	}
	sender := bytes.Contains([]byte(header.Get("From")), []byte("@"))
	return known >= 2 && (sender || hasAny(header, []string{"Received", "Message-Id", "Return-Path"}))
}

// Package msg reads Outlook .msg files — what staff drag out of desktop Outlook — so that a
// reported message saved that way can be analysed like any other e-mail.
//
// A .msg file is an OLE compound file (read with github.com/richardlehane/mscfb) holding
// the message's MAPI properties as streams ([MS-OXMSG]). Read takes the sender, recipients,
// subject, the original internet headers, the text and HTML bodies (from compressed RTF when
// that is all the file has) and the attachments, including attached messages; EML writes
// them back out as an RFC 5322 message.
//
// Everything in the file is untrusted: every read is bounded (see the limits), and a damaged
// file is an error, never a panic.
package msg

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/richardlehane/mscfb"
)

// Limits on what one .msg file may make Read do.
const (
	// MaxEntries is how many streams and storages are read.
	MaxEntries = 20000
	// MaxBytes is how many bytes of stream content are read in all.
	MaxBytes = 50 << 20
	// MaxAttachments is how many attachments are kept from each message.
	MaxAttachments = 100
	// MaxRecipients is how many recipients are kept.
	MaxRecipients = 500
	// MaxDepth is how deeply attached messages inside attached messages are read.
	MaxDepth = 3
)

// ErrNotMsg says the file is not an Outlook message.
var ErrNotMsg = errors.New("not an Outlook .msg file")

// Message is one Outlook message.
type Message struct {
	Subject       string
	SenderName    string
	SenderAddress string // an SMTP address when the file has one
	Recipients    []Recipient
	// Headers are the internet headers the message arrived with, when Outlook kept them
	// (PR_TRANSPORT_MESSAGE_HEADERS): they hold the Received path and the sender checks.
	Headers     string
	MessageID   string
	Date        time.Time
	Text        string
	HTML        string
	Attachments []Attachment
}

// Recipient is one addressee.
type Recipient struct {
	Name    string
	Address string
	Kind    string // "To", "Cc" or "Bcc"
}

// Attachment is one attached file, or an attached message (Message set, Data empty).
type Attachment struct {
	Name      string
	MIMEType  string
	ContentID string
	Data      []byte
	Message   *Message
}

// MAPI property ids ([MS-OXPROPS]) and types ([MS-OXCDATA] 2.11.1).
const (
	propSubject          = 0x0037
	propSubmitTime       = 0x0039
	propSentRepName      = 0x0042
	propSentRepAddress   = 0x0065
	propTransportHeaders = 0x007D
	propSenderName       = 0x0C1A
	propSenderAddress    = 0x0C1F
	propRecipientType    = 0x0C15
	propDeliveryTime     = 0x0E06
	propBody             = 0x1000
	propHTML             = 0x1013
	propMessageID        = 0x1035
	propDisplayName      = 0x3001
	propEmailAddress     = 0x3003
	propAttachData       = 0x3701
	propAttachFilename   = 0x3704
	propAttachMethod     = 0x3705
	propAttachLongName   = 0x3707
	propAttachMIMETag    = 0x370E
	propAttachContentID  = 0x3712
	propSMTPAddress      = 0x39FE
	propSenderSMTP       = 0x5D01
	propSentRepSMTP      = 0x5D02

	typeString8  = 0x001E
	typeUnicode  = 0x001F
	typeBinary   = 0x0102
	typeObject   = 0x000D
	typeInt32    = 0x0003
	typeFileTime = 0x0040

	attachEmbeddedMessage = 5
)

// storage is one folder of the compound file: the message itself, a recipient, an
// attachment, or an attached message.
type storage struct {
	props    map[uint32][]byte // tag (id<<16 | type) → content
	fixed    []byte            // the __properties_version1.0 stream
	children map[string]*storage
}

func newStorage() *storage {
	return &storage{props: map[uint32][]byte{}, children: map[string]*storage{}}
}

// Read reads an Outlook .msg file.
func Read(data []byte) (m *Message, err error) {
	defer func() {
		// mscfb is a parser fed with hostile input; a panic in it costs the analyst this
		// file, not the service.
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("read Outlook .msg file: damaged compound file (%v)", r)
		}
	}()
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read Outlook .msg file: %w", err)
	}
	root := newStorage()
	budget := MaxBytes
	for n := 0; ; n++ {
		f, err := doc.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read Outlook .msg file: entry %d: %w", n, err)
		}
		if n >= MaxEntries {
			return nil, fmt.Errorf("read Outlook .msg file: more than %d entries", MaxEntries)
		}
		if len(f.Path) > 2*MaxDepth+2 {
			continue
		}
		parent := root
		for _, p := range f.Path {
			child, ok := parent.children[p]
			if !ok {
				child = newStorage()
				parent.children[p] = child
			}
			parent = child
		}
		if f.Size <= 0 || !strings.HasPrefix(f.Name, "__substg1.0_") && f.Name != "__properties_version1.0" {
			continue
		}
		if f.Size > int64(len(data)) {
			continue // a stream cannot hold more than the whole file: a damaged entry
		}
		if f.Size > int64(budget) {
			return nil, fmt.Errorf("read Outlook .msg file: its streams hold more than %d MB", MaxBytes>>20)
		}
		budget -= int(f.Size)
		content := make([]byte, f.Size)
		read, err := io.ReadFull(f, content)
		if err != nil && read == 0 {
			continue
		}
		content = content[:read]
		if f.Name == "__properties_version1.0" {
			parent.fixed = content
			continue
		}
		tag, err := strconv.ParseUint(strings.TrimPrefix(f.Name, "__substg1.0_"), 16, 32)
		if err == nil {
			parent.props[uint32(tag)] = content
		}
	}
	if _, ok := root.string(propSubject); !ok && len(root.props) == 0 {
		return nil, fmt.Errorf("read Outlook .msg file: %w: it holds no message properties", ErrNotMsg)
	}
	return root.message(0, 32), nil
}

// message interprets a storage as a message. headerSize is the size of the fixed-property
// stream's header: 32 bytes for the top-level message, 24 for an attached one.
func (s *storage) message(depth, headerSize int) *Message {
	m := &Message{}
	m.Subject, _ = s.string(propSubject)
	m.Headers, _ = s.string(propTransportHeaders)
	m.MessageID, _ = s.string(propMessageID)
	m.Text, _ = s.string(propBody)
	if html, ok := s.props[propHTML<<16|typeBinary]; ok {
		m.HTML = string(html)
	} else {
		m.HTML, _ = s.string(propHTML)
	}
	if rtf, ok := s.props[propRTFCompressed<<16|typeBinary]; ok && (m.HTML == "" || m.Text == "") {
		if raw, err := decompressRTF(rtf); err == nil {
			text, html := rtfBody(raw)
			if m.HTML == "" {
				m.HTML = html
			}
			if m.Text == "" {
				m.Text = text
			}
		}
	}
	m.SenderName = s.first(propSenderName, propSentRepName)
	m.SenderAddress = s.firstAddress(propSenderSMTP, propSentRepSMTP, propSenderAddress, propSentRepAddress)
	if t, ok := s.fixedTime(propSubmitTime, headerSize); ok {
		m.Date = t
	} else if t, ok := s.fixedTime(propDeliveryTime, headerSize); ok {
		m.Date = t
	}
	for _, name := range sortedChildren(s, "__recip_version1.0_#") {
		if len(m.Recipients) == MaxRecipients {
			break
		}
		r := s.children[name]
		rc := Recipient{Kind: "To"}
		rc.Name, _ = r.string(propDisplayName)
		rc.Address = r.firstAddress(propSMTPAddress, propEmailAddress)
		switch v, _ := r.fixedInt(propRecipientType, 8); v {
		case 2:
			rc.Kind = "Cc"
		case 3:
			rc.Kind = "Bcc"
		}
		m.Recipients = append(m.Recipients, rc)
	}
	for _, name := range sortedChildren(s, "__attach_version1.0_#") {
		if len(m.Attachments) == MaxAttachments {
			break
		}
		at := s.children[name]
		a := Attachment{}
		a.Name = at.first(propAttachLongName, propAttachFilename, propDisplayName)
		a.MIMEType, _ = at.string(propAttachMIMETag)
		a.ContentID, _ = at.string(propAttachContentID)
		method, _ := at.fixedInt(propAttachMethod, 8)
		if inner, ok := at.children[fmt.Sprintf("__substg1.0_%04X%04X", propAttachData, typeObject)]; ok && (method == attachEmbeddedMessage || len(inner.props) > 0) {
			if depth < MaxDepth {
				a.Message = inner.message(depth+1, 24)
			}
		} else {
			a.Data = at.props[propAttachData<<16|typeBinary]
		}
		m.Attachments = append(m.Attachments, a)
	}
	return m
}

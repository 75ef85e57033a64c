package syslog

import (
	"bytes"
	"fmt"
	"time"
)

// Message is one syslog message, RFC 5424.
type Message struct {
	Facility, Severity int // from PRI
	// Version is 1 for RFC 5424, and 0 for the older BSD form (RFC 3164) that many
	// firewalls still send CEF in; see parseBSD.
	Version  int
	Time     time.Time // UTC; zero when the sender wrote "-"
	Hostname string
	AppName  string
	ProcID   string
	MsgID    string
	Data     []Element // structured data
	// Body is MSG, without the byte order mark that marks it as UTF-8. It shares
	// memory with the frame it was parsed from.
	Body []byte
}

// Element is one structured-data element: [id name="value" …].
type Element struct {
	ID     string
	Params []Param
}

// Param is one parameter of an Element, its value unescaped.
type Param struct{ Name, Value string }

// Limits of RFC 5424 on header fields, and Vigil's own on structured data.
const (
	maxHostname = 255
	maxAppName  = 48
	maxProcID   = 128
	maxMsgID    = 32
	maxSDName   = 32
	maxParams   = 128 // elements and parameters in one message
)

const bom = "\xef\xbb\xbf" // the UTF-8 byte order mark

// ParseMessage reads an RFC 5424 message. A message whose PRI is followed by
// something other than a version is read as the older BSD form instead. Errors
// name the part of the message that is wrong.
func ParseMessage(frame []byte) (Message, error) {
	var m Message
	p := parser{b: frame}
	pri, err := p.pri()
	if err != nil {
		return m, err
	}
	m.Facility, m.Severity = pri/8, pri%8
	if !p.versionFollows() {
		return parseBSD(m, p.b[p.i:])
	}
	m.Version = p.digits(3)
	if !p.space() {
		return m, headerErr("version", "want a number from 1 to 999 and a space")
	}
	if m.Time, err = p.timestamp(); err != nil {
		return m, err
	}
	for _, f := range []struct {
		name string
		max  int
		dst  *string
	}{{"hostname", maxHostname, &m.Hostname}, {"app-name", maxAppName, &m.AppName},
		{"procid", maxProcID, &m.ProcID}, {"msgid", maxMsgID, &m.MsgID}} {
		if *f.dst, err = p.headerField(f.name, f.max); err != nil {
			return m, err
		}
	}
	if p.i < len(p.b) && p.b[p.i] != '-' && p.b[p.i] != '[' {
		// Some senders (Microsoft Defender for Identity among them) leave the
		// structured data out and start the message at once.
		m.Body = bytes.TrimPrefix(p.b[p.i:], []byte(bom))
		return m, nil
	}
	if m.Data, err = p.structuredData(); err != nil {
		return m, err
	}
	if p.i < len(p.b) {
		if p.b[p.i] != ' ' {
			return m, headerErr("structured data", "want a space before the message")
		}
		m.Body = bytes.TrimPrefix(p.b[p.i+1:], []byte(bom))
	}
	return m, nil
}

// parser walks a frame.
type parser struct {
	b []byte
	i int
}

func (p *parser) pri() (int, error) {
	if len(p.b) < 3 || p.b[0] != '<' {
		return 0, headerErr("PRI", "want the message to start with <PRI>, such as <134>")
	}
	p.i = 1
	start := p.i
	n := p.digits(3)
	if p.i == start || p.i >= len(p.b) || p.b[p.i] != '>' || n > 191 || p.i-start > 1 && p.b[start] == '0' {
		return 0, headerErr("PRI", "want a number from 0 to 191 between < and >")
	}
	p.i++
	return n, nil
}

// versionFollows reports whether the header goes on with VERSION SP.
func (p *parser) versionFollows() bool {
	j := p.i
	for j < len(p.b) && j-p.i < 3 && p.b[j] >= '0' && p.b[j] <= '9' {
		j++
	}
	return j > p.i && p.b[p.i] != '0' && j < len(p.b) && p.b[j] == ' '
}

// digits reads up to max decimal digits.
func (p *parser) digits(max int) int {
	n := 0
	for k := 0; k < max && p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9'; k++ {
		n = n*10 + int(p.b[p.i]-'0')
		p.i++
	}
	return n
}

func (p *parser) space() bool {
	if p.i < len(p.b) && p.b[p.i] == ' ' {
		p.i++
		return true
	}
	return false
}

// token reads up to the next space or the end.
func (p *parser) token() []byte {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] != ' ' {
		p.i++
	}
	return p.b[start:p.i]
}

func (p *parser) timestamp() (time.Time, error) {
	tok := p.token()
	if !p.space() {
		return time.Time{}, headerErr("timestamp", "the header ends too soon")
	}
	if string(tok) == "-" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(tok))
	if err != nil || bytes.IndexByte(tok, 'T') != 10 {
		return time.Time{}, headerErr("timestamp", "want a time such as 2024-05-01T10:22:33.123Z, or -")
	}
	return t.UTC(), nil
}

// headerField reads HOSTNAME, APP-NAME, PROCID or MSGID and the space after
// it: printable ASCII up to max characters, or "-" for none.
func (p *parser) headerField(name string, max int) (string, error) {
	tok := p.token()
	if len(tok) == 0 || len(tok) > max || !printASCII(tok) {
		return "", headerErr(name, fmt.Sprintf("want 1 to %d printable ASCII characters, or -", max))
	}
	if !p.space() {
		return "", headerErr(name, "the header ends after it; want the other header fields and structured data to follow")
	}
	if string(tok) == "-" {
		return "", nil
	}
	return string(tok), nil
}

func printASCII(b []byte) bool {
	for _, c := range b {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

func headerErr(part, why string) error { return &PartError{Part: part, Why: why} }

// PartError names the part of a syslog or CEF message that is wrong.
type PartError struct{ Part, Why string }

func (e *PartError) Error() string { return e.Part + ": " + e.Why }

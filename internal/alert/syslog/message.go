// Package syslog receives alerts over syslog: TCP, with or without TLS, framed
// as RFC 6587 describes (octet counting or one message per line, chosen per
// connection), each message RFC 5424 (or the older BSD form many firewalls
// send), carrying either a CEF event or a JSON alert in one of the formats the
// format package reads. The listener hands each alert, and each message it could
// not read, to a function the caller supplies.
package syslog

import (
	"bytes"
	"errors"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Parser turns syslog messages into alerts. It keeps buffers between messages,
// so use one per connection; it is not safe for use by several goroutines.
type Parser struct {
	// Format is the format of JSON bodies; empty means tell it from each body.
	Format alert.Format
	// Source is the sender's name, set as every alert's Source.Name.
	Source string
	json   *format.Decoder
}

// NewParser returns a Parser for JSON bodies in format f, or of any JSON format
// when f is empty, whose alerts carry the source name.
func NewParser(f alert.Format, source string) *Parser {
	return &Parser{Format: f, Source: source, json: format.NewDecoder()}
}

// Parse reads one syslog message received at the given time. A message that
// cannot be read returns a *vigil.Error whose Fields name the part of the
// message that is wrong.
func (p *Parser) Parse(frame []byte, received time.Time) (alert.Alert, error) {
	m, err := ParseMessage(frame)
	if err != nil {
		return alert.Alert{}, invalid(err)
	}
	body := bytes.TrimSpace(m.Body)
	if m.AppName == "CEF" && len(body) > 1 && body[0] >= '0' && body[0] <= '9' && body[1] == '|' {
		// Microsoft Defender for Identity names CEF in APP-NAME and starts the
		// message at the version.
		body = append([]byte("CEF:"), body...)
	}
	var a alert.Alert
	switch {
	case bytes.HasPrefix(body, []byte("CEF:")):
		c, err := ParseCEF(body)
		if err != nil {
			return alert.Alert{}, invalid(err)
		}
		if a, err = cefAlert(c, m, received); err != nil {
			return alert.Alert{}, invalid(err)
		}
		a.Raw = bytes.Clone(frame)
		a.Finish()
		// Some products write the kind of alert in externalId, not an id of the
		// event (Microsoft Defender for Identity again), so CEF alerts are always
		// known by their stable fields.
		a.DedupKey = a.StableKey()
	case len(body) > 0 && body[0] == '{':
		f := p.Format
		if f == "" {
			if f, err = p.json.Detect(body); err != nil {
				return alert.Alert{}, err
			}
		}
		if a, err = p.json.Decode(f, body, received); err != nil {
			return alert.Alert{}, err
		}
	default:
		return alert.Alert{}, vigil.Errorf(vigil.Invalid,
			"The syslog message holds neither a CEF event nor a JSON alert, the two forms Vigil reads from syslog.")
	}
	a.Source.Name = p.Source
	return a, nil
}

// invalid turns a PartError into the shared vocabulary.
func invalid(err error) error {
	var pe *PartError
	if errors.As(err, &pe) {
		return vigil.InvalidFields("The syslog message could not be read.", map[string]string{pe.Part: pe.Why})
	}
	return vigil.Errorf(vigil.Invalid, "The syslog message could not be read: %v", err)
}

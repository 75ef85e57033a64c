package syslog

import "bytes"

// structuredData reads STRUCTURED-DATA: "-", or one or more [id name="value" …]
// elements. In a value, \", \\ and \] stand for the character after the
// backslash; any other backslash is kept as it is.
func (p *parser) structuredData() ([]Element, error) {
	if p.i >= len(p.b) {
		return nil, headerErr("structured data", "missing; want - or [id …]")
	}
	if p.b[p.i] == '-' {
		p.i++
		return nil, nil
	}
	var elems []Element
	params := 0
	for p.i < len(p.b) && p.b[p.i] == '[' {
		if params++; params > maxParams {
			return nil, headerErr("structured data", "more than 128 elements and parameters")
		}
		p.i++
		id, ok := p.sdName()
		if !ok {
			return nil, headerErr("structured data", "want an element id after [")
		}
		e := Element{ID: id}
		for p.i < len(p.b) && p.b[p.i] == ' ' {
			p.i++
			name, ok := p.sdName()
			if !ok || p.i+1 >= len(p.b) || p.b[p.i] != '=' || p.b[p.i+1] != '"' {
				return nil, headerErr("structured data", "want name=\"value\" in element "+id)
			}
			p.i += 2
			value, ok := p.sdValue()
			if !ok {
				return nil, headerErr("structured data", "a value in element "+id+" has no closing quote")
			}
			if params++; params > maxParams {
				return nil, headerErr("structured data", "more than 128 elements and parameters")
			}
			e.Params = append(e.Params, Param{Name: name, Value: value})
		}
		if p.i >= len(p.b) || p.b[p.i] != ']' {
			return nil, headerErr("structured data", "element "+id+" has no closing ]")
		}
		p.i++
		elems = append(elems, e)
	}
	if elems == nil {
		return nil, headerErr("structured data", "want - or [id …]")
	}
	return elems, nil
}

// sdName reads an SD-ID or PARAM-NAME: 1 to 32 printable ASCII characters other
// than =, space, ] and ".
func (p *parser) sdName() (string, bool) {
	start := p.i
	for p.i < len(p.b) && p.i-start <= maxSDName {
		c := p.b[p.i]
		if c < 33 || c > 126 || c == '=' || c == ']' || c == '"' {
			break
		}
		p.i++
	}
	n := p.i - start
	return string(p.b[start:p.i]), n > 0 && n <= maxSDName
}

// sdValue reads a PARAM-VALUE up to its closing quote and unescapes it.
func (p *parser) sdValue() (string, bool) {
	var out []byte
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; c {
		case '"':
			v := p.b[start:p.i]
			p.i++
			if out != nil {
				return string(append(out, v...)), true
			}
			return string(v), true
		case '\\':
			if p.i+1 < len(p.b) {
				if n := p.b[p.i+1]; n == '"' || n == '\\' || n == ']' {
					out = append(append(out, p.b[start:p.i]...), n)
					p.i += 2
					start = p.i
					continue
				}
			}
		}
		p.i++
	}
	return "", false
}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseBSD reads the older BSD syslog header (RFC 3164) that many firewalls still
// send CEF in: "<PRI>Mmm dd hh:mm:ss HOSTNAME TAG: MSG". The timestamp has no
// year or zone, so Time is left unset and the body's own time is used. The body
// starts at "CEF:" or at the first "{" when the rest holds one, else after the
// hostname.
func parseBSD(m Message, rest []byte) (Message, error) {
	if len(rest) >= 16 && rest[3] == ' ' && rest[6] == ' ' && rest[15] == ' ' {
		for _, mon := range months {
			if string(rest[:3]) == mon {
				rest = rest[16:]
				break
			}
		}
	}
	if sp := bytes.IndexByte(rest, ' '); sp > 0 && printASCII(rest[:sp]) && sp <= maxHostname {
		m.Hostname, rest = string(rest[:sp]), rest[sp+1:]
	}
	switch i, j := bytes.Index(rest, []byte("CEF:")), bytes.IndexByte(rest, '{'); {
	case i >= 0 && (j < 0 || i < j):
		rest = rest[i:]
	case j >= 0:
		rest = rest[j:]
	}
	m.Body = rest
	return m, nil
}

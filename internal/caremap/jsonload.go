package caremap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseJSON reads a care map written as JSON, with the same fields as the YAML file. It
// reports problems with line and column just as ParseYAML does, because the JSON is read
// into the same node tree and checked by the same code.
func ParseJSON(data []byte) (*Map, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	p := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), budget: MaxYAMLNodes}
	p.dec.UseNumber()
	p.at = cursor{line: 1, col: 1}
	root, err := p.value()
	if err == nil {
		if _, err2 := p.dec.Token(); err2 != io.EOF {
			err = p.errorAt(p.start(), "there is more after the JSON object")
		}
	}
	if err != nil {
		var pr Problem
		if !errors.As(err, &pr) {
			pr = Problem{Path: "file", Message: "the file is not valid JSON: " + err.Error()}
		}
		return nil, Problems{pr}.asError()
	}
	return fromTree(&yaml.Node{Kind: yaml.DocumentNode, Line: 1, Column: 1, Content: []*yaml.Node{root}})
}

// jsonReader builds a YAML node tree from JSON tokens, noting where each token starts.
type jsonReader struct {
	data   []byte
	dec    *json.Decoder
	at     cursor // the last position worked out; tokens come in order, so counting goes on from here
	budget int
}

type cursor struct{ off, line, col int }

// start is the offset of the next token: past the space, commas and colons the decoder has not consumed.
func (p *jsonReader) start() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return off
}

func (p *jsonReader) position(off int) (line, col int) {
	off = min(off, len(p.data))
	if off < p.at.off {
		p.at = cursor{line: 1, col: 1}
	}
	for i := p.at.off; i < off; i++ {
		switch b := p.data[i]; {
		case b == '\n':
			p.at.line++
			p.at.col = 1
		case b&0xC0 != 0x80: // count characters, not the continuation bytes of UTF-8
			p.at.col++
		}
	}
	p.at.off = off
	return p.at.line, p.at.col
}

func (p *jsonReader) errorAt(off int, format string, args ...any) error {
	line, col := p.position(off)
	return Problem{Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

func (p *jsonReader) value() (*yaml.Node, error) {
	p.budget--
	off := p.start()
	if p.budget < 0 {
		return nil, p.errorAt(off, "the file is too complex: more than %d JSON values", MaxYAMLNodes)
	}
	tok, err := p.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, p.errorAt(off, "the JSON ends too soon")
		}
		return nil, p.errorAt(off, "the file is not valid JSON: %v", err)
	}
	line, col := p.position(off)
	n := &yaml.Node{Line: line, Column: col}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			for p.dec.More() {
				koff := p.start()
				ktok, err := p.dec.Token()
				if err != nil {
					return nil, p.errorAt(koff, "the file is not valid JSON: %v", err)
				}
				key, _ := ktok.(string)
				kl, kc := p.position(koff)
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: kl, Column: kc}, v)
			}
		case '[':
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			for p.dec.More() {
				v, err := p.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
		default:
			return nil, p.errorAt(off, "the file is not valid JSON: unexpected %q", string(t))
		}
		eoff := p.start()
		if _, err := p.dec.Token(); err != nil {
			return nil, p.errorAt(eoff, "the file is not valid JSON: %v", err)
		}
	case string:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!str", t
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!int", t.String()
		if strings.ContainsAny(n.Value, ".eE") {
			n.Tag = "!!float"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", fmt.Sprint(t)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}

package format

import (
	"errors"
	"fmt"
	"io"
)

// skipSpace consumes white space, counting lines. It returns io.EOF at the end
// of the body.
func (r *bodyReader) skipSpace() error {
	for {
		chunk, err := r.peekChunk()
		if err != nil {
			return err
		}
		i := 0
		for ; i < len(chunk) && isSpace(chunk[i]); i++ {
			if chunk[i] == '\n' {
				r.line++
			}
		}
		r.br.Discard(i)
		if i < len(chunk) {
			return nil
		}
	}
}

// peekChunk returns what is buffered, reading more when nothing is.
func (r *bodyReader) peekChunk() ([]byte, error) {
	if r.br.Buffered() == 0 {
		if _, err := r.br.Peek(1); err != nil {
			return nil, err
		}
	}
	return r.br.Peek(r.br.Buffered())
}

// scanValue reads one JSON value: it finds where the value ends by counting
// brackets outside strings, and leaves checking the JSON itself to the decoder.
// A value larger than the record limit is read to its end and rejected; a body
// that ends inside a value ends the batch.
func (r *bodyReader) scanValue(pos int) ([]byte, error) {
	r.buf = r.buf[:0]
	var s valueScan
	for {
		chunk, err := r.peekChunk()
		if err == io.EOF && s.bare {
			return r.buf, nil // a number or word that ends the body
		}
		if err != nil {
			return nil, r.cutShortValue(err, pos)
		}
		end, lines, bad := s.scan(chunk)
		if bad >= 0 {
			return nil, &batchError{pos, fmt.Errorf("want an alert object, found %s", quoteByte(chunk[bad]))}
		}
		r.line += lines
		n := len(chunk)
		if end >= 0 {
			n = end
		}
		if !s.oversized && len(r.buf)+n > r.limits.RecordBytes {
			s.oversized = true
		}
		if !s.oversized {
			r.buf = append(r.buf, chunk[:n]...)
		}
		r.br.Discard(n)
		if end >= 0 {
			if s.oversized {
				return nil, &recordError{pos, r.tooBig()}
			}
			return r.buf, nil
		}
	}
}

// valueScan is where scanValue is inside a value, kept across chunks.
type valueScan struct {
	started, bare, inString, escaped, oversized bool
	depth                                       int
}

// scan reads chunk and returns where the value ends in it (-1 if it goes on),
// the newlines it passed, and the index of a byte that cannot start a value (or -1).
func (s *valueScan) scan(chunk []byte) (end, lines, bad int) {
	for i, c := range chunk {
		if !s.started {
			s.started = true
			switch c {
			case '{', '[':
				s.depth = 1
			case '"':
				s.inString = true
			case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 't', 'f', 'n':
				s.bare = true
			default:
				return -1, lines, i
			}
			continue
		}
		if s.bare {
			if isSpace(c) || c == ',' || c == ']' || c == '}' {
				return i, lines, -1
			}
			continue
		}
		if c == '\n' {
			lines++
		}
		if s.inString {
			switch {
			case s.escaped:
				s.escaped = false
			case c == '\\':
				s.escaped = true
			case c == '"':
				s.inString = false
				if s.depth == 0 {
					return i + 1, lines, -1
				}
			}
			continue
		}
		switch c {
		case '"':
			s.inString = true
		case '{', '[':
			s.depth++
		case '}', ']':
			s.depth--
			if s.depth == 0 {
				return i + 1, lines, -1
			}
		}
	}
	return -1, lines, -1
}

func (r *bodyReader) cutShortValue(err error, pos int) error {
	if err != io.EOF {
		return r.readErr(err, pos)
	}
	return &batchError{pos, errors.New("the body ends inside this record; it may have been cut off")}
}

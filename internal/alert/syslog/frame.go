package syslog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxFrameBytes is the largest syslog message read when the caller sets
// no limit: 64 KB, the same as one JSON alert. RFC 5424 asks receivers to take
// at least 2 KB; CEF events from firewalls and endpoint tools rarely pass 8 KB.
const DefaultMaxFrameBytes = 64 << 10

// maxLengthDigits bounds an octet count: nine digits is under a gigabyte, far
// past any limit, so a longer count means the stream is not syslog.
const maxLengthDigits = 9

// Framer cuts a syslog TCP stream into messages, as RFC 6587 describes. The
// connection's first byte chooses the framing for the whole connection: a digit
// means octet counting ("123 <34>1 …", the length first), and "<" means
// non-transparent framing, one message per line (LF, or NUL, ends it).
type Framer struct {
	br       *bufio.Reader
	max      int
	counting bool
	started  bool
	frames   int
	buf      []byte
}

// FrameError rejects one message; the stream goes on.
type FrameError struct {
	Frame int // the message's number on its connection, from 1
	Err   error
}

func (e *FrameError) Error() string { return fmt.Sprintf("message %d: %v", e.Frame, e.Err) }
func (e *FrameError) Unwrap() error { return e.Err }

// ErrNotSyslog is wrapped by errors that end a stream because it cannot be
// syslog, or cannot be followed any more.
var ErrNotSyslog = errors.New("not syslog")

// NewFramer reads messages of at most maxFrame bytes from r (zero means
// DefaultMaxFrameBytes).
func NewFramer(r io.Reader, maxFrame int) *Framer {
	if maxFrame <= 0 {
		maxFrame = DefaultMaxFrameBytes
	}
	return &Framer{br: bufio.NewReaderSize(r, min(maxFrame+1, 64<<10)), max: maxFrame}
}

// Frames is how many messages the Framer has started reading.
func (f *Framer) Frames() int { return f.frames }

// Next returns the next message, valid until the next call. It returns io.EOF
// when the stream ends between messages, a *FrameError for a message that is
// too large (the stream goes on), and any other error when the stream cannot go
// on: a read error, a stream that ends inside a message, or one that is not
// syslog.
func (f *Framer) Next() ([]byte, error) {
	c, err := f.skipBetween()
	if err != nil {
		return nil, err
	}
	if !f.started {
		f.started = true
		switch {
		case c >= '1' && c <= '9':
			f.counting = true
		case c == '<':
		default:
			return nil, fmt.Errorf("%w: a message starts with < or with its length, found %s", ErrNotSyslog, quoteByte(c))
		}
	}
	f.frames++
	if f.counting {
		return f.counted()
	}
	return f.line()
}

// skipBetween passes over line ends and spaces that some senders put between
// messages, and returns the next byte without consuming it.
func (f *Framer) skipBetween() (byte, error) {
	for {
		c, err := f.br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n', '\r', ' ', 0:
			continue
		}
		return c, f.br.UnreadByte()
	}
}

func (f *Framer) counted() ([]byte, error) {
	n := 0
	for digits := 0; ; digits++ {
		c, err := f.br.ReadByte()
		if err != nil {
			return nil, f.cutShort(err)
		}
		if c == ' ' && digits > 0 {
			break
		}
		if c < '0' || c > '9' || digits == maxLengthDigits || digits == 0 && c == '0' {
			return nil, fmt.Errorf("%w: message %d: want its length in digits and a space, found %s", ErrNotSyslog, f.frames, quoteByte(c))
		}
		n = n*10 + int(c-'0')
	}
	if n > f.max {
		if _, err := f.br.Discard(n); err != nil {
			return nil, f.cutShort(err)
		}
		return nil, &FrameError{f.frames, fmt.Errorf("the message is %d bytes, more than the %d this listener reads", n, f.max)}
	}
	if cap(f.buf) < n {
		f.buf = make([]byte, n)
	}
	f.buf = f.buf[:n]
	if _, err := io.ReadFull(f.br, f.buf); err != nil {
		return nil, f.cutShort(err)
	}
	return f.buf, nil
}

func (f *Framer) line() ([]byte, error) {
	f.buf = f.buf[:0]
	over := false
	for {
		chunk, err := f.peek()
		if err == io.EOF && (len(f.buf) > 0 || over) {
			break // the last message may end with the stream instead of a line end
		}
		if err != nil {
			return nil, f.cutShort(err)
		}
		end := bytes.IndexByte(chunk, '\n')
		head := chunk
		if end >= 0 {
			head = chunk[:end]
		}
		if nul := bytes.IndexByte(head, 0); nul >= 0 {
			end, head = nul, chunk[:nul]
		}
		if !over && len(f.buf)+len(head) > f.max {
			over = true
		}
		if !over {
			f.buf = append(f.buf, head...)
		}
		if end >= 0 {
			f.br.Discard(end + 1)
			break
		}
		f.br.Discard(len(chunk))
	}
	if over {
		return nil, &FrameError{f.frames, fmt.Errorf("the message is more than the %d bytes this listener reads", f.max)}
	}
	return bytes.TrimSuffix(f.buf, []byte("\r")), nil
}

// peek returns what is buffered, reading more when nothing is.
func (f *Framer) peek() ([]byte, error) {
	if f.br.Buffered() == 0 {
		if _, err := f.br.Peek(1); err != nil {
			return nil, err
		}
	}
	return f.br.Peek(f.br.Buffered())
}

// cutShort explains a stream that ends inside a message.
func (f *Framer) cutShort(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("message %d: the stream ended inside it: %w", f.frames, err)
}

func quoteByte(c byte) string {
	if c >= ' ' && c < 0x7f {
		return fmt.Sprintf("%q", string(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

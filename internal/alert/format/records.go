package format

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// A batch body is one of three shapes, told apart by its first record:
//
//   - a JSON array of records: each item is a record, numbered from 1;
//   - NDJSON, one record per line: chosen when the body starts with an object
//     that ends on its own line; each line is a record, numbered by line;
//   - one or more JSON values spread over several lines (a pretty-printed
//     object): each value is a record, numbered by the line it starts on.
//
// A bad NDJSON line costs only that line. A bad array item whose brackets
// balance costs only that item; a break in the array itself ends the batch,
// because nothing after it can be found reliably.

// record is one record cut from a batch body.
type record struct {
	pos  int    // NDJSON line, array item or starting line, from 1
	data []byte // valid until the next call of next
}

// recordError rejects one record; the batch goes on.
type recordError struct {
	pos int
	err error
}

func (e *recordError) Error() string { return e.err.Error() }

// batchError ends the batch at pos; the records before it stand.
type batchError struct {
	pos int
	err error
}

func (e *batchError) Error() string { return e.err.Error() }

var errBatchTooBig = errors.New("batch too large")

type mode uint8

const (
	modeStart mode = iota
	modeLines
	modeArray
	modeValues
	modeDone
)

type bodyReader struct {
	br      *bufio.Reader
	limits  Limits
	mode    mode
	line    int // complete lines consumed
	items   int // array items started
	records int
	buf     []byte
}

func newBodyReader(body io.Reader, limits Limits) *bodyReader {
	lr := &limitedReader{r: body, n: limits.BatchBytes}
	return &bodyReader{br: bufio.NewReaderSize(lr, limits.RecordBytes+2), limits: limits}
}

// next returns the next record, io.EOF at the end, a *recordError for a record
// that is rejected, a *batchError that ends the batch, or the body's read error.
func (r *bodyReader) next() (record, error) {
	if r.mode == modeDone {
		return record{}, io.EOF
	}
	if r.mode == modeStart {
		return r.start()
	}
	if r.records >= r.limits.Records {
		return record{}, r.tooMany()
	}
	var rec record
	var err error
	switch r.mode {
	case modeLines:
		rec, err = r.nextLine()
	case modeArray:
		rec, err = r.nextItem()
	default:
		rec, err = r.nextValue()
	}
	return r.counted(rec, err)
}

func (r *bodyReader) counted(rec record, err error) (record, error) {
	switch err.(type) {
	case nil, *recordError:
		r.records++
	case *batchError:
		r.mode = modeDone
	}
	return rec, err
}

func (r *bodyReader) start() (record, error) {
	if b, err := r.br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		r.br.Discard(3)
	}
	if err := r.skipSpace(); err != nil {
		r.mode = modeDone
		return record{}, r.readErr(err, r.line+1)
	}
	c, _ := r.br.ReadByte()
	r.br.UnreadByte()
	switch c {
	case '[':
		r.br.Discard(1)
		r.mode = modeArray
		return r.next()
	case '{':
		r.mode = modeValues
		startLine := r.line
		rec, err := r.counted(r.nextValue())
		if err == nil && r.line == startLine && r.restOfLineBlank() {
			r.mode = modeLines
		}
		return rec, err
	}
	r.mode = modeDone
	return record{}, &batchError{r.line + 1, errors.New("the body is not JSON alerts: send one JSON object, an array of objects, or one object per line (NDJSON)")}
}

// restOfLineBlank consumes the rest of the line when it holds only spaces, and
// reports whether it did (or the body ended).
func (r *bodyReader) restOfLineBlank() bool {
	for {
		c, err := r.br.ReadByte()
		switch {
		case err != nil:
			return true
		case c == '\n':
			r.line++
			return true
		case c == ' ' || c == '\t' || c == '\r':
			continue
		}
		r.br.UnreadByte()
		return false
	}
}

func (r *bodyReader) nextLine() (record, error) {
	for {
		b, err := r.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			r.line++
			pos := r.line
			if err := r.skipLine(); err != nil && err != io.EOF {
				return record{}, r.readErr(err, pos)
			}
			return record{}, &recordError{pos, r.tooBig()}
		}
		if len(b) == 0 && err != nil {
			return record{}, r.readErr(err, r.line+1)
		}
		r.line++
		if err != nil && err != io.EOF {
			return record{}, r.readErr(err, r.line)
		}
		b = trimSpace(b)
		if len(b) == 0 {
			if err == io.EOF {
				return record{}, io.EOF
			}
			continue
		}
		return record{pos: r.line, data: b}, nil
	}
}

// skipLine discards the rest of a line that is too long to keep.
func (r *bodyReader) skipLine() error {
	for {
		_, err := r.br.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

func (r *bodyReader) nextItem() (record, error) {
	if err := r.skipSpace(); err != nil {
		return record{}, r.cutShort(err, r.items+1, "the array has no closing ]; the body may have been cut off")
	}
	c, _ := r.br.ReadByte()
	if r.items > 0 {
		switch c {
		case ',':
			if err := r.skipSpace(); err != nil {
				return record{}, r.cutShort(err, r.items+1, "the array has no closing ]; the body may have been cut off")
			}
			c, _ = r.br.ReadByte()
		case ']':
			return r.end()
		default:
			return record{}, &batchError{r.items + 1, fmt.Errorf("want a comma or ] after item %d, found %s", r.items, quoteByte(c))}
		}
	}
	if c == ']' {
		return r.end()
	}
	r.br.UnreadByte()
	r.items++
	data, err := r.scanValue(r.items)
	return record{pos: r.items, data: data}, err
}

// end finishes an array; anything but white space after it is reported.
func (r *bodyReader) end() (record, error) {
	r.mode = modeDone
	if err := r.skipSpace(); err == nil {
		return record{}, &batchError{r.items + 1, errors.New("there is more after the array's closing ]; it was not read")}
	}
	return record{}, io.EOF
}

func (r *bodyReader) nextValue() (record, error) {
	if err := r.skipSpace(); err != nil {
		return record{}, r.readErr(err, r.line+1)
	}
	pos := r.line + 1
	data, err := r.scanValue(pos)
	return record{pos: pos, data: data}, err
}

func (r *bodyReader) tooMany() error {
	pos := r.line + 1
	if r.mode == modeArray {
		pos = r.items + 1
	}
	r.mode = modeDone
	if err := r.skipSpace(); err != nil {
		return io.EOF
	}
	if c, _ := r.br.Peek(1); len(c) == 1 && c[0] == ']' {
		return io.EOF
	}
	return &batchError{pos, fmt.Errorf("a batch may hold %d alerts; this one and any after it were not read, so send them in another batch", r.limits.Records)}
}

func (r *bodyReader) tooBig() error {
	return fmt.Errorf("this record is larger than %s, the most Vigil reads for one alert", sizeText(int64(r.limits.RecordBytes)))
}

// cutShort turns the end of the body inside the structure into a batch error.
func (r *bodyReader) cutShort(err error, pos int, why string) error {
	if err == io.EOF {
		return &batchError{pos, errors.New(why)}
	}
	return r.readErr(err, pos)
}

// readErr passes io.EOF on, turns the size limit into a batch error and wraps a
// failure to read the body.
func (r *bodyReader) readErr(err error, pos int) error {
	switch {
	case err == io.EOF:
		return io.EOF
	case errors.Is(err, errBatchTooBig):
		return &batchError{pos, fmt.Errorf("a batch may hold %s; this record and any after it were not read, so send them in another batch", sizeText(r.limits.BatchBytes))}
	}
	return fmt.Errorf("read alert batch at record %d: %w", pos, err)
}

// sizeText writes a limit for people: 64 KB, 32 MB, 1000 bytes.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func quoteByte(c byte) string {
	if c >= ' ' && c < 0x7f {
		return fmt.Sprintf("%q", string(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

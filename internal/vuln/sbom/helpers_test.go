package sbom

import (
	"bytes"
	"io"
)

// io_repeat is a reader of n copies of c, made without holding them in memory.
func io_repeat(c byte, n int64) io.Reader {
	chunk := bytes.Repeat([]byte{c}, 1<<16)
	return io.LimitReader(&endless{chunk: chunk}, n)
}

type endless struct{ chunk []byte }

func (e *endless) Read(p []byte) (int, error) { return copy(p, e.chunk), nil }

package advisory

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// zipEntries reads the entries of an OSV zip. An ecosystem export holds hundreds of
// thousands of small entries, so the cost is in the per-entry work: each is read from a
// few large cached blocks of the file (not by several system calls of its own), and
// inflated by a reused decompressor from klauspost/compress, which is markedly faster
// than the standard library's on small streams. The CRC of every entry is checked.
type zipEntries struct {
	files []*zip.File
	r     io.ReaderAt
}

func newZipEntries(r io.ReaderAt, size int64) (*zipEntries, error) {
	br := newBlockReader(r, size)
	zr, err := zip.NewReader(br, size)
	if err != nil {
		return nil, err
	}
	return &zipEntries{files: zr.File, r: br}, nil
}

// inflater is one worker's reusable state.
type inflater struct {
	compressed []byte
	dec        io.ReadCloser
}

// read puts the contents of f into out.
func (z *zipEntries) read(f *zip.File, in *inflater, out *bytes.Buffer) error {
	if f.UncompressedSize64 > MaxCSAFBytes || f.CompressedSize64 > MaxCSAFBytes {
		return fmt.Errorf("the document is larger than %s", input.Size(MaxCSAFBytes))
	}
	off, err := f.DataOffset()
	if err != nil {
		return err
	}
	n := int(f.CompressedSize64)
	if cap(in.compressed) < n {
		in.compressed = make([]byte, n)
	}
	data := in.compressed[:n]
	if _, err := z.r.ReadAt(data, off); err != nil {
		return fmt.Errorf("read the zip entry: %w", err)
	}
	switch f.Method {
	case zip.Store:
		out.Write(data)
	case zip.Deflate:
		src := bytes.NewReader(data)
		if in.dec == nil {
			in.dec = flate.NewReader(src)
		} else if err := in.dec.(flate.Resetter).Reset(src, nil); err != nil {
			return err
		}
		if _, err := out.ReadFrom(io.LimitReader(in.dec, MaxCSAFBytes+1)); err != nil {
			return fmt.Errorf("the zip entry is damaged: %w", err)
		}
	default:
		return fmt.Errorf("the zip entry uses compression method %d, which Vigil does not read", f.Method)
	}
	if uint64(out.Len()) != f.UncompressedSize64 || crc32.ChecksumIEEE(out.Bytes()) != f.CRC32 {
		return errors.New("the zip entry is damaged: its size or checksum is wrong")
	}
	return nil
}

// blockReader serves the many small reads of a zip's entries from a few large blocks,
// so that reading entries in file order costs one system call per block. It is safe
// for concurrent use.
type blockReader struct {
	r    io.ReaderAt
	size int64

	mu     sync.Mutex
	blocks [blockCount]block
	clock  uint64
}

const (
	blockSize  = 1 << 20
	blockCount = 8
)

type block struct {
	off  int64
	data []byte
	used uint64
}

func newBlockReader(r io.ReaderAt, size int64) *blockReader {
	b := &blockReader{r: r, size: size}
	for i := range b.blocks {
		b.blocks[i].off = -1
	}
	return b
}

func (b *blockReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	n := 0
	for n < len(p) {
		if off >= b.size {
			return n, io.EOF
		}
		start := off - off%blockSize
		b.mu.Lock()
		blk, err := b.load(start)
		if err != nil {
			b.mu.Unlock()
			return n, err
		}
		c := copy(p[n:], blk.data[off-start:])
		b.mu.Unlock()
		n += c
		off += int64(c)
	}
	return n, nil
}

// load returns the block at start, reading it in place of the least recently used.
func (b *blockReader) load(start int64) (*block, error) {
	b.clock++
	oldest := &b.blocks[0]
	for i := range b.blocks {
		blk := &b.blocks[i]
		if blk.off == start {
			blk.used = b.clock
			return blk, nil
		}
		if blk.used < oldest.used {
			oldest = blk
		}
	}
	size := min(int64(blockSize), b.size-start)
	if cap(oldest.data) < int(size) {
		oldest.data = make([]byte, size)
	}
	oldest.data = oldest.data[:size]
	if _, err := b.r.ReadAt(oldest.data, start); err != nil && !errors.Is(err, io.EOF) {
		oldest.off = -1
		return nil, err
	}
	oldest.off, oldest.used = start, b.clock
	return oldest, nil
}

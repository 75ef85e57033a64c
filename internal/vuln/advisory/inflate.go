package advisory

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// smallInflater decodes a whole raw deflate stream held in memory into a flat buffer
// (RFC 1951). An ecosystem export is hundreds of thousands of streams of a kilobyte or
// so, where a general decompressor spends most of its time on per-stream set-up and on
// reading a byte at a time through an interface; this one reads the input eight bytes at
// a time and writes straight into the output. Whatever it cannot decode is handed to the
// general decompressor, so it only ever makes reading faster: see zipEntries.read.
type smallInflater struct {
	lit, dist, codes huffTable
	fixedLit         huffTable
	fixedDist        huffTable
	fixedReady       bool
	lengths          [maxLitCodes + maxDistCodes]uint8
}

const (
	maxLitCodes  = 286
	maxDistCodes = 30
	maxCodeLen   = 15
	litBits      = 9 // the first lookup of a literal/length code
	distBits     = 7
	codeLenBits  = 7
)

var errInflate = errors.New("the deflate stream is damaged")

// huffTable decodes one Huffman code: a first table indexed by the next bits bits of
// the input, whose entries are either a symbol or a pointer to a second-level table for
// the longer codes. An entry holds the code's length in its low 4 bits (0: no such
// code), bit 4 says it points to a second-level table, and the rest is the symbol or
// that table's offset.
type huffTable struct {
	entries []uint32
	bits    uint // of the first lookup
	subBits uint // of each second-level table
}

const subFlag = 1 << 4

// build makes the table of the canonical code with these code lengths. Codes that use
// the whole code space are required, as by the standard library's decoder.
func (t *huffTable) build(lengths []uint8, first uint) error {
	var count [maxCodeLen + 1]int
	maxLen := 0
	for _, l := range lengths {
		count[l]++
		maxLen = max(maxLen, int(l))
	}
	count[0] = 0
	left := 1
	for l := 1; l <= maxCodeLen; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return errInflate
		}
	}
	// As the standard library's decoder: a code must fill the code space, except an
	// empty one (which fails if used) and a single code of one bit, as zlib allows.
	if maxLen > 0 && left != 0 && !(maxLen == 1 && count[1] == 1) {
		return errInflate
	}
	var next [maxCodeLen + 2]int
	for l := 1; l <= maxCodeLen; l++ {
		next[l+1] = (next[l] + count[l]) << 1
	}
	t.bits = first
	t.subBits = 0
	if uint(maxLen) > first {
		t.subBits = uint(maxLen) - first
	}
	size := 1 << first
	if cap(t.entries) < size {
		t.entries = make([]uint32, size, size*2)
	}
	t.entries = t.entries[:size]
	clear(t.entries)
	mask := uint32(size - 1)
	for sym, l := range lengths {
		if l == 0 {
			continue
		}
		code := uint32(next[l])
		next[l]++
		rev := uint32(bits.Reverse16(uint16(code)) >> (16 - l))
		if uint(l) <= first {
			e := uint32(sym)<<5 | uint32(l)
			for i := rev; i < uint32(size); i += 1 << l {
				t.entries[i] = e
			}
			continue
		}
		prefix := rev & mask
		head := t.entries[prefix]
		if head&subFlag == 0 {
			head = uint32(len(t.entries))<<5 | subFlag
			t.entries[prefix] = head
			t.entries = append(t.entries, make([]uint32, 1<<t.subBits)...)
		}
		sub := t.entries[head>>5:][:1<<t.subBits]
		e := uint32(sym)<<5 | uint32(l)
		for i := rev >> first; i < uint32(len(sub)); i += 1 << (uint(l) - first) {
			sub[i] = e
		}
	}
	return nil
}

// bitReader reads the input least significant bit first, eight bytes at a time; past
// the end it reads zeros, and over counts them so that reading past the end is caught.
type bitReader struct {
	src  []byte
	pos  int
	bits uint64
	n    uint
	over int
}

// refill makes at least 56 bits available.
func (r *bitReader) refill() {
	if r.pos+8 <= len(r.src) {
		r.bits |= binary.LittleEndian.Uint64(r.src[r.pos:]) << r.n
		r.pos += int(63-r.n) >> 3
		r.n |= 56
		return
	}
	for r.n <= 56 {
		var c byte
		if r.pos < len(r.src) {
			c = r.src[r.pos]
		} else {
			r.over++
		}
		r.pos++
		r.bits |= uint64(c) << r.n
		r.n += 8
	}
}

func (r *bitReader) take(n uint) uint32 {
	v := uint32(r.bits & (1<<n - 1))
	r.bits >>= n
	r.n -= n
	return v
}

// decode reads one symbol of t; the caller has refilled.
func (r *bitReader) decode(t *huffTable) (int, error) {
	e := t.entries[r.bits&(1<<t.bits-1)]
	if e&subFlag != 0 {
		e = t.entries[e>>5+uint32(r.bits>>t.bits)&(1<<t.subBits-1)]
	}
	l := uint(e & 15)
	if l == 0 {
		return 0, errInflate
	}
	r.bits >>= l
	r.n -= l
	return int(e >> 5), nil
}

// overrun reports whether more bits were used than the input holds.
func (r *bitReader) overrun() bool { return r.over*8 > int(r.n) }

var (
	lengthBase  = [...]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [...]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [...]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
		4097, 6145, 8193, 12289, 16385, 24577}
	distExtra    = [...]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	codeLenOrder = [...]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// inflate decodes src, appending to out[:0], and refuses output longer than limit.
func (z *smallInflater) inflate(out, src []byte, limit int) ([]byte, error) {
	out = out[:0]
	r := bitReader{src: src}
	for {
		r.refill()
		final := r.take(1)
		switch r.take(2) {
		case 0:
			var err error
			if out, err = z.stored(&r, out, limit); err != nil {
				return out, err
			}
		case 1:
			if !z.fixedReady {
				if err := z.buildFixed(); err != nil {
					return out, err
				}
			}
			var err error
			if out, err = z.codes1(&r, out, limit, &z.fixedLit, &z.fixedDist); err != nil {
				return out, err
			}
		case 2:
			if err := z.dynamic(&r); err != nil {
				return out, err
			}
			var err error
			if out, err = z.codes1(&r, out, limit, &z.lit, &z.dist); err != nil {
				return out, err
			}
		default:
			return out, errInflate
		}
		if r.overrun() {
			return out, errInflate
		}
		if final == 1 {
			return out, nil
		}
	}
}

func (z *smallInflater) stored(r *bitReader, out []byte, limit int) ([]byte, error) {
	r.take(r.n & 7)
	pos := r.pos - int(r.n>>3)
	r.bits, r.n, r.over = 0, 0, 0
	if pos+4 > len(r.src) {
		return out, errInflate
	}
	n := int(binary.LittleEndian.Uint16(r.src[pos:]))
	if uint16(n) != ^binary.LittleEndian.Uint16(r.src[pos+2:]) {
		return out, errInflate
	}
	pos += 4
	if pos+n > len(r.src) || len(out)+n > limit {
		return out, errInflate
	}
	out = append(out, r.src[pos:pos+n]...)
	r.pos = pos + n
	return out, nil
}

func (z *smallInflater) buildFixed() error {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	if err := z.fixedLit.build(l[:], litBits); err != nil {
		return err
	}
	var d [maxDistCodes + 2]uint8
	for i := range d {
		d[i] = 5
	}
	if err := z.fixedDist.build(d[:], distBits); err != nil {
		return err
	}
	z.fixedReady = true
	return nil
}

// dynamic reads a block's code lengths and builds its tables.
func (z *smallInflater) dynamic(r *bitReader) error {
	nlit := int(r.take(5)) + 257
	ndist := int(r.take(5)) + 1
	nclen := int(r.take(4)) + 4
	if nlit > maxLitCodes || ndist > maxDistCodes {
		return errInflate
	}
	var cl [19]uint8
	for i := range nclen {
		r.refill()
		cl[codeLenOrder[i]] = uint8(r.take(3))
	}
	if err := z.codes.build(cl[:], codeLenBits); err != nil {
		return err
	}
	lengths := z.lengths[:nlit+ndist]
	for i := 0; i < len(lengths); {
		r.refill()
		sym, err := r.decode(&z.codes)
		if err != nil {
			return err
		}
		if sym < 16 {
			lengths[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return errInflate
			}
			val, rep = lengths[i-1], 3+int(r.take(2))
		case 17:
			rep = 3 + int(r.take(3))
		default:
			rep = 11 + int(r.take(7))
		}
		if i+rep > len(lengths) {
			return errInflate
		}
		for range rep {
			lengths[i] = val
			i++
		}
	}
	if lengths[256] == 0 {
		return errInflate
	}
	if err := z.lit.build(lengths[:nlit], litBits); err != nil {
		return err
	}
	return z.dist.build(lengths[nlit:], distBits)
}

// codes1 decodes one Huffman-coded block.
func (z *smallInflater) codes1(r *bitReader, out []byte, limit int, lit, dist *huffTable) ([]byte, error) {
	for {
		if r.overrun() {
			return out, errInflate
		}
		r.refill()
		sym, err := r.decode(lit)
		if err != nil {
			return out, err
		}
		if sym < 256 {
			if len(out) >= limit {
				return out, errInflate
			}
			out = append(out, byte(sym))
			continue
		}
		if sym == 256 {
			return out, nil
		}
		sym -= 257
		if sym >= len(lengthBase) {
			return out, errInflate
		}
		length := int(lengthBase[sym]) + int(r.take(uint(lengthExtra[sym])))
		ds, err := r.decode(dist)
		if err != nil {
			return out, err
		}
		if ds >= len(distBase) {
			return out, errInflate
		}
		d := int(distBase[ds]) + int(r.take(uint(distExtra[ds])))
		if d > len(out) || len(out)+length > limit {
			return out, errInflate
		}
		start := len(out) - d
		if d >= length {
			out = append(out, out[start:start+length]...)
			continue
		}
		for i := range length {
			out = append(out, out[start+i])
		}
	}
}

package classify

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// The stored form of a model: "VGLC", a version byte, then unsigned varints: the minimum
// evidence, the reports learnt as genuine and as malicious, the number of tokens, and for
// each token in sorted order its length, its bytes and its genuine and malicious counts.
const (
	magic   = "VGLC"
	version = 1
)

// MarshalBinary writes the model in its stored form. The same model always gives the same
// bytes.
func (m *Model) MarshalBinary() ([]byte, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var b bytes.Buffer
	b.WriteString(magic)
	b.WriteByte(version)
	put := func(v uint64) { b.Write(binary.AppendUvarint(nil, v)) }
	put(uint64(m.minEach))
	put(uint64(m.docs[Genuine]))
	put(uint64(m.docs[Malicious]))
	tokens := make([]string, 0, len(m.tokens))
	for t := range m.tokens {
		tokens = append(tokens, t)
	}
	sort.Strings(tokens)
	put(uint64(len(tokens)))
	for _, t := range tokens {
		put(uint64(len(t)))
		b.WriteString(t)
		put(uint64(m.tokens[t][Genuine]))
		put(uint64(m.tokens[t][Malicious]))
	}
	return b.Bytes(), nil
}

// UnmarshalBinary reads a model in its stored form, replacing this one's contents. Stored
// models come from a database or a shared file, so every count and length is checked.
func (m *Model) UnmarshalBinary(data []byte) error {
	r := &reader{data: data}
	if len(data) < len(magic)+1 || string(data[:len(magic)]) != magic {
		return fmt.Errorf("read classifier model: not a model (no %q at the start)", magic)
	}
	if v := data[len(magic)]; v != version {
		return fmt.Errorf("read classifier model: version %d, this Vigil reads version %d", v, version)
	}
	r.pos = len(magic) + 1
	minEach := r.count("minimum evidence", 1<<20)
	genuine := r.count("genuine reports", 1<<32-1)
	malicious := r.count("malicious reports", 1<<32-1)
	n := r.count("token count", MaxTokens)
	tokens := make(map[string]*[2]uint32, n)
	last := ""
	for i := 0; i < n && r.err == nil; i++ {
		size := r.count("token length", maxTokenLength)
		if r.err == nil && r.pos+size > len(data) {
			r.fail("token %d runs past the end", i)
			break
		}
		t := string(data[r.pos : r.pos+size])
		r.pos += size
		if i > 0 && t <= last {
			r.fail("token %d is out of order or repeated", i)
		}
		last = t
		g, b := r.count("genuine count", uint64(genuine)), r.count("malicious count", uint64(malicious))
		tokens[t] = &[2]uint32{uint32(g), uint32(b)}
	}
	if r.err == nil && r.pos != len(data) {
		r.fail("%d bytes left over", len(data)-r.pos)
	}
	if r.err != nil {
		return r.err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.minEach, m.docs, m.tokens = max(minEach, 1), [2]uint32{uint32(genuine), uint32(malicious)}, tokens
	return nil
}

// reader reads varints, keeping the first problem with the byte offset it was found at.
type reader struct {
	data []byte
	pos  int
	err  error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("read classifier model: at byte %d: %s", r.pos, fmt.Sprintf(format, args...))
	}
}

func (r *reader) count(what string, limit uint64) int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.data[r.pos:])
	if n <= 0 {
		r.fail("%s is missing or damaged", what)
		return 0
	}
	if v > limit {
		r.fail("%s %d is more than %d", what, v, limit)
		return 0
	}
	r.pos += n
	return int(v)
}

package msg

import (
	"encoding/binary"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

// string returns a string property, stored as UTF-16 or as 8-bit text.
func (s *storage) string(id uint32) (string, bool) {
	if b, ok := s.props[id<<16|typeUnicode]; ok {
		return decodeUTF16(b), true
	}
	if b, ok := s.props[id<<16|typeString8]; ok {
		return strings.TrimRight(decode8bit(b), "\x00"), true
	}
	return "", false
}

func (s *storage) first(ids ...uint32) string {
	for _, id := range ids {
		if v, ok := s.string(id); ok && strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// firstAddress returns the first property that holds an SMTP address: Exchange's own
// "/O=…/CN=…" addresses are not ones a reader can check.
func (s *storage) firstAddress(ids ...uint32) string {
	for _, id := range ids {
		if v, ok := s.string(id); ok && strings.Contains(v, "@") && !strings.HasPrefix(v, "/") {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// fixedInt reads a 32-bit property from the fixed-property stream, whose entries are 16
// bytes (tag, flags, value) after a header of headerSize bytes.
func (s *storage) fixedInt(id uint32, headerSize int) (int, bool) {
	v, ok := s.fixed8(id<<16|typeInt32, headerSize)
	return int(int32(binary.LittleEndian.Uint32(v[:4]))), ok
}

func (s *storage) fixedTime(id uint32, headerSize int) (time.Time, bool) {
	v, ok := s.fixed8(id<<16|typeFileTime, headerSize)
	if !ok {
		return time.Time{}, false
	}
	// A FILETIME counts 100-nanosecond steps since 1601.
	ticks := binary.LittleEndian.Uint64(v[:])
	const epochDiff = 116444736000000000
	if ticks < epochDiff || ticks > epochDiff+(400*365*24*3600)*10_000_000 {
		return time.Time{}, false
	}
	return time.Unix(0, int64(ticks-epochDiff)*100).UTC(), true
}

func (s *storage) fixed8(tag uint32, headerSize int) ([8]byte, bool) {
	var out [8]byte
	for off := headerSize; off+16 <= len(s.fixed); off += 16 {
		if binary.LittleEndian.Uint32(s.fixed[off:]) == tag {
			copy(out[:], s.fixed[off+8:off+16])
			return out, true
		}
	}
	return out, false
}

// sortedChildren lists the child storages whose names start with prefix, in number order.
func sortedChildren(s *storage, prefix string) []string {
	var names []string
	for name := range s.children {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	// The names end in fixed-width hex numbers, so text order is number order.
	slices.Sort(names)
	return names
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}

// decode8bit reads 8-bit text as Windows-1252's Latin-1 subset when it is not UTF-8.
func decode8bit(b []byte) string {
	s := string(b)
	if strings.ToValidUTF8(s, "") == s {
		return s
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

package advisory

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"strings"

	"github.com/vigil-health/vigil/internal/vuln/ident"
)

// The quick filter of ReadOptions.Want looks at a record's raw bytes, without decoding
// it, for what could make it matter to the inventory: a package named by "name" or by
// "purl", or an identifier shared with a record that is read (which joins the two in
// one alias group, and lends the read one its severity). It errs towards reading:
// anything it cannot be sure of is decoded.

// sift reads an OSV record's raw bytes once. It reports whether the record may name a
// package want accepts (looking at the values of "name" keys and the package names of
// "purl" values), or cannot be judged, as when it spells letters of a key with \u
// escapes; if not, it appends to ids the idHash of every string that may be the
// record's identifier or one of its aliases (the values of "id" keys and of "aliases"
// lists).
func sift(data []byte, want func(string) bool, ids []uint64) ([]uint64, bool) {
	if keyEscaped(data) {
		return ids, true // a key could be written with escapes; let the decoder decide
	}
	start := len(ids)
	may := false
	complete := eachValue(data, func(key string, s []byte) bool {
		switch key {
		case "name":
			may = want(ident.LooseName(string(s)))
		case "purl":
			p, err := ident.ParsePURL(string(s))
			may = err != nil || want(ident.LooseName(p.Package.Name)) || want(ident.LooseName(p.Name))
		default:
			ids = append(ids, idHash(s))
		}
		return !may
	})
	if !complete || may {
		return ids[:start], true
	}
	return ids, false
}

// siftKeys are the keys sift reads the values of.
var siftKeys = []string{"name", "purl", "id", "aliases"}

// eachValue calls fn with each string value of a key sift reads, and each string of a
// list that is its value, until fn returns false. It reports false when fn did, or when
// a value is cut short or cannot be read. It goes from colon to colon, which JSON
// has far fewer of than quotes, and looks back for the key.
func eachValue(data []byte, fn func(key string, s []byte) bool) bool {
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], ':')
		if i < 0 {
			return true
		}
		i += off
		off = i + 1
		j := i
		for j > 0 && isSpace(data[j-1]) {
			j--
		}
		key := ""
		for _, k := range siftKeys {
			if j >= len(k)+2 && data[j-1] == '"' && data[j-len(k)-2] == '"' && string(data[j-len(k)-1:j-1]) == k {
				key = k
				break
			}
		}
		if key == "" {
			continue
		}
		v := bytes.TrimLeft(data[i+1:], " \t\r\n")
		list := len(v) > 0 && v[0] == '['
		if list {
			v = bytes.TrimLeft(v[1:], " \t\r\n")
		}
		for len(v) > 0 && v[0] == '"' {
			s, n, ok := jsonString(v)
			if !ok || !fn(key, s) {
				return false
			}
			if !list {
				break
			}
			v = bytes.TrimLeft(v[n:], " \t\r\n")
			if len(v) > 0 && v[0] == ',' {
				v = bytes.TrimLeft(v[1:], " \t\r\n")
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// idSeed makes idHash the same for every read in the process.
var idSeed = maphash.MakeSeed()

// idHash stands for an identifier, whatever its case. Two identifiers with one hash
// only make a skipped record be read after all.
func idHash[S string | []byte](s S) uint64 {
	var buf [64]byte
	if len(s) <= len(buf) {
		b := buf[:len(s)]
		for i := range len(s) {
			c := s[i]
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b[i] = c
		}
		return maphash.Bytes(idSeed, b)
	}
	return maphash.String(idSeed, strings.ToUpper(string(s)))
}

// keyEscaped reports whether data may spell a lower-case letter with a \u escape, as
// a key the filter looks for could be.
func keyEscaped(data []byte) bool {
	return bytes.Contains(data, []byte(`\u006`)) || bytes.Contains(data, []byte(`\u007`))
}

// jsonString reads the JSON string at the start of v, and how many bytes it took.
func jsonString(v []byte) ([]byte, int, bool) {
	end := 1
	escaped := false
	for end < len(v) && v[end] != '"' {
		if v[end] == '\\' {
			escaped = true
			end++
		}
		end++
	}
	if end >= len(v) {
		return nil, 0, false
	}
	if !escaped {
		return v[1:end], end + 1, true
	}
	var s string
	if err := json.Unmarshal(v[:end+1], &s); err != nil {
		return nil, 0, false
	}
	return []byte(s), end + 1, true
}

// aliasReach is what a filtered read has read and skipped: the identifiers and aliases
// of the advisories read, and the records skipped with the identifiers they may carry.
type aliasReach struct {
	ids     map[uint64]bool
	skipped []skippedRecord
	skipIDs []uint64
}

func (r *aliasReach) add(a *Advisory) {
	for _, id := range a.IDs() {
		r.ids[idHash(id)] = true
	}
}

// skip notes the records b skipped.
func (r *aliasReach) skip(b batch) {
	base := len(r.skipIDs)
	r.skipIDs = append(r.skipIDs, b.ids...)
	for _, s := range b.skipped {
		r.skipped = append(r.skipped, skippedRecord{index: s.index, from: base + s.from, to: base + s.to})
	}
}

// reached gives the skipped records that share an identifier with one read, directly
// or through others reached. Everything a skipped record may carry counts, a superset
// of its own identifiers, so none that shares one is missed.
func (r *aliasReach) reached() []int {
	var out []int
	taken := make([]bool, len(r.skipped))
	for changed := true; changed; {
		changed = false
		for i, s := range r.skipped {
			if taken[i] {
				continue
			}
			ids := r.skipIDs[s.from:s.to]
			for _, id := range ids {
				if r.ids[id] {
					taken[i], changed = true, true
					out = append(out, s.index)
					for _, id := range ids {
						r.ids[id] = true
					}
					break
				}
			}
		}
	}
	return out
}

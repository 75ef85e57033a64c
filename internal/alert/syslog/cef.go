package syslog

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// CEF is one event in ArcSight's Common Event Format:
//
//	CEF:Version|Device Vendor|Device Product|Device Version|Device Event Class ID|Name|Severity|Extension
//
// In the header a pipe or backslash inside a field is written \| or \\. The
// extension is key=value pairs separated by spaces; a value may hold spaces, and
// writes = as \=, a backslash as \\ and line breaks as \n or \r.
type CEF struct {
	Version       int
	Vendor        string
	Product       string
	DeviceVersion string
	SignatureID   string // Device Event Class ID: the rule or signature
	Name          string
	Severity      string // as written: 0–10, or Unknown, Low, Medium, High, Very-High
	Extension     []Param
}

// maxExtension bounds the key=value pairs read from one event.
const maxExtension = 256

// ParseCEF reads a CEF event. Errors name the part that is wrong.
func ParseCEF(event []byte) (CEF, error) {
	var c CEF
	// One string for the whole event: fields and values without escapes are
	// slices of it, which saves an allocation for each.
	rest, ok := strings.CutPrefix(string(bytes.TrimSpace(event)), "CEF:")
	if !ok {
		return c, &PartError{"CEF", "want the event to start with CEF:"}
	}
	var fields [7]string
	for i := range fields {
		var f string
		if f, rest, ok = headerCEF(rest); !ok {
			return c, &PartError{"CEF header", fmt.Sprintf("want 7 fields separated by |, found %d", i+1)}
		}
		fields[i] = f
	}
	v, err := strconv.Atoi(strings.TrimSpace(fields[0]))
	if err != nil || v < 0 || v > 9 {
		return c, &PartError{"CEF version", "want a number such as 0 or 1"}
	}
	c.Version = v
	c.Vendor, c.Product, c.DeviceVersion = fields[1], fields[2], fields[3]
	c.SignatureID, c.Name, c.Severity = fields[4], fields[5], strings.TrimSpace(fields[6])
	if c.Extension, err = parseExtension(rest); err != nil {
		return c, err
	}
	return c, nil
}

// headerCEF reads one header field up to its unescaped |.
func headerCEF(b string) (string, string, bool) {
	var out []byte
	start := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			if i+1 < len(b) && (b[i+1] == '|' || b[i+1] == '\\') {
				out = append(append(out, b[start:i]...), b[i+1])
				i++
				start = i + 1
			}
		case '|':
			if out == nil {
				return b[:i], b[i+1:], true
			}
			return string(append(out, b[start:i]...)), b[i+1:], true
		}
	}
	return "", "", false
}

// parseExtension reads key=value pairs. A value runs up to the space before the
// next key= (a run of letters, digits, _ . - followed by an unescaped =).
func parseExtension(b string) ([]Param, error) {
	out := make([]Param, 0, min(strings.Count(b, "="), maxExtension))
	i := skipSpaces(b, 0)
	for i < len(b) {
		k := keyLen(b, i)
		if k == 0 || i+k >= len(b) || b[i+k] != '=' {
			return nil, &PartError{"CEF extension", fmt.Sprintf("want key=value at character %d", i+1)}
		}
		if len(out) == maxExtension {
			return nil, &PartError{"CEF extension", fmt.Sprintf("more than %d fields", maxExtension)}
		}
		key := b[i : i+k]
		start := i + k + 1
		end := start
		for end < len(b) {
			if b[end] == '\\' {
				end += 2
				continue
			}
			if b[end] == ' ' && keyFollows(b, end+1) {
				break
			}
			end++
		}
		end = min(end, len(b))
		value := b[start:end]
		if end == len(b) {
			value = strings.TrimRight(value, " \t\r\n")
		}
		out = append(out, Param{Name: key, Value: unescapeExt(value)})
		i = skipSpaces(b, end)
	}
	return out, nil
}

func skipSpaces(b string, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

func keyLen(b string, i int) int {
	n := 0
	for i+n < len(b) {
		c := b[i+n]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			break
		}
		n++
	}
	return n
}

// keyFollows reports whether a key and its = start at i.
func keyFollows(b string, i int) bool {
	k := keyLen(b, i)
	return k > 0 && i+k < len(b) && b[i+k] == '='
}

func unescapeExt(v string) string {
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			switch v[i+1] {
			case '=', '\\', '|':
				out = append(out, v[i+1])
				i++
				continue
			case 'n':
				out = append(out, '\n')
				i++
				continue
			case 'r':
				out = append(out, '\r')
				i++
				continue
			}
		}
		out = append(out, v[i])
	}
	return string(out)
}

package ident

import (
	"fmt"
	"strings"
)

// CPE is a CPE 2.3 name in its formatted-string form, such as
// cpe:2.3:a:wolfssl:wolfssl:4.8.1:*:*:*:*:*:*:*. Attribute values are kept as written,
// with their backslash escapes, in lower case (CPE names compare without regard to case).
// "*" means any value and "-" means not applicable.
type CPE struct {
	attrs [11]string // part, vendor, product, version, update, edition, language, sw_edition, target_sw, target_hw, other
}

// MaxCPELength is the longest CPE name accepted.
const MaxCPELength = 1024

var cpeAttrNames = [11]string{"part", "vendor", "product", "version", "update", "edition", "language",
	"sw_edition", "target_sw", "target_hw", "other"}

// CPEError says where a CPE name is wrong: Column is the 1-based character position.
type CPEError struct {
	CPE    string
	Column int
	Reason string
}

func (e *CPEError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("CPE %q, character %d: %s", e.CPE, e.Column, e.Reason)
	}
	return fmt.Sprintf("CPE %q: %s", e.CPE, e.Reason)
}

// ParseCPE reads a CPE 2.3 formatted string, checking every attribute against the
// specification's rules (NISTIR 7695 §6.2): letters, digits, "_", "-" and "." may stand
// alone; other punctuation must be escaped with a backslash; "*" and "?" are wildcards
// only at the start or end of a value. An older CPE 2.2 URI (cpe:/a:vendor:product:1.0),
// which CycloneDX and CSAF still allow, is converted to the 2.3 form.
func ParseCPE(s string) (CPE, error) {
	fail := func(col int, format string, args ...any) (CPE, error) {
		return CPE{}, &CPEError{CPE: s, Column: col, Reason: fmt.Sprintf(format, args...)}
	}
	if len(s) > MaxCPELength {
		return CPE{}, &CPEError{CPE: s[:64] + "…", Reason: fmt.Sprintf("it is %d characters long; the limit is %d", len(s), MaxCPELength)}
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "cpe:/") {
		converted, ok := fromCPE22(lower)
		if !ok {
			return fail(0, "this CPE 2.2 name is malformed; give it in CPE 2.3 form, such as cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*")
		}
		c, err := ParseCPE(converted)
		if err != nil {
			return fail(0, "this CPE 2.2 name is malformed: %v", err.(*CPEError).Reason)
		}
		return c, nil
	}
	if !strings.HasPrefix(lower, "cpe:2.3:") {
		return fail(1, "a CPE 2.3 name starts with \"cpe:2.3:\"")
	}
	var c CPE
	n, start := 0, len("cpe:2.3:")
	for i := start; i <= len(lower); i++ {
		if i+1 < len(lower) && lower[i] == '\\' {
			i++ // the escaped character is checked below
			continue
		}
		if i < len(lower) && lower[i] != ':' {
			continue
		}
		if n == len(c.attrs) {
			return fail(i+1, "it has more than the 11 parts after \"cpe:2.3:\" (a colon inside a value must be escaped as \\:)")
		}
		if col, reason := checkCPEValue(lower[start:i], start); reason != "" {
			return fail(col, "%s %s", cpeAttrNames[n], reason)
		}
		c.attrs[n] = lower[start:i]
		n++
		start = i + 1
	}
	if n < len(c.attrs) {
		return fail(0, "it has %d of the 11 parts after \"cpe:2.3:\" (part, vendor, product, version, update, edition, language, sw_edition, target_sw, target_hw, other); fill the missing ones with *", n)
	}
	if p := c.attrs[0]; p != "a" && p != "o" && p != "h" && p != "*" {
		return fail(len("cpe:2.3:")+1, "part must be a (application), o (operating system) or h (hardware), not %q", p)
	}
	return c, nil
}

// checkCPEValue checks one attribute value; offset is its position in the whole name.
// It returns the 1-based column and the reason when the value is wrong, or "".
func checkCPEValue(v string, offset int) (int, string) {
	at := func(i int, reason string) (int, string) { return offset + i + 1, reason }
	if v == "" {
		return at(0, "is empty; use * for any value or - for not applicable")
	}
	if v == "*" || v == "-" {
		return 0, ""
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\':
			if i+1 >= len(v) {
				return at(i, "ends with a backslash that escapes nothing")
			}
			e := v[i+1]
			if e <= ' ' || e > '~' || isCPEAlnum(e) {
				return at(i+1, fmt.Sprintf("escapes %q, which is not punctuation; only punctuation is escaped", e))
			}
			i++
		case isCPEAlnum(c) || c == '_' || c == '-' || c == '.':
		case c == '*':
			if (i != 0 && i != len(v)-1) || len(v) == 1 {
				return at(i, "has * inside it; a literal * is written \\*")
			}
		case c == '?':
			if !wildcardRun(v, i) {
				return at(i, "has ? inside it; a literal ? is written \\?")
			}
		case c == ' ':
			return at(i, "has a space; CPE names write spaces as _")
		case c < ' ' || c > '~':
			return at(i, "has a character that is not plain ASCII text")
		default:
			return at(i, fmt.Sprintf("has %q, which must be escaped as \\%c", c, c))
		}
	}
	return 0, ""
}

// wildcardRun reports whether the ? at i is part of a run at the start or end of v.
func wildcardRun(v string, i int) bool {
	return strings.Trim(v[:i+1], "?") == "" || strings.Trim(v[i:], "?") == ""
}

func isCPEAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// String is the formatted string, in lower case.
func (c CPE) String() string { return "cpe:2.3:" + strings.Join(c.attrs[:], ":") }

// Part is "a", "o", "h" or "*".
func (c CPE) Part() string { return c.attrs[0] }

// Vendor and Product are as written, with escapes.
func (c CPE) Vendor() string  { return c.attrs[1] }
func (c CPE) Product() string { return c.attrs[2] }

// Product key: "vendor:product", the key advisories and inventories meet on.
func (c CPE) VendorProduct() string { return c.attrs[1] + ":" + c.attrs[2] }

// Version is the version without escapes, or "" when it is * (any) or - (not applicable).
func (c CPE) Version() string { return c.Value(3) }

// Update is the update (such as "sp1") without escapes, or "" when any or not applicable.
func (c CPE) Update() string { return c.Value(4) }

// Value is attribute i (0 = part … 10 = other) without escapes; "" when * or -.
func (c CPE) Value(i int) string {
	v := c.attrs[i]
	if v == "*" || v == "-" {
		return ""
	}
	if !strings.Contains(v, "\\") {
		return v
	}
	var b strings.Builder
	for j := 0; j < len(v); j++ {
		if v[j] == '\\' && j+1 < len(v) {
			j++
		}
		b.WriteByte(v[j])
	}
	return b.String()
}

// HasWildcard reports whether the vendor or product holds a wildcard, which makes the
// name a pattern rather than the name of one product.
func (c CPE) HasWildcard() bool {
	for _, v := range c.attrs[1:3] {
		if v == "*" || unescapedWildcard(v) {
			return true
		}
	}
	return false
}

func unescapedWildcard(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		}
	}
	return false
}

// CPEWord writes a vendor or product name the way CPE names write them: lower case, with
// runs of spaces as one underscore ("Roche", "cobas infinity" → "roche", "cobas_infinity").
// Names made this way are guesses at the real CPE vendor and product.
func CPEWord(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.Join(strings.Fields(s), " ")), " ", "_")
}

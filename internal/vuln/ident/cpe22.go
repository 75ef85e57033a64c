package ident

import (
	"strings"
)

// fromCPE22 converts a CPE 2.2 URI (cpe:/a:vendor:product:version:update:edition:language)
// to the CPE 2.3 formatted string, following NISTIR 7695 §6.1.3: empty parts mean any
// value, %XX is decoded (%01 and %02 are the wildcards ? and *), punctuation is escaped,
// and an edition starting with "~" unpacks into edition, sw_edition, target_sw,
// target_hw and other. It reports false when the URI has the wrong shape; the 2.3 parser
// then checks the result.
func fromCPE22(s string) (string, bool) {
	rest := s[len("cpe:/"):]
	parts := strings.Split(rest, ":")
	if len(parts) > 7 || parts[0] == "" {
		return "", false
	}
	attrs := make([]string, 11)
	for i := range attrs {
		attrs[i] = "*"
	}
	for i, p := range parts {
		if i == 5 && strings.HasPrefix(p, "~") {
			packed := strings.Split(p, "~")
			if len(packed) != 6 {
				return "", false
			}
			for j, q := range packed[1:] {
				v, ok := unbindURIValue(q)
				if !ok {
					return "", false
				}
				attrs[5+[]int{0, 2, 3, 4, 5}[j]] = v
			}
			continue
		}
		v, ok := unbindURIValue(p)
		if !ok {
			return "", false
		}
		attrs[i] = v
	}
	return "cpe:2.3:" + strings.Join(attrs, ":"), true
}

// unbindURIValue turns one URI component into a formatted-string value.
func unbindURIValue(p string) (string, bool) {
	switch p {
	case "":
		return "*", true
	case "-":
		return "-", true
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '%' {
			if i+2 >= len(p) {
				return "", false
			}
			hi, ok1 := unhex(p[i+1])
			lo, ok2 := unhex(p[i+2])
			if !ok1 || !ok2 {
				return "", false
			}
			i += 2
			switch d := hi<<4 | lo; d {
			case 1:
				b.WriteByte('?')
			case 2:
				b.WriteByte('*')
			default:
				writeQuoted(&b, d)
			}
			continue
		}
		writeQuoted(&b, c)
	}
	return b.String(), true
}

func writeQuoted(b *strings.Builder, c byte) {
	if !isCPEAlnum(c) && c != '_' && c != '-' && c != '.' {
		b.WriteByte('\\')
	}
	b.WriteByte(c)
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

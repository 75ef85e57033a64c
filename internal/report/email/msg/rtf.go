package msg

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// Outlook keeps many bodies only as compressed RTF (PR_RTF_COMPRESSED, [MS-OXRTFCP]), and an
// HTML body it received as RTF that wraps the HTML ([MS-OXRTFEX]). These read both back.

const (
	propRTFCompressed = 0x1009
	// MaxRTFBytes caps a decompressed RTF body.
	MaxRTFBytes = 8 << 20
)

// rtfDictionary is the text the LZFu dictionary starts with ([MS-OXRTFCP] 3.1.3.1).
const rtfDictionary = "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"

var errRTF = errors.New("damaged compressed RTF")

// decompressRTF undoes PR_RTF_COMPRESSED: a 16-byte header, then either the RTF as it is
// ("MELA") or LZFu-compressed ("LZFu"): control bytes whose bits, lowest first, say whether
// each next item is a literal byte or a two-byte reference into a 4096-byte dictionary.
func decompressRTF(data []byte) ([]byte, error) {
	if len(data) < 16 {
		return nil, errRTF
	}
	rawSize := int(binary.LittleEndian.Uint32(data[4:]))
	body := data[16:]
	switch string(data[8:12]) {
	case "MELA":
		return body[:min(len(body), rawSize, MaxRTFBytes)], nil
	case "LZFu":
	default:
		return nil, errRTF
	}
	var dict [4096]byte
	copy(dict[:], rtfDictionary)
	write := len(rtfDictionary)
	out := make([]byte, 0, min(rawSize, MaxRTFBytes))
	put := func(c byte) {
		out = append(out, c)
		dict[write] = c
		write = (write + 1) % len(dict)
	}
	for i := 0; i < len(body); {
		control := body[i]
		i++
		for bit := 0; bit < 8 && i < len(body); bit++ {
			if len(out) >= MaxRTFBytes {
				return out, nil
			}
			if control&(1<<bit) == 0 {
				put(body[i])
				i++
				continue
			}
			if i+1 >= len(body) {
				return out, nil
			}
			ref := int(body[i])<<8 | int(body[i+1])
			i += 2
			offset, length := ref>>4, ref&0xF+2
			if offset == write {
				return out, nil // the end marker
			}
			for k := 0; k < length; k++ {
				put(dict[(offset+k)%len(dict)])
			}
		}
	}
	return out, nil
}

// rtfGroup is what an RTF group does to the text inside it.
type rtfGroup struct {
	skip    bool // a destination that is not text: fonts, colours, pictures, document info
	htmltag bool // {\*\htmltag …}: HTML markup wrapped in RTF
	htmlrtf bool // inside \htmlrtf … \htmlrtf0: RTF that has no place in the HTML
}

// skippedDestinations hold no readable text.
var skippedDestinations = map[string]bool{"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true,
	"pict": true, "header": true, "footer": true, "themedata": true, "datastore": true, "latentstyles": true,
	"listtable": true, "listoverridetable": true, "rsidtbl": true, "generator": true, "xmlnstbl": true, "object": true}

// rtfBody reads an RTF document: the HTML it wraps when it was made from HTML (\fromhtml1),
// otherwise its text, keeping the targets of HYPERLINK fields.
func rtfBody(rtf []byte) (text, html string) {
	fromHTML := strings.Contains(string(rtf[:min(len(rtf), 2048)]), "\\fromhtml")
	var b strings.Builder
	stack := []rtfGroup{{}}
	cur := func() *rtfGroup { return &stack[len(stack)-1] }
	emit := func(s string) {
		g := cur()
		if g.skip || fromHTML && g.htmlrtf && !g.htmltag {
			return
		}
		b.WriteString(s)
	}
	ignorable := false // the group began with \*
	fallback := 0      // characters still to drop after \uN: the stand-in for readers without Unicode
	for i := 0; i < len(rtf) && b.Len() < MaxRTFBytes; i++ {
		c := rtf[i]
		switch c {
		case '{':
			if len(stack) < 256 {
				stack = append(stack, *cur())
			}
			ignorable = false
		case '}':
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case '\r', '\n':
		case '\\':
			if i+1 >= len(rtf) {
				break
			}
			next := rtf[i+1]
			switch {
			case next == '\\' || next == '{' || next == '}':
				emit(string(next))
				i++
			case next == '\'' && i+3 < len(rtf):
				if v, err := strconv.ParseUint(string(rtf[i+2:i+4]), 16, 8); err == nil && fallback == 0 {
					emit(string(rune(v))) // Windows-1252's Latin-1 part
				} else if fallback > 0 {
					fallback--
				}
				i += 3
			case next == '*':
				ignorable = true
				i++
			case 'a' <= next && next <= 'z':
				j := i + 1
				for j < len(rtf) && 'a' <= rtf[j] && rtf[j] <= 'z' {
					j++
				}
				word := string(rtf[i+1 : j])
				k := j
				if k < len(rtf) && (rtf[k] == '-' || '0' <= rtf[k] && rtf[k] <= '9') {
					k++
					for k < len(rtf) && '0' <= rtf[k] && rtf[k] <= '9' {
						k++
					}
				}
				param := string(rtf[j:k])
				if k < len(rtf) && rtf[k] == ' ' {
					k++
				}
				i = k - 1
				rtfWord(word, param, cur(), ignorable, emit)
				if word == "u" {
					fallback = 1
				}
				ignorable = false
			default:
				i++ // other control symbols: \~ \- \_ and the like
			}
		default:
			if fallback > 0 {
				fallback--
				continue
			}
			emit(string(c))
		}
	}
	if fromHTML {
		return "", b.String()
	}
	return b.String(), ""
}

// rtfWord applies one control word.
func rtfWord(word, param string, g *rtfGroup, ignorable bool, emit func(string)) {
	switch {
	case word == "htmltag":
		g.htmltag, g.skip = true, false
	case word == "htmlrtf":
		g.htmlrtf = param != "0"
	case word == "fldinst":
		// keep HYPERLINK "https://…" so the link is found
	case skippedDestinations[word] || ignorable:
		g.skip = true
	case word == "par" || word == "line":
		emit("\n")
	case word == "tab":
		emit("\t")
	case word == "u":
		if n, err := strconv.Atoi(param); err == nil {
			if n < 0 {
				n += 65536
			}
			emit(string(rune(n)))
		}
	}
}

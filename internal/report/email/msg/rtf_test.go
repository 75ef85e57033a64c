package msg

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email/msg/msgtest"
)

// compressRTF writes data in LZFu form, using a reference wherever the dictionary already
// holds the next bytes: a small compressor for the tests, not a good one.
func compressRTF(data []byte) []byte {
	var dict [4096]byte
	copy(dict[:], rtfDictionary)
	write := len(rtfDictionary)
	var body []byte
	for i := 0; i <= len(data); {
		controlAt := len(body)
		body = append(body, 0)
		for bit := 0; bit < 8; bit++ {
			if i == len(data) { // the end marker: a reference to the write position
				body[controlAt] |= 1 << bit
				body = append(body, byte(write>>4), byte(write<<4))
				i++
				break
			}
			best, bestLen := 0, 0
			for off := 0; off < len(dict); off++ {
				n := 0
				for n < 17 && i+n < len(data) && dict[(off+n)%4096] == data[i+n] && (off+n)%4096 != write {
					n++
				}
				if n > bestLen {
					best, bestLen = off, n
				}
			}
			if bestLen >= 2 {
				body[controlAt] |= 1 << bit
				ref := best<<4 | (bestLen - 2)
				body = append(body, byte(ref>>8), byte(ref))
				for k := 0; k < bestLen; k++ {
					dict[write] = data[i+k]
					write = (write + 1) % 4096
				}
				i += bestLen
				continue
			}
			body = append(body, data[i])
			dict[write] = data[i]
			write = (write + 1) % 4096
			i++
		}
	}
	head := make([]byte, 16)
	binary.LittleEndian.PutUint32(head[0:], uint32(len(body)+12))
	binary.LittleEndian.PutUint32(head[4:], uint32(len(data)))
	copy(head[8:], "LZFu")
	return append(head, body...)
}

func TestCompressedRTFBodies(t *testing.T) {
	plain := `{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}\pard Your mailbox is full.\par ` +
		`{\field{\*\fldinst HYPERLINK "https://mailbox-full.example/keep"}{\fldrslt Keep my e-mails}}\par Caf\'e9 \u8364?5\par}`
	raw, err := decompressRTF(compressRTF([]byte(plain)))
	if err != nil || string(raw) != plain {
		t.Fatalf("decompressRTF = %q, %v; want the original", raw, err)
	}
	text, html := rtfBody(raw)
	if html != "" || !strings.Contains(text, "Your mailbox is full.") || !strings.Contains(text, `HYPERLINK "https://mailbox-full.example/keep"`) ||
		!strings.Contains(text, "Café €5") || strings.Contains(text, "Calibri") {
		t.Errorf("text = %q", text)
	}

	fromHTML := `{\rtf1\ansi\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag34 <a href="https://lure.example/x">}\htmlrtf {\field}\htmlrtf0 Open{\*\htmltag35 </a>}}`
	_, html = rtfBody([]byte(fromHTML))
	if html != `<html><a href="https://lure.example/x">Open</a>` {
		t.Errorf("html = %q", html)
	}
	if _, err := decompressRTF([]byte("short")); err == nil {
		t.Error("a damaged header was read")
	}
}

func TestMessageWithOnlyAnRTFBody(t *testing.T) {
	data := msgtest.Build(msgtest.Message{Subject: "RTF only", SenderAddress: "a@b.example",
		RTF: compressRTF([]byte(`{\rtf1\ansi\fromhtml1 {\*\htmltag <p>}Sign in{\*\htmltag </p>}}`))})
	m, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if m.HTML != "<p>Sign in</p>" {
		t.Errorf("html = %q", m.HTML)
	}
}

func FuzzRTF(f *testing.F) {
	f.Add(compressRTF([]byte(`{\rtf1 hello\par}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if raw, err := decompressRTF(data); err == nil {
			rtfBody(raw)
		}
		rtfBody(data)
	})
}

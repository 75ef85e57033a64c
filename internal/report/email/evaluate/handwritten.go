package evaluate

import (
	_ "embed"
	"strings"
)

// handwrittenSet holds the hand-written messages; see the file's opening comment.
//
//go:embed testdata/handwritten.txt
var handwrittenSet string

// Handwritten returns the hand-written labelled messages.
func Handwritten() []Sample {
	var out []Sample
	var cur *Sample
	var body []string
	flush := func() {
		if cur != nil {
			raw := strings.Join(body, "\r\n") + "\r\n"
			if head, _, _ := strings.Cut(raw, "\r\n\r\n"); !strings.Contains(strings.ToLower(head), "content-type:") {
				// Mail programs label their text; the file leaves that out for brevity.
				raw = "Content-Type: text/plain; charset=utf-8\r\n" + raw
			}
			cur.Raw = []byte(raw)
			out = append(out, *cur)
		}
		cur, body = nil, nil
	}
	for _, line := range strings.Split(handwrittenSet, "\n") {
		if strings.HasPrefix(line, "=== ") {
			flush()
			f := strings.Fields(line[4:])
			if len(f) == 3 {
				if label, ok := parseLabel(f[1]); ok {
					cur = &Sample{Name: f[0], Label: label, Family: f[2]}
				}
			}
			continue
		}
		if cur != nil {
			body = append(body, line)
		}
	}
	flush()
	return out
}

package syslog_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/vigil-health/vigil/internal/alert/syslog"
)

// frames reads a whole stream and describes what the Framer returned: each
// message, "too big:N" for a message rejected for its size, and the error that
// ended the stream ("EOF" when it ended cleanly).
func frames(t *testing.T, stream string, max int) []string {
	t.Helper()
	// One byte at a time as well as all at once: a message split across reads
	// must read the same.
	var out []string
	for _, r := range []io.Reader{strings.NewReader(stream), iotest.OneByteReader(strings.NewReader(stream))} {
		var got []string
		f := syslog.NewFramer(r, max)
		for range 100 {
			b, err := f.Next()
			var fe *syslog.FrameError
			if errors.As(err, &fe) {
				got = append(got, fmt.Sprintf("too big:%d", fe.Frame))
				continue
			}
			if err != nil {
				msg := err.Error()
				if err == io.EOF {
					msg = "EOF"
				}
				got = append(got, msg)
				break
			}
			got = append(got, string(b))
		}
		if out != nil && fmt.Sprint(out) != fmt.Sprint(got) {
			t.Errorf("read whole: %q\nread a byte at a time: %q", out, got)
		}
		out = got
	}
	return out
}

func TestFramer(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream string
		max    int
		want   []string
	}{
		{"octet counting", "11 <13>1 - - x12 <13>1 - - xy", 0, []string{"<13>1 - - x", "<13>1 - - xy", "EOF"}},
		{"octet counting with line ends between", "11 <13>1 - - x\n11 <13>1 - - y\r\n", 0,
			[]string{"<13>1 - - x", "<13>1 - - y", "EOF"}},
		{"a count that holds a line end", "13 <13>1 - - a\nb", 0, []string{"<13>1 - - a\nb", "EOF"}},
		{"lines", "<13>1 - - a\n<13>1 - - b\r\n\n<13>1 - - c", 0, []string{"<13>1 - - a", "<13>1 - - b", "<13>1 - - c", "EOF"}},
		{"NUL as the trailer", "<13>a\x00<13>b\x00", 0, []string{"<13>a", "<13>b", "EOF"}},
		{"a long line among short ones", "<13>a\n<13>" + strings.Repeat("x", 50) + "\n<13>c\n", 20,
			[]string{"<13>a", "too big:2", "<13>c", "EOF"}},
		{"a long counted message among short ones", "5 <13>a60 <13>" + strings.Repeat("x", 56) + "5 <13>c", 20,
			[]string{"<13>a", "too big:2", "<13>c", "EOF"}},
		{"exactly the limit", "20 <13>" + strings.Repeat("x", 16) + "21 <13>" + strings.Repeat("y", 17), 20,
			[]string{"<13>" + strings.Repeat("x", 16), "too big:2", "EOF"}},
		{"not syslog", "GET / HTTP/1.1\r\n", 0, []string{`not syslog: a message starts with < or with its length, found "G"`}},
		{"a count with a leading zero", "5 <13>a05 <13>b", 0,
			[]string{"<13>a", `not syslog: message 2: want its length in digits and a space, found "0"`}},
		{"a count that never ends", "1234567890 <13>", 0, []string{`not syslog: message 1: want its length in digits and a space, found "0"`}},
		{"lines, then a count", "11 <13>1 - - x<13>y\n", 0,
			[]string{"<13>1 - - x", `not syslog: message 2: want its length in digits and a space, found "<"`}},
		{"cut off inside a counted message", "20 <13>short", 0, []string{"message 1: the stream ended inside it: unexpected EOF"}},
		{"cut off inside a count", "20", 0, []string{"message 1: the stream ended inside it: unexpected EOF"}},
		{"empty", "", 0, []string{"EOF"}},
		{"only line ends", "\r\n\n", 0, []string{"EOF"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := frames(t, tc.stream, tc.max); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestFramerReadError(t *testing.T) {
	f := syslog.NewFramer(io.MultiReader(strings.NewReader("<13>a\n<13>b"), iotest.ErrReader(errors.New("connection reset"))), 0)
	if b, err := f.Next(); string(b) != "<13>a" || err != nil {
		t.Fatalf("first message %q, %v", b, err)
	}
	if _, err := f.Next(); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("the read error was not passed on: %v", err)
	}
}

package syslog_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/alerttest"
	"github.com/vigil-health/vigil/internal/alert/syslog"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The fuzz targets check that no stream or message makes the framer or the
// parsers panic, loop or keep more than their limits, and that every alert read
// keeps the promises in alerttest.Check. Run one longer with, for example:
//
//	go test -run '^$' -fuzz FuzzFramer -fuzztime 60s ./internal/alert/syslog/

func samples(f *testing.F) [][]byte {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".log") {
			out = append(out, sample(f, e.Name()))
		}
	}
	return out
}

// Seeds stay small: Go's fuzzer slows to a crawl on seeds of several kilobytes.
func FuzzFramer(f *testing.F) {
	for _, s := range samples(f) {
		f.Add(append(s, '\n'))
		f.Add(append(strconv.AppendInt(nil, int64(len(s)), 10), append([]byte(" "), s...)...))
	}
	f.Add([]byte("11 <13>1 - - x12 <13>1 - - xy"))
	f.Add([]byte("<13>1 - - a\r\n\n<13>1 - - b\x00<13>c"))
	f.Add([]byte("3 <1>999999999 <1>\x00<2>\r\n"))
	f.Fuzz(func(t *testing.T, stream []byte) {
		const max = 512
		fr := syslog.NewFramer(bytes.NewReader(stream), max)
		for n := 0; ; n++ {
			if n > len(stream)+1 {
				t.Fatalf("more messages than bytes in the stream")
			}
			b, err := fr.Next()
			var fe *syslog.FrameError
			switch {
			case err == nil:
				if len(b) > max || len(b) == 0 && fr.Frames() == 0 {
					t.Fatalf("message of %d bytes", len(b))
				}
			case errors.As(err, &fe):
				if fe.Frame != fr.Frames() {
					t.Fatalf("frame error names message %d of %d", fe.Frame, fr.Frames())
				}
			case err == io.EOF, errors.Is(err, syslog.ErrNotSyslog), errors.Is(err, io.ErrUnexpectedEOF):
				return
			default:
				t.Fatalf("unexpected error from an in-memory stream: %v", err)
			}
		}
	})
}

func FuzzParseMessage(f *testing.F) {
	for _, s := range samples(f) {
		f.Add(s)
	}
	f.Add([]byte(`<191>999 - h a p m [a b="\\\"\]"][c] `))
	f.Add([]byte("<0>Jan  1 00:00:00 h {"))
	f.Fuzz(func(t *testing.T, frame []byte) {
		m, err := syslog.ParseMessage(frame)
		if err != nil {
			var pe *syslog.PartError
			if !errors.As(err, &pe) || pe.Part == "" || pe.Why == "" {
				t.Fatalf("error %v does not name the part", err)
			}
			return
		}
		if m.Facility > 23 || m.Severity > 7 || len(m.Hostname) > 255 || len(m.Body) > len(frame) {
			t.Fatalf("message out of bounds: %+v", m)
		}
	})
}

func FuzzCEF(f *testing.F) {
	for _, s := range samples(f) {
		if i := bytes.Index(s, []byte("CEF:")); i >= 0 {
			f.Add(s[i:])
		}
	}
	f.Add([]byte(`CEF:1|\|\\|\|||x|Very-High|a=\=b=c d= e=\`))
	f.Fuzz(func(t *testing.T, event []byte) {
		c, err := syslog.ParseCEF(event)
		if err != nil {
			var pe *syslog.PartError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v does not name the part", err)
			}
			return
		}
		if len(c.Extension) > 256 {
			t.Fatalf("%d extension fields", len(c.Extension))
		}
		for _, p := range c.Extension {
			if p.Name == "" {
				t.Fatalf("an extension field without a key: %+v", p)
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range samples(f) {
		f.Add(s)
	}
	f.Add([]byte("<13>1 - h CEF 1 m 0|v|p|1|s|n|5|rt=Feb 29 10:00:00 start=99999999999999999 cs1Label=MITRE cs1=t1110,T1059.001"))
	p := syslog.NewParser("", "fuzz")
	f.Fuzz(func(t *testing.T, frame []byte) {
		a, err := p.Parse(frame, received)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid || alert.Problem(err) == "" {
				t.Fatalf("refusal %v is not a plain invalid-input error", err)
			}
			return
		}
		if bad := alerttest.Check(a); bad != nil {
			t.Fatalf("accepted alert breaks promises: %v\n%q", bad, frame)
		}
	})
}

package format_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
)

// The benchmarks never fail on time; the figures and the command that produced
// them are in docs/performance-alerts.md. Run them on one core:
//
//	go test -run '^$' -bench . -cpu 1 ./internal/alert/format/

// BenchmarkDecode decodes one typical alert of each format, over and over.
func BenchmarkDecode(b *testing.B) {
	for _, tc := range []struct {
		name   string
		format alert.Format
	}{
		{"wazuh-sshd.json", alert.Wazuh},
		{"wazuh-windows-logon.json", alert.Wazuh},
		{"ecs-elastic-security.json", alert.ECS},
		{"ocsf-detection-finding.json", alert.OCSF},
		{"generic-sentinel.json", alert.Generic},
	} {
		raw := compact(b, readSample(b, tc.name))
		b.Run(tc.name, func(b *testing.B) {
			d := format.NewDecoder()
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				if _, err := d.Decode(tc.format, raw, received); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "alerts/s")
		})
	}
}

// BenchmarkRead reads a generated NDJSON batch of 1,000 alerts of each format,
// with the format told from the first record, as the API will: framing,
// detection and decoding. ns/alert is the cost of one alert end to end.
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"wazuh-sshd.json", "wazuh-windows-logon.json", "ecs-elastic-security.json",
		"ocsf-detection-finding.json", "generic-sentinel.json"} {
		body := batch(b, name, 1000)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			n := 0
			start := time.Now()
			for b.Loop() {
				_, err := format.Read(context.Background(), bytes.NewReader(body), format.Options{Received: received},
					func(alert.Alert) error { n++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.ReportMetric(float64(elapsed.Nanoseconds())/float64(n), "ns/alert")
			b.ReportMetric(float64(n)/elapsed.Seconds(), "alerts/s")
		})
	}
}

// batch makes n NDJSON lines from a sample, each with its own id and addresses,
// so that nothing is cached between alerts.
func batch(b *testing.B, name string, n int) []byte {
	rec := compact(b, readSample(b, name))
	var out bytes.Buffer
	for i := range n {
		line := rec
		for _, swap := range [][2]string{
			{"1714558953.4818307", fmt.Sprintf("1714558953.%d", i)},
			{"198.51.100.23", fmt.Sprintf("198.51.%d.%d", i/250, i%250)},
			{"7c1d0f0e9a7b4c2e8f5a", fmt.Sprintf("%020d", i)},
			{"b7e2c8d4-6f1a", fmt.Sprintf("b7e2c8d4-%04x", i)},
			{"sentinel-incident-4711", fmt.Sprintf("sentinel-incident-%d", i)},
			{"10.40.12.201", fmt.Sprintf("10.40.%d.%d", i/250, i%250)},
		} {
			line = bytes.ReplaceAll(line, []byte(swap[0]), []byte(swap[1]))
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// compact writes a sample on one line, as senders do.
func compact(b testing.TB, raw []byte) []byte {
	var buf bytes.Buffer
	if err := jsonCompact(&buf, raw); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func jsonCompact(dst *bytes.Buffer, src []byte) error { return json.Compact(dst, src) }

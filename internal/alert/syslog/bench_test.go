package syslog_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert/syslog"
)

// The benchmarks never fail on time; the figures and the command that produced
// them are in docs/performance-alerts.md. Run them on one core:
//
//	go test -run '^$' -bench . -cpu 1 ./internal/alert/syslog/

// BenchmarkParse reads one syslog message of each kind into an alert.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"cef-paloalto-threat.log", "cef-defender-identity.log", "cef-fortigate-bsd.log", "json-wazuh.log"} {
		frame := sample(b, name)
		b.Run(name, func(b *testing.B) {
			p := syslog.NewParser("", "bench")
			b.SetBytes(int64(len(frame)))
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				if _, err := p.Parse(frame, received); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "alerts/s")
		})
	}
}

// stream makes n octet-counted copies of a message, as rsyslog sends them.
func stream(b *testing.B, name string, n int) []byte {
	frame := sample(b, name)
	var out bytes.Buffer
	for range n {
		fmt.Fprintf(&out, "%d %s", len(frame), frame)
	}
	return out.Bytes()
}

// BenchmarkFramer cuts a stream of 1,000 CEF messages into frames.
func BenchmarkFramer(b *testing.B) {
	s := stream(b, "cef-paloalto-threat.log", 1000)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		fr := syslog.NewFramer(bytes.NewReader(s), 0)
		for {
			if _, err := fr.Next(); err != nil {
				break
			}
		}
	}
}

// BenchmarkListener sends 10,000 CEF messages over one loopback TCP connection
// and waits until the listener has handed over every alert: framing, parsing and
// the network, end to end.
func BenchmarkListener(b *testing.B) {
	const n = 10_000
	l, err := syslog.Listen("tcp", "127.0.0.1:0", syslog.Config{})
	if err != nil {
		b.Fatal(err)
	}
	var got atomic.Int64
	done := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Serve(ctx, func(r syslog.Result) {
		if r.Err != nil {
			b.Error(r.Err)
		}
		if got.Add(1)%n == 0 {
			done <- struct{}{}
		}
	})
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	s := stream(b, "cef-paloalto-threat.log", n)
	w := bufio.NewWriter(conn)
	b.SetBytes(int64(len(s)))
	start := time.Now()
	for b.Loop() {
		w.Write(s)
		w.Flush()
		<-done
	}
	b.ReportMetric(float64(b.N*n)/time.Since(start).Seconds(), "alerts/s")
}

package format_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/alerttest"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The fuzz targets check that no body or record makes the reader panic, that a
// refusal is a plain Invalid error, and that every alert it keeps keeps the
// promises in alerttest.Check. Run one longer with, for example:
//
//	go test -run '^$' -fuzz FuzzWazuh -fuzztime 60s ./internal/alert/format/

// seeds adds the samples whose names start with prefix, each record on its own
// and compacted: Go's fuzzer slows to a crawl on seeds of several kilobytes.
func seeds(f *testing.F, prefix string) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		for _, rec := range bytes.Split(readSample(f, e.Name()), []byte("\n")) {
			if rec = bytes.TrimSpace(rec); len(rec) == 0 {
				continue
			}
			var buf bytes.Buffer
			if json.Compact(&buf, rec) == nil {
				rec = buf.Bytes()
			}
			f.Add(rec)
		}
	}
}

func fuzzDecode(f *testing.F, form alert.Format) {
	d := format.NewDecoder()
	f.Fuzz(func(t *testing.T, rec []byte) {
		a, err := d.Decode(form, rec, received)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid || alert.Problem(err) == "" {
				t.Fatalf("refusal %v is not a plain invalid-input error", err)
			}
			return
		}
		if a.Source.Format != form || !bytes.Equal(a.Raw, rec) {
			t.Fatalf("format %q, or the raw record differs", a.Source.Format)
		}
		if bad := alerttest.Check(a); bad != nil {
			t.Fatalf("accepted alert breaks promises: %v\n%s", bad, rec)
		}
	})
}

func FuzzWazuh(f *testing.F) {
	seeds(f, "wazuh-")
	f.Add([]byte(wazuhMinimal))
	f.Add([]byte(`{"rule":{"level":"016","id":1e3},"timestamp":"2024-05-01T10:22:33.123-2359","data":{"win":{"eventdata":{"hashes":"SHA1=,MD5=zz,IMPHASH=00"}}}}`))
	fuzzDecode(f, alert.Wazuh)
}

func FuzzECS(f *testing.F) {
	seeds(f, "ecs-")
	f.Add([]byte(`{"event.kind":"alert","event":{"kind":"signal","severity":"100"},"host.ip":["::ffff:10.0.0.1",null,{}],"kibana.alert.severity":"LOW"}`))
	fuzzDecode(f, alert.ECS)
}

func FuzzOCSF(f *testing.F) {
	seeds(f, "ocsf-")
	f.Add([]byte(`{"class_uid":2004.0,"severity_id":99,"severity":"Fatal","time":253402300799999,"finding_info":{"title":"\u0000"},"observables":[{"type_id":2,"value":"1.1.1.1"},{"value":"x"}]}`))
	fuzzDecode(f, alert.OCSF)
}

func FuzzGeneric(f *testing.F) {
	seeds(f, "generic-sentinel")
	f.Add([]byte(`{"title":"  \t ","severity":"Informational","techniques":["t1110"],"hostnames":["a..b","10.0.0.1"],"agent":{"name":"X"}}`))
	fuzzDecode(f, alert.Generic)
}

// FuzzRead feeds whole bodies: arrays, NDJSON and pretty JSON, cut and mixed.
func FuzzRead(f *testing.F) {
	seeds(f, "generic-")
	seeds(f, "wazuh-sshd")
	f.Add(readSample(f, "generic-sentinel.json"))
	f.Add([]byte("[" + wazuhMinimal + "," + wazuhMinimal[:40]))
	f.Add([]byte("\ufeff" + wazuhMinimal + "\r\n\n" + wazuhMinimal[:90] + "\n" + wazuhMinimal))
	f.Add([]byte(`[{"a":"]\"}"}, 1, "x", [], {}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		limits := format.Limits{RecordBytes: 4096, Records: 50}
		kept := 0
		batch, err := format.Read(context.Background(), bytes.NewReader(body), format.Options{Limits: limits, Received: received},
			func(a alert.Alert) error {
				kept++
				if len(a.Raw) > limits.RecordBytes {
					t.Fatalf("kept a record of %d bytes", len(a.Raw))
				}
				if bad := alerttest.Check(a); bad != nil {
					t.Fatalf("accepted alert breaks promises: %v", bad)
				}
				return nil
			})
		if err != nil {
			t.Fatalf("Read failed on an in-memory body: %v", err)
		}
		if kept+len(batch.Rejected) > limits.Records+1 {
			t.Fatalf("%d kept and %d rejected from a batch of at most %d", kept, len(batch.Rejected), limits.Records)
		}
		for _, r := range batch.Rejected {
			if r.Line < 1 || r.Error == "" {
				t.Fatalf("rejection %+v does not say where or why", r)
			}
		}
	})
}

package format_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
)

func generic(title string) string {
	return fmt.Sprintf(`{"title":%q,"severity":"low"}`, title)
}

// read reads body and returns the titles of the alerts kept and the answer.
func read(t *testing.T, body string, opt format.Options) ([]string, alert.Batch) {
	t.Helper()
	if opt.Received.IsZero() {
		opt.Received = received
	}
	var titles []string
	batch, err := format.Read(context.Background(), strings.NewReader(body), opt, func(a alert.Alert) error {
		titles = append(titles, a.Title)
		return nil
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return titles, batch
}

func TestReadShapes(t *testing.T) {
	type rejection = alert.Rejection
	pretty := "{\n  \"title\": \"one\",\n  \"severity\": \"low\"\n}\n"
	for _, tc := range []struct {
		name     string
		body     string
		limits   format.Limits
		titles   string // joined with |
		rejected []rejection
	}{
		{name: "NDJSON with bad lines among good ones",
			body:   generic("a") + "\n\n{\"title\": \"b\", \"severity\":\n" + `{"title":"c","severity":"urgent"}` + "\r\n" + generic("d") + "\r\n",
			titles: "a|d",
			rejected: []rejection{{Line: 3, Error: "not valid JSON at character 27: the record ends too soon"},
				{Line: 4, Error: "severity: want info, low, medium, high or critical"}}},
		{name: "NDJSON whose last line was cut off", body: generic("a") + "\n" + generic("b") + "\n" + generic("c")[:20],
			titles:   "a|b",
			rejected: []rejection{{Line: 3, Error: "not valid JSON at character 21: the record ends too soon"}}},
		{name: "a one-line array with a bad item", body: "[" + generic("a") + `,{"title":"b"},` + generic("c") + "]",
			titles:   "a|c",
			rejected: []rejection{{Line: 2, Error: "severity: missing; want info, low, medium, high or critical"}}},
		{name: "a pretty array", body: "[\n  " + generic("a") + ",\n  " + generic("b") + "\n]\n", titles: "a|b"},
		{name: "an empty array", body: " [ ] ", titles: ""},
		{name: "a pretty object", body: pretty, titles: "one"},
		{name: "pretty objects one after another", body: pretty + pretty + "\n" + strings.Replace(pretty, `"low"`, `"none"`, 1),
			titles:   "one|one",
			rejected: []rejection{{Line: 10, Error: "severity: want info, low, medium, high or critical"}}},
		{name: "a byte order mark", body: "\ufeff" + generic("a"), titles: "a"},
		{name: "an empty body", body: "", titles: ""},
		{name: "white space", body: " \r\n\t\n", titles: ""},
		{name: "not JSON", body: "hello", rejected: []rejection{{Line: 1,
			Error: "the body is not JSON alerts: send one JSON object, an array of objects, or one object per line (NDJSON)"}}},
		{name: "an array missing a comma", body: "[" + generic("a") + " " + generic("b") + "]",
			titles:   "a",
			rejected: []rejection{{Line: 2, Error: `want a comma or ] after item 1, found "{"`}}},
		{name: "an array cut off inside an item", body: "[" + generic("a") + `,{"title":"b`,
			titles:   "a",
			rejected: []rejection{{Line: 2, Error: "the body ends inside this record; it may have been cut off"}}},
		{name: "an array with no end", body: "[" + generic("a") + ",",
			titles:   "a",
			rejected: []rejection{{Line: 2, Error: "the array has no closing ]; the body may have been cut off"}}},
		{name: "something after the array", body: "[" + generic("a") + "] {}",
			titles:   "a",
			rejected: []rejection{{Line: 2, Error: "there is more after the array's closing ]; it was not read"}}},
		{name: "an array of numbers", body: "[1, 2]",
			rejected: []rejection{{Line: 1, Error: "want a JSON object for each alert"}, {Line: 2, Error: "want a JSON object for each alert"}}},
		{name: "an oversized line", limits: format.Limits{RecordBytes: 100},
			body:     generic("a") + "\n" + generic(strings.Repeat("x", 200)) + "\n" + generic("c") + "\n",
			titles:   "a|c",
			rejected: []rejection{{Line: 2, Error: "this record is larger than 100 bytes, the most Vigil reads for one alert"}}},
		{name: "an oversized item", limits: format.Limits{RecordBytes: 1024},
			body:     "[" + generic("a") + "," + generic(strings.Repeat("]}", 1000)) + "," + generic("c") + "]",
			titles:   "a|c",
			rejected: []rejection{{Line: 2, Error: "this record is larger than 1 KB, the most Vigil reads for one alert"}}},
		{name: "too many records", limits: format.Limits{Records: 3},
			body:   strings.Repeat(generic("a")+"\n", 5),
			titles: "a|a|a",
			rejected: []rejection{{Line: 4,
				Error: "a batch may hold 3 alerts; this one and any after it were not read, so send them in another batch"}}},
		{name: "as many records as allowed", limits: format.Limits{Records: 3},
			body: "[" + strings.Repeat(generic("a")+",", 2) + generic("a") + "]", titles: "a|a|a"},
		{name: "too many bytes", limits: format.Limits{BatchBytes: 100},
			body:   strings.Repeat(generic("a")+"\n", 5),
			titles: "a|a|a",
			rejected: []rejection{{Line: 4,
				Error: "a batch may hold 100 bytes; this record and any after it were not read, so send them in another batch"}}},
		{name: "undetectable, then detectable", body: `{"hello":"world"}` + "\n" + generic("a") + "\n",
			titles: "a",
			rejected: []rejection{{Line: 1, Error: "Vigil cannot tell which format this alert is in: name it with ?format=wazuh, ecs, ocsf or generic, " +
				"or send the generic shape with a title and a severity"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			titles, batch := read(t, tc.body, format.Options{Limits: tc.limits})
			if got := strings.Join(titles, "|"); got != tc.titles {
				t.Errorf("kept %q, want %q", got, tc.titles)
			}
			if fmt.Sprint(batch.Rejected) != fmt.Sprint(tc.rejected) {
				t.Errorf("rejected\n%v\nwant\n%v", batch.Rejected, tc.rejected)
			}
			if batch.Accepted != 0 || batch.Duplicates != 0 {
				t.Errorf("the reader counted %d accepted and %d duplicates; that is the writer's job", batch.Accepted, batch.Duplicates)
			}
		})
	}
}

func TestReadNamedFormat(t *testing.T) {
	body := string(readSample(t, "wazuh-alerts.ndjson")) + generic("not wazuh") + "\n"
	titles, batch := read(t, body, format.Options{Format: alert.Wazuh, Source: "wazuh-manager-01"})
	if len(titles) != 5 {
		t.Errorf("kept %d Wazuh alerts, want 5", len(titles))
	}
	want := []alert.Rejection{{Line: 6, Error: "rule.id: missing; every Wazuh alert has one; rule.level: missing; every Wazuh alert has one, from 0 to 16"}}
	if fmt.Sprint(batch.Rejected) != fmt.Sprint(want) {
		t.Errorf("rejected %v, want %v", batch.Rejected, want)
	}
}

func TestReadStampsEveryAlert(t *testing.T) {
	var got []alert.Alert
	_, err := format.Read(context.Background(), bytes.NewReader(readSample(t, "generic-array.json")),
		format.Options{Source: "sentinel-logic-app"}, func(a alert.Alert) error {
			got = append(got, a)
			return nil
		})
	if err != nil || len(got) != 2 {
		t.Fatalf("Read = %d alerts, %v", len(got), err)
	}
	for _, a := range got {
		if a.Source.Name != "sentinel-logic-app" || a.Source.Format != alert.Generic || a.Received.IsZero() {
			t.Errorf("alert %q: source %+v, received %v", a.Title, a.Source, a.Received)
		}
	}
	if got[0].Severity != alert.High || got[1].Severity != alert.Medium {
		t.Errorf("severities %v, %v", got[0].Severity, got[1].Severity)
	}
}

// TestReadAFullBatch reads the largest batch the defaults allow, of real-sized
// Wazuh alerts, and one record more.
func TestReadAFullBatch(t *testing.T) {
	line := readSample(t, "wazuh-sshd.json")
	var body bytes.Buffer
	for i := range format.MaxRecords + 1 {
		body.Write(bytes.Replace(line, []byte("1714558953.4818307"), fmt.Appendf(nil, "1714558953.%d", i), 1))
	}
	n := 0
	keys := map[string]bool{}
	batch, err := format.Read(context.Background(), &body, format.Options{}, func(a alert.Alert) error {
		n++
		keys[a.DedupKey] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != format.MaxRecords || len(keys) != n {
		t.Errorf("kept %d alerts with %d keys, want %d", n, len(keys), format.MaxRecords)
	}
	if len(batch.Rejected) != 1 || batch.Rejected[0].Line != format.MaxRecords+1 {
		t.Errorf("rejected %v, want line %d only", batch.Rejected, format.MaxRecords+1)
	}
}

func TestReadStops(t *testing.T) {
	body := strings.Repeat(generic("a")+"\n", 3)
	stop := errors.New("disk full")
	n := 0
	_, err := format.Read(context.Background(), strings.NewReader(body), format.Options{}, func(alert.Alert) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("after keep failed: %d alerts, error %v", n, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := format.Read(ctx, strings.NewReader(body), format.Options{}, func(alert.Alert) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("with the context cancelled: %v", err)
	}

	broken := io.MultiReader(strings.NewReader(generic("a")+"\n"+generic("b")), iotest.ErrReader(io.ErrUnexpectedEOF))
	n = 0
	_, err = format.Read(context.Background(), broken, format.Options{}, func(alert.Alert) error { n++; return nil })
	if !errors.Is(err, io.ErrUnexpectedEOF) || n != 1 {
		t.Errorf("when the body breaks: %d alerts, error %v", n, err)
	}
}

package syslog_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert/syslog"
)

func TestParseMessage(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frame string
		want  syslog.Message
	}{
		{"every field", `<165>1 2024-05-01T22:14:15.003+01:00 pacs-01 pacs-audit 4411 ID47 [origin@32473 ip="10.60.1.5"] hello`,
			syslog.Message{Facility: 20, Severity: 5, Version: 1, Time: time.Date(2024, 5, 1, 21, 14, 15, 3e6, time.UTC),
				Hostname: "pacs-01", AppName: "pacs-audit", ProcID: "4411", MsgID: "ID47",
				Data: []syslog.Element{{ID: "origin@32473", Params: []syslog.Param{{Name: "ip", Value: "10.60.1.5"}}}},
				Body: []byte("hello")}},
		{"nil values and no message", "<0>1 - - - - - -", syslog.Message{Version: 1}},
		{"escapes in structured data", `<13>1 - h a - - [x@1 v="a \"b\" \\ c \] d \n"][y@1] m`,
			syslog.Message{Facility: 1, Severity: 5, Version: 1, Hostname: "h", AppName: "a",
				Data: []syslog.Element{{ID: "x@1", Params: []syslog.Param{{Name: "v", Value: `a "b" \ c ] d \n`}}}, {ID: "y@1"}},
				Body: []byte("m")}},
		{"a byte order mark", "<13>1 - h a - - - \ufeffCEF:0|", syslog.Message{Facility: 1, Severity: 5, Version: 1, Hostname: "h", AppName: "a",
			Body: []byte("CEF:0|")}},
		{"structured data left out", "<13>1 - h CEF 6076 Alert \ufeff0|Microsoft|", syslog.Message{Facility: 1, Severity: 5, Version: 1,
			Hostname: "h", AppName: "CEF", ProcID: "6076", MsgID: "Alert", Body: []byte("0|Microsoft|")}},
		{"the BSD form", "<134>May  1 11:05:09 fgt-edge-01 CEF:0|Fortinet|", syslog.Message{Facility: 16, Severity: 6,
			Hostname: "fgt-edge-01", Body: []byte("CEF:0|Fortinet|")}},
		{"the BSD form with a tag", "<134>May 21 11:05:09 wazuh-01 ossec: {\"a\":1} CEF:", syslog.Message{Facility: 16, Severity: 6,
			Hostname: "wazuh-01", Body: []byte(`{"a":1} CEF:`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := syslog.ParseMessage([]byte(tc.frame))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseMessageRefusals(t *testing.T) {
	long := strings.Repeat("h", 256)
	many := strings.Repeat("[a]", 129)
	for _, tc := range []struct{ frame, problem string }{
		{"", "PRI: want the message to start with <PRI>, such as <134>"},
		{"<1", "PRI: want the message to start with <PRI>, such as <134>"},
		{"<>1 -", "PRI: want a number from 0 to 191 between < and >"},
		{"<013>1 -", "PRI: want a number from 0 to 191 between < and >"},
		{"<1000>1 -", "PRI: want a number from 0 to 191 between < and >"},
		{"<13>1 2024-05-01 10:00:00Z h a - - -", "timestamp: want a time such as 2024-05-01T10:22:33.123Z, or -"},
		{"<13>1 -", "timestamp: the header ends too soon"},
		{"<13>1 - " + long + " a - - -", "hostname: want 1 to 255 printable ASCII characters, or -"},
		{"<13>1 - h a - -", "msgid: the header ends after it; want the other header fields and structured data to follow"},
		{"<13>1 - h a - - [x", "structured data: element x has no closing ]"},
		{"<13>1 - h a - - [x y]", `structured data: want name="value" in element x`},
		{`<13>1 - h a - - [x y="z]`, "structured data: a value in element x has no closing quote"},
		{"<13>1 - h a - - [=]", "structured data: want an element id after ["},
		{"<13>1 - h a - - [x]m", "structured data: want a space before the message"},
		{"<13>1 - h a - - " + many, "structured data: more than 128 elements and parameters"},
	} {
		_, err := syslog.ParseMessage([]byte(tc.frame))
		if err == nil || err.Error() != tc.problem {
			t.Errorf("ParseMessage(%.40q) = %v\nwant %s", tc.frame, err, tc.problem)
		}
	}
}

func TestParseCEF(t *testing.T) {
	c, err := syslog.ParseCEF([]byte(`CEF:0|Ven\|dor|Pro\\duct|1.0|100|Name with \| in it|Very-High|` +
		`src=10.0.0.1 msg=line one\nline two has = \= and \\ and spaces  act= ` +
		`request=https://x.example/?a=b&c=d cs1Label=Rule name cs1=Block all  `))
	if err != nil {
		t.Fatal(err)
	}
	want := syslog.CEF{Version: 0, Vendor: "Ven|dor", Product: `Pro\duct`, DeviceVersion: "1.0", SignatureID: "100",
		Name: "Name with | in it", Severity: "Very-High"}
	got := c
	got.Extension = nil
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("header\ngot  %+v\nwant %+v", got, want)
	}
	wantExt := []syslog.Param{{Name: "src", Value: "10.0.0.1"},
		{Name: "msg", Value: "line one\nline two has = = and \\ and spaces "}, {Name: "act", Value: ""},
		{Name: "request", Value: "https://x.example/?a=b&c=d"}, {Name: "cs1Label", Value: "Rule name"}, {Name: "cs1", Value: "Block all"}}
	if fmt.Sprint(c.Extension) != fmt.Sprint(wantExt) {
		t.Errorf("extension\ngot  %q\nwant %q", c.Extension, wantExt)
	}
}

func TestParseCEFRefusals(t *testing.T) {
	for _, tc := range []struct{ event, problem string }{
		{"LEEF:1.0|a|b|c|d|", "CEF: want the event to start with CEF:"},
		{"CEF:0|a|b|c|d|e", "CEF header: want 7 fields separated by |, found 6"},
		{"CEF:x|a|b|c|d|e|5|", "CEF version: want a number such as 0 or 1"},
		{"CEF:0|a|b|c|d|e|5|=oops", "CEF extension: want key=value at character 1"},
		{"CEF:0|a|b|c|d|e|5|src 10.0.0.1", "CEF extension: want key=value at character 1"},
		{"CEF:0|a|b|c|d|e|5|" + strings.Repeat("k=v ", 257), "CEF extension: more than 256 fields"},
	} {
		_, err := syslog.ParseCEF([]byte(tc.event))
		if err == nil || err.Error() != tc.problem {
			t.Errorf("ParseCEF(%.40q) = %v\nwant %s", tc.event, err, tc.problem)
		}
	}
}

func TestCEFSeverity(t *testing.T) {
	for in, want := range map[string]string{
		"0": "low", "3": "low", "4": "medium", "6": "medium", "7": "high", "8": "high", "9": "critical", "10": "critical",
		"Low": "low", "Medium": "medium", "high": "high", "Very-High": "critical", "Unknown": "medium",
	} {
		if got, ok := syslog.CEFSeverity(in); !ok || got.String() != want {
			t.Errorf("CEFSeverity(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"-1", "11", "urgent", ""} {
		if got, ok := syslog.CEFSeverity(in); ok {
			t.Errorf("CEFSeverity(%q) = %v, want it refused", in, got)
		}
	}
}

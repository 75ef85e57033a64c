package alert_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestSeverityWords(t *testing.T) {
	for _, tc := range []struct {
		word string
		want alert.Severity
		ok   bool
	}{
		{"info", alert.Info, true},
		{"Informational", alert.Info, true},
		{"LOW", alert.Low, true},
		{" medium ", alert.Medium, true},
		{"High", alert.High, true},
		{"critical", alert.Critical, true},
		{"very-high", 0, false},
		{"", 0, false},
	} {
		got, ok := alert.ParseSeverity(tc.word)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v, %v", tc.word, got, ok, tc.want, tc.ok)
		}
	}
	if !(alert.Info < alert.Low && alert.Low < alert.Medium && alert.Medium < alert.High && alert.High < alert.Critical) {
		t.Error("severities do not compare in order")
	}
	b, err := json.Marshal(struct{ S alert.Severity }{alert.High})
	if err != nil || string(b) != `{"S":"high"}` {
		t.Errorf("marshal high = %s, %v", b, err)
	}
	if _, err := json.Marshal(alert.Severity(0)); err == nil {
		t.Error("an unset severity marshalled without complaint")
	}
	var s alert.Severity
	if err := json.Unmarshal([]byte(`"critical"`), &s); err != nil || s != alert.Critical {
		t.Errorf("unmarshal critical = %v, %v", s, err)
	}
}

func TestCleanText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"Integrity checksum changed.", 40, "Integrity checksum changed."},
		{"  two\tspaces\r\nand a line  ", 40, "two spaces and a line"},
		{"bell\x07 and nul\x00", 40, "bell and nul"},
		{"bad \xff byte", 40, "bad \uFFFD byte"},
		{"Ward 7 – rotas été", 40, "Ward 7 – rotas été"},
		{"abcdefghij", 10, "abcdefghij"},
		{"abcdefghijk", 10, "abcdefghi…"},
		{"abcd efgh ijk", 10, "abcd efgh…"},
		{"abcd efghi jk", 6, "abcd…"},
		{"", 10, ""},
	} {
		if got := alert.CleanText(tc.in, tc.max); got != tc.want {
			t.Errorf("CleanText(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
	long := strings.Repeat("é", 500)
	if got := alert.CleanText(long, alert.MaxTitleRunes); utf8.RuneCountInString(got) != alert.MaxTitleRunes || !strings.HasSuffix(got, "…") {
		t.Errorf("a 500-rune title became %d runes", utf8.RuneCountInString(got))
	}
}

func TestObserve(t *testing.T) {
	for _, tc := range []struct {
		kind      alert.Kind
		in        string
		wantKind  alert.Kind
		wantValue string
		ok        bool
	}{
		{alert.Hostname, "EPR-APP-01.Trust.NHS.UK.", alert.Hostname, "epr-app-01.trust.nhs.uk", true},
		{alert.Hostname, "10.1.2.3", alert.IP, "10.1.2.3", true},
		{alert.Hostname, "Failed password for root", "", "", false},
		{alert.Hostname, "-", "", "", false},
		{alert.IP, " 10.1.2.3 ", alert.IP, "10.1.2.3", true},
		{alert.IP, "::ffff:10.1.2.3", alert.IP, "10.1.2.3", true},
		{alert.IP, "FE80::1%eth0", alert.IP, "fe80::1", true},
		{alert.IP, "any", "", "", false},
		{alert.IP, "10.1.2", "", "", false},
		{alert.AgentName, "WARD-PC-114", alert.AgentName, "ward-pc-114", true},
		{alert.AgentID, "027", alert.AgentID, "027", true},
		{alert.User, `RIVERSIDE\m.patel`, alert.User, `RIVERSIDE\m.patel`, true},
		{alert.User, "bad\nuser", "", "", false},
		{alert.FileHash, strings.Repeat("AB", 32), alert.FileHash, strings.Repeat("ab", 32), true},
		{alert.FileHash, strings.Repeat("a", 33), "", "", false},
		{alert.FileHash, strings.Repeat("g", 32), "", "", false},
		{alert.URL, "https://portal.example/x?y=1", alert.URL, "https://portal.example/x?y=1", true},
		{alert.URL, "https://" + strings.Repeat("a", 3000), "", "", false},
	} {
		var a alert.Alert
		ok := a.Observe(tc.kind, tc.in, "f")
		if ok != tc.ok {
			t.Errorf("Observe(%s, %q) = %v, want %v", tc.kind, tc.in, ok, tc.ok)
			continue
		}
		if !ok {
			if len(a.Observables) != 0 {
				t.Errorf("Observe(%s, %q) refused the value but kept %v", tc.kind, tc.in, a.Observables)
			}
			continue
		}
		want := alert.Observable{Kind: tc.wantKind, Value: tc.wantValue, Field: "f"}
		if len(a.Observables) != 1 || a.Observables[0] != want {
			t.Errorf("Observe(%s, %q) kept %v, want %v", tc.kind, tc.in, a.Observables, want)
		}
	}
}

func TestObserveKeepsEachValueOnceAndStopsAtTheLimit(t *testing.T) {
	var a alert.Alert
	a.Observe(alert.IP, "10.0.0.1", "source.ip")
	a.Observe(alert.IP, "10.0.0.1", "related.ip")
	a.Observe(alert.Hostname, "10.0.0.1", "host.name")
	if len(a.Observables) != 1 || a.Observables[0].Field != "source.ip" {
		t.Fatalf("the same address was kept more than once, or not the first time: %v", a.Observables)
	}
	for i := range 100 {
		if !a.Observe(alert.IP, "10.1.0."+strconv.Itoa(i), "related.ip") {
			t.Fatalf("a valid address was refused")
		}
	}
	if len(a.Observables) != alert.MaxObservables {
		t.Errorf("kept %d observables, want the limit of %d", len(a.Observables), alert.MaxObservables)
	}
}

func TestTechnique(t *testing.T) {
	for in, want := range map[string]string{"T1110": "T1110", "t1059.001": "T1059.001", " T1486 ": "T1486"} {
		if got, ok := alert.Technique(in); !ok || got != want {
			t.Errorf("Technique(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"TA0006", "T111", "T1110.1", "T1110-001", "Brute Force", ""} {
		if got, ok := alert.Technique(in); ok {
			t.Errorf("Technique(%q) = %q, want it refused", in, got)
		}
	}
	var a alert.Alert
	for _, id := range []string{"T1110", "t1110", "nonsense", "T1078.004"} {
		a.AddTechnique(id)
	}
	if strings.Join(a.Techniques, ",") != "T1110,T1078.004" {
		t.Errorf("techniques = %v", a.Techniques)
	}
}

func sample() alert.Alert {
	return alert.Alert{
		Source:      alert.Source{Format: alert.CEF, Tool: "Example Firewall"},
		Received:    time.Date(2024, 5, 1, 11, 0, 0, 0, time.FixedZone("BST", 3600)),
		Occurred:    time.Date(2024, 5, 1, 10, 22, 33, 123e6, time.UTC),
		Severity:    alert.High,
		SeverityRaw: "8",
		RuleID:      "threat-86271",
		Title:       "  Blocked   connection to a known bad address ",
		Observables: []alert.Observable{{Kind: alert.IP, Value: "10.40.7.44", Field: "src"}},
	}
}

func TestFinish(t *testing.T) {
	a := sample()
	a.Finish()
	if a.Title != "Blocked connection to a known bad address" {
		t.Errorf("title = %q", a.Title)
	}
	if a.Received.Location() != time.UTC || !a.Received.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("received = %v, want 10:00 UTC", a.Received)
	}
	if !strings.HasPrefix(a.DedupKey, "sha256:") || len(a.DedupKey) != len("sha256:")+32 {
		t.Errorf("dedup key without a source id = %q, want sha256: and 32 hex digits", a.DedupKey)
	}

	again := sample()
	again.Raw = []byte("the same alert, sent again with other white space")
	again.Finish()
	if again.DedupKey != a.DedupKey {
		t.Error("a retry of the same alert has another dedup key")
	}
	for name, change := range map[string]func(*alert.Alert){
		"time":       func(b *alert.Alert) { b.Occurred = b.Occurred.Add(time.Millisecond) },
		"rule":       func(b *alert.Alert) { b.RuleID = "threat-86272" },
		"observable": func(b *alert.Alert) { b.Observables[0].Value = "10.40.7.45" },
		"severity":   func(b *alert.Alert) { b.SeverityRaw = "9" },
		"split text": func(b *alert.Alert) { b.RuleID, b.RuleName = "threat-8627", "1" },
	} {
		b := sample()
		b.Observables = append([]alert.Observable(nil), b.Observables...)
		change(&b)
		b.Finish()
		if b.DedupKey == a.DedupKey {
			t.Errorf("changing the %s left the dedup key the same", name)
		}
	}

	withID := sample()
	withID.SourceID = "1714558953.4818307"
	withID.Finish()
	if withID.DedupKey != "id:1714558953.4818307" {
		t.Errorf("dedup key with a source id = %q", withID.DedupKey)
	}
}

// TestJSONRoundTrip: an alert sent on between nodes (the ingest bus) reads back
// the same.
func TestJSONRoundTrip(t *testing.T) {
	a := sample()
	a.Techniques = []string{"T1110"}
	a.Raw = []byte("<14>1 - fw - - - CEF:0|…")
	a.Finish()
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back alert.Alert
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, a) {
		t.Errorf("read back\n%+v\nwant\n%+v", back, a)
	}
}

func TestFinishWithoutASourceTime(t *testing.T) {
	a := sample()
	a.Occurred = time.Time{}
	a.Title = ""
	a.Finish()
	if !a.Occurred.Equal(a.Received) {
		t.Errorf("occurred = %v, want the received time %v", a.Occurred, a.Received)
	}
	if a.Title != "Alert from Example Firewall" {
		t.Errorf("title = %q", a.Title)
	}
	b := sample()
	b.Occurred, b.Title = time.Time{}, ""
	b.Received = b.Received.Add(time.Minute)
	b.Finish()
	if a.DedupKey == b.DedupKey {
		t.Error("two alerts without a time or an id, received a minute apart, were given one dedup key")
	}
}

func TestBatchJSON(t *testing.T) {
	var b alert.Batch
	got, _ := json.Marshal(b)
	if string(got) != `{"accepted":0,"duplicates":0,"rejected":[]}` {
		t.Errorf("empty batch = %s", got)
	}
	b.Accepted = 2
	b.Reject(3, vigil.InvalidFields("x", map[string]string{"rule.level": "want a whole number from 0 to 16", "id": "longer than 256 characters"}))
	b.Reject(4, errors.New("not valid JSON at character 7"))
	got, _ = json.Marshal(b)
	want := `{"accepted":2,"duplicates":0,"rejected":[` +
		`{"line":3,"error":"id: longer than 256 characters; rule.level: want a whole number from 0 to 16"},` +
		`{"line":4,"error":"not valid JSON at character 7"}]}`
	if string(got) != want {
		t.Errorf("batch =\n%s\nwant\n%s", got, want)
	}
}

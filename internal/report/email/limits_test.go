package email

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/vigil"
)

func TestInputThatIsNotAnEmailIsRefusedClearly(t *testing.T) {
	tests := []struct {
		name  string
		raw   []byte
		cause error
		says  string
	}{
		{"empty", nil, ErrEmpty, "empty"},
		{"over the limit", make([]byte, DefaultMaxSize+1), ErrTooLarge, "25 MB"},
		{"Outlook .msg", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of the compound file"), ErrOutlookMsg, ".msg"},
		{"a picture", []byte("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR"), ErrNotAnEmail, "not an e-mail"},
		{"plain prose", []byte("Dear all,\nthe meeting has moved to Thursday.\n"), ErrNotAnEmail, "not an e-mail"},
		{"headers nobody sends", []byte("Colour: blue\r\nShape: round\r\n\r\nbody"), ErrNotAnEmail, "not an e-mail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse(tt.raw, Options{})
			if err == nil {
				t.Fatalf("Analyse succeeded: %+v", a)
			}
			if !errors.Is(err, tt.cause) || vigil.CodeOf(err) != vigil.Invalid {
				t.Errorf("err = %v (code %s), want %v as invalid input", err, vigil.CodeOf(err), tt.cause)
			}
			var ve *vigil.Error
			if !errors.As(err, &ve) || !strings.Contains(ve.Message, tt.says) {
				t.Errorf("message %q does not say %q", ve.Message, tt.says)
			}
		})
	}
}

func TestSizeLimitIsConfigurable(t *testing.T) {
	raw := readSample(t, "safe-epr-downtime-notice.eml")
	if _, err := Analyse(raw, Options{MaxSize: len(raw) - 1}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want too large", err)
	}
	if _, err := Analyse(raw, Options{MaxSize: len(raw)}); err != nil {
		t.Errorf("err = %v at exactly the limit", err)
	}
}

// TestDamagedMessagesGetABestEffortAnalysis feeds messages that are broken in the ways real
// and hostile mail is, and expects an analysis with warnings, never a panic.
func TestDamagedMessagesGetABestEffortAnalysis(t *testing.T) {
	head := "From: \"IT\" <it@evil.example>\r\nTo: jane.smith@nhs.net\r\nSubject: Hello\r\nMIME-Version: 1.0\r\n"

	var nested strings.Builder
	nested.WriteString(head + "Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&nested, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i, i+1)
	}

	var manyParts strings.Builder
	manyParts.WriteString(head + "Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n")
	for i := 0; i <= MaxParts; i++ {
		manyParts.WriteString("--p\r\nContent-Type: text/plain\r\n\r\nx\r\n")
	}
	manyParts.WriteString("--p--\r\n")

	var manyFiles []file
	for i := 0; i < MaxAttachments+5; i++ {
		manyFiles = append(manyFiles, file{name: fmt.Sprintf("f%d.txt", i), content: []byte("x")})
	}

	var manyLinks strings.Builder
	for i := 0; i < MaxURLs+20; i++ {
		fmt.Fprintf(&manyLinks, "https://site%d.example/ ", i)
	}

	tests := []struct {
		name string
		raw  string
		warn string // part of a warning the analyst should see
	}{
		{"nested too deep", nested.String(), "nested more than"},
		{"too many parts", manyParts.String(), "more than 1000 parts"},
		{"too many attachments", string(withAttachments(manyFiles...)), "only the first 100 were inspected"},
		{"too many links", head + "Content-Type: text/plain\r\n\r\n" + manyLinks.String(), "were not analysed"},
		{"boundary never closed", head + "Content-Type: multipart/mixed; boundary=\"open\"\r\n\r\n--open\r\nContent-Type: text/plain\r\n\r\nhello https://evil.example/x", ""},
		{"multipart without a boundary", head + "Content-Type: multipart/mixed\r\n\r\nhello", ""},
		{"broken base64", head + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!not base64@@@@\r\n", ""},
		{"unknown transfer encoding", head + "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-rot13\r\n\r\nuryyb\r\n", "could not be read cleanly"},
		{"unknown charset", head + "Content-Type: text/plain; charset=x-klingon\r\n\r\nnuqneH\r\n", ""},
		{"header only", head, ""},
		{"no blank line before the body", head + "Content-Type: text/plain\r\nthis line is not a header", ""},
		{"broken addresses", "From: <<<@@@>>>\r\nReply-To: ,,,\r\nTo: \"unterminated\r\nSubject: =?utf-8?B?!!!?=\r\nDate: yesterday\r\n\r\nbody", "could not be read"},
		{"binary body", head + "Content-Type: application/octet-stream\r\n\r\n\x00\x01\x02\xff\xfe", ""},
		{"HTML nested beyond the HTML parser's limit", head + "Content-Type: text/html\r\n\r\n" + strings.Repeat("<div>", 5000) + "<a href=\"https://evil.example/\">x</a>", ""},
		{"mbox envelope line", "From someone@example.com Tue Oct  6 08:14:00 2026\r\n" + head + "\r\nbody", ""},
		{"bare LF line endings", strings.ReplaceAll(head, "\r\n", "\n") + "\nbody https://evil.example/\n", ""},
		{"submission without an attached message", "From: jane.smith@nhs.net\r\nSubject: 3|Suspicious\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=s\r\n\r\n--s\r\nContent-Type: text/plain\r\n\r\nreported\r\n--s--\r\n", ""},
		{"submission with an unreadable attached message", "From: jane.smith@nhs.net\r\nSubject: 1|Junk\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=s\r\n\r\n--s\r\nContent-Type: message/rfc822\r\n\r\n\x00\x01binary\r\n--s--\r\n", "could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Analyse([]byte(tt.raw), nhsTrust)
			if err != nil {
				t.Fatalf("Analyse: %v", err)
			}
			checkInvariants(t, a)
			if tt.warn != "" && !strings.Contains(strings.Join(a.Warnings, "\n"), tt.warn) {
				t.Errorf("warnings %q do not mention %q", a.Warnings, tt.warn)
			}
		})
	}
}

func TestHeaderOnlyAnalysisStillChecksTheSender(t *testing.T) {
	var nested strings.Builder
	nested.WriteString("From: \"NHSmail\" <support@nhs-net.com>\r\nTo: jane.smith@nhs.net\r\nSubject: x\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
	for i := 0; i < MaxMIMEDepth+5; i++ {
		fmt.Fprintf(&nested, "--b%d\r\nContent-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n", i, i+1)
	}
	a, err := Analyse([]byte(nested.String()), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	wantIndicators(t, a, CodeLookalikeSender, CodeDisplayNameTrusted)
	if a.SuggestedVerdict != Malicious {
		t.Errorf("verdict = %s, want malicious from the header alone", a.SuggestedVerdict)
	}
}

func TestMeasureMIME(t *testing.T) {
	raw := "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n\r\n" +
		"--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n" +
		"--inner\r\nContent-Type: text/plain\r\n\r\nhi\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--inner--\r\n" +
		"--outer\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--outer--\r\n"
	if got := measureMIME([]byte(raw)); got.depth != 2 || got.parts != 4 {
		t.Errorf("measureMIME = %+v, want depth 2 and 4 parts", got)
	}
}

func TestLongFieldsAreCutWithAWarning(t *testing.T) {
	long := strings.Repeat("Ward ", 400)
	raw := "From: \"" + long + "\" <a@example.com>\r\nTo: jane.smith@nhs.net\r\nSubject: " + long + "\r\n\r\nhello\r\n"
	a, err := Analyse([]byte(raw), nhsTrust)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Subject) > MaxSubjectLength+len("…") || len(a.From.Name) > MaxNameLength+len("…") {
		t.Errorf("subject %d bytes, name %d bytes: not cut", len(a.Subject), len(a.From.Name))
	}
	warnings := strings.Join(a.Warnings, "\n")
	for _, want := range []string{"The subject was longer than 1000", "The display name in From was longer than 200"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings %q do not say %q", a.Warnings, want)
		}
	}
}

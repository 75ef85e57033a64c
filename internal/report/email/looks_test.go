package email

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email/msg/msgtest"
)

func TestLooksLikeEmail(t *testing.T) {
	for _, name := range sampleNames(t) {
		if ok, reason := LooksLikeEmail(readSample(t, name)); !ok {
			t.Errorf("%s: not an e-mail (%s)", name, reason)
		}
	}
	if ok, reason := LooksLikeEmail(msgtest.Build(outlookLure())); !ok {
		t.Errorf("Outlook file: not an e-mail (%s)", reason)
	}
	tests := []struct {
		name, raw, says string
	}{
		{"empty", "  \n", "empty"},
		{"plain text", "Dear IT,\nI got a strange e-mail this morning asking for my password.\nThanks, Jane\n", "plain text"},
		{"text pasted from the screen", "From: IT Support\nSent: Monday\nSubject: Password\n\nPlease reply with your password.", "plain text"},
		{"web page", "<!DOCTYPE html><html><body><form action='https://evil.example'></form></body></html>", "web page"},
		{"PDF", "%PDF-1.7\n1 0 obj<<>>endobj\n", "PDF"},
		{"screenshot", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture"},
		{"binary", "\x00\x01\x02\x03\xff\xfe\x00\x00binary", "not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, reason := LooksLikeEmail([]byte(tt.raw))
			if ok || !strings.Contains(reason, tt.says) {
				t.Errorf("LooksLikeEmail = %v, %q; want false, saying %q", ok, reason, tt.says)
			}
		})
	}
}

func FuzzLooksLikeEmail(f *testing.F) {
	for _, name := range sampleNames(f) {
		f.Add(readSample(f, name))
	}
	f.Add([]byte("%PDF-1.7"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if ok, reason := LooksLikeEmail(raw); !ok && reason == "" {
			t.Error("refused without a reason")
		}
	})
}

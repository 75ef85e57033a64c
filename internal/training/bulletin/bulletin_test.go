package bulletin

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestCheckSaysWhichFieldIsWrong(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	good := Details{Title: "Fake parking texts", LooksLike: "A text from parking-fines[.]info.", WhatToDo: "Delete it.", Link: "/help/qr-code"}
	tests := []struct {
		name  string
		edit  func(*Details)
		field string // "" when the details are fine
	}{
		{"fine", func(*Details) {}, ""},
		{"no title", func(d *Details) { d.Title = "  " }, "title"},
		{"a long title", func(d *Details) { d.Title = strings.Repeat("a", MaxTitleChars+1) }, "title"},
		{"a live link", func(d *Details) { d.LooksLike = "Go to https://evil.example" }, "looks_like"},
		{"a www address", func(d *Details) { d.WhatToDo = "Not www.evil.example" }, "what_to_do"},
		{"a refanged link", func(d *Details) { d.LooksLike = "hxxps://evil.example/x" }, "looks_like"},
		{"a link outside Vigil", func(d *Details) { d.Link = "https://evil.example" }, "link"},
		{"a lesson", func(d *Details) { d.Link = "/training/lessons/spotting-phishing" }, ""},
		{"an unknown job role", func(d *Details) { d.Audience = []string{"pilot"} }, "audience"},
		{"a date written the UK way", func(d *Details) { d.ExpiresAt = "31/12/2026" }, "expires_at"},
		{"an expiry in the past", func(d *Details) { d.ExpiresAt = "2026-11-01" }, "expires_at"},
		{"an expiry before the start", func(d *Details) { d.PublishFrom, d.ExpiresAt = "2026-12-10", "2026-12-05" }, "expires_at"},
		{"an expiry years away", func(d *Details) { d.ExpiresAt = "2029-01-01" }, "expires_at"},
		{"a start that is not a date", func(d *Details) { d.PublishFrom = "tomorrow" }, "publish_from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := good
			tt.edit(&d)
			_, _, err := d.check(now, time.UTC)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var ve *vigil.Error
			if !errors.As(err, &ve) || ve.Code != vigil.Invalid || ve.Fields[tt.field] == "" {
				t.Fatalf("err = %v, want Invalid at %s", err, tt.field)
			}
		})
	}
}

// A draft from a lure names it in plain words with its domains defanged,
// and passes the same checks an analyst's words must.
func TestDescribeALure(t *testing.T) {
	l := report.Lure{SenderDomain: "nhsmail-secure-login[.]top", SubjectPattern: "action required your password expires today",
		LinkDomains: []string{"nhsmail-secure-login[.]top", "evil[.]example"}, Reports: 3, Attachment: true}
	title, looks, todo := describe(l)
	if title != "Scam e-mails from nhsmail-secure-login[.]top" {
		t.Errorf("title = %q", title)
	}
	for _, want := range []string{"3 copies", "an address ending nhsmail-secure-login[.]top", "“action required your password expires today”",
		"Its links go to nhsmail-secure-login[.]top, evil[.]example.", "It has an attachment."} {
		if !strings.Contains(looks, want) {
			t.Errorf("looks like lacks %q: %s", want, looks)
		}
	}
	d := Details{Title: title, LooksLike: looks, WhatToDo: todo}
	if _, _, err := d.check(time.Now(), time.UTC); err != nil {
		t.Errorf("a drafted bulletin fails the analysts' checks: %v", err)
	}
	if title, looks, _ := describe(report.Lure{Reports: 1}); title != "Scam e-mails going round" || !strings.Contains(looks, "a copy") {
		t.Errorf("a lure with nothing to tell: %q %q", title, looks)
	}
}

// FuzzCheck feeds the bulletin checks anything: the answer is accepted
// details with no live link, or an Invalid error, never a panic.
func FuzzCheck(f *testing.F) {
	f.Add("Fake texts", "A text from evil[.]example", "Delete it.", "/help/qr-code", "2026-12-01", "2026-12-24")
	f.Add("", "https://evil.example", "", "javascript:alert(1)", "31/12/2026", "9999-99-99")
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, looks, todo, link, from, expires string) {
		d := Details{Title: title, LooksLike: looks, WhatToDo: todo, Link: link, PublishFrom: from, ExpiresAt: expires}
		_, _, err := d.check(now, time.UTC)
		if err != nil {
			if vigil.CodeOf(err) != vigil.Invalid {
				t.Fatalf("err = %v, want Invalid", err)
			}
			return
		}
		for _, s := range []string{title, looks, todo} {
			if liveLink.MatchString(s) {
				t.Fatalf("accepted a live link: %q", s)
			}
		}
		if link != "" && !strings.HasPrefix(strings.TrimSpace(link), "/") {
			t.Fatalf("accepted a link outside Vigil: %q", link)
		}
	})
}

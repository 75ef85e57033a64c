package report

import (
	"slices"
	"testing"

	"github.com/vigil-health/vigil/internal/report/email"
)

func TestNormaliseSubject(t *testing.T) {
	cases := map[string]string{
		"Overdue invoice INV-88412 - final reminder":                    "overdue invoice inv # final reminder",
		"RE: FW: [EXTERNAL] Overdue invoice INV-90001 – final reminder": "overdue invoice inv # final reminder",
		"Planned EPR downtime Sunday 02:00-04:00":                       "planned epr downtime sunday # # # #",
		"   ": "",
	}
	for in, want := range cases {
		if got := normaliseSubject(in); got != want {
			t.Errorf("normaliseSubject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchKeysLeaveOutWhatEveryoneShares(t *testing.T) {
	a := &email.Analysis{
		Subject: "Invoice", SHA256: "abc",
		From: &email.Address{Address: "someone@gmail.com", Domain: "gmail.com"},
		URLs: []email.URL{{Domain: "sharepoint.com"}, {Domain: "evil-invoices.example"}, {Domain: "northgate.example"},
			{Domain: "mail.northgate.example"}},
		Attachments: []email.Attachment{{SHA256: "f00", Size: 10}, {SHA256: "logo", Size: 10, Inline: true}},
	}
	got := matchKeys(a, []string{"northgate.example"})
	want := []string{"message:abc", "attachment:f00", "link:evil-invoices.example"}
	if !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	a.From = &email.Address{Domain: "nhsmail-secure-login.top"}
	a.Subject = "Your NHSmail password expires today"
	got = matchKeys(a, nil)
	if !slices.Contains(got, "sender:nhsmail-secure-login.top") || !slices.Contains(got, "subject:your nhsmail password expires today") {
		t.Errorf("distinctive sender and subject left out: %v", got)
	}
	if matchKeys(nil, nil) != nil {
		t.Error("keys for an e-mail with no analysis")
	}
}

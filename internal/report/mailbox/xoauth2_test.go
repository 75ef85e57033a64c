package mailbox

import (
	"strings"
	"testing"
)

func TestXOAUTH2InitialResponse(t *testing.T) {
	mech, ir, err := NewXOAUTH2Client("ward7@nhs.net", "ya29.token").Start()
	if err != nil {
		t.Fatal(err)
	}
	want := "user=ward7@nhs.net\x01auth=Bearer ya29.token\x01\x01"
	if mech != "XOAUTH2" || string(ir) != want {
		t.Errorf("Start() = %q, %q; want XOAUTH2, %q", mech, ir, want)
	}
}

func TestXOAUTH2ChallengeIsAnError(t *testing.T) {
	for _, tc := range []struct {
		challenge string
		want      []string
	}{
		{`{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}`, []string{"status 400", "https://mail.google.com/"}},
		{`{"status":"401"}`, []string{"refused the OAuth token (status 401)"}},
		{"AUTHENTICATE failed.", []string{`"AUTHENTICATE failed."`}},
		{"", []string{"refused the OAuth token"}},
	} {
		resp, err := NewXOAUTH2Client("u", "t").Next([]byte(tc.challenge))
		if err == nil || resp != nil {
			t.Errorf("Next(%q) = %q, %v; want an error that aborts", tc.challenge, resp, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Next(%q) error %q does not mention %q", tc.challenge, err, w)
			}
		}
	}
}

// The challenge comes from the server, so any bytes must give a short,
// printable error and never a panic.
func FuzzXOAUTH2Challenge(f *testing.F) {
	f.Add([]byte(`{"status":"401","schemes":"bearer","scope":"https://outlook.office.com/IMAP.AccessAsUser.All"}`))
	f.Add([]byte(`{"status":`))
	f.Add([]byte("\x00\xff\r\n"))
	f.Add([]byte(`{"status":"4\r\n01","scope":"` + strings.Repeat("s", 2000) + `"}`))
	f.Fuzz(func(t *testing.T, challenge []byte) {
		msg := parseXOAUTH2Challenge(challenge).Error()
		if len(msg) > 1000 {
			t.Errorf("error message is %d bytes long", len(msg))
		}
		if strings.ContainsAny(msg, "\r\n\x00") {
			t.Errorf("error message %q carries control characters into the logs", msg)
		}
	})
}

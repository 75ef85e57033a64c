package feedback

import (
	"context"
	"crypto/tls"
	"errors"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report/mailtest"

	"github.com/emersion/go-smtp"
	"github.com/vigil-health/vigil/internal/vigil"
)

const cyberTeam = "Northgate cyber security <cyber.security@northgate.nhs.uk>"

func newSender(t *testing.T, r *testRelay, edit func(*SMTPConfig)) *SMTPSender {
	t.Helper()
	cfg := SMTPConfig{Address: r.addr, TLS: TLSNone, From: cyberTeam}
	if r.ca != nil {
		cfg.TLSConfig = &tls.Config{RootCAs: r.ca}
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := NewSMTPSender(cfg)
	if err != nil {
		t.Fatalf("NewSMTPSender: %v", err)
	}
	return s
}

func templates(t *testing.T) *Templates {
	t.Helper()
	tp, err := NewTemplates()
	if err != nil {
		t.Fatalf("NewTemplates: %v", err)
	}
	return tp
}

// jane reported a phishing e-mail from the ward computer on a night shift.
func jane(v Verdict) Feedback {
	return Feedback{
		Verdict:          v,
		To:               "jane.smith@nhs.net",
		FirstName:        "Jane",
		Organisation:     "Northgate General Hospital NHS Trust",
		ServiceDeskPhone: "0113 392 0000",
		Subject:          "Action required: your NHSmail password expires today",
		MyReportsURL:     "https://vigil.northgate.nhs.uk/my-reports",
		InReplyTo:        "4782236231009212060@mail.example",
	}
}

func TestFeedbackReachesTheReporter(t *testing.T) {
	relay := startRelay(t, TLSNone)
	sender := newSender(t, relay, nil)
	tp := templates(t)

	for _, tc := range []struct {
		verdict Verdict
		clicked bool
		subject string
		reads   []string // what Jane reads in the plain-text part
		notRead []string
	}{
		{Acknowledged, false, "Thank you – we have your report", []string{
			"Thank you for reporting the e-mail “Action required: your NHSmail password expires today”.",
			"You did the right thing. You do not need to do anything else for now.",
			"If you clicked a link, opened an attachment or entered your password, call the service desk on 0113 392 0000 now. You are not in trouble",
			"We will let you know what we find.",
		}, nil},
		{Acknowledged, true, "Thank you – we have your report", []string{
			"You told us you clicked a link, opened an attachment or entered your password.",
			"1. Change your password.\n2. Call the service desk on 0113 392 0000",
		}, []string{"do not need to do anything"}},
		{Malicious, false, "You spotted a real scam – thank you", []string{
			"We checked it: it was a real scam",
			"- Delete it. Do not click its links, open its attachments or reply.",
			"change your password and call the service desk on 0113 392 0000 now. You are not in trouble.",
		}, []string{"You told us you clicked"}},
		{Malicious, true, "You spotted a real scam – thank you", []string{
			"it was a real scam",
			"Please, as soon as you can:\n1. Change your password.\n2. Call the service desk on 0113 392 0000",
			"Acting quickly is what matters.",
			"- Delete it.",
		}, nil},
		{PhishingSimulation, false, "Well spotted – that was a practice scam", []string{
			"Well spotted! The e-mail “Action required: your NHSmail password expires today” you reported was a practice scam.",
			"There is nothing else to do. You can delete it.",
		}, []string{"Change your password"}},
		{PhishingSimulation, true, "Well spotted – that was a practice scam", []string{
			"Don't worry: it was harmless, and no one is in trouble.",
		}, nil},
		{Spam, false, "Checked: your report was junk, not an attack", []string{
			"it is junk (spam)",
			"not an attack aimed at you or Northgate General Hospital NHS Trust",
			"You can delete it.",
		}, []string{"change it to be safe"}},
		{Safe, false, "Checked: your report is safe", []string{
			"it is genuine and safe. You can deal with it as normal.",
			"never a waste of anyone's time",
		}, []string{"scam", "Delete it"}},
	} {
		f := jane(tc.verdict)
		f.Clicked = tc.clicked
		m, err := tp.Compose(f)
		if err != nil {
			t.Fatalf("%s: Compose: %v", tc.verdict, err)
		}
		before := len(relay.deliveries())
		if err := sender.Send(t.Context(), m); err != nil {
			t.Fatalf("%s: Send: %v", tc.verdict, err)
		}
		all := relay.deliveries()
		if len(all) != before+1 {
			t.Fatalf("%s: relay received %d messages, want 1", tc.verdict, len(all)-before)
		}
		d := all[len(all)-1]
		if d.From != "cyber.security@northgate.nhs.uk" || len(d.To) != 1 || d.To[0] != "jane.smith@nhs.net" {
			t.Errorf("%s: envelope from %q to %v", tc.verdict, d.From, d.To)
		}
		got := parseMail(t, d.Data)
		if got.Subject != tc.subject {
			t.Errorf("%s: subject %q, want %q", tc.verdict, got.Subject, tc.subject)
		}
		if len(got.Parts) != 2 || got.Text != m.Text || got.HTML != m.HTML {
			t.Errorf("%s: parts %v; text and HTML must arrive as composed", tc.verdict, got.Parts)
		}
		common := []string{
			"Hello Jane,",
			"See all your reports: https://vigil.northgate.nhs.uk/my-reports",
			"Northgate General Hospital NHS Trust cyber security team",
		}
		for _, want := range append(common, tc.reads...) {
			if !strings.Contains(got.Text, want) {
				t.Errorf("%s (clicked %v): Jane does not read %q in:\n%s", tc.verdict, tc.clicked, want, got.Text)
			}
		}
		for _, blame := range append(tc.notRead, "you should have", "your fault", "careless") {
			if strings.Contains(got.Text, blame) {
				t.Errorf("%s (clicked %v): text says %q", tc.verdict, tc.clicked, blame)
			}
		}
		if !strings.Contains(got.HTML, `<a href="tel:01133920000"`) {
			t.Errorf("%s: HTML has no tap-to-call link for the service desk", tc.verdict)
		}
	}
}

func TestFeedbackHeaders(t *testing.T) {
	relay := startRelay(t, TLSNone)
	m, err := templates(t).Compose(jane(Malicious))
	if err != nil {
		t.Fatal(err)
	}
	if err := newSender(t, relay, nil).Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	h := parseMail(t, relay.deliveries()[0].Data).Header
	for name, want := range map[string]string{
		"From":                     `"Northgate cyber security" <cyber.security@northgate.nhs.uk>`,
		"To":                       "<jane.smith@nhs.net>",
		"Auto-Submitted":           "auto-generated",
		"X-Auto-Response-Suppress": "All",
		"MIME-Version":             "1.0",
		"In-Reply-To":              "<4782236231009212060@mail.example>",
		"References":               "<4782236231009212060@mail.example>",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@northgate.nhs.uk>") {
		t.Errorf("Message-ID %q, want one in the sender's domain", id)
	}
}

func TestAnalystNoteIsEscapedInHTML(t *testing.T) {
	f := jane(Malicious)
	f.AnalystNote = "The link went to <script>alert(\"x\")</script> & a fake login.\r\nWe have blocked it."
	m, err := templates(t).Compose(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTML, "<script>") {
		t.Error("the analyst note reached the HTML part unescaped")
	}
	for _, want := range []string{
		"<p>The link went to &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; a fake login.</p>",
		"<p>We have blocked it.</p>",
	} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
	if !strings.Contains(m.Text, "A note from our cyber security team:\nThe link went to <script>alert(\"x\")</script> & a fake login.\nWe have blocked it.") {
		t.Errorf("the text part does not show the note as written:\n%s", m.Text)
	}
}

func TestReportedSubjectIsDefused(t *testing.T) {
	relay := startRelay(t, TLSNone)
	f := jane(Acknowledged)
	f.Subject = "Urgent\r\nBcc: everyone@nhs.net\r\n\r\nhttps://nhs-login.top/reset or www.nhs-login.top"
	m, err := templates(t).Compose(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Text, "nhs-login.top") || strings.Contains(m.HTML, "nhs-login.top") {
		t.Error("the attacker's link is handed back to the reporter")
	}
	if !strings.Contains(m.Text, "“Urgent Bcc: everyone@nhs.net [link removed] or [link removed]”") {
		t.Errorf("the quoted subject is not one defused line:\n%s", m.Text)
	}
	if err := newSender(t, relay, nil).Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	d := relay.deliveries()[0]
	if len(d.To) != 1 || parseMail(t, d.Data).Header.Get("Bcc") != "" {
		t.Errorf("the reported subject added recipients: %v", d.To)
	}
}

func TestComposeRefusesIncompleteFeedback(t *testing.T) {
	tp := templates(t)
	for _, tc := range []struct {
		name  string
		edit  func(*Feedback)
		field string
	}{
		{"unknown verdict", func(f *Feedback) { f.Verdict = "probably-fine" }, "verdict"},
		{"no recipient", func(f *Feedback) { f.To = " " }, "to"},
		{"no organisation", func(f *Feedback) { f.Organisation = "" }, "organisation"},
		{"script link", func(f *Feedback) { f.MyReportsURL = "javascript:alert(1)" }, "my_reports_url"},
	} {
		f := jane(Safe)
		tc.edit(&f)
		_, err := tp.Compose(f)
		var verr *vigil.Error
		if !errors.As(err, &verr) || verr.Code != vigil.Invalid || verr.Fields[tc.field] == "" {
			t.Errorf("%s: error %v, want Invalid naming %q", tc.name, err, tc.field)
		}
	}
}

func TestMinimalFeedbackStillReadsWell(t *testing.T) {
	m, err := templates(t).Compose(Feedback{Verdict: Malicious, To: "a@nhs.net", Organisation: "Riverside GP Practice", Kind: "text message"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hello,\n", "Thank you for reporting the text message.", "Do not reply, call back or do what it asks.", "call the service desk now."} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "Delete it") || strings.Contains(m.Text, "See all your reports") {
		t.Errorf("text has e-mail advice or a missing link:\n%s", m.Text)
	}
}

func TestSendRefusesWhatWouldBreakHeaders(t *testing.T) {
	relay := startRelay(t, TLSNone)
	sender := newSender(t, relay, nil)
	good := Message{To: "jane.smith@nhs.net", Subject: "Checked: your report is safe", Text: "hello", HTML: "<p>hello</p>"}
	for _, tc := range []struct {
		name  string
		edit  func(*Message)
		field string
	}{
		{"not an address", func(m *Message) { m.To = "jane smith at nhs" }, "to"},
		{"two recipients", func(m *Message) { m.To = "jane.smith@nhs.net, boss@nhs.net" }, "to"},
		{"CRLF in address", func(m *Message) { m.To = "jane.smith@nhs.net\r\nBcc: all.staff@nhs.net" }, "to"},
		{"CRLF in subject", func(m *Message) { m.Subject = "Safe\r\nBcc: all.staff@nhs.net" }, "subject"},
		{"LF in subject", func(m *Message) { m.Subject = "Safe\nX-Evil: 1" }, "subject"},
		{"CRLF in In-Reply-To", func(m *Message) { m.InReplyTo = "a@b>\r\nBcc: <all.staff@nhs.net" }, "in_reply_to"},
		{"empty body", func(m *Message) { m.Text, m.HTML = "", "" }, "body"},
	} {
		m := good
		tc.edit(&m)
		err := sender.Send(t.Context(), m)
		var verr *vigil.Error
		if !errors.As(err, &verr) || verr.Code != vigil.Invalid || verr.Fields[tc.field] == "" {
			t.Errorf("%s: error %v, want Invalid naming %q", tc.name, err, tc.field)
			continue
		}
		if !IsPermanent(err) {
			t.Errorf("%s: a refused input should not be retried", tc.name)
		}
	}
	if n := len(relay.deliveries()); n != 0 {
		t.Errorf("relay received %d messages from refused input", n)
	}
}

func TestSendOverTLSWithSignIn(t *testing.T) {
	msg := Message{To: "jane.smith@nhs.net", Subject: "Checked: your report is safe", Text: "hello", HTML: "<p>hello</p>"}
	for _, tc := range []struct {
		name     string
		mode     TLSMode
		edit     func(*SMTPConfig)
		wantUser string
		wantErr  string
	}{
		{name: "STARTTLS with PLAIN", mode: TLSStartTLS, edit: func(c *SMTPConfig) { c.Username, c.Password = relayUser, relayPassword }, wantUser: relayUser},
		{name: "implicit TLS with PLAIN", mode: TLSImplicit, edit: func(c *SMTPConfig) { c.Username, c.Password = relayUser, relayPassword }, wantUser: relayUser},
		{name: "STARTTLS without sign-in", mode: TLSStartTLS},
		{name: "plain connection with PLAIN", mode: TLSNone, edit: func(c *SMTPConfig) { c.Username, c.Password = relayUser, relayPassword }, wantUser: relayUser},
		{name: "wrong password", mode: TLSStartTLS, edit: func(c *SMTPConfig) { c.Username, c.Password = relayUser, "wrong" }, wantErr: "sign in as " + relayUser},
		{name: "untrusted certificate", mode: TLSImplicit, edit: func(c *SMTPConfig) { c.TLSConfig = nil }, wantErr: "certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			relay := startRelay(t, tc.mode)
			sender := newSender(t, relay, func(c *SMTPConfig) {
				c.TLS = tc.mode
				if tc.edit != nil {
					tc.edit(c)
				}
			})
			err := sender.Send(t.Context(), msg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Send error = %v, want one mentioning %q", err, tc.wantErr)
				}
				if n := len(relay.deliveries()); n != 0 {
					t.Errorf("relay received %d messages", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			d := relay.deliveries()
			if len(d) != 1 || d[0].User != tc.wantUser {
				t.Errorf("deliveries %d, signed in as %q; want 1 as %q", len(d), d[0].User, tc.wantUser)
			}
		})
	}
}

func TestRefusedRecipient(t *testing.T) {
	relay := startRelay(t, TLSNone)
	relay.refuse["left.trust@nhs.net"] = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	relay.refuse["full.mailbox@nhs.net"] = &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "Mailbox full"}
	sender := newSender(t, relay, nil)
	for to, permanent := range map[string]bool{"left.trust@nhs.net": true, "full.mailbox@nhs.net": false} {
		err := sender.Send(t.Context(), Message{To: to, Subject: "Checked", Text: "hello"})
		if err == nil {
			t.Fatalf("%s: Send succeeded, want the relay's refusal", to)
		}
		if IsPermanent(err) != permanent {
			t.Errorf("%s: IsPermanent(%v) = %v, want %v", to, err, !permanent, permanent)
		}
	}
}

func TestSendGivesUpOnASilentServer(t *testing.T) {
	silent := mailtest.SilentServer(t)
	sender, err := NewSMTPSender(SMTPConfig{Address: silent, TLS: TLSNone, From: cyberTeam, Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = sender.Send(t.Context(), Message{To: "jane.smith@nhs.net", Subject: "Checked", Text: "hello"})
	if !errors.Is(err, context.DeadlineExceeded) || IsPermanent(err) {
		t.Errorf("Send error = %v, want a deadline that is worth retrying", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := sender.Send(ctx, Message{To: "jane.smith@nhs.net", Subject: "Checked", Text: "hello"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Send with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestNewSMTPSenderRefusesIncompleteSettings(t *testing.T) {
	_, err := NewSMTPSender(SMTPConfig{TLS: "ssl", Username: "u", From: "cyber team", HelloName: "a b"})
	var verr *vigil.Error
	if !errors.As(err, &verr) || verr.Code != vigil.Invalid {
		t.Fatalf("error %v, want Invalid", err)
	}
	for _, field := range []string{"address", "tls", "password", "from", "hello_name"} {
		if verr.Fields[field] == "" {
			t.Errorf("no message for %q in %v", field, verr.Fields)
		}
	}

	clear := SMTPConfig{Address: "relay.northgate.nhs.uk:25", TLS: TLSNone, From: cyberTeam, Username: "u", Password: "p"}
	if _, err := NewSMTPSender(clear); !errors.As(err, &verr) || verr.Fields["tls"] == "" {
		t.Errorf("a password would cross the network in clear text: %v", err)
	}
	clear.Username, clear.Password = "", ""
	if _, err := NewSMTPSender(clear); err != nil {
		t.Errorf("an internal relay without TLS or sign-in was refused: %v", err)
	}
}

func TestTelLink(t *testing.T) {
	for phone, want := range map[string]string{
		"0113 392 0000":             "tel:01133920000",
		"+44 113 392 0000":          "tel:+441133920000",
		"0113 392 0000 (option 2)":  "tel:01133920000",
		"ext 4444":                  "",
		"javascript:alert(1)":       "",
		"01+13":                     "tel:0113",
		"":                          "",
		"0300 303 5678, then press": "tel:03003035678",
	} {
		if got := string(telLink(phone)); got != want {
			t.Errorf("telLink(%q) = %q, want %q", phone, got, want)
		}
	}
}

// The address parsed for the envelope must be the one in the To header.
func TestDisplayNameAddress(t *testing.T) {
	relay := startRelay(t, TLSNone)
	err := newSender(t, relay, nil).Send(t.Context(), Message{To: "Jane Smith <jane.smith@nhs.net>", Subject: "Checked", Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	d := relay.deliveries()[0]
	to, err := mail.ParseAddress(parseMail(t, d.Data).Header.Get("To"))
	if err != nil || to.Address != d.To[0] || to.Name != "Jane Smith" {
		t.Errorf("To header %v (%v), envelope %v", to, err, d.To)
	}
}

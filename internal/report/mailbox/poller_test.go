package mailbox

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/vigil-health/vigil/internal/vigil"
)

func newPoller(t *testing.T, cfg Config, h Handler) *Poller {
	t.Helper()
	p, err := New(cfg, h, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

func pollOnce(t *testing.T, p *Poller) int {
	t.Helper()
	n, err := p.PollOnce(t.Context())
	if err != nil {
		t.Fatalf("PollOnce: %v", err)
	}
	return n
}

func TestPollHandsOverEverySampleExactlyAsStored(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	var c collector
	p := newPoller(t, ts.config(), c.handle)

	if n := pollOnce(t, p); n != len(want) {
		t.Fatalf("first poll handled %d messages, want %d", n, len(want))
	}
	got := c.messages()
	if len(got) != len(want) {
		t.Fatalf("handler got %d messages, want %d", len(got), len(want))
	}
	for i, m := range got {
		if !bytes.Equal(m.Raw, want[i].raw) {
			t.Errorf("%s: raw bytes differ from the file (%d bytes, want %d)", want[i].name, len(m.Raw), len(want[i].raw))
		}
		if m.Folder != "INBOX" || m.UID != uint32(i+1) || m.UIDValidity == 0 {
			t.Errorf("%s: folder %q UID %d UIDVALIDITY %d", want[i].name, m.Folder, m.UID, m.UIDValidity)
		}
		if !m.InternalDate.Equal(receivedAt) {
			t.Errorf("%s: internal date %v, want %v", want[i].name, m.InternalDate, receivedAt)
		}
		if m.Size != int64(len(want[i].raw)) || m.TooLarge {
			t.Errorf("%s: size %d too large %v", want[i].name, m.Size, m.TooLarge)
		}
		if m.MessageID == "" || !strings.Contains(string(want[i].raw), "<"+m.MessageID+">") {
			t.Errorf("%s: Message-ID %q not found in the message", want[i].name, m.MessageID)
		}
	}

	if n := pollOnce(t, p); n != 0 {
		t.Errorf("second poll handled %d messages, want 0", n)
	}
	if all, unseen := ts.count(t, "INBOX"); all != uint32(len(want)) || unseen != 0 {
		t.Errorf("INBOX holds %d messages, %d unseen; want %d, all seen", all, unseen, len(want))
	}
}

func TestPollMovesHandledMessagesToProcessedFolder(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps imap.CapSet
	}{
		{"server with MOVE", nil},
		{"IMAP4rev1 server without MOVE", imap.CapSet{imap.CapIMAP4rev1: {}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startIMAP(t, serverOptions{caps: tc.caps})
			want := ts.seedSamples(t)
			// Opened in Outlook by a person before Vigil polled: still a report.
			ts.add(t, "INBOX", want[0].raw, imap.FlagSeen)
			var c collector
			cfg := ts.config()
			cfg.ProcessedFolder = "Vigil/Processed" // created by the poller
			p := newPoller(t, cfg, c.handle)

			if n := pollOnce(t, p); n != len(want)+1 {
				t.Fatalf("first poll handled %d messages, want %d", n, len(want)+1)
			}
			if all, _ := ts.count(t, "INBOX"); all != 0 {
				t.Errorf("INBOX still holds %d messages", all)
			}
			if all, _ := ts.count(t, "Vigil/Processed"); all != uint32(len(want)+1) {
				t.Errorf("processed folder holds %d messages, want %d", all, len(want)+1)
			}
			if n := pollOnce(t, p); n != 0 {
				t.Errorf("second poll handled %d messages, want 0", n)
			}
		})
	}
}

func TestHandlerFailureLeavesMessageForNextPoll(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	var broken Message
	c := collector{fail: func(m Message) error {
		if m.UID == 2 {
			broken = m
			return errors.New("database is locked")
		}
		return nil
	}}
	p := newPoller(t, ts.config(), c.handle)

	n, err := p.PollOnce(t.Context())
	if n != len(want)-1 {
		t.Errorf("handled %d messages, want %d", n, len(want)-1)
	}
	if err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("PollOnce error = %v, want the handler's error", err)
	}
	if _, unseen := ts.count(t, "INBOX"); unseen != 1 {
		t.Errorf("%d unseen messages left, want the 1 that failed", unseen)
	}

	c.fail = nil
	if n := pollOnce(t, p); n != 1 {
		t.Fatalf("retry poll handled %d messages, want 1", n)
	}
	got := c.messages()
	retried := got[len(got)-1]
	if retried.Key() != broken.Key() || !bytes.Equal(retried.Raw, want[1].raw) {
		t.Errorf("retried message %s, want %s with the same bytes", retried.Key(), broken.Key())
	}
	if n := pollOnce(t, p); n != 0 {
		t.Errorf("third poll handled %d messages, want 0", n)
	}
}

func TestFailingMessageDoesNotHoldUpTheQueue(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	c := collector{fail: func(m Message) error {
		if m.UID == 1 {
			return errors.New("cannot parse")
		}
		return nil
	}}
	cfg := ts.config()
	cfg.MaxPerPoll = 1
	p := newPoller(t, cfg, c.handle)

	for range want {
		p.PollOnce(t.Context()) // the first and every other poll fail on UID 1
	}
	handled := map[uint32]bool{}
	for _, m := range c.messages() {
		handled[m.UID] = true
	}
	if len(handled) < len(want)/2 {
		t.Errorf("after %d polls only UIDs %v were handled; one bad message is holding up the rest", len(want), handled)
	}
}

func TestMaxPerPollLeavesTheRestForTheNextPoll(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	var c collector
	cfg := ts.config()
	cfg.MaxPerPoll = 3
	p := newPoller(t, cfg, c.handle)

	var counts []int
	for {
		n := pollOnce(t, p)
		counts = append(counts, n)
		if n == 0 || len(counts) > len(want) {
			break
		}
	}
	total := 0
	for _, n := range counts {
		if n > 3 {
			t.Errorf("a poll handled %d messages, more than MaxPerPoll", n)
		}
		total += n
	}
	if total != len(want) {
		t.Errorf("polls handled %v, %d in all; want %d", counts, total, len(want))
	}
}

func TestTooLargeMessageIsHandedOverAsARecord(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	var c collector
	cfg := ts.config()
	cfg.MaxMessageBytes = 800
	p := newPoller(t, cfg, c.handle)

	if n := pollOnce(t, p); n != len(want) {
		t.Fatalf("handled %d messages, want all %d including the large ones", n, len(want))
	}
	large := 0
	for i, m := range c.messages() {
		if len(want[i].raw) <= 800 {
			if m.TooLarge || !bytes.Equal(m.Raw, want[i].raw) {
				t.Errorf("%s fits the limit but was not handed over whole", want[i].name)
			}
			continue
		}
		large++
		if !m.TooLarge || m.Raw != nil {
			t.Errorf("%s: TooLarge %v, %d raw bytes; want a too-large record without the body", want[i].name, m.TooLarge, len(m.Raw))
		}
		if !bytes.HasPrefix(want[i].raw, m.Header) || !bytes.HasPrefix(m.Header, []byte("From:")) || len(m.Header) == 0 {
			t.Errorf("%s: header %q is not the start of the message", want[i].name, m.Header)
		}
		if m.MessageID == "" || m.Size != int64(len(want[i].raw)) {
			t.Errorf("%s: Message-ID %q size %d", want[i].name, m.MessageID, m.Size)
		}
	}
	if large == 0 {
		t.Fatal("no sample is over the limit; the test proves nothing")
	}
}

func TestConcurrentPollsHandOverEachMessageOnce(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	var c collector
	p := newPoller(t, ts.config(), c.handle)

	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { p.PollOnce(t.Context()) })
	}
	wg.Wait()
	if got := len(c.messages()); got != len(want) {
		t.Errorf("three concurrent polls handed over %d messages, want %d", got, len(want))
	}
}

func TestSignIn(t *testing.T) {
	var tokenCalls int
	token := func(tok string, err error) TokenSource {
		return func(context.Context) (string, error) {
			tokenCalls++
			return tok, err
		}
	}
	for _, tc := range []struct {
		name    string
		opts    serverOptions
		edit    func(*Config)
		wantBy  string // mechanism the server saw; "" when sign-in must fail
		wantErr string
	}{
		{name: "password with AUTHENTICATE PLAIN", wantBy: "PLAIN"},
		{name: "password with LOGIN when PLAIN is not offered", opts: serverOptions{mechs: []string{XOAUTH2}}, wantBy: "LOGIN"},
		{name: "wrong password", edit: func(c *Config) { c.Password = "wrong" }, wantErr: "sign in"},
		{name: "XOAUTH2 token", edit: func(c *Config) { c.Password, c.Token = "", token(testToken, nil) }, wantBy: XOAUTH2},
		{name: "expired token", edit: func(c *Config) { c.Token = token("expired", nil) }, wantErr: "status 401"},
		{name: "token source fails", edit: func(c *Config) { c.Token = token("", errors.New("tenant unreachable")) }, wantErr: "tenant unreachable"},
		{name: "implicit TLS", opts: serverOptions{tls: TLSImplicit}, wantBy: "PLAIN"},
		{name: "STARTTLS", opts: serverOptions{tls: TLSStartTLS}, wantBy: "PLAIN"},
		{name: "TLS certificate not trusted", opts: serverOptions{tls: TLSImplicit}, edit: func(c *Config) { c.TLSConfig = nil }, wantErr: "certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := startIMAP(t, tc.opts)
			ts.add(t, "INBOX", []byte("Subject: hello\r\nMessage-ID: <a@b>\r\n\r\nhi\r\n"))
			cfg := ts.config()
			if tc.edit != nil {
				tc.edit(&cfg)
			}
			var c collector
			p := newPoller(t, cfg, c.handle)
			n, err := p.PollOnce(t.Context())
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("PollOnce error = %v, want one mentioning %q", err, tc.wantErr)
				}
				if n != 0 || len(ts.signIns()) != 0 {
					t.Errorf("handled %d, sign-ins %v after a refused sign-in", n, ts.signIns())
				}
				return
			}
			if err != nil || n != 1 {
				t.Fatalf("PollOnce = %d, %v; want 1, nil", n, err)
			}
			if by := ts.signIns(); len(by) != 1 || by[0] != tc.wantBy {
				t.Errorf("server saw sign-ins %v, want [%s]", by, tc.wantBy)
			}
		})
	}
	if tokenCalls == 0 {
		t.Error("the token source was never asked for a token")
	}
}

func TestTokenIsFetchedForEverySignIn(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	calls := 0
	cfg := ts.config()
	cfg.Password = ""
	cfg.Token = func(context.Context) (string, error) {
		calls++
		return testToken, nil
	}
	p := newPoller(t, cfg, (&collector{}).handle)
	pollOnce(t, p)
	pollOnce(t, p)
	if calls != 2 {
		t.Errorf("token source called %d times for 2 polls; a cached token would expire", calls)
	}
}

func TestXOAUTH2RefusalSaysWhy(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	cfg := ts.config()
	cfg.Token = func(context.Context) (string, error) { return "expired", nil }
	p := newPoller(t, cfg, (&collector{}).handle)
	_, err := p.PollOnce(t.Context())
	var refusal *XOAUTH2Error
	if !errors.As(err, &refusal) || refusal.Status != "401" || !strings.Contains(refusal.Scope, "IMAP.AccessAsUser.All") {
		t.Errorf("error %v does not carry the server's XOAUTH2 refusal", err)
	}
}

func TestNewRejectsIncompleteSettings(t *testing.T) {
	_, err := New(Config{TLS: "ssl"}, (&collector{}).handle, nil)
	if vigil.CodeOf(err) != vigil.Invalid {
		t.Fatalf("New error = %v, want an Invalid error", err)
	}
	var verr *vigil.Error
	errors.As(err, &verr)
	for _, field := range []string{"address", "tls", "username", "password"} {
		if verr.Fields[field] == "" {
			t.Errorf("no message for field %q in %v", field, verr.Fields)
		}
	}
	if _, err := New(Config{Address: "imap.nhs.net:993", Username: "u", Password: "p"}, nil, nil); err == nil {
		t.Error("New accepted a nil handler")
	}
	_, err = New(Config{Address: "imap.nhs.net:143", TLS: TLSNone, Username: "u", Password: "p"}, (&collector{}).handle, nil)
	if !errors.As(err, &verr) || verr.Fields["tls"] == "" {
		t.Errorf("New sent a password in clear text across the network: %v", err)
	}
}

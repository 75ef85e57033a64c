package app_test

import (
	"bytes"
	"context"
	"io"
	"log"
	"mime/multipart"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-smtp"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/mailtest"
)

// sharedSample is one of the project's sample e-mails.
func sharedSample(t testing.TB, name string) []byte { return mailtest.Sample(t, name) }

// addPerson adds someone to a demo organisation and gives the app their password.
func addPerson(t *testing.T, a *apptest.App, code, name, email string, roles ...string) string {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	const password = "a long test password for " + "speak up"
	u, err := a.Auth.AddPerson(ctx, o.System("test"), org.PersonDetails{Email: email, Name: name, JobRole: "nurse-midwife", Roles: append([]string{"staff"}, roles...)}, password)
	if err != nil {
		t.Fatal(err)
	}
	a.Passwords[email] = password
	return u.ID
}

// multipartBody is a form with one file, as a browser sends it.
func multipartBody(t testing.TB, fields url.Values, fileField, fileName string, content []byte) (string, *bytes.Buffer) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fileField != "" {
		fw, err := mw.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), &body
}

// postFile submits a form with a file upload, with the CSRF token a browser would send.
func postFile(t testing.TB, c *apptest.Client, path string, fields url.Values, fileField, fileName string, content []byte) apptest.Response {
	t.Helper()
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("csrf_token", c.CSRF())
	ctype, body := multipartBody(t, fields, fileField, fileName, content)
	return c.Do("POST", path, ctype, body)
}

// relay is a real SMTP server, in process, that keeps what it receives.
type relay struct {
	addr string
	mu   sync.Mutex
	got  []relayed
}

type relayed struct {
	from string
	to   []string
	data string
}

func startRelay(t *testing.T) *relay {
	t.Helper()
	r := &relay{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &relaySession{relay: r}, nil }))
	srv.Domain = "relay.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	r.addr = ln.Addr().String()
	return r
}

// deliveries waits, up to a generous limit, for at least n messages; it
// returns what arrived. Waiting is for the background sender, not a timing assertion.
func (r *relay) deliveries(t *testing.T, n int) []relayed {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r.mu.Lock()
		got := slices.Clone(r.got)
		r.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type relaySession struct {
	relay *relay
	cur   relayed
}

func (s *relaySession) Mail(from string, _ *smtp.MailOptions) error { s.cur.from = from; return nil }
func (s *relaySession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *relaySession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = string(b)
	s.relay.mu.Lock()
	s.relay.got = append(s.relay.got, s.cur)
	s.relay.mu.Unlock()
	s.cur = relayed{}
	return nil
}
func (s *relaySession) Reset()        { s.cur = relayed{} }
func (s *relaySession) Logout() error { return nil }

// reportingMailbox is go-imap's in-memory IMAP server holding one mailbox.
type reportingMailbox struct {
	addr string
	user *imapmemserver.User
}

const (
	mailboxUser     = "phishing-reports@riverside.example"
	mailboxPassword = "mailbox test password"
)

func startMailbox(t *testing.T) *reportingMailbox {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(mailboxUser, mailboxPassword)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true, // plain TCP to 127.0.0.1 only
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &reportingMailbox{addr: ln.Addr().String(), user: user}
}

func (m *reportingMailbox) deliver(t *testing.T, raw []byte) {
	t.Helper()
	if _, err := m.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{Time: time.Date(2026, 10, 6, 8, 15, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
}

func (m *reportingMailbox) count(t *testing.T, folder string) uint32 {
	t.Helper()
	st, err := m.user.Status(folder, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		return 0 // the folder does not exist yet
	}
	return *st.NumMessages
}

// mustContain fails unless text holds every one of want.
func mustContain(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

package report

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Incoming is a report that arrives from the reporting mailbox or from
// another system through the API, complete in one go.
type Incoming struct {
	Kind   Kind // Email when empty
	Source Source
	// Key identifies the delivery so that a message delivered twice — the
	// mailbox hands each one over at least once — makes one report.
	Key string
	// Email is the reported e-mail exactly as received, for Email reports. A
	// Microsoft "Report" submission is kept whole: the analysis finds the
	// original inside it.
	Email    []byte
	FileName string
	// TooLarge says the e-mail was over MaxEmailBytes, so Email holds only
	// its header: the report is kept, and the analyst told why it is thin.
	TooLarge bool
	// ReporterAddress is who sent the report in. It is matched to a person
	// of the organisation; a session caller is the reporter themselves.
	ReporterAddress string
	// ReplyMessageID is the Message-ID of the reporter's own e-mail, so that
	// feedback lands in the same conversation.
	ReplyMessageID string
	Details        Details
}

const maxKeyLength = 500

// Receive saves a report, then files it (filer.go): analyses its e-mail and
// puts it in its campaign. The report, with its e-mail, is committed before
// filing starts, so a message that breaks the analysis — or a crash — never
// loses it. A repeated delivery (the same key), or the same reporter sending
// the same message again within DuplicateWindow, is the report already made.
func (s *Journey) Receive(ctx context.Context, scope vigil.Scope, in Incoming) (Report, error) {
	if err := scope.Require(vigil.CreateReports); err != nil {
		return Report{}, err
	}
	if in.Kind == "" {
		in.Kind = Email
	}
	kind, err := ParseKind(string(in.Kind))
	if err != nil {
		return Report{}, vigil.InvalidFields("Unknown kind of report.", map[string]string{"kind": err.Error()})
	}
	if len(in.Key) > maxKeyLength {
		return Report{}, vigil.InvalidFields("The delivery key is too long.", map[string]string{"key": "up to 500 characters"})
	}
	if kind == Email && !in.TooLarge {
		if err := checkEmailSize(in.Email); err != nil {
			return Report{}, err
		}
	}
	reporterID, reporterName, err := s.reporterFor(ctx, scope, in.ReporterAddress)
	if err != nil {
		return Report{}, err
	}
	now := store.Now()
	r := Report{ID: store.NewID(), OrgID: scope.OrgID, Kind: kind, Status: Open, Source: in.Source, ReporterID: reporterID,
		Details: in.Details, CreatedAt: now, SentAt: &now, replyMessageID: clean(in.ReplyMessageID, false)}
	if reporterID == "" {
		r.ReporterAddress = org.NormaliseEmail(in.ReporterAddress)
	}
	if in.TooLarge {
		r.AnalysisNote = "The e-mail was larger than 25 MB, so only its header was kept. Find the original in the reporting mailbox, or ask the reporter to forward it without attachments."
	}
	arr := &arrival{report: r, raw: in.Email, fileName: in.FileName, key: in.Key, actor: scope.Actor()}
	if kind == Email {
		arr.dedup = dedupKey(scope, r, in.Email)
	}
	if len(in.Email) > 0 {
		arr.report.HasEmail = true
	}
	filed, err := s.receive(ctx, scope, arr)
	if err != nil || filed.ReporterID == "" || filed.ReporterID == reporterID {
		filed.ReporterName = reporterName
		return filed, err
	}
	return s.withName(ctx, scope, filed) // the filer found the reporter in a forwarded submission
}

// receive stores an arrival and files it; a repeat is filed — if a crash
// cut its first filing short — and answered as the report it repeats.
func (s *Journey) receive(ctx context.Context, scope vigil.Scope, arr *arrival) (Report, error) {
	err := s.Filer.arrive(ctx, arr)
	if err != nil && s.db.Dialect.IsUniqueViolation(err) {
		// Delivered before, or sent again on another node at the same moment.
		err = s.db.QueryRow(ctx, `SELECT id FROM reports WHERE org_id = $1 AND (source_key = $2 OR dedup_key = $3)`,
			scope.OrgID, nullable(arr.key), nullable(arr.dedup)).Scan(&arr.earlier)
		if err != nil {
			return Report{}, fmt.Errorf("find the earlier delivery: %w", err)
		}
	}
	if err != nil {
		return Report{}, fmt.Errorf("save report: %w", err)
	}
	if arr.earlier != "" {
		return s.Filer.file(ctx, scope.OrgID, arr.earlier)
	}
	return s.Filer.fileArrival(ctx, arr)
}

// DuplicateWindow is how long the same reporter sending the same message is
// taken to be a retry, not a new report: a client that did not hear the
// answer, or a person pressing Report twice.
const DuplicateWindow = 24 * time.Hour

// dedupKey names a reporter's report of one message: the same person (or,
// when the sender is not known, the same token) and the same Message-ID,
// or the same bytes when there is no Message-ID.
func dedupKey(scope vigil.Scope, r Report, raw []byte) string {
	who := r.ReporterID
	switch {
	case who == "" && r.ReporterAddress != "":
		who = "address:" + r.ReporterAddress
	case who == "":
		who = "caller:" + scope.Actor().ID
	}
	what := "message-id:" + messageID(raw)
	if what == "message-id:" {
		sum := sha256.Sum256(raw)
		what = "sha256:" + hex.EncodeToString(sum[:])
	}
	sum := sha256.Sum256([]byte(who + "\n" + what))
	return hex.EncodeToString(sum[:])
}

// messageID is the Message-ID of a message (or of just its header), or "".
func messageID(raw []byte) string {
	h, _ := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw))).ReadMIMEHeader() // keeps what was read before any error
	id := strings.TrimSpace(h.Get("Message-Id"))
	if len(id) > maxKeyLength {
		return ""
	}
	return id
}

// reporterFor finds who made a report, and their name: the signed-in
// caller, or the person of the organisation whose address sent it in. In a
// wave the same people report again and again: who an address is, is kept
// for a few seconds.
func (s *Journey) reporterFor(ctx context.Context, scope vigil.Scope, address string) (id, name string, err error) {
	if scope.UserID != "" {
		return scope.UserID, scope.Name, nil
	}
	key := scope.OrgID + " " + org.NormaliseEmail(address)
	who, err := s.reporters.Load(key, store.Now(), func() (person, error) {
		id, name, err := s.orgs.ActivePersonByEmail(ctx, scope, address)
		return person{id, name}, err
	})
	return who.id, who.name, err
}

type person struct{ id, name string }

// SenderAddress is the address in the From header of a message (or of just
// its header), or "" when there is none that parses. For a message sent to
// the reporting mailbox — a forward or a Microsoft "Report" submission —
// that is the person reporting.
func SenderAddress(raw []byte) string {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	h, _ := r.ReadMIMEHeader() // keeps what was read before any error
	a, err := mail.ParseAddress(h.Get("From"))
	if err != nil {
		return ""
	}
	return org.NormaliseEmail(a.Address)
}

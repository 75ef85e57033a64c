package report

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
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
	reporterID, err := s.reporterFor(ctx, scope, in.ReporterAddress)
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
	var key, reporter, dedup any
	if in.Key != "" {
		key = in.Key
	}
	if reporterID != "" {
		reporter = reporterID
	}
	if kind == Email {
		dedup = dedupKey(scope, r, in.Email)
	}
	id := r.ID
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if dedup != nil {
			earlier, err := s.claimDedupKey(ctx, tx, r.OrgID, dedup.(string), now)
			if err != nil || earlier != "" {
				id = earlier
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reports (id, org_id, kind, status, source, source_key, reporter_id, reporter_address,
			details, analysis_note, reply_message_id, dedup_key, created_at, sent_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $13)`,
			r.ID, r.OrgID, r.Kind, r.Status, r.Source, key, reporter, r.ReporterAddress, r.Details.encode(), r.AnalysisNote, r.replyMessageID, dedup, now); err != nil {
			return err
		}
		if kind == Email && len(in.Email) > 0 {
			if err := insertRaw(ctx, tx, r.OrgID, r.ID, cleanFileName(in.FileName), in.Email); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "report", EntityID: r.ID,
			Summary: "Received a report: " + kind.Title(), After: map[string]any{"kind": kind, "source": in.Source, "size": len(in.Email)}})
	})
	if err != nil && s.db.Dialect.IsUniqueViolation(err) {
		// Delivered before, or sent again at the same moment: that report.
		err = s.db.QueryRow(ctx, `SELECT id FROM reports WHERE org_id = $1 AND (source_key = $2 OR dedup_key = $3)`, scope.OrgID, key, dedup).Scan(&id)
		if err != nil {
			return Report{}, fmt.Errorf("find the earlier delivery: %w", err)
		}
	}
	if err != nil {
		return Report{}, fmt.Errorf("save report: %w", err)
	}
	// A repeat whose first delivery was cut short is filed now.
	filed, err := s.Filer.file(ctx, scope.OrgID, id)
	if err != nil {
		return Report{}, err
	}
	return s.withName(ctx, scope, filed)
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

// claimDedupKey answers the report that already holds a key within the
// window. A holder older than that lets the key go to the new report.
func (s *Journey) claimDedupKey(ctx context.Context, tx *store.Tx, orgID, key string, now time.Time) (string, error) {
	var id string
	var created time.Time
	err := tx.QueryRow(ctx, `SELECT id, created_at FROM reports WHERE org_id = $1 AND dedup_key = $2`+tx.Dialect.LockRows(), orgID, key).Scan(&id, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("look for an earlier report: %w", err)
	case now.Sub(created) < DuplicateWindow:
		return id, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE reports SET dedup_key = NULL WHERE id = $1`, id); err != nil {
		return "", fmt.Errorf("release an old report's key: %w", err)
	}
	return "", nil
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

// reporterFor finds who made a report: the signed-in caller, or the person
// of the organisation whose e-mail address sent it in.
func (s *base) reporterFor(ctx context.Context, scope vigil.Scope, address string) (string, error) {
	if scope.UserID != "" {
		return scope.UserID, nil
	}
	return s.orgs.ActivePersonByEmail(ctx, scope, address)
}

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

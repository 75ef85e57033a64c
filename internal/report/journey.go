package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The staff journey builds a report as a draft, one page at a time, and
// sends it at the end. A draft is its author's own unfinished work: only
// they can see it, and it is not in the audit trail — the audit records the
// report when it is sent, under the reporter's name or, when they chose to
// stay anonymous, without it. Recording the draft's steps would name them.

// DraftLifetime is how long an unsent report is kept before it is deleted.
const DraftLifetime = 24 * time.Hour

var errNoDraft = vigil.Errorf(vigil.NotFound, "This report has been sent already, or it was left unfinished for more than a day. Start a new report.")

// StartDraft begins a report of the given kind for the signed-in person.
func (s *Journey) StartDraft(ctx context.Context, scope vigil.Scope, kind Kind) (Report, error) {
	if err := scope.Require(vigil.CreateReports); err != nil {
		return Report{}, err
	}
	if scope.UserID == "" {
		return Report{}, vigil.Errorf(vigil.Forbidden, "Only people fill in the report pages. Systems send reports to the API.")
	}
	kind, err := ParseKind(string(kind))
	if err != nil {
		return Report{}, vigil.InvalidFields("", map[string]string{"kind": "Choose what happened."})
	}
	now := store.Now()
	r := Report{ID: store.NewID(), OrgID: scope.OrgID, Kind: kind, Status: Draft, Source: FromWeb, ReporterID: scope.UserID,
		ReporterName: scope.Name, Details: Details{}, CreatedAt: now}
	if _, err := s.db.Exec(ctx, `INSERT INTO reports (id, org_id, kind, status, source, reporter_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, r.ID, r.OrgID, r.Kind, r.Status, r.Source, r.ReporterID, now); err != nil {
		return Report{}, fmt.Errorf("start report: %w", err)
	}
	return r, nil
}

// Draft returns one of the caller's own unsent reports.
func (s *Journey) Draft(ctx context.Context, scope vigil.Scope, id string) (Report, error) {
	r, err := s.oneReport(ctx, s.db, reportSelect(true)+`WHERE r.id = $1 AND r.org_id = $2 AND r.reporter_id = $3 AND r.status = $4`,
		id, scope.OrgID, scope.UserID, Draft)
	if vigil.IsNotFound(err) {
		return Report{}, errNoDraft
	}
	r.ReporterName = scope.Name // their own
	return r, err
}

// updateDraft changes the caller's own draft; set is the SET list, its
// placeholders numbered from $1 for args.
func (s *base) updateDraft(ctx context.Context, q store.Querier, scope vigil.Scope, id, set string, args ...any) error {
	n := len(args)
	query := fmt.Sprintf(`UPDATE reports SET %s, updated_at = $%d WHERE id = $%d AND org_id = $%d AND reporter_id = $%d AND status = $%d`,
		set, n+1, n+2, n+3, n+4, n+5)
	res, err := q.Exec(ctx, query, append(args, store.Now(), id, scope.OrgID, scope.UserID, Draft)...)
	if err != nil {
		return fmt.Errorf("update report: %w", err)
	}
	if changed, err := res.RowsAffected(); err != nil || changed == 0 {
		return errNoDraft
	}
	return nil
}

// ChangeKind answers "What happened?" again. A different kind asks different
// questions, so the answers given so far are cleared.
func (s *Journey) ChangeKind(ctx context.Context, scope vigil.Scope, id string, kind Kind) error {
	kind, err := ParseKind(string(kind))
	if err != nil {
		return vigil.InvalidFields("", map[string]string{"kind": "Choose what happened."})
	}
	r, err := s.Draft(ctx, scope, id)
	if err != nil || r.Kind == kind {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.updateDraft(ctx, tx, scope, id, `kind = $1, details = '{}', analysis = '', subject = '', analysis_note = ''`, kind); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM report_raw WHERE report_id = $1 AND org_id = $2`, id, scope.OrgID)
		return err
	})
}

// SaveDetails checks and keeps the answers to the kind's questions.
func (s *Journey) SaveDetails(ctx context.Context, scope vigil.Scope, id string, form map[string][]string) (Report, error) {
	r, err := s.Draft(ctx, scope, id)
	if err != nil {
		return Report{}, err
	}
	d, err := ParseDetails(r.Kind, form)
	if err != nil {
		return r, err
	}
	if err := s.updateDraft(ctx, s.db, scope, id, `details = $1`, d.encode()); err != nil {
		return Report{}, err
	}
	r.Details = d
	return r, nil
}

// AttachEmail keeps the reported e-mail with the draft — saved before it is
// analysed, so a file that breaks the analysis is still kept — and analyses it.
func (s *Journey) AttachEmail(ctx context.Context, scope vigil.Scope, id string, raw []byte, fileName string) (Report, error) {
	if err := checkEmailSize(raw); err != nil {
		return Report{}, err
	}
	r, err := s.Draft(ctx, scope, id)
	if err != nil {
		return Report{}, err
	}
	if r.Kind != Email {
		return Report{}, vigil.Errorf(vigil.Conflict, "This report is not about an e-mail.")
	}
	o, err := s.organisation(ctx, scope)
	if err != nil {
		return Report{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.updateDraft(ctx, tx, scope, id, `analysis = '', subject = '', analysis_note = ''`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM report_raw WHERE report_id = $1 AND org_id = $2`, id, scope.OrgID); err != nil {
			return fmt.Errorf("replace reported e-mail: %w", err)
		}
		return insertRaw(ctx, tx, r.OrgID, id, cleanFileName(fileName), raw)
	})
	if err != nil {
		return Report{}, err
	}
	a, note := s.analyse(ctx, raw, o)
	analysis, subject := analysisColumns(a)
	if err := s.updateDraft(ctx, s.db, scope, id, `analysis = $1, subject = $2, analysis_note = $3`, analysis, subject, note); err != nil {
		return Report{}, err
	}
	return s.Draft(ctx, scope, id)
}

func checkEmailSize(raw []byte) error {
	switch {
	case len(raw) == 0:
		return vigil.InvalidFields("", map[string]string{"file": "The file is empty. Choose the saved e-mail, or paste it instead."})
	case len(raw) > MaxEmailBytes:
		return vigil.InvalidFields("", map[string]string{"file": "The e-mail is larger than 25 MB. Paste its headers and text instead, or call the IT service desk."})
	}
	return nil
}

func insertRaw(ctx context.Context, tx *store.Tx, orgID, reportID, fileName string, raw []byte) error {
	sum := sha256.Sum256(raw)
	if _, err := tx.Exec(ctx, `INSERT INTO report_raw (report_id, org_id, file_name, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6)`,
		reportID, orgID, fileName, len(raw), hex.EncodeToString(sum[:]), raw); err != nil {
		return fmt.Errorf("keep reported e-mail: %w", err)
	}
	return nil
}

// cleanFileName keeps only the last part of an uploaded file's name, as plain text.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(clean(name, false), `\`, "/"))
	if name == "." || name == "/" {
		return ""
	}
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	return name
}

// analysisColumns is an analysis as stored: its JSON and the subject for lists.
func analysisColumns(a *email.Analysis) (analysis, subject string) {
	if a == nil {
		return "", ""
	}
	b, err := json.Marshal(a)
	if err != nil {
		return "", a.Subject
	}
	return string(b), clean(a.Subject, false)
}

// SetAnonymous records whether the reporter wants to stay anonymous.
func (s *Journey) SetAnonymous(ctx context.Context, scope vigil.Scope, id string, anonymous bool) error {
	if anonymous {
		o, err := s.organisation(ctx, scope)
		if err != nil {
			return err
		}
		if !o.Settings.AnonymousReporting {
			return vigil.InvalidFields("", map[string]string{"anonymous": "Your organisation does not take anonymous reports."})
		}
	}
	return s.updateDraft(ctx, s.db, scope, id, `anonymous = $1`, anonymous)
}

// Send sends the caller's draft: it becomes a report that analysts see, and
// an e-mail joins its campaign, taking the campaign's verdict if it has one.
func (s *Journey) Send(ctx context.Context, scope vigil.Scope, id string) (Report, error) {
	r, err := s.Draft(ctx, scope, id)
	if err != nil {
		return Report{}, err
	}
	if _, err := ParseDetails(r.Kind, r.Details.form(r.Kind)); err != nil {
		return Report{}, vigil.InvalidFields("Some answers are missing. Go back and answer them.", fieldsOf(err))
	}
	if r.Kind == Email && !r.HasEmail {
		return Report{}, vigil.InvalidFields("", map[string]string{"file": "Upload the e-mail, or paste it."})
	}
	o, err := s.organisation(ctx, scope)
	if err != nil {
		return Report{}, err
	}
	if r.Anonymous && !o.Settings.AnonymousReporting {
		return Report{}, vigil.InvalidFields("", map[string]string{"anonymous": "Your organisation no longer takes anonymous reports. Choose to give your name."})
	}
	a := r.Analysis()
	if r.Kind == Email && a == nil && r.AnalysisNote == "" {
		// The analysis after the upload did not finish: do it now.
		raw, err := s.rawContent(ctx, s.db, r.OrgID, r.ID)
		if err != nil {
			return Report{}, err
		}
		a, r.AnalysisNote = s.analyse(ctx, raw, o)
	}
	analysis, subject := analysisColumns(a)
	if r.Subject == "" {
		r.Subject = subject
	}
	now := store.Now()
	actor := scope.Actor()
	if r.Anonymous {
		actor, r.ReporterID, r.ReporterName = anonymousActor(r.OrgID), "", ""
	}
	r.Status, r.SentAt = Open, &now
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var reporter any
		if r.ReporterID != "" {
			reporter = r.ReporterID
		}
		if err := s.updateDraft(ctx, tx, scope, id, `status = $1, sent_at = $2, reporter_id = $3, analysis = $4, subject = $5, analysis_note = $6`,
			Open, now, reporter, analysis, r.Subject, r.AnalysisNote); err != nil {
			return err
		}
		if err := s.settle(ctx, tx, &r, a, o.Settings.EmailDomains, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Change{Action: "create", EntityType: "report", EntityID: r.ID,
			Summary: "Reported: " + r.Kind.Title(), After: map[string]any{"kind": r.Kind, "source": r.Source, "anonymous": r.Anonymous, "campaign": r.CampaignID}})
	})
	if err != nil {
		return Report{}, err
	}
	return r, nil
}

// form turns saved answers back into form values, to check them again.
func (d Details) form(k Kind) map[string][]string {
	out := map[string][]string{}
	for _, f := range k.Fields() {
		v, ok := d[f.Name]
		switch {
		case !ok:
		case f.Input == Checkboxes:
			out[f.Name] = strings.Split(v, ",")
		default:
			out[f.Name] = []string{v}
		}
	}
	return out
}

func fieldsOf(err error) map[string]string {
	var e *vigil.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func (s *base) rawContent(ctx context.Context, q store.Querier, orgID, id string) ([]byte, error) {
	var raw []byte
	if err := q.QueryRow(ctx, `SELECT content FROM report_raw WHERE report_id = $1 AND org_id = $2`, id, orgID).Scan(&raw); err != nil {
		return nil, fmt.Errorf("load reported e-mail: %w", err)
	}
	return raw, nil
}

// SweepDrafts deletes reports left unsent for longer than DraftLifetime,
// with any e-mail uploaded to them. It answers how many went.
func (s *Journey) SweepDrafts(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM reports WHERE status = $1 AND created_at < $2`, Draft, now.Add(-DraftLifetime))
	if err != nil {
		return 0, fmt.Errorf("sweep unsent reports: %w", err)
	}
	return res.RowsAffected()
}

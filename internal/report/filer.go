package report

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Filing is what happens to a report that arrives from the mailbox or the
// API once it is stored: its e-mail is analysed, it joins its campaign
// (taking the campaign's verdict if it has one), and its reporter's feedback
// is queued. The report is committed before filing starts, so a crash never
// loses it; a report left unfiled is found again by Sweep, on this node or
// another, and a report is filed once however many nodes try.
//
// While Run runs, filing is a pipeline: a few workers analyse e-mails in
// parallel, and one loop files whatever has been analysed in a single
// transaction — in a phishing wave, dozens of reports share one commit and
// one turn at their organisation's campaign lock. Receive waits for its own
// report to be filed, so the caller still gets the campaign in the answer.

const (
	// maxFilingBatch is how many analysed reports one transaction files.
	maxFilingBatch = 64
	// unfiledAfter is how long after it was sent an unfiled report is taken
	// to be left over from a crash rather than on its way through a node.
	unfiledAfter = 30 * time.Second
	// sweepClaimFor is how long a node's claim on a left-over report lasts.
	sweepClaimFor = 5 * time.Minute
)

// filing is one report on its way through.
type filing struct {
	orgID, id string
	report    Report
	analysis  *email.Analysis
	own       []string // the organisation's own mail domains
	err       error
	done      chan struct{} // closed when filed; nil when nobody waits
}

// Filer files received reports.
type Filer struct {
	*base
	workers  int
	jobs     chan *filing
	analysed chan *filing
	mu       sync.Mutex
	running  bool
}

func newFiler(b *base) *Filer {
	n := max(1, runtime.NumCPU())
	return &Filer{base: b, workers: n, jobs: make(chan *filing, 4*maxFilingBatch), analysed: make(chan *filing, 4*maxFilingBatch)}
}

// Run analyses and files reports until ctx ends. While it runs, Receive
// hands its reports over; otherwise Receive files them itself.
func (f *Filer) Run(ctx context.Context) {
	f.mu.Lock()
	f.running = true
	f.mu.Unlock()
	var wg sync.WaitGroup
	for range f.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.analyseLoop(ctx)
		}()
	}
	f.fileLoop(ctx)
	f.mu.Lock()
	f.running = false
	f.mu.Unlock()
	wg.Wait()
}

// file files one stored report and answers it as filed: through the
// pipeline when it runs, here and now when it does not.
func (f *Filer) file(ctx context.Context, orgID, id string) (Report, error) {
	fl := &filing{orgID: orgID, id: id, done: make(chan struct{})}
	if f.handOver(ctx, fl) {
		select {
		case <-fl.done:
			return fl.report, fl.err
		case <-ctx.Done():
			return Report{}, ctx.Err() // stored all the same: the pipeline or Sweep finishes it
		}
	}
	f.prepare(ctx, fl)
	if fl.err == nil {
		f.fileBatch(ctx, []*filing{fl})
	}
	return fl.report, fl.err
}

func (f *Filer) handOver(ctx context.Context, fl *filing) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.running {
		return false
	}
	select {
	case f.jobs <- fl:
		return true
	case <-ctx.Done():
		return false
	default:
		return false // the pipeline is full: file it here rather than wait
	}
}

func (f *Filer) analyseLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case fl := <-f.jobs:
			f.prepare(ctx, fl)
			if fl.err != nil {
				finish(fl)
				continue
			}
			select {
			case f.analysed <- fl:
			case <-ctx.Done():
				return
			}
		}
	}
}

func (f *Filer) fileLoop(ctx context.Context) {
	for {
		var batch []*filing
		select {
		case <-ctx.Done():
			return
		case fl := <-f.analysed:
			batch = append(batch, fl)
		}
	drain:
		for len(batch) < maxFilingBatch {
			select {
			case fl := <-f.analysed:
				batch = append(batch, fl)
			default:
				break drain
			}
		}
		f.fileBatch(ctx, batch)
	}
}

func finish(fl *filing) {
	if fl.done != nil {
		close(fl.done)
	}
}

// prepare loads a stored report and analyses its e-mail: the slow part,
// done outside any transaction.
func (f *Filer) prepare(ctx context.Context, fl *filing) {
	r, err := f.oneReport(ctx, f.db, reportSelect(true)+`WHERE r.id = $1 AND r.org_id = $2`, fl.id, fl.orgID)
	if err != nil {
		fl.err = err
		return
	}
	fl.report = r
	if r.processed {
		return
	}
	o, err := f.orgs.OrganisationByID(ctx, fl.orgID)
	if err != nil {
		fl.err = err
		return
	}
	fl.own = o.Settings.EmailDomains
	a := r.Analysis()
	if r.Kind == Email && a == nil && r.AnalysisNote == "" && r.HasEmail {
		raw, err := f.rawContent(ctx, f.db, r.OrgID, r.ID)
		if err != nil {
			fl.err = err
			return
		}
		a, fl.report.AnalysisNote = f.analyse(raw, fl.own)
	}
	fl.analysis = a
	if r.ReporterID == "" && r.ReporterAddress == "" && a != nil && a.Submission != nil && a.Submission.Submitter != nil {
		// A forwarded or Microsoft "Report" submission names who reported it.
		address := a.Submission.Submitter.Address
		id, err := f.orgs.ActivePersonByEmail(ctx, o.System("Report filing"), address)
		if err != nil {
			fl.err = err
			return
		}
		fl.report.ReporterID = id
		if id == "" {
			fl.report.ReporterAddress = org.NormaliseEmail(address)
		}
	}
}

// fileBatch files analysed reports in one transaction. If that fails, each
// is filed alone, so one bad report cannot hold back the others.
func (f *Filer) fileBatch(ctx context.Context, batch []*filing) {
	err := f.db.Tx(ctx, func(tx *store.Tx) error {
		for _, fl := range batch {
			if err := f.fileOne(ctx, tx, fl); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, fl := range batch {
			f.fileBatch(ctx, []*filing{fl})
		}
		return
	}
	for _, fl := range batch {
		if err != nil {
			fl.err = err
		}
		finish(fl)
	}
}

func (f *Filer) fileOne(ctx context.Context, tx *store.Tx, fl *filing) error {
	if fl.report.processed {
		return nil // filed before it reached us
	}
	var processed bool
	if err := tx.QueryRow(ctx, `SELECT processed_at IS NOT NULL FROM reports WHERE id = $1 AND org_id = $2`+tx.Dialect.LockRows(),
		fl.id, fl.orgID).Scan(&processed); err != nil {
		return fmt.Errorf("check report %s: %w", fl.id, err)
	}
	if processed {
		// Another node filed it meanwhile: answer what it stored.
		r, err := f.oneReport(ctx, tx, reportSelect(false)+`WHERE r.id = $1 AND r.org_id = $2`, fl.id, fl.orgID)
		fl.report = r
		return err
	}
	r := &fl.report
	analysis, subject := analysisColumns(fl.analysis)
	r.Subject, r.analysis = subject, analysis
	var reporter any
	if r.ReporterID != "" {
		reporter = r.ReporterID
	}
	if _, err := tx.Exec(ctx, `UPDATE reports SET analysis = $1, subject = $2, analysis_note = $3, reporter_id = $4, reporter_address = $5
		WHERE id = $6 AND org_id = $7`, analysis, r.Subject, r.AnalysisNote, reporter, r.ReporterAddress, r.ID, r.OrgID); err != nil {
		return fmt.Errorf("save analysis: %w", err)
	}
	if err := f.settle(ctx, tx, r, fl.analysis, fl.own, store.Now()); err != nil {
		return err
	}
	summary := "Filed the report"
	if r.CampaignID != "" {
		summary = "Analysed the reported e-mail and added it to a campaign"
	}
	return audit.Record(ctx, tx, vigil.SystemActor(r.OrgID), audit.Change{Action: "update", EntityType: "report", EntityID: r.ID,
		Summary: summary, After: map[string]any{"campaign": r.CampaignID, "verdict": r.Verdict}})
}

// Sweep files reports left unfiled by a crash — sent over unfiledAfter ago
// and not claimed by another node in the last sweepClaimFor — up to limit of
// them, and answers how many it filed. Run it at start-up and now and then.
func (f *Filer) Sweep(ctx context.Context, limit int) (int, error) {
	now := store.Now()
	type left struct{ orgID, id string }
	var claimed []left
	err := f.db.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, org_id FROM reports WHERE processed_at IS NULL AND status <> $1 AND sent_at < $2
			AND (claimed_at IS NULL OR claimed_at < $3) ORDER BY sent_at LIMIT $4`+tx.Dialect.SkipLocked(),
			Draft, now.Add(-unfiledAfter), now.Add(-sweepClaimFor), limit)
		if err != nil {
			return fmt.Errorf("find unfiled reports: %w", err)
		}
		for rows.Next() {
			var l left
			if err := rows.Scan(&l.id, &l.orgID); err != nil {
				rows.Close()
				return err
			}
			claimed = append(claimed, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, l := range claimed {
			if _, err := tx.Exec(ctx, `UPDATE reports SET claimed_at = $1 WHERE id = $2`, now, l.id); err != nil {
				return fmt.Errorf("claim report %s: %w", l.id, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	filed := 0
	var errs error
	for _, l := range claimed {
		if _, err := f.file(ctx, l.orgID, l.id); err != nil {
			errs = errors.Join(errs, fmt.Errorf("file report %s: %w", l.id, err))
			continue
		}
		filed++
	}
	return filed, errs
}

package report

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/cache"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/feedback"
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
	// UnfiledAfter is how long after it was sent an unfiled report is taken
	// to be left over from a crash rather than on its way through a node.
	UnfiledAfter = 30 * time.Second
	// sweepClaimFor is how long a node's claim on a left-over report lasts.
	sweepClaimFor = 5 * time.Minute
)

// filing is one report on its way through.
type filing struct {
	orgID, id string
	loaded    bool   // report and raw are already in hand: just stored
	raw       []byte // the reported e-mail, when loaded
	report    Report
	analysis  *email.Analysis
	own       []string // the organisation's own mail domains
	err       error
	done      chan struct{} // closed when filed; nil when nobody waits
}

// Filer stores and files received reports.
type Filer struct {
	*base
	workers  int
	arrivals chan *arrival
	jobs     chan *filing
	analysed chan *filing
	mu       sync.Mutex
	running  bool
	// orgs keeps, for a few seconds, the organisations whose reports are
	// arriving: a wave is thousands of reports to the same one.
	orgCache *cache.Recent[string, org.Organisation]
}

func newFiler(b *base) *Filer {
	n := max(1, runtime.NumCPU())
	return &Filer{base: b, workers: n, arrivals: make(chan *arrival, 4*maxFilingBatch), orgCache: cache.New[string, org.Organisation](256, 10*time.Second),
		jobs: make(chan *filing, 4*maxFilingBatch), analysed: make(chan *filing, 4*maxFilingBatch)}
}

// Run analyses and files reports until ctx ends. While it runs, Receive
// hands its reports over; otherwise Receive files them itself.
func (f *Filer) Run(ctx context.Context) {
	f.mu.Lock()
	f.running = true
	f.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f.arriveLoop(ctx)
	}()
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
	return f.run(ctx, &filing{orgID: orgID, id: id})
}

// fileArrival files a report just stored, from what is still in hand.
func (f *Filer) fileArrival(ctx context.Context, a *arrival) (Report, error) {
	return f.run(ctx, &filing{orgID: a.report.OrgID, id: a.report.ID, loaded: true, report: a.report, raw: a.raw})
}

func (f *Filer) run(ctx context.Context, fl *filing) (Report, error) {
	fl.done = make(chan struct{})
	if handOver(f, ctx, f.jobs, fl) {
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

// arrive stores a report that came whole and answers once it is committed:
// in a transaction shared with the reports that came with it while the
// pipeline runs, in one of its own otherwise.
func (f *Filer) arrive(ctx context.Context, a *arrival) error {
	a.done = make(chan struct{})
	if handOver(f, ctx, f.arrivals, a) {
		select {
		case <-a.done:
			return a.err
		case <-ctx.Done():
			return ctx.Err() // the answer is lost, not the report: a retry finds it by its keys
		}
	}
	f.storeBatch(ctx, []*arrival{a})
	return a.err
}

func (f *Filer) arriveLoop(ctx context.Context) {
	for {
		batch, ok := collect(ctx, f.arrivals)
		if !ok {
			return
		}
		f.storeBatch(ctx, batch)
	}
}

// storeBatch stores arrivals in one transaction; if that fails, each alone,
// so one report's problem is its own.
func (f *Filer) storeBatch(ctx context.Context, batch []*arrival) {
	err := f.db.Tx(ctx, func(tx *store.Tx) error { return storeArrivals(ctx, tx, batch, store.Now()) })
	if err != nil && len(batch) > 1 {
		for _, a := range batch {
			f.storeBatch(ctx, []*arrival{a})
		}
		return
	}
	for _, a := range batch {
		a.err = err
		close(a.done)
	}
}

// collect waits for one item and takes whatever else is already waiting,
// up to a batch; false when ctx ends.
func collect[T any](ctx context.Context, in chan T) ([]T, bool) {
	var batch []T
	select {
	case <-ctx.Done():
		return nil, false
	case v := <-in:
		batch = append(batch, v)
	}
	for len(batch) < maxFilingBatch {
		select {
		case v := <-in:
			batch = append(batch, v)
		default:
			return batch, true
		}
	}
	return batch, true
}

// handOver gives the pipeline an item while it runs and has room for it.
func handOver[T any](f *Filer, ctx context.Context, to chan T, v T) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.running {
		return false
	}
	select {
	case to <- v:
		return true
	case <-ctx.Done():
		return false
	default:
		return false // the pipeline is full: do it here rather than wait
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
		batch, ok := collect(ctx, f.analysed)
		if !ok {
			return
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
	if !fl.loaded {
		r, err := f.oneReport(ctx, f.db, reportSelect(true)+`WHERE r.id = $1 AND r.org_id = $2`, fl.id, fl.orgID)
		if err != nil {
			fl.err = err
			return
		}
		fl.report = r
	}
	r := fl.report
	if r.processed {
		return
	}
	o, err := f.orgCache.Load(fl.orgID, store.Now(), func() (org.Organisation, error) { return f.orgs.OrganisationByID(ctx, fl.orgID) })
	if err != nil {
		fl.err = err
		return
	}
	fl.own = o.Settings.EmailDomains
	a := r.Analysis()
	if r.Kind == Email && a == nil && r.AnalysisNote == "" && (r.HasEmail || len(fl.raw) > 0) {
		raw := fl.raw
		if raw == nil {
			if raw, err = f.rawContent(ctx, f.db, r.OrgID, r.ID); err != nil {
				fl.err = err
				return
			}
		}
		a, fl.report.AnalysisNote = f.analyse(ctx, raw, o)
	}
	fl.analysis = a
	if r.ReporterID == "" && r.ReporterAddress == "" && a != nil && a.Submission != nil && a.Submission.Submitter != nil {
		// A forwarded or Microsoft "Report" submission names who reported it.
		address := a.Submission.Submitter.Address
		id, _, err := f.orgs.ActivePersonByEmail(ctx, o.System("Report filing"), address)
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
	err := f.db.Tx(ctx, func(tx *store.Tx) error { return f.fileAll(ctx, tx, batch) })
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

// fileAll puts a batch's e-mails in their campaigns, organisation by
// organisation, then writes each report's every column in one update that
// only a report not yet filed takes.
func (f *Filer) fileAll(ctx context.Context, tx *store.Tx, batch []*filing) error {
	now := store.Now()
	var entries []audit.Entry
	byOrg := map[string][]*filing{}
	for _, fl := range batch {
		if fl.report.processed {
			continue
		}
		fl.report.analysis, fl.report.Subject = analysisColumns(fl.analysis)
		if fl.report.Kind.HasCampaign() {
			byOrg[fl.orgID] = append(byOrg[fl.orgID], fl)
		}
	}
	for orgID, fls := range byOrg {
		if err := takeClusterTurn(ctx, tx, orgID); err != nil {
			return err
		}
		items := make([]toCluster, len(fls))
		for i, fl := range fls {
			items[i] = toCluster{fl.report, fl.analysis}
		}
		cs, started, err := clusterAll(ctx, tx, orgID, items, fls[0].own, now)
		if err != nil {
			return err
		}
		entries = append(entries, started...)
		for i, fl := range fls {
			fl.report.join(cs[i], now)
		}
	}
	for _, fl := range batch {
		filed, err := f.fileOne(ctx, tx, fl, now)
		if err != nil {
			return err
		}
		if filed {
			entries = append(entries, filedEntry(fl.report))
		}
	}
	return audit.RecordEach(ctx, tx, entries)
}

// fileOne writes one report as filed. It answers false when another node
// filed the report first, and then answers what that node stored.
func (f *Filer) fileOne(ctx context.Context, tx *store.Tx, fl *filing, now time.Time) (bool, error) {
	if fl.report.processed {
		return false, nil // filed before it reached us
	}
	r := &fl.report
	var reporter, campaign any
	if r.ReporterID != "" {
		reporter = r.ReporterID
	}
	if r.CampaignID != "" {
		campaign = r.CampaignID
	}
	res, err := tx.Exec(ctx, `UPDATE reports SET analysis = $1, subject = $2, analysis_note = $3, reporter_id = $4, reporter_address = $5,
		status = $6, campaign_id = $7, verdict = $8, verdict_note = $9, verdict_at = $10, processed_at = $11, updated_at = $11
		WHERE id = $12 AND org_id = $13 AND processed_at IS NULL`,
		r.analysis, r.Subject, r.AnalysisNote, reporter, r.ReporterAddress, r.Status, campaign, r.Verdict, r.VerdictNote, r.VerdictAt, now, r.ID, r.OrgID)
	if err != nil {
		return false, fmt.Errorf("file report: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		// Another node filed it meanwhile: answer what it stored.
		stored, err := f.oneReport(ctx, tx, reportSelect(false)+`WHERE r.id = $1 AND r.org_id = $2`, fl.id, fl.orgID)
		fl.report = stored
		return false, err
	}
	verdict := feedback.Acknowledged // a receipt: they did not see the web journey's confirmation
	if r.Verdict != "" {
		verdict = feedback.Verdict(r.Verdict)
	}
	return true, f.queueFeedback(ctx, tx, *r, verdict, now)
}

func filedEntry(r Report) audit.Entry {
	summary := "Filed the report"
	if r.CampaignID != "" {
		summary = "Analysed the reported e-mail and added it to a campaign"
	}
	return audit.Entry{Actor: vigil.SystemActor(r.OrgID), Change: audit.Change{Action: "update", EntityType: "report", EntityID: r.ID,
		Summary: summary, After: map[string]any{"campaign": r.CampaignID, "verdict": r.Verdict}}}
}

// Sweep files reports left unfiled by a crash — sent at least minAge ago
// and not claimed by another node in the last sweepClaimFor — up to limit of
// them, and answers how many it filed. At start-up minAge may be zero: what
// is unfiled then was left by this node's last run, or is being filed by
// another node, which costs only a second analysis, never a second filing.
// Now and then, UnfiledAfter leaves the reports other nodes are filing alone.
func (f *Filer) Sweep(ctx context.Context, minAge time.Duration, limit int) (int, error) {
	now := store.Now()
	type left struct{ orgID, id string }
	var claimed []left
	err := f.db.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, org_id FROM reports WHERE processed_at IS NULL AND status <> $1 AND sent_at < $2
			AND (claimed_at IS NULL OR claimed_at < $3) ORDER BY sent_at LIMIT $4`+tx.Dialect.SkipLocked(),
			Draft, now.Add(-minAge), now.Add(-sweepClaimFor), limit)
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

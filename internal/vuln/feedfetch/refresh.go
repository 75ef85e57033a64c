package feedfetch

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// Feed is one configured address and what it serves.
type Feed struct {
	Kind findings.FeedKind
	URL  string
	// Every is how often this feed is asked for a newer document; zero uses
	// Options.Every. A daily EPSS file needs asking more often than a weekly export.
	Every time.Duration
}

// Options are the schedule and the limits.
type Options struct {
	Every    time.Duration // how long after one attempt the next is due
	Timeout  time.Duration // for one fetch, body included
	MaxBytes int64
	Client   *http.Client // nil: a client that follows at most a few redirects
	Clock    func() time.Time
	Logger   *slog.Logger
	// MaxDocuments is how many documents one run of a CSAF provider fetches at most;
	// zero is DefaultMaxDocuments.
	MaxDocuments int
}

// Refresher fetches the configured feeds when they are due and imports what changed.
type Refresher struct {
	vulns *findings.Service
	feeds []Feed
	opts  Options
}

// New returns a refresher of feeds into vulns.
func New(vulns *findings.Service, feeds []Feed, opts Options) *Refresher {
	if opts.Client == nil {
		opts.Client = &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("more than 5 redirects")
			}
			return nil
		}}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Refresher{vulns: vulns, feeds: feeds, opts: opts}
}

// Run refreshes the feeds that are due, now and then every minute, until ctx ends. scope
// says whose the imports are; a national centre's apply to every organisation.
func (r *Refresher) Run(ctx context.Context, scope func(context.Context) (vigil.Scope, error)) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		sc, err := scope(ctx)
		if err == nil {
			r.RefreshDue(ctx, sc)
		} else if ctx.Err() == nil {
			r.opts.Logger.Warn("feed refresh: no organisation to import for", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RefreshDue fetches every feed whose last attempt is older than its interval, one after the
// other, and returns what each attempt recorded. A feed that fails does not stop the
// others; its failure is recorded against it.
func (r *Refresher) RefreshDue(ctx context.Context, scope vigil.Scope) []findings.FeedSource {
	var out []findings.FeedSource
	for _, f := range r.feeds {
		src, err := r.vulns.FeedSource(ctx, scope, f.Kind, f.URL)
		if err != nil {
			r.opts.Logger.Error("feed refresh: read its state", "url", f.URL, "err", err)
			continue
		}
		every := f.Every
		if every <= 0 {
			every = r.opts.Every
		}
		if !src.Checked.IsZero() && r.opts.Clock().Sub(src.Checked) < every {
			continue
		}
		src.Kind, src.Every = f.Kind, every
		r.refresh(ctx, scope, &src)
		if err := r.vulns.RecordFetch(ctx, scope, src); err != nil {
			r.opts.Logger.Error("feed refresh: record the attempt", "url", f.URL, "err", err)
		}
		out = append(out, src)
		if ctx.Err() != nil {
			break
		}
	}
	return out
}

// refresh makes one attempt and writes its outcome into src.
func (r *Refresher) refresh(ctx context.Context, scope vigil.Scope, src *findings.FeedSource) {
	src.Checked = r.opts.Clock().UTC()
	if IsProvider(src.URL) {
		r.followProvider(ctx, scope, src)
		return
	}
	res, err := Fetch(ctx, r.opts.Client, Request{URL: src.URL, ETag: src.ETag, LastModified: src.LastModified,
		MaxBytes: r.opts.MaxBytes, Timeout: r.opts.Timeout})
	if err == nil && res.NotModified {
		src.Succeeded, src.LastError, src.LastResult = src.Checked, "", "Not changed since the last fetch."
		return
	}
	var imp findings.Imported
	if err == nil {
		imp, err = r.vulns.Import(ctx, scope, src.Kind, res.Name, res.Body)
	}
	if err != nil {
		src.LastError = err.Error()
		r.opts.Logger.Warn("feed refresh failed", "url", src.URL, "err", err)
		return
	}
	src.ETag, src.LastModified = res.ETag, res.LastModified
	src.Succeeded, src.Changed, src.LastError = src.Checked, src.Checked, ""
	src.LastResult = fmt.Sprintf("%s: %d read, %d new, %d updated, %d unchanged, %d withdrawn.", imp.Document, imp.Read, imp.New, imp.Updated, imp.Unchanged, imp.Withdrawn)
	if n := len(imp.Problems); n > 0 {
		src.LastResult += fmt.Sprintf(" %d entries could not be read, the first: %s", n, imp.Problems[0])
	}
	r.opts.Logger.Info("feed refreshed", "url", src.URL, "read", imp.Read, "new", imp.New, "updated", imp.Updated)
}

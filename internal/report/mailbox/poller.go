// Package mailbox collects reports that staff send to the organisation's
// reporting mailbox, such as phishing-reports@trust.nhs.uk or the mailbox
// Microsoft's "Report" button forwards to, and hands each one to the report
// intake exactly as the mail server stores it.
//
// Delivery is at least once: a message leaves the polled folder (or gets the
// \Seen flag) only after the handler has accepted it.
package mailbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Poller polls one IMAP folder for reports.
type Poller struct {
	cfg    Config
	handle Handler
	log    *slog.Logger

	// mu makes polls take turns: a "check now" while Run is polling waits
	// rather than handing the same messages over twice.
	mu sync.Mutex
	// failed holds the messages whose handler failed, as uidKey. They are
	// tried after the others, so one bad message cannot hold up the queue.
	failed map[uidKey]struct{}
}

type uidKey struct{ validity, uid uint32 }

// New returns a Poller that hands every message in the configured folder to
// handle. A nil log discards log records.
func New(cfg Config, handle Handler, log *slog.Logger) (*Poller, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if handle == nil {
		return nil, errors.New("mailbox: a handler is required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Poller{
		cfg:    cfg,
		handle: handle,
		log:    log.With("mailbox", cfg.Username, "folder", cfg.Folder),
		failed: map[uidKey]struct{}{},
	}, nil
}

// PollOnce connects, hands over the waiting messages (at most MaxPerPoll) and
// disconnects. It returns how many messages were handled and marked. The
// error joins any connection failure with every handler failure; a message
// whose handler failed stays in the folder for the next poll.
func (p *Poller) PollOnce(ctx context.Context) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	res, err := p.poll(ctx)
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// The connection broke because ctx closed it; say so.
		err = fmt.Errorf("poll stopped: %w (%w)", ctx.Err(), err)
	}
	return res.handled, errors.Join(err, res.handlerErr)
}

// Run polls until ctx is done, then returns nil. After a failed connection
// it waits MinBackoff, doubling up to MaxBackoff; when a poll stops at
// MaxPerPoll it polls again at once.
func (p *Poller) Run(ctx context.Context) error {
	failures := 0
	for {
		p.mu.Lock()
		res, err := p.poll(ctx)
		p.mu.Unlock()
		if ctx.Err() != nil {
			return nil
		}
		wait := p.cfg.PollInterval
		switch {
		case err != nil:
			failures++
			wait = p.backoff(failures)
			p.log.Warn("reporting mailbox poll failed", "err", err, "failures", failures, "retry_in", wait)
		case res.more && res.handlerErr == nil:
			// More are waiting. Not when the handler is failing, though:
			// going straight round would only fail again, at full speed.
			failures = 0
			wait = 0
		default:
			failures = 0
		}
		if !sleep(ctx, wait) {
			return nil
		}
	}
}

// backoff is the wait after the nth failure in a row, with jitter so that
// several Vigil nodes do not hammer a recovering server in step.
func (p *Poller) backoff(n int) time.Duration {
	d := p.cfg.MaxBackoff
	if n < 30 {
		d = min(p.cfg.MinBackoff<<(n-1), p.cfg.MaxBackoff)
	}
	return d/2 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

type pollResult struct {
	handled    int
	more       bool  // messages were left for the next poll because of MaxPerPoll
	handlerErr error // every handler failure, joined
}

// errVanished means a message was expunged, by a person or another client,
// between the search and the fetch. Whoever removed it owns it now.
var errVanished = errors.New("message no longer in the folder")

func (p *Poller) poll(ctx context.Context) (res pollResult, err error) {
	s, err := p.connect(ctx)
	if err != nil {
		return res, err
	}
	defer s.close()

	if p.cfg.ProcessedFolder != "" {
		if err := ensureFolder(s.Client, p.cfg.ProcessedFolder); err != nil {
			return res, err
		}
	}
	selected, err := s.Select(p.cfg.Folder, nil).Wait()
	if err != nil {
		return res, fmt.Errorf("open folder %s: %w", p.cfg.Folder, err)
	}
	validity := selected.UIDValidity

	uids, err := p.waiting(s.Client)
	if err != nil {
		return res, err
	}
	uids = p.queueOrder(validity, uids)
	if len(uids) > p.cfg.MaxPerPoll {
		uids, res.more = uids[:p.cfg.MaxPerPoll], true
	}
	if len(uids) == 0 {
		logout(s)
		return res, nil
	}
	summaries, err := fetchSummaries(s.Client, uids)
	if err != nil {
		return res, err
	}

	for _, uid := range uids {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		m, err := p.fetchMessage(s.Client, validity, summaries[uid])
		if errors.Is(err, errVanished) {
			continue
		}
		if err != nil {
			return res, err
		}
		handled, err := p.handOver(ctx, s, m)
		if handled {
			res.handled++
		}
		var refused *refusedError
		if errors.As(err, &refused) {
			res.handlerErr = errors.Join(res.handlerErr, err)
			continue
		}
		if err != nil {
			return res, err
		}
	}
	logout(s)
	return res, nil
}

// logout says goodbye politely. Its failure changes nothing: the work is
// done and the connection is closed either way.
func logout(s *session) {
	_ = s.Logout().Wait()
}

// refusedError is a handler failure: the message waits for the next poll.
type refusedError struct {
	uid uint32
	err error
}

func (e *refusedError) Error() string { return fmt.Sprintf("message UID %d: %v", e.uid, e.err) }
func (e *refusedError) Unwrap() error { return e.err }

// handOver gives m to the handler and, once it is accepted, marks it in the
// mailbox. handled says both happened.
func (p *Poller) handOver(ctx context.Context, s *session, m Message) (handled bool, err error) {
	s.busy.Lock()
	defer s.busy.Unlock()
	if ctx.Err() != nil {
		return false, ctx.Err() // the connection may already be closed
	}
	key := uidKey{m.UIDValidity, m.UID}
	if err := p.handle(ctx, m); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err() // stopped, not refused
		}
		p.failed[key] = struct{}{}
		p.log.Error("report from mailbox not accepted; it stays in the folder for the next poll",
			"key", m.Key(), "err", err)
		return false, &refusedError{uid: m.UID, err: err}
	}
	delete(p.failed, key)
	if err := p.markHandled(s.Client, imap.UID(m.UID)); err != nil {
		// The handler has it; the message comes again next poll and the
		// handler's idempotence absorbs the repeat.
		return false, err
	}
	p.log.Info("report received from mailbox", "key", m.Key(), "size", m.Size, "too_large", m.TooLarge)
	return true, nil
}

// waiting returns the UIDs of the messages still to hand over. With a
// processed folder that is every message left in the folder, so a person
// reading the mailbox in Outlook cannot hide a report by opening it; without
// one, the \Seen flag is all that marks a message as handled.
func (p *Poller) waiting(c *imapclient.Client) ([]imap.UID, error) {
	criteria := &imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}
	if p.cfg.ProcessedFolder == "" {
		criteria.NotFlag = append(criteria.NotFlag, imap.FlagSeen)
	}
	data, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("search folder %s: %w", p.cfg.Folder, err)
	}
	return data.AllUIDs(), nil
}

// queueOrder puts the oldest first and the ones that failed before last.
// It also forgets failures of messages that are no longer waiting.
func (p *Poller) queueOrder(validity uint32, uids []imap.UID) []imap.UID {
	slices.Sort(uids)
	var fresh, retries []imap.UID
	still := map[uidKey]struct{}{}
	for _, uid := range uids {
		key := uidKey{validity, uint32(uid)}
		if _, ok := p.failed[key]; ok {
			retries = append(retries, uid)
			still[key] = struct{}{}
		} else {
			fresh = append(fresh, uid)
		}
	}
	p.failed = still
	return append(fresh, retries...)
}

func ensureFolder(c *imapclient.Client, name string) error {
	found, err := c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("look for folder %s: %w", name, err)
	}
	if len(found) > 0 {
		return nil
	}
	if err := c.Create(name, nil).Wait(); err != nil {
		return fmt.Errorf("create folder %s: %w", name, err)
	}
	return nil
}

// markHandled moves the message to the processed folder, or flags it \Seen.
// On a server without MOVE, go-imap falls back to COPY, \Deleted and
// EXPUNGE; without UIDPLUS as well, that EXPUNGE also removes any other
// message someone had flagged \Deleted in the folder, as any mail client
// would on closing it.
func (p *Poller) markHandled(c *imapclient.Client, uid imap.UID) error {
	set := imap.UIDSetNum(uid)
	if p.cfg.ProcessedFolder != "" {
		if _, err := c.Move(set, p.cfg.ProcessedFolder).Wait(); err != nil {
			return fmt.Errorf("move message UID %d to %s: %w", uid, p.cfg.ProcessedFolder, err)
		}
		return nil
	}
	seen := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
	if err := c.Store(set, seen, nil).Close(); err != nil {
		return fmt.Errorf("flag message UID %d as seen: %w", uid, err)
	}
	return nil
}

package monitor

import (
	"context"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/syslog"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Syslog batching: alerts from a listener are stored together, up to
// syslogBatch at a time or after syslogWait.
const (
	syslogBatch = 500
	syslogWait  = 200 * time.Millisecond
)

// ReceiveSyslog stores every alert the listener receives, as the named
// source of the scope's organisation, until ctx ends. Syslog has no
// acknowledgement, so Vigil keeps what it has read until it is stored: when
// the writer is busy, reading stops and TCP slows the senders, rather than
// alerts being dropped. report hears of every message or batch that failed.
func (m *Monitor) ReceiveSyslog(ctx context.Context, l *syslog.Listener, scope vigil.Scope, source string, report func(error)) error {
	if err := scope.Require(vigil.WriteAlerts); err != nil {
		return err
	}
	received := make(chan alert.Alert, syslogBatch)
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.storeSyslog(ctx, received, scope, source, report)
	}()
	err := l.Serve(ctx, func(r syslog.Result) {
		if r.Err != nil {
			report(r.Err)
			return
		}
		select {
		case received <- r.Alert:
		case <-ctx.Done():
		}
	})
	<-done
	return err
}

// storeSyslog takes alerts off received in batches and stores each batch,
// trying again while the writer is busy.
func (m *Monitor) storeSyslog(ctx context.Context, received <-chan alert.Alert, scope vigil.Scope, source string, report func(error)) {
	for {
		var batch []alert.Alert
		select {
		case <-ctx.Done():
			return
		case a := <-received:
			batch = append(batch, a)
		}
		timer := time.NewTimer(syslogWait)
	fill:
		for len(batch) < syslogBatch {
			select {
			case a := <-received:
				batch = append(batch, a)
			case <-timer.C:
				break fill
			case <-ctx.Done():
				break fill
			}
		}
		timer.Stop()
		for {
			_, err := m.Ingest(ctx, scope, source, batch)
			if err == nil {
				break
			}
			report(err)
			wait := vigil.RetryAfterOf(err)
			if wait == 0 {
				wait = time.Second
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}
}

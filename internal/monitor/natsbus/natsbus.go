// Package natsbus carries alerts between Vigil nodes on a NATS JetStream
// stream: nodes that receive alerts publish them, each with its dedup key as
// the message id, and worker nodes take them with a durable pull consumer
// and acknowledge each only after the database has committed it. Any node
// can stop at any moment without losing or doubling an alert: JetStream
// drops a republished message within its duplicate window, the database's
// dedup key drops one redelivered after a commit whose acknowledgement was lost.
package natsbus

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Config names the stream and its limits; zero fields take the defaults.
type Config struct {
	URL     string
	Stream  string // "VIGIL_ALERTS"
	Subject string // the stream's name in lower case: messages go to <subject>.<organisation id>
	Durable string // the workers' shared consumer, "vigil-alert-writer"
	// MaxBytes bounds the stream: past it, publishing fails and senders are
	// told to come back later, rather than the stream growing without limit.
	MaxBytes int64
	// Duplicates is how long JetStream remembers a message id.
	Duplicates time.Duration
	// AckWait is how long a worker may hold alerts without acknowledging
	// them; after it, JetStream gives them to another worker, so it is also
	// how long the alerts of a worker that died mid-batch wait.
	AckWait time.Duration
}

func (c Config) withDefaults() Config {
	if c.Stream == "" {
		c.Stream = "VIGIL_ALERTS"
	}
	if c.Subject == "" {
		c.Subject = strings.ToLower(c.Stream)
	}
	if c.Durable == "" {
		c.Durable = "vigil-alert-writer"
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 4 << 30
	}
	if c.Duplicates <= 0 {
		c.Duplicates = 10 * time.Minute
	}
	if c.AckWait <= 0 {
		c.AckWait = time.Minute
	}
	return c
}

// Bus is a connection to the stream.
type Bus struct {
	cfg    Config
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
}

var _ monitor.Bus = (*Bus)(nil)

// Connect connects to NATS and makes sure the stream exists with cfg's limits.
func Connect(ctx context.Context, cfg Config) (*Bus, error) {
	cfg = cfg.withDefaults()
	nc, err := nats.Connect(cfg.URL, nats.Name("vigil"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", cfg.URL, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096))
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("open JetStream: %w", err)
	}
	stream, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: cfg.Stream, Subjects: []string{cfg.Subject + ".>"}, Storage: jetstream.FileStorage,
		Retention: jetstream.WorkQueuePolicy, Discard: jetstream.DiscardNew, MaxBytes: cfg.MaxBytes, Duplicates: cfg.Duplicates,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("make the alert stream %s: %w", cfg.Stream, err)
	}
	return &Bus{cfg: cfg, nc: nc, js: js, stream: stream}, nil
}

// Close drains the connection.
func (b *Bus) Close() { b.nc.Close() }

// Publish publishes the alerts and waits until JetStream has stored every
// one; an alert it already held within its duplicate window counts as a
// duplicate. If any publish fails, the sender is told to send the batch
// again: what was stored is then dropped as duplicates.
func (b *Bus) Publish(ctx context.Context, envs []monitor.Envelope) (monitor.Stored, error) {
	futures := make([]jetstream.PubAckFuture, 0, len(envs))
	for _, e := range envs {
		data, err := json.Marshal(e)
		if err != nil {
			return monitor.Stored{}, fmt.Errorf("encode alert for the bus: %w", err)
		}
		f, err := b.js.PublishMsgAsync(&nats.Msg{Subject: b.cfg.Subject + "." + e.OrgID, Data: data}, jetstream.WithMsgID(e.Key()))
		if err != nil {
			return monitor.Stored{}, busy(err)
		}
		futures = append(futures, f)
	}
	var stored monitor.Stored
	for _, f := range futures {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				stored.Duplicates++
			} else {
				stored.Accepted++
			}
		case err := <-f.Err():
			return monitor.Stored{}, busy(err)
		case <-ctx.Done():
			return monitor.Stored{}, ctx.Err()
		}
	}
	return stored, nil
}

func busy(err error) error {
	e := vigil.Busy(2*time.Second, "Vigil could not queue these alerts just now. Send the batch again in a moment.")
	e.Err = err
	return e
}

// Work takes alerts off the stream in batches of up to batch, waiting at
// most wait for a batch to fill, stores each batch in one transaction and
// then acknowledges it. A batch that fails to store is left for redelivery.
// Work returns when ctx ends.
func (b *Bus) Work(ctx context.Context, m *monitor.Monitor, batch int, wait time.Duration) error {
	cons, err := b.stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable: b.cfg.Durable, AckPolicy: jetstream.AckExplicitPolicy, AckWait: b.cfg.AckWait, MaxAckPending: batch * 8,
	})
	if err != nil {
		return fmt.Errorf("make the alert consumer: %w", err)
	}
	for ctx.Err() == nil {
		msgs, err := cons.Fetch(batch, jetstream.FetchMaxWait(wait))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			time.Sleep(wait) // the server is away; the client reconnects
			continue
		}
		var took []jetstream.Msg
		var envs []monitor.Envelope
		for msg := range msgs.Messages() {
			var e monitor.Envelope
			if err := json.Unmarshal(msg.Data(), &e); err != nil || e.OrgID == "" {
				msg.Term() // not ours to read: never redeliver it
				continue
			}
			took, envs = append(took, msg), append(envs, e)
		}
		if len(envs) == 0 {
			continue
		}
		if _, err := m.StoreEnvelopes(context.WithoutCancel(ctx), envs); err != nil {
			for _, msg := range took {
				msg.NakWithDelay(time.Second)
			}
			continue
		}
		for _, msg := range took {
			// Acknowledged after the commit: a crash before this line, or an
			// acknowledgement lost on the way, means the batch comes again, and
			// the database's dedup key drops it.
			_ = msg.Ack()
		}
	}
	return nil
}

// Pending is how many alerts wait in the stream for a worker.
func (b *Bus) Pending(ctx context.Context) (uint64, error) {
	info, err := b.stream.Info(ctx)
	if err != nil {
		return 0, err
	}
	return info.State.Msgs, nil
}

// DeleteStream removes the stream and everything in it: for tests and for
// taking a deployment down.
func (b *Bus) DeleteStream(ctx context.Context) error {
	return b.js.DeleteStream(ctx, b.cfg.Stream)
}

package format

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
)

// Options says how to read one batch.
type Options struct {
	// Format is the batch's format, from ?format=; empty means tell it from the
	// first record that is valid JSON.
	Format alert.Format
	// Source is the sender's name, set as every alert's Source.Name.
	Source string
	// Received is when the batch arrived; zero means now.
	Received time.Time
	// Limits may lower the default limits.
	Limits Limits
}

// Read streams a batch body, a JSON array, one or more JSON objects or NDJSON,
// and calls keep with each alert it can read, in order. Each record it cannot
// read is listed in the returned Batch's Rejected with its position and the
// fields that are wrong; a record past a limit, or a break in the body's JSON
// that hides where the next record starts, ends the batch with a rejection that
// says why, and the alerts already passed to keep stand.
//
// Read returns an error only when the body cannot be read, ctx ends, or keep
// returns one; the Batch then holds the rejections so far.
func Read(ctx context.Context, body io.Reader, opt Options, keep func(alert.Alert) error) (alert.Batch, error) {
	var batch alert.Batch
	received := opt.Received
	if received.IsZero() {
		received = time.Now()
	}
	format := opt.Format
	d := NewDecoder()
	r := newBodyReader(body, opt.Limits.withDefaults())
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return batch, err
			}
		}
		rec, err := r.next()
		switch e := err.(type) {
		case nil:
		case *recordError:
			batch.Reject(e.pos, e.err)
			continue
		case *batchError:
			batch.Reject(e.pos, e.err)
			return batch, nil
		default:
			if err == io.EOF {
				return batch, nil
			}
			return batch, err
		}
		if format == "" {
			if format, err = d.Detect(rec.data); err != nil {
				batch.Reject(rec.pos, err)
				continue
			}
		}
		a, err := d.Decode(format, rec.data, received)
		if err != nil {
			batch.Reject(rec.pos, err)
			continue
		}
		a.Source.Name = opt.Source
		if err := keep(a); err != nil {
			return batch, fmt.Errorf("keep alert from record %d: %w", rec.pos, err)
		}
	}
}

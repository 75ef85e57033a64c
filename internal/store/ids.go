package store

import (
	"crypto/rand"
	"time"

	"github.com/oklog/ulid/v2"
)

// entropy makes the random part of ids from crypto/rand, counting up within
// a millisecond, so that ids made one after another by this process sort in
// the order they were made (the audit trail and every newest-first list
// depend on it). It is the process's one source of ids, safe for concurrent use.
var entropy = &ulid.LockedMonotonicReader{MonotonicReader: ulid.Monotonic(rand.Reader, 0)}

// NewID returns a new ULID as text: sortable by creation time, so cursor
// pagination can page on the id alone.
func NewID() string {
	return ulid.MustNew(ulid.Timestamp(time.Now()), entropy).String()
}

// Now is the current time in UTC, truncated to microseconds so that it
// survives a round trip through PostgreSQL unchanged.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

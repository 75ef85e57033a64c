package store

import (
	"crypto/rand"
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a new ULID as text: sortable by creation time, so cursor
// pagination can page on the id alone.
func NewID() string {
	return ulid.MustNew(ulid.Timestamp(time.Now()), rand.Reader).String()
}

// Now is the current time in UTC, truncated to microseconds so that it
// survives a round trip through PostgreSQL unchanged.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

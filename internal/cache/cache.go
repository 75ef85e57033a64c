// Package cache keeps answers that are asked for again and again but change
// rarely — an organisation's settings, the person behind an API token — for
// a few seconds, so that a burst of requests asks the database once. What
// is cached may be that many seconds old: use it only where that is safe.
package cache

import (
	"sync"
	"time"
)

// Recent holds up to max values for ttl each. Safe for concurrent use.
type Recent[K comparable, V any] struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	entries map[K]entry[V]
}

type entry[V any] struct {
	value   V
	expires time.Time
}

// New returns a cache of up to max values, each kept for ttl.
func New[K comparable, V any](max int, ttl time.Duration) *Recent[K, V] {
	return &Recent[K, V]{ttl: ttl, max: max, entries: make(map[K]entry[V])}
}

// Get answers the value for key unless it has expired.
func (c *Recent[K, V]) Get(key K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.value, true
}

// Put keeps a value. When the cache is full, expired values go first, and if
// none has expired, all of them: a burst of new keys is rare and cheap to refill.
func (c *Recent[K, V]) Put(key K, value V, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= c.max {
			clear(c.entries)
		}
	}
	c.entries[key] = entry[V]{value: value, expires: now.Add(c.ttl)}
}

// Load answers the value for key, asking fetch when it is missing or expired.
func (c *Recent[K, V]) Load(key K, now time.Time, fetch func() (V, error)) (V, error) {
	if v, ok := c.Get(key, now); ok {
		return v, nil
	}
	v, err := fetch()
	if err == nil {
		c.Put(key, v, now)
	}
	return v, err
}

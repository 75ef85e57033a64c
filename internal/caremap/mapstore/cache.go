package mapstore

import (
	"sync"

	"github.com/vigil-health/vigil/internal/caremap"
)

// mapCache keeps each organisation's parsed care map with the digest it was read at. A
// replaced map has a new digest, so every node notices at its next read, whichever node
// made the change; and requests that arrive together for a map not yet parsed wait for
// one parse instead of each parsing a large document.
type mapCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]*mapEntry // by organisation id
}

type mapEntry struct {
	digest string
	once   sync.Once
	m      *caremap.Map
	err    error
}

func newMapCache(size int) *mapCache {
	return &mapCache{max: max(size, 1), entries: make(map[string]*mapEntry)}
}

// load returns the organisation's map at digest, parsing it with read when it is not kept.
// A failed read is not kept, so the next request tries again.
func (c *mapCache) load(orgID, digest string, read func() (*caremap.Map, error)) (*caremap.Map, error) {
	c.mu.Lock()
	e, ok := c.entries[orgID]
	if !ok || e.digest != digest {
		if !ok && len(c.entries) >= c.max {
			// Any one goes: a full cache means more organisations are busy than it
			// holds, and the one dropped costs only a parse at its next read.
			for id := range c.entries {
				delete(c.entries, id)
				break
			}
		}
		e = &mapEntry{digest: digest}
		c.entries[orgID] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.m, e.err = read() })
	if e.err != nil {
		c.mu.Lock()
		if c.entries[orgID] == e {
			delete(c.entries, orgID)
		}
		c.mu.Unlock()
	}
	return e.m, e.err
}

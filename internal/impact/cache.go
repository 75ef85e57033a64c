package impact

import (
	"sync"

	"github.com/vigil-health/vigil/internal/caremap"
)

// Cache keeps critical-asset rankings by map Version, so that vulnerability priority, alert
// enrichment and hazard suggestions can ask often while each map is ranked once. A changed
// map has a new Version and is ranked afresh; old rankings age out. Safe for concurrent use.
type Cache struct {
	mu      sync.Mutex
	max     int
	clock   uint64
	entries map[string]*cached
}

type cached struct {
	once    sync.Once
	ranking []AssetCriticality
	byID    map[string]int
	used    uint64
}

// NewCache keeps the rankings of up to size maps (at least one); the least recently used goes first.
func NewCache(size int) *Cache {
	return &Cache{max: max(size, 1), entries: make(map[string]*cached)}
}

func (c *Cache) entry(m *caremap.Map) *cached {
	v := m.Version()
	c.mu.Lock()
	c.clock++
	e, ok := c.entries[v]
	if !ok {
		if len(c.entries) >= c.max {
			c.evictLocked()
		}
		e = &cached{}
		c.entries[v] = e
	}
	e.used = c.clock
	c.mu.Unlock()
	// Outside the lock, so other maps are served while this one is ranked; callers asking
	// for the same map meanwhile wait here for the one ranking.
	e.once.Do(func() {
		e.ranking = Critical(m)
		e.byID = make(map[string]int, len(e.ranking))
		for i, a := range e.ranking {
			e.byID[a.ID] = i
		}
	})
	return e
}

func (c *Cache) evictLocked() {
	var oldest string
	var at uint64
	for v, e := range c.entries {
		if oldest == "" || e.used < at {
			oldest, at = v, e.used
		}
	}
	delete(c.entries, oldest)
}

// Critical is Critical(m), computed once per map version. The slice is shared: do not change it.
func (c *Cache) Critical(m *caremap.Map) []AssetCriticality {
	return c.entry(m).ranking
}

// Criticality is one asset's entry in the ranking of m, and its place (0 is the most critical).
func (c *Cache) Criticality(m *caremap.Map, assetID string) (AssetCriticality, int, bool) {
	e := c.entry(m)
	i, ok := e.byID[assetID]
	if !ok {
		return AssetCriticality{}, 0, false
	}
	return e.ranking[i], i, true
}

// Len is the number of maps whose rankings are kept.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

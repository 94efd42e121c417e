package store

import "sync"

// VersionedCache keeps values that are valid for one data version of the
// database (see Store.DataVersion). A lookup with another version misses,
// and storing a value read at a newer version empties the cache first, so
// no commit is ever hidden by a cached value.
type VersionedCache[K comparable, V any] struct {
	// Max bounds the number of entries; the cache empties when it is full.
	Max int

	mu      sync.RWMutex
	version int64
	entries map[K]V
}

// Get returns the value of key cached at version.
func (c *VersionedCache[K, V]) Get(version int64, key K) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var zero V
	if c.version != version {
		return zero, false
	}
	v, ok := c.entries[key]
	return v, ok
}

// Put stores value, read from the database at version or later. A value
// from an older version than the cache holds is dropped.
func (c *VersionedCache[K, V]) Put(version int64, key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version || c.entries == nil || len(c.entries) >= c.Max:
		c.version = version
		c.entries = make(map[K]V)
	}
	c.entries[key] = value
}

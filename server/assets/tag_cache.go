package assets

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// maxCachedTags bounds the cache; a fleet of a few thousand assets fits.
const maxCachedTags = 20000

// tagCache keeps the JSON documents of assets looked up by tag, valid for
// one data version of the database. Any commit, by this process or
// another, changes the version and so empties the cache at the next
// lookup. Misses are not cached.
type tagCache struct {
	mu      sync.RWMutex
	version int64
	docs    map[string][]byte
}

func (c *tagCache) get(version int64, tag string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.version != version {
		return nil, false
	}
	doc, ok := c.docs[tag]
	return doc, ok
}

// put stores doc, read from the database at version or later. A document
// from an older version than the cache holds is dropped; a newer version
// empties the cache first.
func (c *tagCache) put(version int64, tag string, doc []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		return
	case version > c.version || c.docs == nil || len(c.docs) >= maxCachedTags:
		c.version = version
		c.docs = make(map[string][]byte)
	}
	c.docs[tag] = doc
}

// AssetJSON returns the JSON document of the asset carrying tag, or
// store.ErrNotFound. On SQLite it serves repeated scans of one label from
// memory until the database changes.
func (l *TagLookup) AssetJSON(ctx context.Context, tag string) ([]byte, error) {
	version, cacheable, err := l.versions.DataVersion(ctx)
	if err != nil {
		return nil, err
	}
	if cacheable {
		if doc, ok := l.cache.get(version, tag); ok {
			return doc, nil
		}
	}

	asset, err := l.Asset(ctx, tag)
	if err != nil {
		return nil, err
	}
	doc, err := json.Marshal(asset)
	if err != nil {
		return nil, fmt.Errorf("encode asset %s: %w", asset.ID, err)
	}
	if cacheable {
		l.cache.put(version, tag, doc)
	}
	return doc, nil
}

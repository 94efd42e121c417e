package assets

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
)

// maxCachedTags bounds the cache; a fleet of a few thousand assets fits.
const maxCachedTags = 20000

// cachedAsset is the JSON document of an asset and its commune, which the
// caller checks against the user's scope without decoding the document.
type cachedAsset struct {
	doc       []byte
	communeID uuid.UUID
}

// AssetJSON returns the JSON document of the asset carrying tag and the
// asset's commune, or store.ErrNotFound. On SQLite it serves repeated scans
// of one label from memory until the database changes.
func (l *TagLookup) AssetJSON(ctx context.Context, tag string) ([]byte, uuid.UUID, error) {
	version, cacheable, err := l.versions.DataVersion(ctx)
	if err != nil {
		return nil, uuid.Nil, err
	}
	if cacheable {
		if hit, ok := l.cache.Get(version, tag); ok {
			return hit.doc, hit.communeID, nil
		}
	}

	asset, err := l.Asset(ctx, tag)
	if err != nil {
		return nil, uuid.Nil, err
	}
	doc, err := json.Marshal(asset)
	if err != nil {
		return nil, uuid.Nil, fmt.Errorf("encode asset %s: %w", asset.ID, err)
	}
	if cacheable {
		l.cache.Put(version, tag, cachedAsset{doc: doc, communeID: asset.CommuneID})
	}
	return doc, asset.CommuneID, nil
}

package importer

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/store"
)

// knownFleet is the fleet as stored when the import starts, with the
// records the import creates added as it goes, keyed as lines name them.
type knownFleet struct {
	// communes are keyed by folded name and by slug.
	communes map[string]assets.Commune
	// sites are keyed by commune and folded name, rooms by site and folded
	// name.
	sites map[placeKey]assets.Site
	rooms map[placeKey]assets.Room
	// assets are keyed by tag and by serialKey.
	byTag    map[string]*assets.Asset
	bySerial map[string]*assets.Asset
	// bare holds the assets without tag or serial number by place and
	// model, which lines without either update one by one.
	bare map[bareKey][]*assets.Asset
}

type placeKey struct {
	parent uuid.UUID
	name   string
}

// bareKey identifies, by place and model, the assets that have neither
// tag nor serial.
type bareKey struct {
	site, room                 uuid.UUID
	kind, brand, model, system string
}

func bareKeyOf(a *assets.Asset) bareKey {
	k := bareKey{site: a.SiteID, kind: a.Kind, brand: store.Fold(a.Brand), model: store.Fold(a.Model), system: store.Fold(a.OS)}
	if a.RoomID != nil {
		k.room = *a.RoomID
	}
	return k
}

func loadFleet(ctx context.Context, tx bun.IDB) (*knownFleet, error) {
	f := &knownFleet{
		communes: map[string]assets.Commune{}, sites: map[placeKey]assets.Site{}, rooms: map[placeKey]assets.Room{},
		byTag: map[string]*assets.Asset{}, bySerial: map[string]*assets.Asset{}, bare: map[bareKey][]*assets.Asset{},
	}
	var communes []assets.Commune
	if err := tx.NewSelect().Model(&communes).Scan(ctx); err != nil {
		return nil, fmt.Errorf("select communes: %w", err)
	}
	for _, c := range communes {
		f.communes[store.Fold(c.Name)] = c
		f.communes[c.Slug] = c
	}

	var sites []assets.Site
	if err := tx.NewSelect().Model(&sites).Scan(ctx); err != nil {
		return nil, fmt.Errorf("select sites: %w", err)
	}
	for _, s := range sites {
		f.sites[placeKey{s.CommuneID, store.Fold(s.Name)}] = s
	}
	var rooms []assets.Room
	if err := tx.NewSelect().Model(&rooms).Scan(ctx); err != nil {
		return nil, fmt.Errorf("select rooms: %w", err)
	}
	for _, r := range rooms {
		f.rooms[placeKey{r.SiteID, store.Fold(r.Name)}] = r
	}

	var list []assets.Asset
	if err := tx.NewSelect().Model(&list).Order("a.created_at", "a.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("select assets: %w", err)
	}
	for i := range list {
		f.add(&list[i])
	}
	return f, nil
}

// add makes a stored asset known to the lines that follow.
func (f *knownFleet) add(a *assets.Asset) {
	if a.Tag != nil {
		f.byTag[*a.Tag] = a
	}
	if key := serialKey(a.Serial); key != "" {
		if _, taken := f.bySerial[key]; !taken {
			f.bySerial[key] = a
		}
	}
	if a.Tag == nil && serialKey(a.Serial) == "" {
		k := bareKeyOf(a)
		f.bare[k] = append(f.bare[k], a)
	}
}

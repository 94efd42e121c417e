package web_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
)

// faultOp is one operation of POST /api/v1/sync/push, as a device queues it.
type faultOp struct {
	ID          string         `json:"id"`
	Entity      string         `json:"entity"`
	EntityID    string         `json:"entity_id"`
	Action      string         `json:"action"`
	Fields      map[string]any `json:"fields"`
	BaseVersion *int           `json:"base_version,omitempty"`
}

// faultResult is the result of one operation in a push response.
type faultResult struct {
	ID           string                     `json:"id"`
	Status       string                     `json:"status"`
	Entity       string                     `json:"entity"`
	EntityID     string                     `json:"entity_id"`
	Version      int                        `json:"version"`
	Fields       map[string]any             `json:"fields"`
	ServerFields map[string]json.RawMessage `json:"server_fields"`
	Error        *struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// faultAsset is an asset of the demo fleet as the test read it at start.
type faultAsset struct {
	ID      string
	SiteID  string
	RoomID  any // a room id, or nil for no room
	Tag     string
	Version int
	Record  map[string]any
}

// faultFleet is the demo fleet that the simulated clients work on.
type faultFleet struct {
	assets []faultAsset
	// edited are the demo assets that operations change, and scanned the
	// tagged ones that inventory scans record. The two never overlap:
	// a scan moves an asset's version only when it is the latest scan of
	// it, so the versions of scanned assets cannot count their writes.
	edited, scanned []faultAsset
	// rooms lists the active rooms of each site, by site id.
	rooms map[string][]string
	sites []string
}

// hotAssets is the number of demo assets that every client edits often,
// so that clients write the same fields of the same assets.
const hotAssets = 25

// scannedAssets is the number of demo assets set apart for scans.
const scannedAssets = 60

// editedFields are the asset fields that edits change.
var editedFields = []string{"brand", "model", "notes", "serial", "status", "room_id"}

// editStatuses are the statuses that edits set.
var editStatuses = []string{"in_service", "broken", "in_stock", "on_loan"}

var assetKinds = []string{"pc", "laptop", "printer", "router", "screen", "interactive_whiteboard", "tablet", "other"}

// ownAsset is an asset that a client created.
type ownAsset struct {
	id, siteID string
}

// opGenerator makes the random operations of one simulated client.
type opGenerator struct {
	rng    *rand.Rand
	fleet  *faultFleet
	client int
	count  int
	round  string
	own    []ownAsset
	// known is the last version of each asset the client got from the
	// server, which it sends as base_version.
	known map[string]int
}

func newOpGenerator(fleet *faultFleet, client int, seed uint64) *opGenerator {
	g := &opGenerator{
		rng:    rand.New(rand.NewPCG(seed, uint64(client))),
		fleet:  fleet,
		client: client,
		known:  map[string]int{},
	}
	g.round = g.newID()
	for _, a := range fleet.assets {
		g.known[a.ID] = a.Version
	}
	return g
}

// newID returns a UUIDv7 whose random bits come from the seeded
// generator, so that a replay differs only in the time part of the ids.
func (g *opGenerator) newID() string {
	id := uuid.Must(uuid.NewV7())
	for i := 8; i < 16; i++ {
		id[i] = byte(g.rng.Uint32())
	}
	id[8] = id[8]&0x3f | 0x80
	return id.String()
}

// next returns a new operation: about 12 % asset creations, 50 % field
// edits, 5 % archives, 5 % restores and 28 % inventory scans.
func (g *opGenerator) next() faultOp {
	g.count++
	switch r := g.rng.IntN(100); {
	case r < 12:
		return g.create()
	case r < 62:
		return g.edit()
	case r < 67:
		return g.archive()
	case r < 72:
		return g.restore()
	default:
		return g.scan()
	}
}

// text returns a value that no other operation writes, so that the final
// state shows which write won.
func (g *opGenerator) text(field string) string {
	return fmt.Sprintf("%s c%d op%d", field, g.client, g.count)
}

func (g *opGenerator) create() faultOp {
	site := g.fleet.sites[g.rng.IntN(len(g.fleet.sites))]
	fields := map[string]any{
		"site_id": site,
		"room_id": g.room(site),
		"kind":    assetKinds[g.rng.IntN(len(assetKinds))],
		"brand":   g.text("brand"),
		"model":   g.text("model"),
		"serial":  g.text("serial"),
		"notes":   g.text("notes"),
		"status":  editStatuses[g.rng.IntN(len(editStatuses))],
	}
	op := faultOp{ID: g.newID(), Entity: "asset", EntityID: g.newID(), Action: "upsert", Fields: fields}
	g.own = append(g.own, ownAsset{id: op.EntityID, siteID: site})
	return op
}

// room returns a random room of the site, or nil for no room.
func (g *opGenerator) room(site string) any {
	rooms := g.fleet.rooms[site]
	if len(rooms) == 0 || g.rng.IntN(10) == 0 {
		return nil
	}
	return rooms[g.rng.IntN(len(rooms))]
}

// target picks the asset an operation changes: often one of the hot demo
// assets, sometimes any demo asset or one the client created.
func (g *opGenerator) target() (id, siteID string) {
	r := g.rng.IntN(100)
	switch {
	case r < 15 && len(g.own) > 0:
		a := g.own[g.rng.IntN(len(g.own))]
		return a.id, a.siteID
	case r < 60:
		a := g.fleet.edited[g.rng.IntN(min(hotAssets, len(g.fleet.edited)))]
		return a.ID, a.SiteID
	default:
		a := g.fleet.edited[g.rng.IntN(len(g.fleet.edited))]
		return a.ID, a.SiteID
	}
}

// baseVersion returns the version the client knows of the asset for
// about 40 % of the operations, nil for the others.
func (g *opGenerator) baseVersion(id string) *int {
	v, ok := g.known[id]
	if !ok || g.rng.IntN(10) >= 4 {
		return nil
	}
	return &v
}

func (g *opGenerator) edit() faultOp {
	id, site := g.target()
	fields := map[string]any{}
	for range 1 + g.rng.IntN(3) {
		switch field := editedFields[g.rng.IntN(len(editedFields))]; field {
		case "status":
			fields[field] = editStatuses[g.rng.IntN(len(editStatuses))]
		case "room_id":
			fields[field] = g.room(site)
		default:
			fields[field] = g.text(field)
		}
	}
	return faultOp{ID: g.newID(), Entity: "asset", EntityID: id, Action: "upsert", Fields: fields, BaseVersion: g.baseVersion(id)}
}

func (g *opGenerator) archive() faultOp {
	id, _ := g.target()
	return faultOp{ID: g.newID(), Entity: "asset", EntityID: id, Action: "delete", Fields: map[string]any{}, BaseVersion: g.baseVersion(id)}
}

func (g *opGenerator) restore() faultOp {
	id, _ := g.target()
	return faultOp{ID: g.newID(), Entity: "asset", EntityID: id, Action: "upsert", Fields: map[string]any{"archived": false}, BaseVersion: g.baseVersion(id)}
}

// scan records one of the scanned demo assets in the client's inventory
// round, where the asset is: no operation moves these assets.
func (g *opGenerator) scan() faultOp {
	a := g.fleet.scanned[g.rng.IntN(len(g.fleet.scanned))]
	fields := map[string]any{
		"round_id":           g.round,
		"asset_id":           a.ID,
		"tag":                a.Tag,
		"site_id":            a.SiteID,
		"room_id":            a.RoomID,
		"scanned_at":         time.Now().UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		"moved_from_site_id": nil,
		"moved_from_room_id": nil,
		"duplicate":          false,
	}
	return faultOp{ID: g.newID(), Entity: "inventory_scan", EntityID: g.newID(), Action: "upsert", Fields: fields}
}

// learn keeps the version of an asset that a result returned.
func (g *opGenerator) learn(r faultResult) {
	if r.Entity == "asset" && r.Version > g.known[r.EntityID] {
		g.known[r.EntityID] = r.Version
	}
}

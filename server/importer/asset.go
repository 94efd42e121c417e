package importer

import (
	"context"
	"time"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/i18n"
)

func msg(key string, args ...any) i18n.Message {
	return i18n.Msg(key, args...)
}

// asset creates the line's asset, or updates the stored asset that has
// its tag, else its serial number, else the same place and model while
// both lack tag and serial.
func (r *run) asset(ctx context.Context, l *line, site assets.Site, room *assets.Room, res *LineResult) ([]Issue, error) {
	req := r.request(l, site, room)
	a := l.asset
	existing := r.match(l, site, room)
	if existing == nil && a.Tag == nil {
		// Created with the others at the end of the run, in a few
		// statements. The line's result comes next in r.results.
		r.pending = append(r.pending, pendingAsset{req: req, result: len(r.results)})
		res.Action = ActionCreate
		return nil, nil
	}
	if existing == nil {
		created, err := r.fleet.CreateAssetIn(ctx, r.tx, r.actor, req)
		if issues, ok := assetIssues(err); ok {
			return issues, nil
		}
		if err != nil {
			return nil, err
		}
		r.known.add(&created)
		r.claim(created.ID, l.number)
		res.Action, res.AssetID = ActionCreate, &created.ID
		return nil, nil
	}

	if !r.mapping.Has(FieldOSVersion) && req.OSVersion.Value == "" && req.OS.Value == existing.OS {
		// A system cell without a version, such as "Windows 11", keeps the
		// version stored for the same system.
		req.OSVersion = assets.Field[string]{}
	}
	if first, ok := r.claimed[existing.ID]; ok {
		return []Issue{{Message: msg("import_asset_claimed", first)}}, nil
	}
	r.claim(existing.ID, l.number)
	res.AssetID = &existing.ID
	if unchanged(*existing, req) {
		res.Action = ActionUnchanged
		return nil, nil
	}
	updated, err := r.fleet.MergeAssetIn(ctx, r.tx, r.actor, existing.ID, req)
	if issues, ok := assetIssues(err); ok {
		return issues, nil
	}
	if err != nil {
		return nil, err
	}
	*existing = updated
	res.Action = ActionUpdate
	return nil, nil
}

func (r *run) claim(id uuid.UUID, line int) {
	if r.claimed == nil {
		r.claimed = map[uuid.UUID]int{}
	}
	r.claimed[id] = line
}

// match returns the stored asset that the line describes, or nil.
func (r *run) match(l *line, site assets.Site, room *assets.Room) *assets.Asset {
	a := l.asset
	if a.Tag != nil {
		if found, ok := r.known.byTag[*a.Tag]; ok {
			return found
		}
	}
	if key := serialKey(a.Serial); key != "" {
		return r.known.bySerial[key]
	}
	if a.Tag != nil {
		return nil
	}

	probe := a
	probe.SiteID = site.ID
	if room != nil {
		probe.RoomID = &room.ID
	}
	k := bareKeyOf(&probe)
	for i, candidate := range r.known.bare[k] {
		if _, taken := r.claimed[candidate.ID]; !taken {
			r.known.bare[k] = append(r.known.bare[k][:i:i], r.known.bare[k][i+1:]...)
			return candidate
		}
	}
	return nil
}

// request builds the writer's request of the line. The place is always
// set. Another field is set when the file has its column, so an empty
// cell clears it, except the tag, which an import puts on an asset but
// never takes off.
func (r *run) request(l *line, site assets.Site, room *assets.Room) assets.AssetRequest {
	a := l.asset
	req := assets.AssetRequest{SiteID: set(site.ID.String()), RoomID: set("")}
	if room != nil {
		req.RoomID = set(room.ID.String())
	}
	if a.Tag != nil {
		req.Tag = set(*a.Tag)
	}
	for _, m := range []struct {
		field string
		dst   *assets.Field[string]
		value string
	}{
		{FieldKind, &req.Kind, a.Kind}, {FieldBrand, &req.Brand, a.Brand}, {FieldModel, &req.Model, a.Model},
		{FieldSerial, &req.Serial, a.Serial}, {FieldOS, &req.OS, a.OS}, {FieldOSVersion, &req.OSVersion, a.OSVersion},
		{FieldPurchaseDate, &req.PurchaseDate, dateText(a.PurchaseDate)},
		{FieldWarrantyEnd, &req.WarrantyEnd, dateText(a.WarrantyEnd)},
		{FieldStatus, &req.Status, a.Status}, {FieldRecommendedModel, &req.RecommendedModel, a.RecommendedModel},
		{FieldNotes, &req.Notes, a.Notes},
	} {
		if r.mapping.Has(m.field) || (m.field == FieldKind || m.field == FieldStatus) {
			*m.dst = set(m.value)
		}
	}
	if !r.mapping.Has(FieldOSVersion) && r.mapping.Has(FieldOS) {
		// The version read from the system column, such as "Pro".
		req.OSVersion = set(a.OSVersion)
	}
	return req
}

// unchanged reports whether req would leave a as it is.
func unchanged(a assets.Asset, req assets.AssetRequest) bool {
	same := func(f assets.Field[string], v string) bool { return !f.Set || f.Value == v }
	room := ""
	if a.RoomID != nil {
		room = a.RoomID.String()
	}
	tag := ""
	if a.Tag != nil {
		tag = *a.Tag
	}
	return same(req.SiteID, a.SiteID.String()) && same(req.RoomID, room) && same(req.Tag, tag) &&
		same(req.Kind, a.Kind) && same(req.Brand, a.Brand) && same(req.Model, a.Model) &&
		same(req.Serial, a.Serial) && same(req.OS, a.OS) && same(req.OSVersion, a.OSVersion) &&
		same(req.PurchaseDate, dateText(a.PurchaseDate)) && same(req.WarrantyEnd, dateText(a.WarrantyEnd)) &&
		same(req.Status, a.Status) && same(req.RecommendedModel, a.RecommendedModel) && same(req.Notes, a.Notes)
}

func dateText(d *assets.Date) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly)
}

// assetIssues returns the faults that the asset writer found.
func assetIssues(err error) ([]Issue, bool) {
	if err == nil {
		return nil, false
	}
	return issuesOf(err)
}

// pendingAsset is a new asset without a tag, which flush creates.
type pendingAsset struct {
	req assets.AssetRequest
	// result is the index of the line's result in run.results.
	result int
}

// flush creates the pending assets together and turns the results of
// those the writer rejects into faults.
func (r *run) flush(ctx context.Context) error {
	if len(r.pending) == 0 {
		return nil
	}
	reqs := make([]assets.AssetRequest, len(r.pending))
	for i, p := range r.pending {
		reqs[i] = p.req
	}
	created, rejections, err := r.fleet.CreateAssetsIn(ctx, r.tx, r.actor, reqs)
	if err != nil {
		return err
	}

	for i, p := range r.pending {
		res := &r.results[p.result]
		if rejections[i] != nil {
			issues, _ := issuesOf(rejections[i])
			res.Action, res.Errors = ActionError, issues
			r.counts.Created--
			r.counts.Failed++
			continue
		}
		a := created[i]
		res.AssetID = &a.ID
		r.known.add(&a)
	}
	r.pending = nil
	return nil
}

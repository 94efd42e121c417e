package requests

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/field"
	"parc/server/files"
	"parc/server/i18n"
	"parc/server/sync"
)

// maxPhotos bounds the photos of one request.
const maxPhotos = 10

// photoLink is one row of request_photos.
type photoLink struct {
	bun.BaseModel `bun:"table:request_photos,alias:rp"`

	RequestID uuid.UUID  `bun:"request_id,pk,type:uuid"`
	FileID    uuid.UUID  `bun:"file_id,pk,type:uuid"`
	AddedBy   *uuid.UUID `bun:"added_by,type:uuid"`
	AddedAt   time.Time  `bun:"added_at"`
}

// readPhotoIDs reads the photo_ids of a body, without repeats, and adds
// the fault of an id that cannot be read.
func readPhotoIDs(bad field.Faults, texts []string) []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(texts))
	for _, text := range texts {
		if id := bad.ID("photo_ids", text); id != uuid.Nil && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// checkPhotos adds the faults of the photos next gains over before: at
// most maxPhotos, each a stored photo that actor may attach.
func checkPhotos(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *Request, f field.Faults) error {
	if len(next.PhotoIDs) > maxPhotos {
		f.Add("photo_ids", i18n.Msg("request_photos_many", len(next.PhotoIDs), maxPhotos))
		return nil
	}
	var attached []uuid.UUID
	if before != nil {
		attached = before.PhotoIDs
	}
	for _, id := range next.PhotoIDs {
		if slices.Contains(attached, id) {
			continue
		}
		_, fault, err := files.Attachable(ctx, tx, actor, id, files.KindPhoto)
		if err != nil {
			return err
		}
		if fault != nil {
			f.Add("photo_ids", *fault)
		}
	}
	return nil
}

// photosOnly reports whether next differs from before in its photos
// alone, on a request not yet done or refused: a correspondent adds or
// removes photos after the request left new, and changes nothing else.
func photosOnly(next, before *Request) bool {
	if before.Status == StatusDone || before.Status == StatusRefused {
		return false
	}
	same := *next
	same.PhotoIDs = before.PhotoIDs
	return sameMembers(same, *before)
}

// sameMembers compares the members a client may change.
func sameMembers(a, b Request) bool {
	sameAsset := a.AssetID == nil && b.AssetID == nil || a.AssetID != nil && b.AssetID != nil && *a.AssetID == *b.AssetID
	return sameAsset && a.Category == b.Category && a.Urgency == b.Urgency && a.Description == b.Description &&
		a.Status == b.Status && sameDate(a.PlannedFor, b.PlannedFor) && a.RefusedReason == b.RefusedReason
}

// linkPhotos replaces the photo links before of request id by next.
func linkPhotos(ctx context.Context, tx bun.IDB, actor sync.Actor, id uuid.UUID, before, next []uuid.UUID) error {
	var removed, added []uuid.UUID
	for _, photo := range before {
		if !slices.Contains(next, photo) {
			removed = append(removed, photo)
		}
	}
	for _, photo := range next {
		if !slices.Contains(before, photo) {
			added = append(added, photo)
		}
	}
	if len(removed) > 0 {
		_, err := tx.NewDelete().Model((*photoLink)(nil)).
			Where("request_id = ?", id).Where("file_id IN (?)", bun.In(removed)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("unlink %d photos of request %s: %w", len(removed), id, err)
		}
	}
	if len(added) == 0 {
		return nil
	}

	// Each photo gets its own microsecond, so that the order of the
	// list survives as the order of added_at.
	at := time.Now().UTC().Truncate(time.Microsecond)
	rows := make([]photoLink, len(added))
	for i, photo := range added {
		rows[i] = photoLink{RequestID: id, FileID: photo, AddedBy: &actor.UserID, AddedAt: at.Add(time.Duration(i) * time.Microsecond)}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("link %d photos to request %s: %w", len(rows), id, err)
	}
	return nil
}

// withPhotos fills the photo ids of the requests of list, never nil.
func withPhotos(ctx context.Context, db bun.IDB, list []Request) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	byRequest := map[uuid.UUID][]uuid.UUID{}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		var rows []photoLink
		err := db.NewSelect().Model(&rows).Where("request_id IN (?)", bun.In(part)).OrderExpr("added_at, file_id").Scan(ctx)
		if err != nil {
			return fmt.Errorf("select photos of %d requests: %w", len(part), err)
		}
		for _, row := range rows {
			byRequest[row.RequestID] = append(byRequest[row.RequestID], row.FileID)
		}
	}
	for i := range list {
		list[i].PhotoIDs = byRequest[list[i].ID]
		if list[i].PhotoIDs == nil {
			list[i].PhotoIDs = []uuid.UUID{}
		}
	}
	return nil
}

// PhotoCommunes returns the communes of the requests that show the file
// fileID as a photo; it is the files.Referrer of requests.
func PhotoCommunes(ctx context.Context, db bun.IDB, fileID uuid.UUID) ([]uuid.UUID, error) {
	var communes []uuid.UUID
	err := db.NewSelect().TableExpr("request_photos AS rp").
		Join("JOIN requests AS rq ON rq.id = rp.request_id").
		Join("JOIN sites AS s ON s.id = rq.site_id").
		ColumnExpr("DISTINCT s.commune_id").Where("rp.file_id = ?", fileID).Scan(ctx, &communes)
	if err != nil {
		return nil, fmt.Errorf("select the communes of requests with photo %s: %w", fileID, err)
	}
	return communes, nil
}

// loadRequests is the sync.Loader of requests: their rows and photos.
func loadRequests(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
	loaded, err := sync.LoadByID(ctx, requestQuery(db), "rq.id", ids, func(r Request) uuid.UUID { return r.ID })
	if err != nil {
		return nil, err
	}
	list := make([]Request, 0, len(loaded))
	for _, r := range loaded {
		list = append(list, r.(Request))
	}
	if err := withPhotos(ctx, db, list); err != nil {
		return nil, err
	}
	for _, r := range list {
		loaded[r.ID] = r
	}
	return loaded, nil
}

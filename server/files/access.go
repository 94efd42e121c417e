package files

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// Referrer returns the communes of the records of one kind that refer to
// the file fileID, such as the requests that show it as a photo. It
// returns none when no such record refers to it.
type Referrer func(ctx context.Context, db bun.IDB, fileID uuid.UUID) ([]uuid.UUID, error)

// Readable reports whether actor may read f: the user who uploaded it
// may, and so may every user who may see a record that refers to it. A
// file that no record refers to yet is its uploader's alone.
func Readable(ctx context.Context, db bun.IDB, actor sync.Actor, f File, referrers []Referrer) (bool, error) {
	if f.CreatedBy != nil && *f.CreatedBy == actor.UserID {
		return true, nil
	}
	for _, communesOf := range referrers {
		communes, err := communesOf(ctx, db, f.ID)
		if err != nil {
			return false, err
		}
		for _, commune := range communes {
			if actor.Scope.Allows(commune) {
				return true, nil
			}
		}
	}
	return false, nil
}

// Attachable returns the file id that a record of actor's may refer to as
// a file of kind, or the fault to report under the record's member. A
// technician attaches any file; another user attaches only the files they
// uploaded, so that no one reads another's upload by attaching its id.
func Attachable(ctx context.Context, db bun.IDB, actor sync.Actor, id uuid.UUID, kind string) (File, *i18n.Message, error) {
	f, err := FileByID(ctx, db, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !mayAttach(actor, f) {
		m := i18n.Msg("file_attach_unknown", id.String())
		return File{}, &m, nil
	}
	if err != nil {
		return File{}, nil, err
	}
	if f.Kind != kind {
		m := i18n.Msg("file_attach_kind", id.String(), f.Kind, kind)
		return File{}, &m, nil
	}
	return f, nil, nil
}

func mayAttach(actor sync.Actor, f File) bool {
	return actor.Role == accounts.RoleTechnician || f.CreatedBy != nil && *f.CreatedBy == actor.UserID
}

// notFound is the 404 of a file that does not exist or that the caller
// may not read, which look the same to the caller.
func notFound(id uuid.UUID) error {
	return apierr.NotFound("file_not_found", id.String())
}

package assets

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
	"parc/server/store"
)

// recordType describes one type of fleet record to the create and change
// flows, which communes, sites, rooms and assets share. Each type's own
// rules stay in its file: its checks, what prevents archiving it, and
// what follows a write, such as tags.
type recordType[T any] struct {
	w *Writer
	// name is the entity in audit entries and wrapped errors, such as "site".
	name string
	// notFound is the message key of the 404 of a change.
	notFound string
	byID     func(ctx context.Context, db bun.IDB, id uuid.UUID) (T, error)
	meta     func(r *T) recordMeta
	// blank is a new record before its request applies, with the type's
	// defaults.
	blank T
	// columns are the columns that a change writes.
	columns []string
	// check adds the faults of next. before is the record as stored, nil
	// at creation. check may normalize next, such as its tag.
	check func(ctx context.Context, tx bun.IDB, next, before *T, f faults) error
	// checkArchive adds the faults of archiving the record id, or is nil
	// when nothing prevents it.
	checkArchive func(ctx context.Context, tx bun.IDB, id uuid.UUID, f faults) error
	// beforeWrite and afterWrite run just before and after the insert or
	// update of next, when they are not nil. before is nil at creation.
	beforeWrite, afterWrite func(ctx context.Context, tx bun.IDB, next, before *T) error
	// communeOf returns the commune whose users may see the record.
	communeOf func(r *T) uuid.UUID
	// moved, when not nil, runs after a write that may have moved the
	// record to another commune, to file the change of the records that
	// move with it.
	moved func(ctx context.Context, tx bun.IDB, before, after *T) error
}

// recordMeta points at the fields that every fleet record has and that
// the flows set.
type recordMeta struct {
	id                   *uuid.UUID
	archivedAt           **time.Time
	createdAt, updatedAt *time.Time
	version              *int
}

// edit is a request body as the flows read it.
type edit[T any] struct {
	// id is the id the client made for a new record. A change ignores it.
	id Field[string]
	// version is the version the client read, required by a change.
	version *int
	// archived archives or restores the record. A creation ignores it.
	archived *bool
	// apply copies the other members to a record. It returns a 400 when a
	// member cannot be read.
	apply func(r *T) error
}

// create stores a new record made from req, with its audit entry by actor.
func (rt recordType[T]) create(ctx context.Context, actor *uuid.UUID, req edit[T]) (T, error) {
	var zero T
	id, err := newID(req.id)
	if err != nil {
		return zero, err
	}
	var created T
	err = rt.w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		created, err = rt.createIn(ctx, tx, actor, id, req)
		return err
	})
	return created, err
}

// createIn stores a new record with the given id made from req, inside
// tx, which holds the write lock.
func (rt recordType[T]) createIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, id uuid.UUID, req edit[T]) (T, error) {
	var zero T
	next := rt.blank
	at := now()
	meta := rt.meta(&next)
	*meta.id, *meta.createdAt, *meta.updatedAt, *meta.version = id, at, at, 1
	if err := req.apply(&next); err != nil {
		return zero, err
	}
	if err := rt.checkNew(ctx, tx, &next); err != nil {
		return zero, err
	}

	if err := rt.write(ctx, tx, &next, nil, rt.insert); err != nil {
		return zero, err
	}
	created, err := rt.byID(ctx, tx, id)
	if err != nil {
		return zero, err
	}
	if err := rt.record(ctx, tx, actor, nil, &created); err != nil {
		return zero, err
	}
	return created, audit.Record(ctx, tx, actor, rt.name, id, ActionCreate, nil, created)
}

// checkNew returns the 409 of a new record whose id a record already has,
// or the 422 of its faults.
func (rt recordType[T]) checkNew(ctx context.Context, tx bun.IDB, next *T) error {
	id := *rt.meta(next).id
	existing, err := rt.byID(ctx, tx, id)
	if err == nil {
		return idTaken(id, existing)
	}
	if !isNotFound(err) {
		return err
	}

	f := faults{}
	if err := rt.check(ctx, tx, next, nil, f); err != nil {
		return err
	}
	return f.invalid()
}

// change applies req to the record id with an audit entry by actor, and
// returns the record with the action recorded. A record that another
// write changed meanwhile gives the 409 with the record as stored now.
func (rt recordType[T]) change(ctx context.Context, actor *uuid.UUID, id uuid.UUID, req edit[T]) (T, string, error) {
	var after T
	var action string
	err := rt.w.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		_, after, action, err = rt.changeIn(ctx, tx, actor, id, req, false)
		return err
	})
	if isStale(err) {
		current, _ := rt.byID(ctx, rt.w.DB, id)
		var zero T
		return zero, "", conflict(current)
	}
	return after, action, err
}

// changeIn applies req to the record id inside tx, which holds the write
// lock, and returns the record before and after with the action. With
// merge, the change applies whatever version the request read: its
// members overwrite the stored fields, as a pushed operation does.
func (rt recordType[T]) changeIn(ctx context.Context, tx bun.Tx, actor *uuid.UUID, id uuid.UUID, req edit[T], merge bool) (before, after T, action string, err error) {
	before, err = rt.byID(ctx, tx, id)
	if isNotFound(err) {
		return before, after, "", apierr.NotFound(rt.notFound, id.String())
	}
	if err != nil {
		return before, after, "", err
	}

	next := before
	if action, err = rt.patch(ctx, tx, &next, req, merge); err != nil {
		return before, after, "", err
	}

	if err := rt.write(ctx, tx, &next, &before, rt.update); err != nil {
		return before, after, "", err
	}
	if after, err = rt.byID(ctx, tx, id); err != nil {
		return before, after, "", err
	}
	if err := rt.record(ctx, tx, actor, &before, &after); err != nil {
		return before, after, "", err
	}
	return before, after, action, audit.Record(ctx, tx, actor, rt.name, id, action, before, after)
}

// patch applies req to next, which holds the record as stored, and
// returns the action of the change: update, archive or restore. It
// returns the 409 of another version unless merge is true, the 400 of
// an unreadable member or the 422 of the faults.
func (rt recordType[T]) patch(ctx context.Context, tx bun.IDB, next *T, req edit[T], merge bool) (string, error) {
	before := *next
	meta := rt.meta(next)
	f := faults{}
	if !merge {
		if err := checkVersion(req.version, *meta.version, before, f); err != nil {
			return "", err
		}
	}

	if err := req.apply(next); err != nil {
		return "", err
	}
	at := now()
	action := archiveAction(req.archived, meta.archivedAt, at)
	if err := rt.check(ctx, tx, next, &before, f); err != nil {
		return "", err
	}
	if action == ActionArchive && rt.checkArchive != nil {
		if err := rt.checkArchive(ctx, tx, *meta.id, f); err != nil {
			return "", err
		}
	}
	if err := f.invalid(); err != nil {
		return "", err
	}

	*meta.updatedAt, *meta.version = at, *meta.version+1
	return action, nil
}

// write stores next with put, between beforeWrite and afterWrite.
func (rt recordType[T]) write(ctx context.Context, tx bun.IDB, next, before *T, put func(ctx context.Context, tx bun.IDB, next *T) error) error {
	if rt.beforeWrite != nil {
		if err := rt.beforeWrite(ctx, tx, next, before); err != nil {
			return err
		}
	}
	if err := put(ctx, tx, next); err != nil {
		return err
	}
	if rt.afterWrite != nil {
		return rt.afterWrite(ctx, tx, next, before)
	}
	return nil
}

func (rt recordType[T]) insert(ctx context.Context, tx bun.IDB, next *T) error {
	if _, err := tx.NewInsert().Model(next).Exec(ctx); err != nil {
		return fmt.Errorf("insert %s %s: %w", rt.name, *rt.meta(next).id, err)
	}
	return nil
}

func (rt recordType[T]) update(ctx context.Context, tx bun.IDB, next *T) error {
	meta := rt.meta(next)
	return updateRow(ctx, tx, next, rt.name, *meta.id, *meta.version, rt.columns...)
}

// newID returns the id given in a creation request, or a new UUIDv7 when
// the request has none.
func newID(in Field[string]) (uuid.UUID, error) {
	bad := faults{}
	id, ok := bad.id("id", in)
	if err := bad.unreadable(); err != nil {
		return uuid.Nil, err
	}
	if !ok || id == uuid.Nil {
		return uuid.Must(uuid.NewV7()), nil
	}
	return id, nil
}

// idTaken is the 409 of a creation whose id a record already has, such as
// a device sending its creation again after a lost response.
func idTaken(id uuid.UUID, current any) error {
	e := apierr.New(http.StatusConflict, "already_exists", "fleet_id_taken", id.String())
	e.Current = current
	return e
}

// checkVersion compares the version a PATCH was based on with the stored
// one. A missing version is a fault. Another version is a 409 that
// carries the record as stored now.
func checkVersion(version *int, current int, record any, f faults) error {
	if version == nil {
		f.add("version", i18n.Required("version"))
		return nil
	}
	if *version != current {
		return conflict(record)
	}
	return nil
}

// archiveAction applies the member archived of a PATCH to *at and returns
// the action of the write: archive or restore when the state changes,
// update otherwise. Archiving an archived record keeps its first date.
func archiveAction(archived *bool, at **time.Time, when time.Time) string {
	switch {
	case archived == nil:
		return ActionUpdate
	case *archived && *at == nil:
		*at = &when
		return ActionArchive
	case !*archived && *at != nil:
		*at = nil
		return ActionRestore
	}
	return ActionUpdate
}

// updateRow writes columns of model, whose Version is one more than the
// stored one, and returns store.ErrConflict when the row has moved past
// the version the write started from.
func updateRow(ctx context.Context, tx bun.IDB, model any, what string, id uuid.UUID, version int, columns ...string) error {
	res, err := tx.NewUpdate().Model(model).Column(columns...).
		WherePK().Where("version = ?", version-1).Exec(ctx)
	if err != nil {
		return fmt.Errorf("update %s %s: %w", what, id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("%s %s at version %d: %w", what, id, version-1, store.ErrConflict)
	}
	return nil
}

// conflict is the 409 of a write based on an old version, with the
// current record so that the client can show what changed.
func conflict(current any) error {
	e := apierr.New(http.StatusConflict, "version_conflict", "version_conflict")
	e.Current = current
	return e
}

// isStale reports whether err is the store.ErrConflict of a row that
// moved past the version a write read.
func isStale(err error) bool {
	return errors.Is(err, store.ErrConflict)
}

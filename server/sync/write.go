package sync

import (
	"context"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/audit"
)

// Write is one write of a record of type T that belongs to one commune,
// for RecordWrite.
type Write[T any] struct {
	// Entity names the record in the change sequence and in the audit
	// log, such as EntityLoan.
	Entity string
	ID     uuid.UUID
	// Version is the record's version after the write.
	Version int
	// Commune is the commune whose users may see the record.
	Commune uuid.UUID
	// Actor is the user who made the write. It is nil for an anonymous
	// write, such as a problem report sent from a label's public page.
	Actor *uuid.UUID
	// Action is the action of the audit entry. When it is empty, the
	// action is "create" if Before is nil and "update" otherwise.
	Action string
	// Before is the record before the write, nil at creation.
	Before *T
	// After is the record as stored after the write.
	After T
}

// RecordWrite files w in the change sequence with the fields it changed,
// other than version, updated_at and created_at, and adds its audit
// entry. It runs inside the transaction of the write, which must hold
// Lock.
func RecordWrite[T any](ctx context.Context, tx bun.IDB, w Write[T]) error {
	// At creation, before stays an untyped nil so that the audit entry
	// stores SQL NULL as its "before" document, not the JSON null of a
	// nil pointer.
	var before any
	action := "create"
	if w.Before != nil {
		before, action = *w.Before, "update"
	}
	if w.Action != "" {
		action = w.Action
	}

	fields, err := ChangedFields(before, w.After, bookkeeping...)
	if err != nil {
		return err
	}
	err = Record(ctx, tx, Change{
		Entity: w.Entity, ID: w.ID, Version: w.Version,
		Communes: []uuid.UUID{w.Commune}, Fields: fields, Actor: w.Actor,
	})
	if err != nil {
		return err
	}
	return audit.Record(ctx, tx, w.Actor, w.Entity, w.ID, action, before, w.After)
}

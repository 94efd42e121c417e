package loans

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/store"
	"parc/server/sync"
)

// SyncLoans returns the entity that applies the loan operations devices
// push, with the same checks as the REST API. An upsert of a new id
// checks the PC out. An upsert of a known id changes the reason and due
// date it carries, then checks the PC in when it carries
// return_condition. A loan is never deleted.
func (w *Writer) SyncLoans() sync.Entity {
	return loanEntity{w: w}
}

type loanEntity struct {
	w *Writer
}

// Apply applies one operation; see sync.Entity.
func (e loanEntity) Apply(ctx context.Context, tx bun.Tx, actor sync.Actor, op sync.Op) (sync.Applied, error) {
	if op.Action == sync.ActionDelete {
		return sync.Applied{}, apierr.New(http.StatusUnprocessableEntity, "not_deletable", "loan_not_deletable")
	}
	var body LoanBody
	if err := json.Unmarshal(op.Fields, &body); err != nil {
		return sync.Applied{}, apierr.JSON(err, "sync_fields_unreadable")
	}

	before, err := LoanByID(ctx, tx, op.EntityID)
	if errors.Is(err, store.ErrNotFound) {
		created, err := e.w.checkOutIn(ctx, tx, actor, op.EntityID, body)
		return sync.Applied{EntityID: op.EntityID, Version: created.Version, After: created}, err
	}
	if err != nil {
		return sync.Applied{}, err
	}
	if err := technicianOnly(actor); err != nil {
		return sync.Applied{}, err
	}

	after := before
	if body.Reason.Set || body.DueDate.Set || body.Asset.Set || body.CommuneID.Set || body.SiteID.Set {
		if _, after, err = e.w.changeIn(ctx, tx, actor, op.EntityID, body, true); err != nil {
			return sync.Applied{}, err
		}
	}
	if body.ReturnCondition.Set {
		if after, err = e.w.returnIn(ctx, tx, actor, after, body); err != nil {
			return sync.Applied{}, err
		}
	}
	return sync.Applied{EntityID: op.EntityID, Version: after.Version, Before: before, After: after}, nil
}

// SyncLoaders returns the loaders of loans and of the pool of spares for
// pulls.
func SyncLoaders() map[string]sync.Loader {
	return map[string]sync.Loader{sync.EntityLoan: loadLoans, EntitySpare: loadSpares}
}

// loadLoans reads loans by id, with their status as of today.
func loadLoans(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]any, error) {
	out := make(map[uuid.UUID]any, len(ids))
	today := Today()
	for start := 0; start < len(ids); start += 500 {
		var rows []Loan
		part := ids[start:min(start+500, len(ids))]
		if err := loanQuery(db).Where("l.id IN (?)", bun.List(part)).Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("load %d synced loans: %w", len(part), err)
		}
		for _, l := range rows {
			l.settle(today)
			out[l.ID] = l
		}
	}
	return out, nil
}

package workorders

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/files"
	"parc/server/sync"
)

// ActionPurgeSignature is the audit action of a work order whose
// signature the retention setting took off.
const ActionPurgeSignature = "purge_signature"

// PurgeSignatures takes the signature off the work orders done before
// cutoff. Each gets a new version without signature_file_id, which
// devices pull, and an audit entry; its PDF stays. The files themselves,
// then unreferenced, are for files.PurgeUnreferenced. It runs inside tx,
// which holds sync.Lock, and returns how many signatures it took off.
func PurgeSignatures(ctx context.Context, tx bun.IDB, cutoff time.Time) (int, error) {
	var ids []uuid.UUID
	err := tx.NewSelect().TableExpr("work_orders AS wo").ColumnExpr("wo.id").
		Where("wo.status = ?", StatusDone).Where("wo.done_at < ?", cutoff).
		Where("wo.signature_file_id IS NOT NULL").OrderExpr("wo.id").Scan(ctx, &ids)
	if err != nil {
		return 0, fmt.Errorf("select signed work orders done before %s: %w", cutoff.Format(time.DateOnly), err)
	}

	previous, err := files.UnlinkAll(ctx, tx, signatureUnlink, ids)
	return len(previous), err
}

// signatureUnlink takes the signature off a work order.
var signatureUnlink = files.Unlink[WorkOrder]{
	Entity: sync.EntityWorkOrder, Table: "work_orders", Action: ActionPurgeSignature, Load: WorkOrderByID,
	Remove: func(ctx context.Context, tx bun.IDB, id uuid.UUID) error {
		_, err := tx.NewUpdate().Table("work_orders").Set("signature_file_id = NULL").Where("id = ?", id).Exec(ctx)
		if err != nil {
			return fmt.Errorf("take the signature off work order %s: %w", id, err)
		}
		return nil
	},
	Stamp: func(wo WorkOrder) (int, uuid.UUID) { return wo.Version, wo.CommuneID },
}

package workorders

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/field"
	"parc/server/files"
	"parc/server/i18n"
	"parc/server/sync"
)

// checkSignature adds the faults of the signature of next: a signature
// needs the name of who signed, and a signature file that next names and
// before did not must be a stored signature.
func checkSignature(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *WorkOrder, f field.Faults) error {
	if next.SignatureFileID == nil {
		return nil
	}
	if next.SignedBy == "" {
		f.Add("signed_by", i18n.Msg("work_order_signed_by_missing"))
	}
	if before != nil && before.SignatureFileID != nil && *before.SignatureFileID == *next.SignatureFileID {
		return nil
	}
	_, fault, err := files.Attachable(ctx, tx, actor, *next.SignatureFileID, files.KindSignature)
	if err != nil {
		return err
	}
	if fault != nil {
		f.Add("signature_file_id", *fault)
	}
	return nil
}

// FileCommunes returns the communes of the work orders whose signature or
// PDF is the file fileID; it is the files.Referrer of work orders.
func FileCommunes(ctx context.Context, db bun.IDB, fileID uuid.UUID) ([]uuid.UUID, error) {
	var communes []uuid.UUID
	err := db.NewSelect().TableExpr("work_orders AS wo").
		Join("JOIN sites AS s ON s.id = wo.site_id").
		ColumnExpr("DISTINCT s.commune_id").
		Where("wo.signature_file_id = ? OR wo.pdf_file_id = ?", fileID, fileID).Scan(ctx, &communes)
	if err != nil {
		return nil, fmt.Errorf("select the communes of work orders with file %s: %w", fileID, err)
	}
	return communes, nil
}

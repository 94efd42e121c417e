package push

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// QueueDepth returns the number of deliveries waiting to be sent: those
// pending, due now or retried later, claimed or not. The server's
// metrics export it as parc_push_queue_depth.
func QueueDepth(ctx context.Context, db bun.IDB) (int64, error) {
	n, err := db.NewSelect().Model((*Delivery)(nil)).Where("status = ?", StatusPending).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count pending notification deliveries: %w", err)
	}
	return int64(n), nil
}

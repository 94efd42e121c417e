package loans

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"parc/server/assets"
	"parc/server/push"
)

// NotifyOverdue queues the "loan overdue" notification of every open
// loan whose due date is before today, and returns how many loans it
// found. The event's dedupe key contains the loan and its due date, so a
// later check finds the event already queued. A loan whose due date
// moved and then passed again is announced again.
func NotifyOverdue(ctx context.Context, db *bun.DB, today assets.Date) (int, error) {
	var overdue []Loan
	err := loanQuery(db).Where("l.returned_at IS NULL").Where("l.due_date < ?", today).
		Order("l.due_date", "l.id").Scan(ctx, &overdue)
	if err != nil {
		return 0, fmt.Errorf("select overdue loans: %w", err)
	}
	for _, l := range overdue {
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return push.Enqueue(ctx, tx, overdueEvent(l))
		})
		if err != nil {
			return 0, fmt.Errorf("queue overdue notice of loan %s: %w", l.ID, err)
		}
	}
	return len(overdue), nil
}

func overdueEvent(l Loan) push.Event {
	tag := l.AssetID.String()
	if l.AssetTag != nil {
		tag = *l.AssetTag
	}
	return push.Event{
		Kind: push.EventLoanOverdue, EntityID: l.ID, CommuneID: l.CommuneID, SiteID: l.SiteID,
		Day: l.DueDate.String(), Detail: tag,
		DedupeKey: "loan_overdue:" + l.ID.String() + ":" + l.DueDate.String(),
	}
}

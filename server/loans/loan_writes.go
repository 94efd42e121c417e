package loans

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/store"
	"parc/server/sync"
)

// Writer checks spare PCs out and in, and keeps the pool of spares. Each
// write runs in one transaction under sync.Lock, with an audit entry and
// its number in the change sequence. The asset's change of status goes
// through the fleet's writer in the same transaction.
type Writer struct {
	DB    *bun.DB
	Fleet *assets.Writer
	// MaxLoanDays returns the max_loan_days setting in force: how many
	// days after its check-out a loan may be due.
	MaxLoanDays func(ctx context.Context) (int, error)
}

// Actions of audit entries.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionReturn = "return"
	ActionDelete = "delete"
)

// LoanBody is the body of POST /api/v1/loans (a check-out), of PATCH
// /api/v1/loans/{id} and of the returns, and the fields of a pushed loan
// operation. Each call reads the members it needs.
type LoanBody struct {
	// ID is the id the client made for a new loan.
	ID assets.Field[string] `json:"id"`
	// Version is the version the client read, required by a PATCH.
	Version *int `json:"version"`
	// Asset names the spare PC by id or by the tag on its label.
	Asset     assets.Field[string] `json:"asset"`
	CommuneID assets.Field[string] `json:"commune_id"`
	SiteID    assets.Field[string] `json:"site_id"`
	Reason    assets.Field[string] `json:"reason"`
	DueDate   assets.Field[string] `json:"due_date"`
	// ReturnCondition and ReturnNote check the PC in.
	ReturnCondition assets.Field[string] `json:"return_condition"`
	ReturnNote      assets.Field[string] `json:"return_note"`
}

// CheckOut lends a spare PC as actor and returns the new loan.
func (w *Writer) CheckOut(ctx context.Context, actor sync.Actor, body LoanBody) (Loan, error) {
	id, err := field.NewID(body.ID)
	if err != nil {
		return Loan{}, err
	}
	var created Loan
	err = sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		if _, err := LoanByID(ctx, tx, id); err == nil {
			return apierr.New(http.StatusConflict, "already_exists", "fleet_id_taken", id.String())
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		created, err = w.checkOutIn(ctx, tx, actor, id, body)
		return err
	})
	return created, err
}

// Change applies the reason and due date of body to the open loan id.
// A version other than the stored one gives the 409 with the loan as
// stored.
func (w *Writer) Change(ctx context.Context, actor sync.Actor, id uuid.UUID, body LoanBody) (Loan, error) {
	var after Loan
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		var err error
		_, after, err = w.changeIn(ctx, tx, actor, id, body, false)
		return err
	})
	return after, err
}

// Return checks in the PC of the loan id with the condition of body.
func (w *Writer) Return(ctx context.Context, actor sync.Actor, id uuid.UUID, body LoanBody) (Loan, error) {
	var after Loan
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		loan, err := visible(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		after, err = w.returnIn(ctx, tx, actor, loan, body)
		return err
	})
	return after, err
}

// ReturnByTag checks in the PC that carries tag, whose loan is open.
func (w *Writer) ReturnByTag(ctx context.Context, actor sync.Actor, tag string, body LoanBody) (Loan, error) {
	var after Loan
	err := sync.InTx(ctx, w.DB, func(ctx context.Context, tx bun.Tx) error {
		asset, err := w.Fleet.FindAsset(ctx, tx, tag)
		var ref *assets.AssetRefError
		if errors.As(err, &ref) {
			if ref.Unreadable {
				return &apierr.Error{Status: http.StatusBadRequest, Code: "invalid_tag", Message: ref.Message}
			}
			return &apierr.Error{Status: http.StatusNotFound, Code: "not_found", Message: ref.Message}
		}
		if err != nil {
			return err
		}
		loan, err := openLoanOf(ctx, tx, asset.ID)
		if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(loan.CommuneID) {
			return apierr.NotFound("loan_none_open", assetLabel(asset))
		}
		if err != nil {
			return err
		}
		after, err = w.returnIn(ctx, tx, actor, loan, body)
		return err
	})
	return after, err
}

// checkOutIn stores a new loan with the given id inside tx and puts its
// PC on loan.
func (w *Writer) checkOutIn(ctx context.Context, tx bun.Tx, actor sync.Actor, id uuid.UUID, body LoanBody) (Loan, error) {
	if err := technicianOnly(actor); err != nil {
		return Loan{}, err
	}
	at := now()
	loan := Loan{ID: id, CheckedOutAt: at, CheckedOutBy: &actor.UserID, CreatedAt: at, UpdatedAt: at, Version: 1}
	asset, err := w.checkCheckOut(ctx, tx, &loan, body)
	if err != nil {
		return Loan{}, err
	}

	if _, err := tx.NewInsert().Model(&loan).Exec(ctx); err != nil {
		return Loan{}, fmt.Errorf("insert loan %s: %w", id, err)
	}
	if _, err := w.Fleet.SetStatusIn(ctx, tx, &actor.UserID, asset.ID, assets.StatusOnLoan); err != nil {
		return Loan{}, err
	}
	if err := touchSpare(ctx, tx, &actor.UserID, asset.ID); err != nil {
		return Loan{}, err
	}
	return recordWrite(ctx, tx, actor, nil, id, ActionCreate)
}

// changeIn applies the reason and due date of body to the loan id inside
// tx. With merge, the change applies whatever version the body read, as
// a pushed operation does.
func (w *Writer) changeIn(ctx context.Context, tx bun.Tx, actor sync.Actor, id uuid.UUID, body LoanBody, merge bool) (before, after Loan, err error) {
	if err := technicianOnly(actor); err != nil {
		return before, after, err
	}
	if before, err = visible(ctx, tx, actor, id); err != nil {
		return before, after, err
	}
	if !merge {
		if err := field.CheckVersion(body.Version, before.Version, before); err != nil {
			return before, after, err
		}
	}

	next := before
	if err := w.checkChange(ctx, tx, &next, body); err != nil {
		return before, after, err
	}
	next.UpdatedAt, next.Version = now(), before.Version+1
	_, err = tx.NewUpdate().Model(&next).Column("reason", "due_date", "updated_at", "version").WherePK().Exec(ctx)
	if err != nil {
		return before, after, fmt.Errorf("update loan %s: %w", id, err)
	}
	after, err = recordWrite(ctx, tx, actor, &before, id, ActionUpdate)
	return before, after, err
}

// returnIn checks in the PC of loan inside tx: the PC goes back in stock,
// or is marked broken when it came back damaged.
func (w *Writer) returnIn(ctx context.Context, tx bun.Tx, actor sync.Actor, loan Loan, body LoanBody) (Loan, error) {
	if err := technicianOnly(actor); err != nil {
		return Loan{}, err
	}
	if loan.ReturnedAt != nil {
		return Loan{}, apierr.New(http.StatusUnprocessableEntity, "loan_closed", "loan_returned", loan.ReturnedAt.In(paris).Format("2006-01-02 15:04"))
	}
	condition := strings.TrimSpace(body.ReturnCondition.Value)
	note := strings.TrimSpace(body.ReturnNote.Value)
	f := field.Faults{}
	f.Enum("return_condition", condition, Conditions)
	f.Text("return_note", note, false, maxNote)
	if condition == ConditionDamaged && note == "" {
		f.Add("return_note", i18n.Msg("loan_damaged_needs_note"))
	}
	if err := f.Invalid(); err != nil {
		return Loan{}, err
	}

	before := loan
	at := now()
	loan.ReturnedAt, loan.ReturnedBy, loan.ReturnCondition, loan.ReturnNote = &at, &actor.UserID, &condition, note
	loan.UpdatedAt, loan.Version = at, before.Version+1
	_, err := tx.NewUpdate().Model(&loan).
		Column("returned_at", "returned_by", "return_condition", "return_note", "updated_at", "version").
		WherePK().Exec(ctx)
	if err != nil {
		return Loan{}, fmt.Errorf("return loan %s: %w", loan.ID, err)
	}
	status := assets.StatusInStock
	if condition == ConditionDamaged {
		status = assets.StatusBroken
	}
	if _, err := w.Fleet.SetStatusIn(ctx, tx, &actor.UserID, loan.AssetID, status); err != nil {
		return Loan{}, err
	}
	if err := touchSpare(ctx, tx, &actor.UserID, loan.AssetID); err != nil {
		return Loan{}, err
	}
	return recordWrite(ctx, tx, actor, &before, loan.ID, ActionReturn)
}

// visible returns the loan id when actor may see it, and the 404 of an
// unknown loan otherwise.
func visible(ctx context.Context, db bun.IDB, actor sync.Actor, id uuid.UUID) (Loan, error) {
	l, err := LoanByID(ctx, db, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !actor.Scope.Allows(l.CommuneID) {
		return Loan{}, apierr.NotFound("loan_not_found", id.String())
	}
	return l, err
}

func technicianOnly(actor sync.Actor) error {
	if actor.Role != accounts.RoleTechnician {
		return apierr.New(http.StatusForbidden, "forbidden", "loan_technicians")
	}
	return nil
}

// recordWrite reads the loan id as stored and files the write in the
// change sequence and the audit log. before is nil at check-out.
func recordWrite(ctx context.Context, tx bun.IDB, actor sync.Actor, before *Loan, id uuid.UUID, action string) (Loan, error) {
	after, err := LoanByID(ctx, tx, id)
	if err != nil {
		return after, err
	}
	return after, sync.RecordWrite(ctx, tx, sync.Write[Loan]{
		Entity: sync.EntityLoan, ID: id, Version: after.Version, Commune: after.CommuneID,
		Actor: &actor.UserID, Action: action, Before: before, After: after,
	})
}

// assetLabel names an asset in messages: its tag, or its id when it has
// no label yet.
func assetLabel(a assets.Asset) string {
	if a.Tag != nil {
		return *a.Tag
	}
	return a.ID.String()
}

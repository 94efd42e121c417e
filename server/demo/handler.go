package demo

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/store"
)

// Handler serves the list of demo accounts, shown on the login screen of a
// demo server.
type Handler struct {
	Store *store.Store
}

// Account is a demo account as the login screen lists it.
type Account struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// Info is the body of GET /api/v1/demo.
type Info struct {
	Password string    `json:"password"`
	Accounts []Account `json:"accounts"`
}

// GetDemo serves GET /api/v1/demo: the demo accounts and their password on
// a database loaded with --demo, 404 on any other.
func (h *Handler) GetDemo(c *fiber.Ctx) error {
	ctx := c.UserContext()
	loaded, err := Loaded(ctx, h.Store.Reader)
	if err != nil {
		return err
	}
	if !loaded {
		return apierr.NotFound("demo_off")
	}

	list, err := demoAccounts(ctx, h.Store.Reader)
	if err != nil {
		return err
	}
	return c.JSON(Info{Password: Password, Accounts: list})
}

// demoAccounts lists the enabled demo accounts, technicians first.
func demoAccounts(ctx context.Context, db bun.IDB) ([]Account, error) {
	var users []accounts.User
	err := db.NewSelect().Model(&users).
		Where("u.email LIKE '%@demo.invalid'").Where("u.disabled_at IS NULL").
		OrderExpr("CASE u.role WHEN 'technician' THEN 0 WHEN 'committee' THEN 1 ELSE 2 END, u.email").
		Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("list demo accounts: %w", err)
	}
	list := make([]Account, len(users))
	for i, u := range users {
		list[i] = Account{Email: u.Email, Name: u.Name, Role: u.Role}
	}
	return list, nil
}

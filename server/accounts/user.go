package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Roles of a user.
const (
	// RoleTechnician does everything, including settings and users.
	RoleTechnician = "technician"
	// RoleCorrespondent reads the fleet of their communes and sends requests.
	RoleCorrespondent = "correspondent"
	// RoleCommittee reads reports and fleet figures and changes nothing.
	RoleCommittee = "committee"
)

// Roles lists the allowed roles.
var Roles = []string{RoleTechnician, RoleCorrespondent, RoleCommittee}

// User is a person who logs in to Parc.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID    uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	Email string    `bun:"email" json:"email"`
	Name  string    `bun:"name" json:"name"`
	Role  string    `bun:"role" json:"role"`
	// PasswordHash is an argon2id hash in the PHC string format.
	PasswordHash string     `bun:"password_hash" json:"-"`
	Language     string     `bun:"language" json:"language"`
	DisabledAt   *time.Time `bun:"disabled_at" json:"disabled_at"`
	CreatedAt    time.Time  `bun:"created_at" json:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at" json:"updated_at"`
	Version      int        `bun:"version" json:"version"`
	// CommuneIDs are the communes a correspondent answers for.
	CommuneIDs []uuid.UUID `bun:"-" json:"commune_ids"`
}

type userCommune struct {
	bun.BaseModel `bun:"table:user_communes,alias:uc"`

	UserID    uuid.UUID `bun:"user_id,pk,type:uuid"`
	CommuneID uuid.UUID `bun:"commune_id,pk,type:uuid"`
}

// InsertUser stores a new user with their communes. The caller has set
// every field, the password hash included; run it inside a transaction.
func InsertUser(ctx context.Context, db bun.IDB, u *User) error {
	if _, err := db.NewInsert().Model(u).Exec(ctx); err != nil {
		return fmt.Errorf("insert user %s: %w", u.Email, err)
	}
	if len(u.CommuneIDs) == 0 {
		return nil
	}

	links := make([]userCommune, len(u.CommuneIDs))
	for i, id := range u.CommuneIDs {
		links[i] = userCommune{UserID: u.ID, CommuneID: id}
	}
	if _, err := db.NewInsert().Model(&links).Exec(ctx); err != nil {
		return fmt.Errorf("insert communes of user %s: %w", u.Email, err)
	}
	return nil
}

// UserByEmail returns the user with that e-mail address, compared without
// case, with their communes.
func UserByEmail(ctx context.Context, db bun.IDB, email string) (User, error) {
	var u User
	if err := db.NewSelect().Model(&u).Where("u.email = lower(?)", email).Scan(ctx); err != nil {
		return u, fmt.Errorf("select user %s: %w", email, err)
	}
	err := db.NewSelect().Model((*userCommune)(nil)).Column("commune_id").
		Where("uc.user_id = ?", u.ID).Scan(ctx, &u.CommuneIDs)
	if err != nil {
		return u, fmt.Errorf("select communes of user %s: %w", email, err)
	}
	return u, nil
}

package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/store"
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
	// CommuneIDs are the communes a correspondent is responsible for.
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
		return fmt.Errorf("insert user %s: %w", u.ID, err)
	}
	return insertCommunes(ctx, db, u)
}

func insertCommunes(ctx context.Context, db bun.IDB, u *User) error {
	if len(u.CommuneIDs) == 0 {
		return nil
	}
	links := make([]userCommune, len(u.CommuneIDs))
	for i, id := range u.CommuneIDs {
		links[i] = userCommune{UserID: u.ID, CommuneID: id}
	}
	if _, err := db.NewInsert().Model(&links).Exec(ctx); err != nil {
		return fmt.Errorf("insert communes of user %s: %w", u.ID, err)
	}
	return nil
}

// UserByEmail returns the user with that e-mail address, compared without
// case, with their communes, or store.ErrNotFound.
func UserByEmail(ctx context.Context, db bun.IDB, email string) (User, error) {
	// Errors name no address: they may reach the log.
	return userWhere(ctx, db, "by e-mail address", "u.email = ?", strings.ToLower(strings.TrimSpace(email)))
}

// UserByID returns one user with their communes, or store.ErrNotFound.
func UserByID(ctx context.Context, db bun.IDB, id uuid.UUID) (User, error) {
	return userWhere(ctx, db, id.String(), "u.id = ?", id)
}

// userWhere returns the user that where matches; errName names the user in
// errors.
func userWhere(ctx context.Context, db bun.IDB, errName, where string, arg any) (User, error) {
	var u User
	err := db.NewSelect().Model(&u).Where(where, arg).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("user %s: %w", errName, store.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("select user %s: %w", errName, err)
	}
	if err := loadCommunes(ctx, db, []*User{&u}); err != nil {
		return u, err
	}
	return u, nil
}

// Users lists every user ordered by e-mail address, with their communes.
func Users(ctx context.Context, db bun.IDB) ([]User, error) {
	users := []User{}
	if err := db.NewSelect().Model(&users).Order("u.email").Scan(ctx); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	ptrs := make([]*User, len(users))
	for i := range users {
		ptrs[i] = &users[i]
	}
	if err := loadCommunes(ctx, db, ptrs); err != nil {
		return nil, err
	}
	return users, nil
}

func loadCommunes(ctx context.Context, db bun.IDB, users []*User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*User, len(users))
	ids := make([]uuid.UUID, len(users))
	for i, u := range users {
		u.CommuneIDs = []uuid.UUID{}
		byID[u.ID] = u
		ids[i] = u.ID
	}

	var links []userCommune
	err := db.NewSelect().Model(&links).Where("uc.user_id IN (?)", bun.In(ids)).
		Order("uc.user_id", "uc.commune_id").Scan(ctx)
	if err != nil {
		return fmt.Errorf("select communes of users: %w", err)
	}
	for _, l := range links {
		byID[l.UserID].CommuneIDs = append(byID[l.UserID].CommuneIDs, l.CommuneID)
	}
	return nil
}

// UpdateUser stores the changed fields of u, whose Version is the one the
// caller read, and replaces its communes. It returns store.ErrConflict
// when the user changed in between.
func UpdateUser(ctx context.Context, db bun.IDB, u *User) error {
	u.UpdatedAt = time.Now().UTC()
	res, err := db.NewUpdate().Model(u).
		Column("name", "role", "language", "disabled_at", "password_hash", "updated_at").
		Set("version = version + 1").
		Where("id = ?", u.ID).Where("version = ?", u.Version).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("update user %s: %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %s at version %d: %w", u.ID, u.Version, store.ErrConflict)
	}
	u.Version++

	if _, err := db.NewDelete().Model((*userCommune)(nil)).Where("user_id = ?", u.ID).Exec(ctx); err != nil {
		return fmt.Errorf("clear communes of user %s: %w", u.ID, err)
	}
	return insertCommunes(ctx, db, u)
}

package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
	"parc/server/store"
)

// NewUser is the input of a user creation, from the API or the command line.
type NewUser struct {
	Email      string      `json:"email"`
	Name       string      `json:"name"`
	Role       string      `json:"role"`
	Language   string      `json:"language"`
	CommuneIDs []uuid.UUID `json:"commune_ids"`
	// Password, when empty, is replaced by a generated one-time password.
	Password string `json:"-"`
}

// UserChange is the body of PATCH /api/v1/users/{id}: absent fields stay
// as they are, Version is the version the client read.
type UserChange struct {
	Version    *int         `json:"version"`
	Name       *string      `json:"name"`
	Role       *string      `json:"role"`
	Language   *string      `json:"language"`
	CommuneIDs *[]uuid.UUID `json:"commune_ids"`
	Disabled   *bool        `json:"disabled"`
}

// CreateUser validates in, stores the user with an audit entry by actor
// (nil from the command line) and returns it with its password: the one
// given, or a generated one-time password to hand over.
func CreateUser(ctx context.Context, db *bun.DB, actor *uuid.UUID, in NewUser) (User, string, error) {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	if in.Language == "" {
		in.Language = "fr"
	}
	fields := validateUser(in.Email, in.Name, in.Role, in.Language, in.CommuneIDs)
	if len(fields) > 0 {
		return User{}, "", invalidFields(fields)
	}

	password := in.Password
	if password == "" {
		password = OneTimePassword()
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, "", err
	}
	now := time.Now().UTC()
	u := User{
		ID: uuid.Must(uuid.NewV7()), Email: in.Email, Name: in.Name, Role: in.Role,
		Language: in.Language, PasswordHash: hash, CommuneIDs: in.CommuneIDs,
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if u.Role != RoleCorrespondent || u.CommuneIDs == nil {
		u.CommuneIDs = []uuid.UUID{}
	}

	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := checkWrite(ctx, tx, &u); err != nil {
			return err
		}
		if err := InsertUser(ctx, tx, &u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, "user", u.ID, "create", nil, u)
	})
	return u, password, err
}

// ChangeUser applies change to the user id with an audit entry by actor.
// Disabling a user ends their sessions. It returns an *apierr.Error with
// 409 and the current user when the version moved.
func ChangeUser(ctx context.Context, db *bun.DB, actor *uuid.UUID, id uuid.UUID, change UserChange) (User, error) {
	var after User
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		before, err := UserByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if change.Version == nil {
			return invalidFields(map[string]i18n.Message{"version": i18n.Required("version")})
		}
		if *change.Version != before.Version {
			return conflict(before)
		}

		after = before
		applyChange(&after, change)
		fields := validateUser(after.Email, after.Name, after.Role, after.Language, after.CommuneIDs)
		if len(fields) > 0 {
			return invalidFields(fields)
		}
		if err := checkWrite(ctx, tx, &after); err != nil {
			return err
		}
		if err := keepOneTechnician(ctx, tx, before, after); err != nil {
			return err
		}
		if err := UpdateUser(ctx, tx, &after); err != nil {
			return err
		}
		if after.DisabledAt != nil && before.DisabledAt == nil {
			if err := RevokeSessionsOfUser(ctx, tx, id, time.Now().UTC()); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, actor, "user", id, "update", before, after)
	})
	if errors.Is(err, store.ErrConflict) {
		current, _ := UserByID(ctx, db, id)
		return User{}, conflict(current)
	}
	return after, err
}

// keepOneTechnician rejects a change that would leave no active
// technician, because users could then no longer be managed from the web.
func keepOneTechnician(ctx context.Context, tx bun.Tx, before, after User) error {
	wasActiveTechnician := before.Role == RoleTechnician && before.DisabledAt == nil
	staysActiveTechnician := after.Role == RoleTechnician && after.DisabledAt == nil
	if !wasActiveTechnician || staysActiveTechnician {
		return nil
	}
	others, err := tx.NewSelect().Model((*User)(nil)).
		Where("role = ?", RoleTechnician).Where("disabled_at IS NULL").Where("id <> ?", before.ID).
		Count(ctx)
	if err != nil {
		return fmt.Errorf("count active technicians: %w", err)
	}
	if others == 0 {
		return invalidFields(map[string]i18n.Message{"role": i18n.Msg("last_technician")})
	}
	return nil
}

func applyChange(u *User, change UserChange) {
	if change.Name != nil {
		u.Name = strings.TrimSpace(*change.Name)
	}
	if change.Role != nil {
		u.Role = *change.Role
	}
	if change.Language != nil {
		u.Language = *change.Language
	}
	if change.CommuneIDs != nil {
		u.CommuneIDs = *change.CommuneIDs
	}
	if u.Role != RoleCorrespondent {
		u.CommuneIDs = []uuid.UUID{}
	}
	if change.Disabled != nil {
		switch {
		case *change.Disabled && u.DisabledAt == nil:
			now := time.Now().UTC()
			u.DisabledAt = &now
		case !*change.Disabled:
			u.DisabledAt = nil
		}
	}
}

// ResetPassword gives the user a new one-time password, ends their
// sessions and returns the password to hand over.
func ResetPassword(ctx context.Context, db *bun.DB, actor *uuid.UUID, id uuid.UUID) (string, error) {
	password := OneTimePassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := UserByID(ctx, tx, id)
		if err != nil {
			return err
		}
		before := u
		u.PasswordHash = hash
		if err := UpdateUser(ctx, tx, &u); err != nil {
			return err
		}
		if err := RevokeSessionsOfUser(ctx, tx, id, time.Now().UTC()); err != nil {
			return err
		}
		// The hash is not in the JSON documents: the entry shows the
		// version and time that moved.
		return audit.Record(ctx, tx, actor, "user", id, "reset_password", before, u)
	})
	return password, err
}

// OneTimePassword returns a random password of 16 letters and digits in
// groups of four, easy to read out over the phone. Ambiguous characters
// (0, O, 1, I, L) are left out.
func OneTimePassword() string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	var b strings.Builder
	for i, r := range []byte(rand.Text())[:16] {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(alphabet[int(r)%len(alphabet)])
	}
	return b.String()
}

func validateUser(email, name, role, language string, communes []uuid.UUID) map[string]i18n.Message {
	fields := map[string]i18n.Message{}
	if len(email) > 254 || !strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n") {
		fields["email"] = i18n.Msg("field_email")
	}
	if name == "" || utf8.RuneCountInString(name) > 200 {
		fields["name"] = i18n.Msg("field_name")
	}
	if !slices.Contains(Roles, role) {
		fields["role"] = i18n.Msg("field_role", strings.Join(Roles, ", "))
	}
	if language != "fr" && language != "en" {
		fields["language"] = i18n.Msg("field_language")
	}
	if role == RoleCorrespondent && len(communes) == 0 {
		fields["commune_ids"] = i18n.Msg("field_communes")
	}
	return fields
}

// checkWrite refuses an e-mail address already in use and unknown communes
// with 422, before the database would refuse them less clearly.
func checkWrite(ctx context.Context, tx bun.Tx, u *User) error {
	taken, err := tx.NewSelect().Model((*User)(nil)).Where("email = ?", u.Email).Where("id <> ?", u.ID).Exists(ctx)
	if err != nil {
		return fmt.Errorf("check e-mail address: %w", err)
	}
	if taken {
		return invalidFields(map[string]i18n.Message{"email": i18n.Msg("field_email_taken", u.Email)})
	}
	if len(u.CommuneIDs) == 0 {
		return nil
	}
	slices.SortFunc(u.CommuneIDs, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	u.CommuneIDs = slices.Compact(u.CommuneIDs)
	n, err := tx.NewSelect().Table("communes").Where("id IN (?)", bun.In(u.CommuneIDs)).Count(ctx)
	if err != nil {
		return fmt.Errorf("check communes: %w", err)
	}
	if int(n) != len(u.CommuneIDs) {
		return invalidFields(map[string]i18n.Message{"commune_ids": i18n.Msg("field_communes_unknown")})
	}
	return nil
}

func invalidFields(fields map[string]i18n.Message) *apierr.Error {
	return &apierr.Error{Status: http.StatusUnprocessableEntity, Code: "invalid_fields", Message: i18n.Msg("invalid_fields"), Fields: fields}
}

// conflict is the 409 of a write based on an old version, with the current
// record so the client can show what changed.
func conflict(current User) error {
	e := apierr.New(http.StatusConflict, "version_conflict", "version_conflict")
	e.Current = current
	return e
}

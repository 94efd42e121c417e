package accounts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
)

// Pseudonyms returns the name and e-mail address that replace those of an
// erased user. They derive from the id alone, so they reveal nothing and
// stay unique.
func Pseudonyms(id uuid.UUID) (name, email string) {
	hex := strings.ReplaceAll(id.String(), "-", "")
	return "Personne effacée " + hex[:8], "effacee-" + id.String() + "@invalid"
}

// Erasure is the result of EraseUser.
type Erasure struct {
	User User
	// Scrubbed counts the audit entries whose name, e-mail address, client
	// address or browser were replaced.
	Scrubbed int
}

// EraseUser pseudonymises user id in one transaction, for their right to
// erasure: the name and e-mail address become Pseudonyms, the account is
// disabled with an unusable password, its sessions are deleted and its
// communes detached, and every audit entry is scrubbed of the old name and
// address. The id stays, so the records that point to the user (audit
// entries, time spent) keep their totals and history. confirm must be the
// user's current e-mail address. An actor cannot erase themselves, nor the
// last active technician. The erasure gets an audit entry by actor that
// holds only the pseudonyms.
func EraseUser(ctx context.Context, db *bun.DB, actor, id uuid.UUID, confirm string) (Erasure, error) {
	// A hash of a random password that is thrown away: the account stays
	// well-formed, and no password matches it.
	hash, err := HashPassword(NewToken())
	if err != nil {
		return Erasure{}, err
	}

	var out Erasure
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		u, err := UserByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if id == actor {
			return invalidFields(map[string]i18n.Message{"id": i18n.Msg("erase_self")})
		}
		if strings.ToLower(strings.TrimSpace(confirm)) != u.Email {
			return invalidFields(map[string]i18n.Message{"confirm": i18n.Msg("erase_confirm")})
		}
		erased := u
		erased.Role, erased.DisabledAt = "", &time.Time{}
		var rejected *apierr.Error
		if err := keepOneTechnician(ctx, tx, u, erased); errors.As(err, &rejected) {
			return invalidFields(map[string]i18n.Message{"id": i18n.Msg("erase_last_technician")})
		} else if err != nil {
			return err
		}

		name, email := Pseudonyms(id)
		now := time.Now().UTC()
		before := u
		before.Name, before.Email = name, email
		after := u
		after.Name, after.Email, after.PasswordHash, after.CommuneIDs = name, email, hash, []uuid.UUID{}
		after.UpdatedAt, after.Version = now, u.Version+1
		if after.DisabledAt == nil {
			after.DisabledAt = &now
		}

		_, err = tx.NewUpdate().Model(&after).
			Column("name", "email", "password_hash", "disabled_at", "updated_at", "version").
			WherePK().Exec(ctx)
		if err != nil {
			return fmt.Errorf("pseudonymise user %s: %w", id, err)
		}
		if _, err := tx.NewDelete().Model((*userCommune)(nil)).Where("user_id = ?", id).Exec(ctx); err != nil {
			return fmt.Errorf("detach communes of user %s: %w", id, err)
		}
		if _, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ?", id).Exec(ctx); err != nil {
			return fmt.Errorf("delete sessions of user %s: %w", id, err)
		}
		if err := deleteNotifications(ctx, tx, id); err != nil {
			return err
		}
		names, err := namesOf(ctx, tx, u)
		if err != nil {
			return err
		}
		scrubbed, err := scrubAudit(ctx, tx, id, names, u.Email, name, email)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, &actor, "user", id, "erase", before, after); err != nil {
			return err
		}
		out = Erasure{User: after, Scrubbed: scrubbed}
		return nil
	})
	return out, err
}

// namesOf returns the names user u has had: the current one and those
// that the audit entries of the account record, such as before a rename.
func namesOf(ctx context.Context, tx bun.Tx, u User) ([]string, error) {
	entries, err := audit.Entries(ctx, tx, "user", u.ID)
	if err != nil {
		return nil, err
	}
	names := []string{u.Name}
	for _, e := range entries {
		for _, doc := range []json.RawMessage{e.Before, e.After} {
			var record struct {
				Name string `json:"name"`
			}
			if len(doc) > 0 && json.Unmarshal(doc, &record) == nil && record.Name != "" && !slices.Contains(names, record.Name) {
				names = append(names, record.Name)
			}
		}
	}
	return names, nil
}

// scrubAudit rewrites the before and after documents of every audit entry
// that names user id. The e-mail address, in any case, and each of the
// names, as whole words, become the pseudonyms. The user's own session
// entries also lose their client address and browser. It returns how many
// entries changed. A LIKE filter picks the candidates, so the entries that
// cannot name the user are not read.
func scrubAudit(ctx context.Context, tx bun.Tx, id uuid.UUID, oldNames []string, oldEmail, newName, newEmail string) (int, error) {
	var entries []audit.Entry
	err := tx.NewSelect().Model(&entries).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			q = q.Where("ae.entity = 'session' AND ae.actor_id = ?", id)
			for _, column := range []string{"ae.before_json", "ae.after_json"} {
				q = q.WhereOr(`lower(?) LIKE ? ESCAPE '\'`, bun.Safe(column), likeAnywhere(strings.ToLower(jsonText(oldEmail))))
				for _, name := range oldNames {
					q = q.WhereOr(`? LIKE ? ESCAPE '\'`, bun.Safe(column), likeAnywhere(jsonText(name)))
				}
			}
			return q
		}).Scan(ctx)
	if err != nil {
		return 0, fmt.Errorf("select audit entries naming user %s: %w", id, err)
	}

	email := regexp.MustCompile("(?i)" + regexp.QuoteMeta(oldEmail))
	replace := func(s string) string {
		s = email.ReplaceAllLiteralString(s, newEmail)
		for _, name := range oldNames {
			s = replaceWord(s, name, newName)
		}
		return s
	}
	changed := 0
	for _, e := range entries {
		ownSession := e.Entity == "session" && e.ActorID != nil && *e.ActorID == id
		before, err := scrubJSON(e.Before, replace, ownSession)
		if err != nil {
			return 0, fmt.Errorf("scrub audit entry %s: %w", e.ID, err)
		}
		after, err := scrubJSON(e.After, replace, ownSession)
		if err != nil {
			return 0, fmt.Errorf("scrub audit entry %s: %w", e.ID, err)
		}
		if bytes.Equal(before, e.Before) && bytes.Equal(after, e.After) {
			continue
		}
		e.Before, e.After = before, after
		if _, err := tx.NewUpdate().Model(&e).Column("before_json", "after_json").WherePK().Exec(ctx); err != nil {
			return 0, fmt.Errorf("update audit entry %s: %w", e.ID, err)
		}
		changed++
	}
	return changed, nil
}

// jsonText returns s as it appears inside a JSON string that Go encoded.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// likeAnywhere returns a LIKE pattern, with escape character \, that
// matches s anywhere.
func likeAnywhere(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}

// scrubJSON applies replace to every string of a JSON document and, for a
// session's own entry, empties its ip and user_agent. It returns doc
// unchanged when nothing changed.
func scrubJSON(doc json.RawMessage, replace func(string) string, ownSession bool) (json.RawMessage, error) {
	if len(doc) == 0 {
		return doc, nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if m, ok := v.(map[string]any); ok && ownSession {
		for _, key := range []string{"ip", "user_agent"} {
			if _, has := m[key]; has {
				m[key] = ""
			}
		}
	}
	v = scrubValue(v, replace)
	out, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if jsonEqual(out, doc) {
		return doc, nil
	}
	return out, nil
}

func scrubValue(v any, replace func(string) string) any {
	switch t := v.(type) {
	case string:
		return replace(t)
	case map[string]any:
		for k, item := range t {
			t[k] = scrubValue(item, replace)
		}
	case []any:
		for i, item := range t {
			t[i] = scrubValue(item, replace)
		}
	}
	return v
}

// jsonEqual reports whether two documents hold the same values, whatever
// the order of their keys.
func jsonEqual(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	ca, _ := json.Marshal(va)
	cb, _ := json.Marshal(vb)
	return bytes.Equal(ca, cb)
}

// replaceWord replaces the occurrences of old in s that are whole words:
// not preceded or followed by a letter or digit. So the name "Jean" is
// replaced in "Jean Dupont" but not in "Jeanne".
func replaceWord(s, old, repl string) string {
	if old == "" || !strings.Contains(s, old) {
		return s
	}
	var b strings.Builder
	written := 0
	for from := 0; ; {
		i := strings.Index(s[from:], old)
		if i < 0 {
			break
		}
		i += from
		end := i + len(old)
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[end:])
		if (i == 0 || !isWordRune(prev)) && (end == len(s) || !isWordRune(next)) {
			b.WriteString(s[written:i])
			b.WriteString(repl)
			written, from = end, end
			continue
		}
		from = i + 1
	}
	b.WriteString(s[written:])
	return b.String()
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// deleteNotifications deletes the push subscriptions of user id, which
// name their devices, their notification switches and the messages
// queued for them, whose payloads quote records. The tables belong to
// server/push, which imports this package.
func deleteNotifications(ctx context.Context, tx bun.Tx, id uuid.UUID) error {
	for _, table := range []string{"push_subscriptions", "notification_preferences", "notification_deliveries"} {
		if _, err := tx.NewDelete().TableExpr(table).Where("user_id = ?", id).Exec(ctx); err != nil {
			return fmt.Errorf("delete %s of user %s: %w", table, id, err)
		}
	}
	return nil
}

package settings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/apierr"
	"parc/server/audit"
	"parc/server/i18n"
)

// Update applies a PATCH body, new values by key, in one transaction
// with one audit entry by actor (nil from the command line), and returns
// the settings after it with the keys it changed. Keys whose value does
// not change are not written, and a body that changes nothing writes no
// audit entry. Any unknown key, key set by the environment or invalid
// value rejects the whole body with a 422 that names each key at fault.
func (s *Service) Update(ctx context.Context, actor *uuid.UUID, patch map[string]json.RawMessage) (Snapshot, []string, error) {
	var after Snapshot
	var keys []string
	err := s.store.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		before, err := load(ctx, tx, s.defaults, s.env)
		if err != nil {
			return err
		}
		next, resets, err := s.validate(before, patch)
		if err != nil {
			return err
		}

		old, changed := map[string]any{}, map[string]any{}
		for _, key := range Keys {
			if _, sent := patch[key]; !sent {
				continue
			}
			reset := resets[key]
			same := bytes.Equal(storedJSON(before.Values, key), storedJSON(next, key))
			if same && !(reset && before.Sources[key] == SourceDatabase) {
				continue
			}
			if reset {
				err = remove(ctx, tx, storageKey(key))
			} else {
				err = Set(ctx, tx, storageKey(key), json.RawMessage(storedJSON(next, key)))
			}
			if err != nil {
				return err
			}
			old[key], changed[key] = viewValue(before.Values, key), viewValue(next, key)
			keys = append(keys, key)
		}
		if len(changed) > 0 {
			if err := audit.Record(ctx, tx, actor, "settings", EntityID, "update", old, changed); err != nil {
				return err
			}
		}

		after, err = load(ctx, tx, s.defaults, s.env)
		return err
	})
	if err != nil {
		return Snapshot{}, nil, err
	}
	return after, keys, nil
}

// validate applies every key of patch to the current values, and returns
// the new values with the keys set back to their default, or a 422 that
// names each key at fault.
func (s *Service) validate(current Snapshot, patch map[string]json.RawMessage) (Values, map[string]bool, error) {
	next := current.Values
	resets := map[string]bool{}
	fields := map[string]i18n.Message{}

	keys := make([]string, 0, len(patch))
	for key := range patch {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		raw := patch[key]
		switch {
		case !slices.Contains(Keys, key):
			fields[key] = i18n.Msg("setting_unknown", apierr.Quote(key), strings.Join(Keys, ", "))
			continue
		case current.Sources[key] == SourceEnvironment:
			fields[key] = i18n.Msg("setting_from_environment", EnvName(key))
			continue
		}
		var m *i18n.Message
		next, m = apply(next, s.defaults, key, raw)
		if m != nil {
			fields[key] = *m
			continue
		}
		resets[key] = bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
	}
	if len(fields) > 0 {
		return Values{}, nil, &apierr.Error{
			Status: http.StatusUnprocessableEntity, Code: "invalid_fields",
			Message: i18n.Msg("invalid_fields"), Fields: fields,
		}
	}
	return next, resets, nil
}

// remove deletes the value stored under key, so that its default applies.
func remove(ctx context.Context, db bun.IDB, key string) error {
	if _, err := db.NewDelete().Model((*setting)(nil)).Where("key = ?", key).Exec(ctx); err != nil {
		return fmt.Errorf("delete setting %s: %w", key, err)
	}
	return nil
}

// SetCalibration stores the offset of one label template, keeping those
// of the others, with an audit entry by actor (nil from the command line).
func (s *Service) SetCalibration(ctx context.Context, actor *uuid.UUID, template string, off Offset) error {
	current, err := s.Current(ctx)
	if err != nil {
		return err
	}
	views := viewValue(current.Values, KeyLabelCalibration).(map[string]CalibrationView)
	views[template] = CalibrationView{OffsetX: off.X, OffsetY: off.Y}
	raw, err := json.Marshal(views)
	if err != nil {
		return fmt.Errorf("encode calibration: %w", err)
	}
	_, _, err = s.Update(ctx, actor, map[string]json.RawMessage{KeyLabelCalibration: raw})
	return err
}

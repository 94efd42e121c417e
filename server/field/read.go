package field

import (
	"time"

	"github.com/google/uuid"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/i18n"
)

// ID reads a UUID written in its 36-character form. It adds the fault of
// name and returns uuid.Nil for any other text, the empty text and the
// nil UUID included.
func (f Faults) ID(name, text string) uuid.UUID {
	id, err := uuid.Parse(text)
	if err != nil || len(text) != 36 || id == uuid.Nil {
		f.Add(name, i18n.Msg("fleet_id_unreadable", apierr.Quote(text)))
		return uuid.Nil
	}
	return id
}

// OptionalID reads an id member like ID, but returns uuid.Nil without a
// fault when the member is absent, null or "".
func (f Faults) OptionalID(name string, in assets.Field[string]) uuid.UUID {
	if !in.Set || in.Value == "" {
		return uuid.Nil
	}
	return f.ID(name, in.Value)
}

// Date reads a date written YYYY-MM-DD. It adds the fault of name and
// returns false for any other text, the empty text included.
func (f Faults) Date(name, text string) (assets.Date, bool) {
	t, err := time.Parse(time.DateOnly, text)
	if err != nil {
		f.Add(name, i18n.Msg("fleet_date_unreadable", apierr.Quote(text)))
		return assets.Date{}, false
	}
	return assets.Date{Time: t}, true
}

// OptionalDate reads a date member like Date, but returns false without a
// fault when the member is absent, null or "".
func (f Faults) OptionalDate(name string, in assets.Field[string]) (assets.Date, bool) {
	if !in.Set || in.Value == "" {
		return assets.Date{}, false
	}
	return f.Date(name, in.Value)
}

// NewID returns the id that a client made for a new record in the member
// id, or a new UUIDv7 when the member is absent, null or "". An id that
// cannot be read is a 400 that names the member id.
func NewID(in assets.Field[string]) (uuid.UUID, error) {
	bad := Faults{}
	if id := bad.OptionalID("id", in); id != uuid.Nil {
		return id, nil
	}
	if err := bad.Unreadable(); err != nil {
		return uuid.Nil, err
	}
	return uuid.Must(uuid.NewV7()), nil
}

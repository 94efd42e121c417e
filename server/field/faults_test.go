package field

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"parc/server/apierr"
	"parc/server/assets"
)

func TestAddKeepsFirstFault(t *testing.T) {
	f := Faults{}
	f.Text("note", "", true, 10)
	f.Text("note", strings.Repeat("a", 11), false, 10)

	if got := f["note"].Key; got != "fleet_text_empty" {
		t.Errorf("fault of note = %q, want fleet_text_empty", got)
	}
}

func TestTextAndLine(t *testing.T) {
	tests := []struct {
		name      string
		value     string
		required  bool
		multiline bool
		want      string // catalogue key of the fault, "" for none
	}{
		{"empty optional", "", false, true, ""},
		{"empty required", "", true, true, "fleet_text_empty"},
		{"at the limit", strings.Repeat("é", 10), true, true, ""},
		{"too long", strings.Repeat("é", 11), false, true, "fleet_text_long"},
		{"line break in text", "a\nb\tc\r", true, true, ""},
		{"line break in line", "a\nb", true, false, "fleet_text_control_line"},
		{"tab in line", "a\tb", false, false, "fleet_text_control_line"},
		{"NUL in text", "a\x00b", false, true, "fleet_text_control"},
		{"zero-width space", "a\u200bb", false, true, "fleet_text_control"},
		{"line separator", "a\u2028b", false, true, "fleet_text_control"},
		{"invalid UTF-8", "a\xffb", false, true, "fleet_text_control"},
		{"plain line", "Salle 12", true, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Faults{}
			if tt.multiline {
				f.Text("x", tt.value, tt.required, 10)
			} else {
				f.Line("x", tt.value, tt.required, 10)
			}

			if got := f["x"].Key; got != tt.want {
				t.Errorf("value %q: fault = %q, want %q", tt.value, got, tt.want)
			}
		})
	}
}

func TestEnum(t *testing.T) {
	allowed := []string{"ok", "damaged"}
	for value, want := range map[string]string{"ok": "", "": "fleet_enum_missing", "lost": "fleet_enum"} {
		f := Faults{}
		f.Enum("condition", value, allowed)

		if got := f["condition"].Key; got != want {
			t.Errorf("value %q: fault = %q, want %q", value, got, want)
		}
	}
}

func TestID(t *testing.T) {
	const valid = "0192e4a0-7b1c-7d3e-8f40-123456789abc"
	tests := []struct {
		text      string
		wantFault bool
	}{
		{valid, false},
		{"", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"0192e4a07b1c7d3e8f40123456789abc", true}, // uuid.Parse reads it, the 36-character form is required
		{"not an id", true},
	}
	for _, tt := range tests {
		f := Faults{}
		id := f.ID("site_id", tt.text)

		_, hasFault := f["site_id"]
		if hasFault != tt.wantFault {
			t.Errorf("text %q: fault %v, want %v", tt.text, hasFault, tt.wantFault)
		}
		if hasFault && (id.String() != "00000000-0000-0000-0000-000000000000" || f["site_id"].Key != "fleet_id_unreadable") {
			t.Errorf("text %q: id %s, fault %q, want the nil id and fleet_id_unreadable", tt.text, id, f["site_id"].Key)
		}
		if !hasFault && id.String() != tt.text {
			t.Errorf("text %q: id %s", tt.text, id)
		}
	}
}

func TestOptionalIDAndDate(t *testing.T) {
	f := Faults{}
	for _, in := range []assets.Field[string]{{}, {Set: true, Null: true}, {Set: true}} {
		if id := f.OptionalID("site_id", in); id.String() != "00000000-0000-0000-0000-000000000000" {
			t.Errorf("member %+v: id %s, want the nil id", in, id)
		}
		if _, ok := f.OptionalDate("due_date", in); ok {
			t.Errorf("member %+v: date read, want none", in)
		}
	}
	if len(f) != 0 {
		t.Errorf("faults of absent members = %v, want none", f)
	}

	d, ok := f.OptionalDate("due_date", assets.Field[string]{Set: true, Value: "2026-02-29"})
	if ok || f["due_date"].Key != "fleet_date_unreadable" {
		t.Errorf("2026-02-29: date %v ok %v fault %q, want fleet_date_unreadable", d, ok, f["due_date"].Key)
	}
	d, ok = f.Date("planned_for", "2026-03-02")
	if !ok || d.String() != "2026-03-02" {
		t.Errorf("2026-03-02: date %v ok %v", d, ok)
	}
}

func TestStatuses(t *testing.T) {
	if err := (Faults{}).Invalid(); err != nil {
		t.Errorf("Invalid of no fault = %v, want nil", err)
	}
	if err := (Faults{}).Unreadable(); err != nil {
		t.Errorf("Unreadable of no fault = %v, want nil", err)
	}

	f := Faults{}
	f.Enum("status", "", []string{"planned"})
	for _, tt := range []struct {
		err        error
		wantStatus int
		wantCode   string
	}{
		{f.Invalid(), http.StatusUnprocessableEntity, "invalid_fields"},
		{f.Unreadable(), http.StatusBadRequest, "invalid_value"},
	} {
		var e *apierr.Error
		if !errors.As(tt.err, &e) || e.Status != tt.wantStatus || e.Code != tt.wantCode || e.Fields["status"].Key != "fleet_enum_missing" {
			t.Errorf("error %#v, want status %d, code %s and the fault of status", tt.err, tt.wantStatus, tt.wantCode)
		}
	}
}

func TestNewID(t *testing.T) {
	const valid = "0192e4a0-7b1c-7d3e-8f40-123456789abc"
	if id, err := NewID(assets.Field[string]{Set: true, Value: valid}); err != nil || id.String() != valid {
		t.Errorf("client id: %s, %v, want %s", id, err, valid)
	}
	if id, err := NewID(assets.Field[string]{}); err != nil || id.Version() != 7 {
		t.Errorf("no id: %s, %v, want a new UUIDv7", id, err)
	}

	_, err := NewID(assets.Field[string]{Set: true, Value: "abc"})
	var e *apierr.Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest || e.Fields["id"].Key != "fleet_id_unreadable" {
		t.Errorf("unreadable id: error %#v, want a 400 naming id", err)
	}
}

package apierr

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"reflect"

	"parc/server/i18n"
)

// JSON returns the 400 error of a body that encoding/json could not
// decode. A value of the wrong type names its member and the expected
// type. Any other fault gets the message of key.
func JSON(err error, key string) *Error {
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) || typeErr.Field == "" {
		return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: i18n.Msg(key), Cause: err}
	}
	m := typeMessage(typeErr.Field, typeErr.Type)
	return &Error{
		Status: http.StatusBadRequest, Code: "invalid_json", Message: m,
		Fields: map[string]i18n.Message{typeErr.Field: m}, Cause: err,
	}
}

// typeMessage returns the message that names field and the type t that
// it expects.
func typeMessage(field string, t reflect.Type) i18n.Message {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return i18n.Msg("invalid_json_type", field)
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64:
		// The limits of a 64-bit integer mean nothing to the reader;
		// the writers check the real range of such a field.
		return i18n.Msg("invalid_json_whole", field)
	case reflect.Int8, reflect.Int16, reflect.Int32:
		limit := int64(math.MaxInt64) >> (64 - t.Bits())
		return i18n.Msg("invalid_json_integer", field, -limit-1, limit)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return i18n.Msg("invalid_json_integer", field, 0, uint64(math.MaxUint64)>>(64-t.Bits()))
	case reflect.Float32, reflect.Float64:
		return i18n.Msg("invalid_json_number", field)
	case reflect.String:
		return i18n.Msg("invalid_json_string", field)
	case reflect.Bool:
		return i18n.Msg("invalid_json_bool", field)
	case reflect.Slice, reflect.Array:
		return i18n.Msg("invalid_json_list", field)
	case reflect.Map, reflect.Struct:
		return i18n.Msg("invalid_json_object", field)
	}
	return i18n.Msg("invalid_json_type", field)
}

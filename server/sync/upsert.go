package sync

import (
	"encoding/json"
	"net/http"

	"parc/server/apierr"
)

// ReadUpsert decodes the fields of op into T, for an entity whose records
// devices never delete. It rejects a delete with a 422 of deleteCode and
// the message deleteKey, and fields that do not decode into T with a 400.
func ReadUpsert[T any](op Op, deleteCode, deleteKey string) (T, error) {
	var body T
	if op.Action == ActionDelete {
		return body, apierr.New(http.StatusUnprocessableEntity, deleteCode, deleteKey)
	}
	if err := json.Unmarshal(op.Fields, &body); err != nil {
		return body, apierr.JSON(err, "sync_fields_unreadable")
	}
	return body, nil
}

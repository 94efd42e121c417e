package sync

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"parc/server/apierr"
)

// FuzzPushBody checks the reading of a push body before any entity gets
// it. decodePush and read never panic, and fail only with an
// *apierr.Error of status 400 or 413. An accepted body encodes and
// decodes again to the same operations, and an operation that read
// accepts has ids, a known action and fields that are a JSON object.
func FuzzPushBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := decodePush(body)
		if err != nil {
			var apiErr *apierr.Error
			if !errors.As(err, &apiErr) || (apiErr.Status != http.StatusBadRequest && apiErr.Status != http.StatusRequestEntityTooLarge) {
				t.Fatalf("decodePush(%q) error %v (%T), want an *apierr.Error with status 400 or 413", body, err, err)
			}
			return
		}
		if req.ClientID == "" || len(req.Ops) == 0 || len(req.Ops) > MaxOps {
			t.Fatalf("decodePush(%q) accepted client id %q with %d ops", body, req.ClientID, len(req.Ops))
		}

		for i, in := range req.Ops {
			checkRead(t, i, in)
		}
		checkRoundTrip(t, body, req)
	})
}

// checkRead fails t unless read(in) rejects in with a 400 or returns an
// operation that an entity can take.
func checkRead(t *testing.T, i int, in PushOp) {
	t.Helper()
	op, rejection := read(in)
	if rejection != nil {
		if rejection.Status != http.StatusBadRequest || rejection.Code != "invalid_op" || rejection.Message.Key == "" {
			t.Fatalf("op %d %+v: rejection %+v, want a 400 invalid_op with a message", i, in, rejection)
		}
		if op.ID != uuid.Nil && op.ID.String() != in.ID && !sameUUID(op.ID, in.ID) {
			t.Fatalf("op %d %+v: rejection keeps id %s, which the op does not carry", i, in, op.ID)
		}
		return
	}

	switch {
	case op.ID == uuid.Nil || op.EntityID == uuid.Nil:
		t.Fatalf("op %d %+v read with a nil id: %+v", i, in, op)
	case op.Action != ActionUpsert && op.Action != ActionDelete:
		t.Fatalf("op %d %+v read with action %q", i, in, op.Action)
	case op.BaseVersion != nil && *op.BaseVersion < 1:
		t.Fatalf("op %d %+v read with base version %d", i, in, *op.BaseVersion)
	case len(op.Fields) == 0 || op.Fields[0] != '{':
		t.Fatalf("op %d %+v read with fields %q, want a JSON object", i, in, op.Fields)
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(op.Fields, &members); err != nil {
		t.Fatalf("op %d %+v read with fields %q that are no JSON object: %v", i, in, op.Fields, err)
	}
}

func sameUUID(id uuid.UUID, text string) bool {
	parsed, err := uuid.Parse(text)
	return err == nil && parsed == id
}

// checkRoundTrip fails t unless the body that req encodes to decodes to
// the same client id and operations.
func checkRoundTrip(t *testing.T, body []byte, req pushRequest) {
	t.Helper()
	encoded, err := json.Marshal(req)
	if err != nil {
		t.Fatalf("encode the push of %q: %v", body, err)
	}
	again, err := decodePush(encoded)
	if err != nil {
		t.Fatalf("decodePush(%q), the encoding of %q, error %v", encoded, body, err)
	}
	if again.ClientID != req.ClientID || len(again.Ops) != len(req.Ops) {
		t.Fatalf("push %q reads back as client %q with %d ops, want %q with %d", body, again.ClientID, len(again.Ops), req.ClientID, len(req.Ops))
	}
	for i := range req.Ops {
		a, b := again.Ops[i], req.Ops[i]
		if a.ID != b.ID || a.Entity != b.Entity || a.EntityID != b.EntityID || a.Action != b.Action ||
			(a.BaseVersion == nil) != (b.BaseVersion == nil) || (a.BaseVersion != nil && *a.BaseVersion != *b.BaseVersion) {
			t.Fatalf("op %d of %q reads back as %+v, want %+v", i, body, a, b)
		}
		_, rejectedBefore := read(b)
		_, rejectedAfter := read(a)
		if (rejectedBefore == nil) != (rejectedAfter == nil) {
			t.Fatalf("op %d of %q: read rejects it %v before and %v after a round trip", i, body, rejectedBefore, rejectedAfter)
		}
	}
}

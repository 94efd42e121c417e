package sync

import (
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/i18n"
	"parc/server/param"
)

// Handler serves the sync endpoints to any signed-in user. Each entity
// checks what the user may push, and a pull sends what the user may see.
type Handler struct {
	Engine *Engine
	// Observer, when set, counts the pushed operations and the pulls.
	Observer Observer
}

// Observer counts what the sync endpoints serve, for the server's metrics.
type Observer interface {
	// OpsPushed counts n pushed operations whose result has status.
	OpsPushed(status string, n int)
	// Pulled counts one page of changes served.
	Pulled()
}

// pushRequest is the body of POST /api/v1/sync/push.
type pushRequest struct {
	ClientID string   `json:"client_id"`
	Ops      []PushOp `json:"ops"`
}

// Push serves POST /api/v1/sync/push.
func (h *Handler) Push(c *fiber.Ctx) error {
	req, err := decodePush(c.Body())
	if err != nil {
		return err
	}

	p := accounts.PrincipalOf(c)
	actor := Actor{UserID: p.User.ID, Role: p.User.Role, Scope: accounts.ScopeOf(c)}
	results, err := h.Engine.Push(c.UserContext(), actor, req.ClientID, req.Ops, language(c))
	if err != nil {
		return err
	}
	h.observePush(results)
	return c.JSON(fiber.Map{"results": results})
}

// decodePush reads the body of a push. It returns a 400 for a body that
// is not JSON or has no client id or no operation, and a 413 for more
// than MaxOps operations.
func decodePush(body []byte) (pushRequest, error) {
	var req pushRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return pushRequest{}, apierr.BadRequest("invalid_json", "invalid_json")
	}
	if err := checkPush(req); err != nil {
		return pushRequest{}, err
	}
	return req, nil
}

// checkPush rejects a push body whose operations cannot be read at all.
func checkPush(req pushRequest) error {
	n := utf8.RuneCountInString(req.ClientID)
	switch {
	case n == 0:
		return apierr.New(http.StatusBadRequest, "invalid_value", "sync_client_id_missing")
	case n > 100 || !utf8.ValidString(req.ClientID):
		return apierr.New(http.StatusBadRequest, "invalid_value", "sync_client_id_long", apierr.Quote(req.ClientID))
	case len(req.Ops) == 0:
		return apierr.New(http.StatusBadRequest, "invalid_value", "sync_ops_missing")
	case len(req.Ops) > MaxOps:
		return apierr.New(http.StatusRequestEntityTooLarge, "too_many_ops", "sync_ops_too_many", len(req.Ops), MaxOps)
	}
	return nil
}

// Pull serves GET /api/v1/sync/pull?cursor=C&limit=N.
func (h *Handler) Pull(c *fiber.Ctx) error {
	limit, err := pullLimit(c.Query("limit"))
	if err != nil {
		return err
	}
	page, err := h.Engine.Pull(c.UserContext(), accounts.ScopeOf(c), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	if h.Observer != nil {
		h.Observer.Pulled()
	}
	return c.JSON(page)
}

func (h *Handler) observePush(results []Result) {
	if h.Observer == nil {
		return
	}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Status]++
	}
	for status, n := range counts {
		h.Observer.OpsPushed(status, n)
	}
}

func pullLimit(text string) (int, error) {
	if text == "" {
		return DefaultPullLimit, nil
	}
	if err := param.CheckLimit(text, MaxPullLimit); err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 || n > MaxPullLimit {
		return 0, apierr.BadRequest("invalid_limit", "sync_limit", apierr.Quote(text), MaxPullLimit)
	}
	return n, nil
}

// language picks the language of rejection messages from
// Accept-Language, like the error envelope does.
func language(c *fiber.Ctx) i18n.Lang {
	return i18n.Parse(c.AcceptsLanguages(string(i18n.French), string(i18n.English)))
}

package param

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
)

// Body reads the JSON body of a request into dst. A value of the wrong
// type is a 400 that names its member; any other unreadable body is a 400
// too. Unknown members are ignored.
func Body(c *fiber.Ctx, dst any) error {
	err := json.Unmarshal(c.Body(), dst)
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return apierr.BadRequest("invalid_json", "invalid_json_type", typeErr.Field)
	}
	return apierr.BadRequest("invalid_json", "invalid_json")
}

package param

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
)

// Body reads the JSON body of a request into dst. A value of the wrong
// type is a 400 that names its member and the type it expects; any other
// unreadable body is a 400 too. Unknown members are ignored.
func Body(c *fiber.Ctx, dst any) error {
	if err := json.Unmarshal(c.Body(), dst); err != nil {
		return apierr.JSON(err, "invalid_json")
	}
	return nil
}

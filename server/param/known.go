package param

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"parc/server/apierr"
)

// Parameters of every fleet list: the page, the search text and archived.
var listParameters = []string{"limit", "cursor", "q", "archived"}

// Known returns a 400 naming the first query parameter of c that is
// neither a parameter of every list nor one of filters, so that a
// misspelt filter does not silently return the whole list.
//
// NOTE: only the communes, sites, rooms and assets lists call Known. The
// other lists still ignore a query parameter they do not read.
func Known(c *fiber.Ctx, filters ...string) error {
	allowed := append(slices.Clone(listParameters), filters...)
	var unknown string
	c.Context().QueryArgs().VisitAll(func(key, _ []byte) {
		if unknown == "" && !slices.Contains(allowed, string(key)) {
			unknown = string(key)
		}
	})
	if unknown == "" {
		return nil
	}
	return apierr.BadRequest("unknown_parameter", "list_parameter_unknown", apierr.Quote(unknown), strings.Join(allowed, ", "))
}

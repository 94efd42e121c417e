package requests

import (
	"context"

	"github.com/uptrace/bun"

	"parc/server/assets"
)

// CheckCharter returns the 422 out_of_scope of work of category at site
// that the service's charter leaves to others, with who handles it, as a
// new request there gets; nil when the charter covers it.
func CheckCharter(ctx context.Context, db bun.IDB, site assets.Site, category string) error {
	return checkScope(ctx, db, site, &Request{Category: category}, nil)
}

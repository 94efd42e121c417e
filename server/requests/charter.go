package requests

import (
	"context"

	"github.com/uptrace/bun"

	"parc/server/assets"
)

// CheckCharter returns nil when the service's charter covers work of
// category at site. Otherwise it returns the 422 out_of_scope, with who
// handles that work, that a new request there gets.
func CheckCharter(ctx context.Context, db bun.IDB, site assets.Site, category string) error {
	return checkScope(ctx, db, site, &Request{Category: category}, nil)
}

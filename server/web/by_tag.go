package web

import (
	"github.com/gofiber/fiber/v2"

	"parc/labels"
	"parc/server/assets"
)

// getAssetByTag serves GET /api/v1/assets/by-tag/{tag}.
func (s *server) getAssetByTag(c *fiber.Ctx) error {
	return s.withScannedPrefix(c, (*assets.Handler).GetAssetByTag)
}

// getPlaceByTag serves GET /api/v1/places/by-tag/{tag}.
func (s *server) getPlaceByTag(c *fiber.Ctx) error {
	return s.withScannedPrefix(c, (*assets.Handler).GetPlaceByTag)
}

// withScannedPrefix runs serve, a by-tag handler of the fleet, with the
// prefix that the scanned tag shows when the tag is valid with it, so that
// labels printed before a change of the tag_prefix setting still scan.
// Otherwise the prefix in force names the expected prefix in the error.
// The valid case reads no setting, so a scan costs no extra query.
func (s *server) withScannedPrefix(c *fiber.Ctx, serve func(*assets.Handler, *fiber.Ctx) error) error {
	h := *s.fleet
	text := c.Params("tag")
	if prefix := labels.PrefixOf(text); prefix != "" {
		if _, err := labels.Parse(prefix, text); err == nil {
			h.TagPrefix = prefix
			return serve(&h, c)
		}
	}

	snap, err := s.settings.Current(c.UserContext())
	if err != nil {
		return err
	}
	h.TagPrefix = snap.Values.TagPrefix
	return serve(&h, c)
}

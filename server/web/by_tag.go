package web

import (
	"github.com/gofiber/fiber/v2"

	"parc/labels"
)

// getAssetByTag serves GET /api/v1/assets/by-tag/{tag} through the fleet
// handler, with the prefix that the scanned tag shows when the tag is valid
// with it, so that labels printed before a change of the tag_prefix
// setting still scan. Otherwise the prefix in force names the expected
// prefix in the error. The valid case reads no setting, so a scan costs no
// extra query.
func (s *server) getAssetByTag(c *fiber.Ctx) error {
	h := *s.fleet
	text := c.Params("tag")
	if prefix := labels.PrefixOf(text); prefix != "" {
		if _, err := labels.Parse(prefix, text); err == nil {
			h.TagPrefix = prefix
			return h.GetAssetByTag(c)
		}
	}

	snap, err := s.settings.Current(c.UserContext())
	if err != nil {
		return err
	}
	h.TagPrefix = snap.Values.TagPrefix
	return h.GetAssetByTag(c)
}

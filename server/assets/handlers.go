package assets

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/labels"
	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
)

// Handler serves the read side of the fleet API.
type Handler struct {
	Store     *store.Store
	Tags      *TagLookup
	TagPrefix string
}

// ListCommunes serves GET /api/v1/communes.
func (h *Handler) ListCommunes(c *fiber.Ctx) error {
	if err := param.Known(c, "kind"); err != nil {
		return err
	}
	page, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := CommuneFilter{Scope: accounts.ScopeOf(c)}
	if f.Archived, err = archivedFilter(c.Query("archived")); err != nil {
		return err
	}
	if f.Kind, err = param.Enum("kind", c.Query("kind"), CommuneKinds); err != nil {
		return err
	}
	if f.Query, err = param.Search(c.Query("q")); err != nil {
		return err
	}

	result, err := Communes(c.UserContext(), h.Store.Reader, f, page)
	if err != nil {
		return err
	}
	return c.JSON(result)
}

// GetCommune serves GET /api/v1/communes/{id}.
func (h *Handler) GetCommune(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	commune, err := CommuneByID(c.UserContext(), h.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !accounts.ScopeOf(c).Allows(commune.ID)) {
		return apierr.NotFound("commune_not_found", id.String())
	}
	if err != nil {
		return err
	}
	return c.JSON(commune)
}

// ListSites serves GET /api/v1/sites.
func (h *Handler) ListSites(c *fiber.Ctx) error {
	if err := param.Known(c, "commune", "commune_id", "kind"); err != nil {
		return err
	}
	page, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := SiteFilter{Scope: accounts.ScopeOf(c)}
	if f.Archived, err = archivedFilter(c.Query("archived")); err != nil {
		return err
	}
	if f.CommuneID, err = communeFilter(c); err != nil {
		return err
	}
	if f.Kind, err = param.Enum("kind", c.Query("kind"), SiteKinds); err != nil {
		return err
	}
	if f.Query, err = param.Search(c.Query("q")); err != nil {
		return err
	}

	result, err := Sites(c.UserContext(), h.Store.Reader, f, page)
	if err != nil {
		return err
	}
	return c.JSON(result)
}

// GetSite serves GET /api/v1/sites/{id}.
func (h *Handler) GetSite(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	site, err := SiteByID(c.UserContext(), h.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !accounts.ScopeOf(c).Allows(site.CommuneID)) {
		return apierr.NotFound("site_not_found", id.String())
	}
	if err != nil {
		return err
	}
	return c.JSON(site)
}

// ListRooms serves GET /api/v1/rooms.
func (h *Handler) ListRooms(c *fiber.Ctx) error {
	if err := param.Known(c, "commune", "commune_id", "site"); err != nil {
		return err
	}
	page, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := RoomFilter{Scope: accounts.ScopeOf(c)}
	if f.Archived, err = archivedFilter(c.Query("archived")); err != nil {
		return err
	}
	if f.CommuneID, err = communeFilter(c); err != nil {
		return err
	}
	if f.SiteID, err = param.FilterID("site", c.Query("site")); err != nil {
		return err
	}
	if f.Query, err = param.Search(c.Query("q")); err != nil {
		return err
	}

	result, err := Rooms(c.UserContext(), h.Store.Reader, f, page)
	if err != nil {
		return err
	}
	return c.JSON(result)
}

// GetRoom serves GET /api/v1/rooms/{id}.
func (h *Handler) GetRoom(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	room, err := RoomByID(c.UserContext(), h.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !accounts.ScopeOf(c).Allows(room.CommuneID)) {
		return apierr.NotFound("room_not_found", id.String())
	}
	if err != nil {
		return err
	}
	return c.JSON(room)
}

// ListAssets serves GET /api/v1/assets.
func (h *Handler) ListAssets(c *fiber.Ctx) error {
	if err := param.Known(c, "commune", "commune_id", "site", "room", "kind", "status"); err != nil {
		return err
	}
	page, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := AssetFilter{Scope: accounts.ScopeOf(c)}
	if f.Archived, err = archivedFilter(c.Query("archived")); err != nil {
		return err
	}
	if f.CommuneID, err = communeFilter(c); err != nil {
		return err
	}
	if f.SiteID, err = param.FilterID("site", c.Query("site")); err != nil {
		return err
	}
	if f.RoomID, err = param.FilterID("room", c.Query("room")); err != nil {
		return err
	}
	if f.Kind, err = param.Enum("kind", c.Query("kind"), Kinds); err != nil {
		return err
	}
	if f.Status, err = param.Enum("status", c.Query("status"), Statuses); err != nil {
		return err
	}
	if f.Query, err = param.Search(c.Query("q")); err != nil {
		return err
	}

	result, err := Assets(c.UserContext(), h.Store.Reader, f, page)
	if err != nil {
		return err
	}
	return c.JSON(result)
}

// GetAsset serves GET /api/v1/assets/{id}.
func (h *Handler) GetAsset(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	asset, err := AssetByID(c.UserContext(), h.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !accounts.ScopeOf(c).Allows(asset.CommuneID)) {
		return apierr.NotFound("asset_not_found", id.String())
	}
	if err != nil {
		return err
	}
	return c.JSON(asset)
}

// GetAssetByTag serves GET /api/v1/assets/by-tag/{tag}: what a scan looks up.
// The asset is read with one prepared statement. Only a tag that finds no
// asset the user may read costs a query of the tag registry, whose state
// of the tag sets the 404's code.
func (h *Handler) GetAssetByTag(c *fiber.Ctx) error {
	tag, err := labels.Parse(h.TagPrefix, c.Params("tag"))
	if err != nil {
		return TagError(err, h.TagPrefix)
	}
	text := tag.String()
	if tag.Kind == labels.LocationTag {
		return apierr.New(http.StatusNotFound, CodeLocationTag, "tag_is_location", text)
	}

	doc, communeID, err := h.Tags.AssetJSON(c.UserContext(), text)
	if err == nil && accounts.ScopeOf(c).Allows(communeID) {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(doc)
	}
	if err == nil {
		// An asset of another commune gets the same 404 as a tag never
		// printed, so the response does not reveal that the asset exists.
		return apierr.New(http.StatusNotFound, CodeTagUnknown, "scan_tag_unknown", text)
	}
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return assetTagNotFound(c.UserContext(), h.Store.Reader, text)
}

// archivedFilter parses ?archived=: true lists only the archived records,
// false or absent only the active ones.
func archivedFilter(value string) (bool, error) {
	switch value {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, apierr.BadRequest("invalid_filter", "invalid_enum", "archived", apierr.Quote(value), "true, false")
}

func pageRequest(c *fiber.Ctx) (PageRequest, error) {
	limit, err := param.Limit(c.Query("limit"))
	if err != nil {
		return PageRequest{}, err
	}
	cursor, err := param.ParseCursor(c.Query("cursor"))
	if err != nil {
		return PageRequest{}, err
	}
	return PageRequest{Limit: limit, Cursor: cursor}, nil
}

// GetPlaceByTag serves GET /api/v1/places/by-tag/{tag}: the site or room
// that a scanned location tag names.
func (h *Handler) GetPlaceByTag(c *fiber.Ctx) error {
	tag, err := labels.Parse(h.TagPrefix, c.Params("tag"))
	if err != nil {
		return TagError(err, h.TagPrefix)
	}
	text := tag.String()
	if tag.Kind != labels.LocationTag {
		return apierr.New(http.StatusNotFound, CodeAssetTag, "place_tag_is_asset", text)
	}

	place, err := PlaceByTag(c.UserContext(), h.Store.Reader, accounts.ScopeOf(c), text)
	if err != nil {
		return err
	}
	return c.JSON(place)
}

// communeFilter reads the commune filter of a list, given as commune or
// as commune_id, the name of the member in the records.
func communeFilter(c *fiber.Ctx) (*uuid.UUID, error) {
	if id := c.Query("commune_id"); id != "" && c.Query("commune") == "" {
		return param.FilterID("commune_id", id)
	}
	return param.FilterID("commune", c.Query("commune"))
}

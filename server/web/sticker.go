package web

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"parc/labels"
	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/requests"
	"parc/server/store"
)

//go:embed templates/sticker.html
var stickerHTML string

var stickerPage = template.Must(template.New("sticker").Parse(stickerHTML))

// formCookie holds the token of the public form, which the form repeats,
// so that another site cannot post the form in a visitor's name.
const formCookie = "parc_form"

// Limits of the public problem reports: per client address, and per
// asset so that one label cannot flood its commune's correspondents.
const (
	reportsPerAddress = 5
	reportsPerAsset   = 10
)

// sticker serves the public page that the QR code of an asset's label
// opens: the asset for a signed-in user, a form to report a problem for
// anyone else.
type sticker struct {
	s         *server
	writer    *requests.Writer
	byAddress *accounts.Limiter
	byAsset   *accounts.Limiter
}

func newSticker(s *server) *sticker {
	return &sticker{
		s: s, writer: &requests.Writer{DB: s.store.DB},
		byAddress: accounts.NewLimiter(reportsPerAddress, time.Hour),
		byAsset:   accounts.NewLimiter(reportsPerAsset, 24*time.Hour),
	}
}

// stickerAsset holds the fields of an asset that the public page shows:
// no serial, no notes.
type stickerAsset struct {
	Name, Place string
}

// stickerView is the data of the page's template.
type stickerView struct {
	Lang, Title, Style, Tag, Token, Message string
	Asset                                   *stickerAsset
	Form                                    requests.ReportForm
	Errors                                  map[string]string
	Sent                                    bool
}

// T returns the catalogue text of key in the page's language.
func (v stickerView) T(key string) string {
	return i18n.Msg(key).Text(i18n.Parse(v.Lang))
}

// get serves GET /t/{tag}.
func (st *sticker) get(c *fiber.Ctx) error {
	view, asset, status, err := st.load(c)
	if err != nil {
		return err
	}
	if p := accounts.PrincipalOf(c); p != nil && asset != nil && accounts.ScopeOf(c).Allows(asset.CommuneID) {
		return c.Redirect("/assets/"+asset.ID.String(), http.StatusSeeOther)
	}
	view.Sent = c.Query("envoye") == "1"
	return st.render(c, status, view)
}

// post serves POST /t/{tag}: it stores the report and sends the visitor
// back to the page, which thanks them.
func (st *sticker) post(c *fiber.Ctx) error {
	view, asset, status, err := st.load(c)
	if err != nil || asset == nil {
		if err == nil {
			err = st.render(c, status, view)
		}
		return err
	}
	lang := language(c)
	if !st.validToken(c) {
		view.Message = i18n.Msg("sticker_expired").Text(lang)
		view.Asset = nil
		return st.render(c, http.StatusBadRequest, view)
	}
	if c.FormValue("website") != "" {
		// A robot filled the hidden field: thank it and store nothing.
		return c.Redirect("/t/"+view.Tag+"?envoye=1", http.StatusSeeOther)
	}

	view.Form = requests.ReportForm{ReporterName: c.FormValue("reporter_name"), Description: c.FormValue("description")}
	if faults := view.Form.Check(); len(faults) > 0 {
		view.Errors = map[string]string{}
		for name, m := range faults {
			view.Errors[name] = m.Text(lang)
		}
		return st.render(c, http.StatusUnprocessableEntity, view)
	}
	now := time.Now()
	address, assetKey := "ip:"+accounts.ClientIP(c), "asset:"+asset.ID.String()
	if st.byAddress.Check(address, now) > 0 || st.byAsset.Check(assetKey, now) > 0 {
		view.Message, view.Asset = i18n.Msg("sticker_too_many").Text(lang), nil
		st.s.log.Warn("problem reports rate-limited", "asset_id", asset.ID, "client_ip", accounts.ClientIP(c))
		return st.render(c, http.StatusTooManyRequests, view)
	}

	report, err := st.writer.FileReport(c.UserContext(), asset.ID, view.Form)
	if err != nil {
		return err
	}
	st.byAddress.Fail(address, now)
	st.byAsset.Fail(assetKey, now)
	st.s.log.Info("problem report filed", "report_id", report.ID, "asset_id", asset.ID, "commune_id", report.CommuneID)
	return c.Redirect("/t/"+view.Tag+"?envoye=1", http.StatusSeeOther)
}

// load reads the tag of the path and its asset, and returns the page's
// view with its status: 404 for a tag that names no active
// asset, with the asset nil.
func (st *sticker) load(c *fiber.Ctx) (stickerView, *assets.Asset, int, error) {
	lang := language(c)
	view := stickerView{
		Lang: string(lang), Title: i18n.Msg("sticker_title").Text(lang), Style: st.s.shell.appURL("style.css"),
	}
	view.Token = st.token(c)

	tag, ok := st.parse(c)
	if !ok {
		view.Message = i18n.Msg("sticker_unknown").Text(lang)
		return view, nil, http.StatusNotFound, nil
	}
	view.Tag = tag
	a, err := st.s.fleet.Tags.Asset(c.UserContext(), tag)
	if errors.Is(err, store.ErrNotFound) || err == nil && a.ArchivedAt != nil {
		view.Message = i18n.Msg("sticker_unknown").Text(lang)
		return view, nil, http.StatusNotFound, nil
	}
	if err != nil {
		return view, nil, 0, err
	}
	place, err := st.place(c, a)
	if err != nil {
		return view, nil, 0, err
	}
	view.Asset = &stickerAsset{Name: strings.TrimSpace(a.Brand + " " + a.Model), Place: place}
	if view.Asset.Name == "" {
		view.Asset.Name = i18n.Msg("sticker_kind_" + a.Kind).Text(lang)
	}
	return view, &a, http.StatusOK, nil
}

// parse reads the tag of the path, with the prefix the label shows or
// the prefix in force.
func (st *sticker) parse(c *fiber.Ctx) (string, bool) {
	text := c.Params("tag")
	if prefix := labels.PrefixOf(text); prefix != "" {
		if t, err := labels.Parse(prefix, text); err == nil && t.Kind == labels.AssetTag {
			return t.String(), true
		}
	}
	snap, err := st.s.settings.Current(c.UserContext())
	if err != nil {
		return "", false
	}
	t, err := labels.Parse(snap.Values.TagPrefix, text)
	return t.String(), err == nil && t.Kind == labels.AssetTag
}

// place names the site and room of an asset.
func (st *sticker) place(c *fiber.Ctx, a assets.Asset) (string, error) {
	site, err := assets.SiteByID(c.UserContext(), st.s.store.Reader, a.SiteID)
	if err != nil {
		return "", err
	}
	if a.RoomID == nil {
		return site.Name, nil
	}
	room, err := assets.RoomByID(c.UserContext(), st.s.store.Reader, *a.RoomID)
	if err != nil {
		return "", err
	}
	return site.Name + " — " + room.Name, nil
}

// token returns the form token of the visitor's cookie, or sets a new
// one.
func (st *sticker) token(c *fiber.Ctx) string {
	if t := c.Cookies(formCookie); len(t) == 43 {
		return t
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error
	t := base64.RawURLEncoding.EncodeToString(b)
	c.Cookie(&fiber.Cookie{Name: formCookie, Value: t, Path: "/t/", HTTPOnly: true, SameSite: "Strict", Secure: c.Protocol() == "https"})
	return t
}

func (st *sticker) validToken(c *fiber.Ctx) bool {
	got, want := c.FormValue("form_token"), c.Cookies(formCookie)
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (st *sticker) render(c *fiber.Ctx, status int, view stickerView) error {
	var b strings.Builder
	if err := stickerPage.Execute(&b, view); err != nil {
		return err
	}
	c.Set("Cache-Control", "no-store")
	c.Type("html", "utf-8")
	return c.Status(status).SendString(b.String())
}

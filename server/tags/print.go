package tags

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"parc/labels"
	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/param"
	"parc/server/settings"
	"parc/server/store"
)

// PrintRequest is a batch of labels to print: new tags, or reprints.
type PrintRequest struct {
	Template string `json:"template"`
	// Count new tags, or the Tags to reprint.
	Count int      `json:"count"`
	Tags  []string `json:"tags"`
	// Kind is "asset" (the default) or "location".
	Kind   string `json:"kind"`
	Skip   int    `json:"skip"`
	Format string `json:"format"`
	// Code2D is "qr" (the default), "datamatrix" or "none".
	Code2D string `json:"code_2d"`
	// Site, when set, prints location labels for that site and each of
	// its rooms that has none yet, captioned with their names, instead of
	// Count new tags.
	Site string `json:"site"`
}

// Printer renders label batches with the deployment's settings: the tag
// prefix of new batches, the base URL of the QR codes (none when empty),
// the owner line and the calibration, read at each batch.
type Printer struct {
	Store    *store.Store
	Settings *settings.Service
}

// Printed is a rendered batch.
type Printed struct {
	Content     []byte
	ContentType string
	Tags        []labels.Tag
}

// Print checks the request, reserves new tags or counts reprints, and
// renders the labels. Nothing is reserved or counted when the request or
// the rendering fails.
func (p *Printer) Print(ctx context.Context, actor *uuid.UUID, req PrintRequest) (Printed, error) {
	snap, err := p.Settings.Current(ctx)
	if err != nil {
		return Printed{}, err
	}
	conf := snap.Values
	tmpl, opts, err := options(conf, req)
	if err != nil {
		return Printed{}, err
	}
	format := req.Format
	if format == "" {
		format = tmpl.Format
	}
	if format != labels.FormatPDF && format != labels.FormatZPL {
		return Printed{}, invalid("format", i18n.Msg("field_label_format", format))
	}
	if format != tmpl.Format {
		return Printed{}, invalid("format", i18n.Msg("field_label_format_template", tmpl.ID, tmpl.Format, format))
	}

	var printed []labels.Tag
	var buf bytes.Buffer
	if len(req.Tags) > 0 {
		wanted, err := parseAll(conf.TagPrefix, req.Tags)
		if err != nil {
			return Printed{}, err
		}
		list, err := p.reprintLabels(ctx, conf, wanted)
		if err != nil {
			return Printed{}, err
		}
		// Render before counting the reprints, so that a failure counts none.
		if err := render(&buf, tmpl, list, opts, format); err != nil {
			return Printed{}, invalid("template", i18n.Msg("field_label_render", err.Error()))
		}
		if _, err := Reprint(ctx, p.Store.DB, actor, wanted); err != nil {
			return Printed{}, err
		}
		return Printed{Content: buf.Bytes(), ContentType: contentType(format), Tags: wanted}, nil
	}

	kind := labels.AssetTag
	if req.Kind == KindLocation || req.Site != "" {
		kind = labels.LocationTag
	}
	places, captions, err := p.placesOf(ctx, req.Site)
	if err != nil {
		return Printed{}, err
	}
	count := req.Count
	if req.Site != "" {
		count = len(places)
	}
	// The labels are rendered inside the reserving transaction, so that a
	// tag the template cannot draw reserves nothing.
	renderAll := func(reserved []labels.Tag) error {
		list := labelsOf(conf, reserved)
		for i := range captions {
			list[i].Caption = captions[i]
		}
		if err := render(&buf, tmpl, list, opts, format); err != nil {
			return invalid("template", i18n.Msg("field_label_render", err.Error()))
		}
		return nil
	}
	_, printed, err = Reserve(ctx, p.Store.DB, actor, Request{
		Prefix: conf.TagPrefix, Kind: kind, Count: count, Places: places, Use: renderAll,
	})
	if err != nil {
		return Printed{}, err
	}
	return Printed{Content: buf.Bytes(), ContentType: contentType(format), Tags: printed}, nil
}

// placesOf returns the site and those of its rooms that have no location
// tag yet, with their names as captions. An empty site returns nothing.
func (p *Printer) placesOf(ctx context.Context, site string) ([]Place, []string, error) {
	if site == "" {
		return nil, nil, nil
	}
	id, err := uuid.Parse(site)
	if err != nil || len(site) != 36 {
		return nil, nil, invalid("site", i18n.Msg("field_label_site", apierr.Quote(site)))
	}
	s, err := assets.SiteByID(ctx, p.Store.Reader, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, invalid("site", i18n.Msg("field_label_site", site))
	}
	if err != nil {
		return nil, nil, err
	}
	rooms, err := assets.Rooms(ctx, p.Store.Reader, assets.RoomFilter{Scope: accounts.Scope{All: true}, SiteID: &id}, assets.PageRequest{Limit: param.MaxLimit})
	if err != nil {
		return nil, nil, err
	}
	tagged := map[uuid.UUID]bool{}
	var existing []Tag
	err = p.Store.Reader.NewSelect().Model(&existing).
		Where("tg.site_id = ?", id).Where("tg.state = ?", StateAssigned).Scan(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("select location tags of site %s: %w", id, err)
	}
	siteTagged := false
	for _, t := range existing {
		if t.RoomID != nil {
			tagged[*t.RoomID] = true
		} else {
			siteTagged = true
		}
	}

	var places []Place
	var captions []string
	if !siteTagged {
		places, captions = append(places, Place{SiteID: id}), append(captions, s.Name)
	}
	for _, r := range rooms.Items {
		if !tagged[r.ID] {
			room := r.ID
			places, captions = append(places, Place{SiteID: id, RoomID: &room}), append(captions, r.Name)
		}
	}
	if len(places) == 0 {
		return nil, nil, invalid("site", i18n.Msg("field_label_site_done", s.Name))
	}
	return places, captions, nil
}

func contentType(format string) string {
	if format == "zpl" {
		return "text/plain; charset=utf-8"
	}
	return "application/pdf"
}

func options(conf settings.Values, req PrintRequest) (labels.Template, labels.Options, error) {
	tmpl, err := labels.TemplateByID(req.Template)
	if err != nil {
		return tmpl, labels.Options{}, invalid("template", i18n.Msg("field_label_template", req.Template, templateIDs()))
	}
	if req.Kind != "" && req.Kind != KindAsset && req.Kind != KindLocation {
		return tmpl, labels.Options{}, invalid("kind", i18n.Msg("field_label_kind"))
	}
	if len(req.Tags) > MaxBatch {
		return tmpl, labels.Options{}, invalid("tags", i18n.Msg("field_tag_count", len(req.Tags), MaxBatch))
	}
	if len(req.Tags) == 0 && req.Site == "" && (req.Count < 1 || req.Count > MaxBatch) {
		return tmpl, labels.Options{}, invalid("count", i18n.Msg("field_tag_count", req.Count, MaxBatch))
	}
	if req.Skip < 0 || req.Skip >= tmpl.PerPage() {
		return tmpl, labels.Options{}, invalid("skip", i18n.Msg("field_label_skip", req.Skip, tmpl.PerPage()-1))
	}
	code2D := req.Code2D
	if code2D == "" {
		code2D = labels.Code2DQR
	}
	if code2D != labels.Code2DQR && code2D != labels.Code2DDataMatrix && code2D != labels.Code2DNone {
		return tmpl, labels.Options{}, invalid("code_2d", i18n.Msg("field_label_code_2d", apierr.Quote(code2D)))
	}
	if code2D == "qr" && conf.BaseURL == "" {
		code2D = "none"
	}

	cal := conf.LabelCalibration[tmpl.ID]
	return tmpl, labels.Options{Skip: req.Skip, OffsetX: cal.X, OffsetY: cal.Y, Code2D: code2D}, nil
}

// reprintLabels returns the labels of tags to reprint, with the names of
// the sites and rooms that location tags name as captions.
func (p *Printer) reprintLabels(ctx context.Context, conf settings.Values, wanted []labels.Tag) ([]labels.Label, error) {
	list := labelsOf(conf, wanted)
	for i, t := range wanted {
		if t.Kind != labels.LocationTag {
			continue
		}
		var row Tag
		if err := p.Store.Reader.NewSelect().Model(&row).Where("tg.tag = ?", t.String()).Scan(ctx); err != nil {
			continue // Reprint reports a tag missing from the registry
		}
		var name string
		var err error
		switch {
		case row.RoomID != nil:
			err = p.Store.Reader.NewSelect().Table("rooms").Column("name").Where("id = ?", *row.RoomID).Scan(ctx, &name)
		case row.SiteID != nil:
			err = p.Store.Reader.NewSelect().Table("sites").Column("name").Where("id = ?", *row.SiteID).Scan(ctx, &name)
		}
		if err != nil {
			return nil, fmt.Errorf("name of the place of tag %s: %w", t, err)
		}
		list[i].Caption = name
	}
	return list, nil
}

func labelsOf(conf settings.Values, list []labels.Tag) []labels.Label {
	out := make([]labels.Label, len(list))
	for i, t := range list {
		out[i] = labels.Label{Tag: t, Owner: conf.LabelOwner}
		if conf.BaseURL != "" {
			out[i].URL = conf.BaseURL + "/t/" + t.String()
		}
	}
	return out
}

func render(buf *bytes.Buffer, tmpl labels.Template, list []labels.Label, opts labels.Options, format string) error {
	if format == "zpl" {
		return labels.RenderZPL(buf, tmpl, list, opts)
	}
	return labels.RenderPDF(buf, tmpl, list, opts)
}

func parseAll(prefix string, texts []string) ([]labels.Tag, error) {
	out := make([]labels.Tag, 0, len(texts))
	for _, text := range texts {
		t, err := labels.ParseAnyPrefix(prefix, text)
		if err != nil {
			return nil, invalid("tags", i18n.Msg("field_label_tag", apierr.Quote(text)))
		}
		out = append(out, t)
	}
	return out, nil
}

func templateIDs() string {
	var ids []byte
	for i, t := range labels.Templates() {
		if i > 0 {
			ids = append(ids, ", "...)
		}
		ids = append(ids, t.ID...)
	}
	return string(ids)
}

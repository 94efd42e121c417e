package tags

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/i18n"
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
}

// Printer renders label batches with the deployment's settings.
type Printer struct {
	Store     *store.Store
	TagPrefix string
	// BaseURL is the public address put in QR codes; empty prints no QR.
	BaseURL string
	Owner   string
}

// Printed is a rendered batch.
type Printed struct {
	Content     []byte
	ContentType string
	Tags        []labels.Tag
}

// Print checks the request, reserves new tags or counts reprints, and
// renders the labels. Nothing is reserved when the request or the
// rendering fails, because rendering comes first on the would-be tags.
func (p *Printer) Print(ctx context.Context, actor *uuid.UUID, req PrintRequest) (Printed, error) {
	tmpl, opts, err := p.options(ctx, req)
	if err != nil {
		return Printed{}, err
	}
	format := req.Format
	if format == "" {
		format = tmpl.Format
	}
	if format != "pdf" && format != "zpl" {
		return Printed{}, invalid("format", i18n.Msg("field_label_format", format))
	}

	var printed []labels.Tag
	var buf bytes.Buffer
	if len(req.Tags) > 0 {
		wanted, err := parseAll(p.TagPrefix, req.Tags)
		if err != nil {
			return Printed{}, err
		}
		// Render before counting the reprints, so that a failure counts none.
		if err := render(&buf, tmpl, p.labelsOf(wanted), opts, format); err != nil {
			return Printed{}, invalid("template", i18n.Msg("field_label_render", err.Error()))
		}
		if _, err := Reprint(ctx, p.Store.DB, actor, wanted); err != nil {
			return Printed{}, err
		}
		return Printed{Content: buf.Bytes(), ContentType: contentType(format), Tags: wanted}, nil
	}

	kind := labels.AssetTag
	if req.Kind == KindLocation {
		kind = labels.LocationTag
	}
	// Render a dry run first, so that a label too small for the tag or
	// another rendering error reserves nothing.
	if err := p.dryRun(tmpl, opts, format, kind, req.Count); err != nil {
		return Printed{}, err
	}
	_, printed, err = Reserve(ctx, p.Store.DB, actor, Request{Prefix: p.TagPrefix, Kind: kind, Count: req.Count})
	if err != nil {
		return Printed{}, err
	}

	if err := render(&buf, tmpl, p.labelsOf(printed), opts, format); err != nil {
		return Printed{}, fmt.Errorf("render labels of reserved tags: %w", err)
	}
	return Printed{Content: buf.Bytes(), ContentType: contentType(format), Tags: printed}, nil
}

func contentType(format string) string {
	if format == "zpl" {
		return "text/plain; charset=utf-8"
	}
	return "application/pdf"
}

func (p *Printer) options(ctx context.Context, req PrintRequest) (labels.Template, labels.Options, error) {
	tmpl, err := labels.TemplateByID(req.Template)
	if err != nil {
		return tmpl, labels.Options{}, invalid("template", i18n.Msg("field_label_template", req.Template, templateIDs()))
	}
	if req.Kind != "" && req.Kind != KindAsset && req.Kind != KindLocation {
		return tmpl, labels.Options{}, invalid("kind", i18n.Msg("field_label_kind"))
	}
	if len(req.Tags) == 0 && (req.Count < 1 || req.Count > MaxBatch) {
		return tmpl, labels.Options{}, invalid("count", i18n.Msg("field_tag_count", req.Count, MaxBatch))
	}
	if req.Skip < 0 || req.Skip >= tmpl.PerPage() {
		return tmpl, labels.Options{}, invalid("skip", i18n.Msg("field_label_skip", req.Skip, tmpl.PerPage()-1))
	}
	code2D := req.Code2D
	if code2D == "" {
		code2D = "qr"
	}
	if code2D == "qr" && p.BaseURL == "" {
		code2D = "none"
	}

	cal, err := Calibration(ctx, p.Store.Reader, tmpl.ID)
	if err != nil {
		return tmpl, labels.Options{}, err
	}
	return tmpl, labels.Options{Skip: req.Skip, OffsetX: cal.X, OffsetY: cal.Y, Code2D: code2D}, nil
}

func (p *Printer) dryRun(tmpl labels.Template, opts labels.Options, format string, kind labels.Kind, count int) error {
	probe, err := newTag(p.TagPrefix, kind, maxSerial(kind))
	if err != nil {
		return err
	}
	n := min(count, max(1, tmpl.PerPage()))
	sample := make([]labels.Tag, n)
	for i := range sample {
		sample[i] = probe
	}
	var discard bytes.Buffer
	if err := render(&discard, tmpl, p.labelsOf(sample), opts, format); err != nil {
		return invalid("template", i18n.Msg("field_label_render", err.Error()))
	}
	return nil
}

func (p *Printer) labelsOf(list []labels.Tag) []labels.Label {
	out := make([]labels.Label, len(list))
	for i, t := range list {
		out[i] = labels.Label{Tag: t, Owner: p.Owner}
		if p.BaseURL != "" {
			out[i].URL = p.BaseURL + "/t/" + t.String()
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
		t, err := labels.Parse(prefix, text)
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

// Offset is a printer's calibration for one template, in mm.
type Offset struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

const calibrationKey = "labels.calibration"

// Calibration returns the stored offset of a template, zero when none.
func Calibration(ctx context.Context, db bun.IDB, template string) (Offset, error) {
	all := map[string]Offset{}
	err := settings.Get(ctx, db, calibrationKey, &all)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Offset{}, err
	}
	return all[template], nil
}

// SetCalibration stores the offset of a template, at most 5 mm each way.
func SetCalibration(ctx context.Context, db *bun.DB, template string, off Offset) error {
	if _, err := labels.TemplateByID(template); err != nil {
		return err
	}
	if off.X < -5 || off.X > 5 || off.Y < -5 || off.Y > 5 {
		return fmt.Errorf("calibration offset (%g, %g) mm is beyond ±5 mm: measure the shift on a test page again", off.X, off.Y)
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		all := map[string]Offset{}
		if err := settings.Get(ctx, tx, calibrationKey, &all); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		all[template] = off
		return settings.Set(ctx, tx, calibrationKey, all)
	})
}

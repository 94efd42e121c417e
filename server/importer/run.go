package importer

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/labels"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/sync"
	"parc/server/tags"
)

// Importer brings inventory files into the fleet through its writers.
type Importer struct {
	Fleet *assets.Writer
}

// errRollback ends the transaction of a dry run or of a failed import
// without writing.
var errRollback = errors.New("roll back the import")

// Run reads data as a CSV inventory and imports its lines by actor, nil
// for the command line. It returns a *SyntaxError, ErrEmpty or ErrNotText
// for a file that cannot be read, which FileError turns into a 400. It
// otherwise returns the report, with Written false when nothing was
// written: a dry run, a missing column, or a faulty line without
// opts.AllowPartial.
func (im *Importer) Run(ctx context.Context, actor *uuid.UUID, data []byte, opts Options) (*Report, error) {
	t, err := ReadTable(data)
	if err != nil {
		return nil, err
	}
	m := MapHeaders(t.Header, opts.Map)
	r := &Report{
		Encoding: t.Encoding, Separator: string(t.Separator), Columns: m.Columns(t.Header),
		Missing: m.Missing(), DryRun: opts.DryRun, Lines: []LineResult{},
	}
	if len(r.Missing) > 0 {
		return r, nil
	}

	lines := make([]*line, len(t.Rows))
	for i, row := range t.Rows {
		lines[i] = readLine(row, m)
	}
	markDuplicates(lines)

	err = sync.InTx(ctx, im.Fleet.DB, func(ctx context.Context, tx bun.Tx) error {
		run, err := im.start(ctx, tx, actor, m, lines)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := run.apply(ctx, l); err != nil {
				return fmt.Errorf("import line %d: %w", l.number, err)
			}
		}
		if err := run.flush(ctx); err != nil {
			return fmt.Errorf("create the new assets: %w", err)
		}
		r.Lines, r.Counts = run.results, run.counts
		r.Counts.Lines = len(lines)
		if opts.DryRun || (r.Counts.Failed > 0 && !opts.AllowPartial) {
			return errRollback
		}
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	r.Written = err == nil && r.Counts.Created+r.Counts.Updated > 0
	return r, nil
}

// markDuplicates reports a line identical to an earlier one as a
// duplicate, and a line that gives the tag or serial number of an earlier
// different line as a fault.
func markDuplicates(lines []*line) {
	byTag, bySerial := map[string]*line{}, map[string]*line{}
	byContent := map[string]*line{}
	for _, l := range lines {
		if len(l.errors) == 0 {
			key := l.contentKey()
			if first, ok := byContent[key]; ok {
				l.duplicate = first.number
				l.warn("", "import_line_duplicate", first.number)
				continue
			}
			byContent[key] = l
		}
		if a := l.asset; a.Tag != nil {
			if first, ok := byTag[*a.Tag]; ok {
				l.fail(FieldTag, "import_tag_repeated", *a.Tag, first.number)
			} else {
				byTag[*a.Tag] = l
			}
		}
		if key := serialKey(l.asset.Serial); key != "" {
			if first, ok := bySerial[key]; ok {
				l.fail(FieldSerial, "import_serial_repeated", l.asset.Serial, first.number)
			} else {
				bySerial[key] = l
			}
		}
	}
}

// start loads what the lines need and records the tags they carry that
// the registry lacks.
func (im *Importer) start(ctx context.Context, tx bun.Tx, actor *uuid.UUID, m Mapping, lines []*line) (*run, error) {
	fleet, err := loadFleet(ctx, tx)
	if err != nil {
		return nil, err
	}
	prefix, err := im.Fleet.TagPrefix(ctx)
	if err != nil {
		return nil, err
	}
	var carried []labels.Tag
	for _, l := range lines {
		if l.asset.Tag == nil || len(l.errors) > 0 {
			continue
		}
		t, err := labels.ParseAnyPrefix(prefix, *l.asset.Tag)
		if err != nil || t.Kind != labels.AssetTag {
			continue // The asset writer reports the fault.
		}
		text := t.String()
		l.asset.Tag = &text
		carried = append(carried, t)
	}
	if err := tags.RecordImported(ctx, tx, actor, "Import", carried); err != nil {
		return nil, err
	}
	return &run{tx: tx, fleet: im.Fleet, actor: actor, tagPrefix: prefix, mapping: m, known: fleet, results: make([]LineResult, 0, len(lines))}, nil
}

// issuesOf turns the 400 or 422 of a writer into issues of the line, and
// returns false for any other error.
func issuesOf(err error) ([]Issue, bool) {
	var ae *apierr.Error
	if !errors.As(err, &ae) || ae.Status >= 500 {
		return nil, false
	}
	if len(ae.Fields) == 0 {
		return []Issue{{Message: ae.Message}}, true
	}
	issues := make([]Issue, 0, len(ae.Fields))
	for _, f := range Fields {
		if m, ok := ae.Fields[writerField(f)]; ok {
			issues = append(issues, Issue{Field: f, Message: m})
		}
	}
	for name, m := range ae.Fields {
		if fieldOfWriter(name) == "" {
			issues = append(issues, Issue{Field: name, Message: m})
		}
	}
	return issues, true
}

// writerField returns the member of a writer's request that a field of
// the import sets.
func writerField(f string) string {
	switch f {
	case FieldSite:
		return "site_id"
	case FieldRoom:
		return "room_id"
	case FieldCommune:
		return "commune_id"
	}
	return f
}

func fieldOfWriter(name string) string {
	for _, f := range Fields {
		if writerField(f) == name {
			return f
		}
	}
	return ""
}

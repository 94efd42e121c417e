package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"parc/labels"
	"parc/server/config"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/tags"
)

var labelOptions = []string{"data", "database-url", "log-level", "log-format", "tag-prefix", "base-url", "label-owner"}

// labelsCommand runs "parc labels": it reserves and renders a batch of
// labels, reprints given tags, prints a calibration page, stores a
// calibration, or lists the templates.
func labelsCommand(ctx context.Context, env environment, args []string) error {
	var f labelFlags
	cfg, given, err := parseCommandFlags(env, "labels", "Reserve new asset tags and render their labels as PDF or ZPL.", labelOptions, args, f.declare)
	if err != nil {
		return err
	}
	if f.list {
		return listTemplates(env)
	}
	if f.template == "" {
		return errors.New("missing --template: choose one of " + templateList() + " ('parc labels --list-templates' shows them)")
	}
	deployment := deploymentEnvironment(env, cfg, given, labelOptions)
	if f.calibrate {
		return withStore(ctx, env, cfg, func(st *store.Store) error {
			svc := settings.NewService(st, settings.Defaults(), deployment)
			if err := svc.SetCalibration(ctx, nil, f.template, settings.Offset{X: f.offsetX, Y: f.offsetY}); err != nil {
				return describe(err)
			}
			fmt.Fprintf(env.stdout, "calibration of %s set to x %+.1f mm, y %+.1f mm\n", f.template, f.offsetX, f.offsetY)
			return nil
		})
	}
	if f.out == "" {
		return errors.New("missing --out: give the file to write, such as labels.pdf")
	}
	if f.testPage {
		return writeTestPage(ctx, env, cfg, deployment, f)
	}

	return withStore(ctx, env, cfg, func(st *store.Store) error {
		svc := settings.NewService(st, settings.Defaults(), deployment)
		printer := &tags.Printer{Store: st, Settings: svc}
		req := tags.PrintRequest{Template: f.template, Count: f.count, Kind: f.kind, Skip: f.skip, Format: f.format, Code2D: f.code2D, Site: f.site}
		if f.tags != "" {
			req.Tags = strings.Split(f.tags, ",")
		}
		out, err := printer.Print(ctx, nil, req)
		if err != nil {
			return describe(err)
		}
		if err := os.WriteFile(f.out, out.Content, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.out, err)
		}
		fmt.Fprintf(env.stdout, "wrote %d labels to %s: %s to %s\n", len(out.Tags), f.out, out.Tags[0], out.Tags[len(out.Tags)-1])
		snap, err := svc.Current(ctx)
		if err != nil {
			return err
		}
		if snap.Values.BaseURL == "" && f.code2D != "none" {
			fmt.Fprintln(env.stderr, "note: no QR codes printed; set base_url in the settings, or --base-url (env PARC_BASE_URL), to the server's public address to add them")
		}
		return nil
	})
}

type labelFlags struct {
	template, out, format, tags, kind, code2D, site string
	count, skip                                     int
	offsetX, offsetY                                float64
	list, testPage, calibrate                       bool
}

func (f *labelFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&f.template, "template", "", "label template ID, see --list-templates")
	fs.IntVar(&f.count, "count", 0, fmt.Sprintf("number of new tags to reserve and print, 1 to %d", tags.MaxBatch))
	fs.StringVar(&f.out, "out", "", "file to write the labels to")
	fs.StringVar(&f.format, "format", "", "pdf or zpl (default: the template's)")
	fs.IntVar(&f.skip, "skip", 0, "leave the first K positions of a partly used sheet empty")
	fs.StringVar(&f.tags, "tags", "", "comma-separated tags to reprint instead of reserving new ones")
	fs.StringVar(&f.kind, "kind", "asset", "asset, or location for room and site labels")
	fs.StringVar(&f.site, "site", "", "id of a site: print location labels for it and each of its rooms that has none, instead of --count")
	fs.StringVar(&f.code2D, "code-2d", "qr", "2D code next to the barcode: qr, datamatrix or none")
	fs.BoolVar(&f.list, "list-templates", false, "list the templates with their geometry and exit")
	fs.BoolVar(&f.testPage, "test-page", false, "write a page with the label outlines, to check the printer's alignment")
	fs.BoolVar(&f.calibrate, "calibrate", false, "store --offset-x and --offset-y as the template's calibration")
	fs.Float64Var(&f.offsetX, "offset-x", 0, "with --calibrate: shift to the right in mm (negative: left)")
	fs.Float64Var(&f.offsetY, "offset-y", 0, "with --calibrate: shift down in mm (negative: up)")
}

func listTemplates(env environment) error {
	w := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tFORMAT\tLABELS\tLABEL (mm)\tPAGE (mm)\tNAME")
	for _, t := range labels.Templates() {
		fmt.Fprintf(w, "%s\t%s\t%d\t%.1f × %.1f\t%.1f × %.1f\t%s\n", t.ID, t.Format, t.PerPage(),
			t.LabelWidth, t.LabelHeight, t.PageWidth, t.PageHeight, t.Name)
	}
	return w.Flush()
}

func templateList() string {
	var ids []string
	for _, t := range labels.Templates() {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

// writeTestPage writes the outlines of a template's labels, shifted by its
// stored calibration, so that a printed sheet shows how far off they are.
func writeTestPage(ctx context.Context, env environment, cfg config.Config, deployment settings.Environment, f labelFlags) error {
	tmpl, err := labels.TemplateByID(f.template)
	if err != nil {
		return err
	}
	return withStore(ctx, env, cfg, func(st *store.Store) error {
		snap, err := settings.NewService(st, settings.Defaults(), deployment).Current(ctx)
		if err != nil {
			return err
		}
		off := snap.Values.LabelCalibration[tmpl.ID]
		file, err := os.Create(f.out)
		if err != nil {
			return fmt.Errorf("create %s: %w", f.out, err)
		}
		defer file.Close()
		if err := labels.RenderTestPage(file, tmpl, labels.Options{OffsetX: off.X, OffsetY: off.Y}); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "wrote the test page of %s to %s (calibration x %+.1f mm, y %+.1f mm)\n", tmpl.ID, f.out, off.X, off.Y)
		return file.Close()
	})
}

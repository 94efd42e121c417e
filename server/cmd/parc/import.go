package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/i18n"
	"parc/server/importer"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/tags"
)

// importOptions are the settings of "parc import": the database, and the
// tag prefix that tags without their own are read with.
var importOptions = []string{"data", "database-url", "tag-prefix", "log-level", "log-format"}

// errImportFailed is returned when lines of the file have faults, after
// the report listed them.
var errImportFailed = errors.New("some lines have faults; nothing was written unless --allow-partial was given")

// importCommand runs "parc import FILE.csv [--dry-run] [--map FILE]
// [--allow-partial]".
func importCommand(ctx context.Context, env environment, args []string) error {
	var dryRun, allowPartial bool
	var mapFile, language string
	file, rest := splitFileArgument(args, []string{"map", "language", "data", "database-url", "tag-prefix", "log-level", "log-format"})
	cfg, given, err := parseCommandFlags(env, "import FILE.csv", "Import an inventory spreadsheet saved as CSV: create its sites, rooms and assets, and update the assets already known by tag or serial number.",
		importOptions, rest, func(fs *flag.FlagSet) {
			fs.BoolVar(&dryRun, "dry-run", false, "check every line and list its faults, write nothing")
			fs.BoolVar(&allowPartial, "allow-partial", false, "write the lines without fault even when other lines have one")
			fs.StringVar(&mapFile, "map", "", "file mapping the file's headers to fields, one \"header = field\" a line")
			fs.StringVar(&language, "language", "fr", "language of the report: fr or en")
		})
	if err != nil {
		return err
	}
	if file == "" {
		fmt.Fprintln(env.stderr, "parc import: missing FILE.csv; give the inventory file to import")
		return errUsage
	}

	opts := importer.Options{DryRun: dryRun, AllowPartial: allowPartial}
	if opts.Map, err = readMapFile(mapFile); err != nil {
		return err
	}
	data, err := readImportFile(file)
	if err != nil {
		return err
	}
	deployment := deploymentEnvironment(env, cfg, given, importOptions)
	return withStore(ctx, env, cfg, func(st *store.Store) error {
		return runImport(ctx, env, st, deployment, data, opts, i18n.Parse(language))
	})
}

func runImport(ctx context.Context, env environment, st *store.Store, deployment settings.Environment, data []byte, opts importer.Options, lang i18n.Lang) error {
	svc := settings.NewService(st, settings.Defaults(), deployment)
	prefix := func(ctx context.Context) (string, error) {
		snap, err := svc.Current(ctx)
		return snap.Values.TagPrefix, err
	}
	im := &importer.Importer{Fleet: &assets.Writer{DB: st.DB, TagPrefix: prefix, Tags: tags.Registry{}}}
	report, err := im.Run(ctx, nil, data, opts)
	if err != nil {
		return describeImportError(err, lang)
	}
	printReport(env.stdout, report, lang)
	if report.Failed() {
		return errImportFailed
	}
	return nil
}

// splitFileArgument takes the first argument that is neither a flag nor
// the value of a flag in valued out of args.
func splitFileArgument(args []string, valued []string) (string, []string) {
	rest := make([]string, 0, len(args))
	file := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		switch {
		case strings.HasPrefix(a, "-") && !strings.Contains(a, "=") && slices.Contains(valued, name) && i+1 < len(args):
			rest = append(rest, a, args[i+1])
			i++
		case !strings.HasPrefix(a, "-") && file == "":
			file = a
		default:
			rest = append(rest, a)
		}
	}
	return file, rest
}

func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the file to import: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > importer.MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB; split it into several files", path, importer.MaxFileBytes>>20)
	}
	return data, nil
}

func readMapFile(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the --map file: %w", err)
	}
	m, err := importer.ParseMap(string(text))
	if err != nil {
		return nil, fmt.Errorf("--map %s: %w", path, err)
	}
	return m, nil
}

// describeImportError returns the message of a file that cannot be read
// in lang, as the API gives it.
func describeImportError(err error, lang i18n.Lang) error {
	var ae *apierr.Error
	if errors.As(importer.FileError(err), &ae) {
		return errors.New(ae.Describe(lang))
	}
	return describe(err)
}

// printReport writes one line per error or warning of the imported
// lines, then the counts, in lang.
func printReport(w io.Writer, r *importer.Report, lang i18n.Lang) {
	say := func(key string, args ...any) {
		fmt.Fprintln(w, i18n.Msg(key, args...).Text(lang))
	}
	say("cli_import_file", r.Encoding, r.Separator)
	for _, c := range r.Columns {
		field := c.Field
		if field == "" {
			field = i18n.Msg("cli_import_column_ignored").Text(lang)
		}
		say("cli_import_column", c.Header, field)
	}
	if len(r.Missing) > 0 {
		say("cli_import_missing", strings.Join(r.Missing, ", "))
		return
	}

	text := r.In(lang)
	for _, l := range text.Lines {
		for _, is := range l.Errors {
			say("cli_import_error", l.Line, fieldPrefix(is.Field)+is.Message)
		}
		for _, is := range l.Warnings {
			say("cli_import_warning", l.Line, fieldPrefix(is.Field)+is.Message)
		}
	}

	c := r.Counts
	outcome := i18n.Msg("cli_import_written")
	if !r.Written {
		outcome = i18n.Msg("cli_import_not_written")
	}
	say("cli_import_counts", c.Lines, c.Created, c.Updated, c.Unchanged, c.Duplicates, c.Failed, c.SitesCreated, c.RoomsCreated, outcome)
}

func fieldPrefix(field string) string {
	if field == "" {
		return ""
	}
	return field + ": "
}

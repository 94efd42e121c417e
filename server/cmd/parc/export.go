package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"parc/server/accounts"
	"parc/server/export"
	"parc/server/store"
)

// exportCommand runs "parc export assets|work-orders|time-entries --out
// FILE [--separator ';']".
func exportCommand(ctx context.Context, env environment, args []string) error {
	names := make([]string, 0, len(export.Writers))
	for name := range export.Writers {
		names = append(names, name)
	}
	sort.Strings(names)

	var out, separator string
	what, rest := splitFileArgument(args, []string{"out", "separator", "data", "database-url", "log-level", "log-format"})
	cfg, _, err := parseCommandFlags(env, "export "+strings.Join(names, "|"), "Write the whole fleet, the work orders or their time entries as a CSV file (UTF-8 with a byte order mark).",
		dbOptions, rest, func(fs *flag.FlagSet) {
			fs.StringVar(&out, "out", "", "file to write (required)")
			fs.StringVar(&separator, "separator", ",", "field separator: , or ; (for a French spreadsheet program)")
		})
	if err != nil {
		return err
	}
	switch {
	case what == "":
		fmt.Fprintf(env.stderr, "parc export: give what to export: %s\n", strings.Join(names, ", "))
		return errUsage
	case !slices.Contains(names, what):
		fmt.Fprintf(env.stderr, "parc export: unknown export %q; give one of: %s\n", what, strings.Join(names, ", "))
		return errUsage
	}
	if out == "" {
		return fmt.Errorf("missing --out: give the file to write, such as %s.csv", what)
	}
	sep, err := export.ParseSeparator(separator)
	if err != nil {
		return fmt.Errorf("--separator %q: write , or ;", separator)
	}

	return withStore(ctx, env, cfg, func(st *store.Store) error {
		var buf bytes.Buffer
		req := export.Request{Scope: accounts.Scope{All: true}, Separator: sep}
		if err := export.Writers[what](ctx, st.Reader, req, &buf); err != nil {
			return err
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", out, err)
		}
		fmt.Fprintf(env.stdout, "wrote %s (%d bytes)\n", out, buf.Len())
		return nil
	})
}

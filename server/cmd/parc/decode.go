package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"

	"parc/server/decode"
)

// decodeCommand runs "parc decode": it prints the barcode found in each
// image file, or why none was found.
func decodeCommand(ctx context.Context, env environment, args []string) error {
	fs := flag.NewFlagSet("parc decode", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per image and line: file, text, format and error, with null for what is absent")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Print the barcode text found in each JPEG or PNG image.

Usage: parc decode [--json] IMAGE...

Without --json, each decoded image prints "IMAGE: TEXT (FORMAT)" on standard
output, and each failure "IMAGE: error" on standard error. Formats are named
as the Barcode Detection API names them: code_128, qr_code, data_matrix,
code_39, ean_13, ean_8, upc_a, upc_e, itf. Each image gets at most %v.
The exit status is 0 when every image decoded, 1 when any failed, 2 for a
usage error.

Flags:
`, decode.Budget)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.stderr, "parc decode: missing IMAGE: give one or more image files")
		fs.Usage()
		return errUsage
	}

	failed := 0
	for _, path := range fs.Args() {
		result, err := decodeFile(ctx, path)
		if err != nil {
			failed++
		}
		if *asJSON {
			if err := printDecodeJSON(env, path, result, err); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", path, err)
			continue
		}
		fmt.Fprintf(env.stdout, "%s: %s (%s)\n", path, printable(result.Text), result.Format)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d images failed", failed, fs.NArg())
	}
	return nil
}

// decodeFile reads and decodes one image file.
func decodeFile(ctx context.Context, path string) (decode.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return decode.Result{}, err
	}
	img, err := decode.Load(data)
	if err != nil {
		return decode.Result{}, err
	}
	return decode.Decode(ctx, img)
}

// decodeLine is one line of "parc decode --json".
type decodeLine struct {
	File   string  `json:"file"`
	Text   *string `json:"text"`
	Format *string `json:"format"`
	Error  *string `json:"error"`
}

func printDecodeJSON(env environment, path string, result decode.Result, err error) error {
	line := decodeLine{File: path}
	if err != nil {
		message := err.Error()
		line.Error = &message
	} else {
		line.Text, line.Format = &result.Text, &result.Format
	}
	b, err := json.Marshal(line)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(env.stdout, "%s\n", b)
	return err
}

// printable quotes a text holding line breaks or other control
// characters, so that each image takes one line.
func printable(text string) string {
	for _, r := range text {
		if !strconv.IsPrint(r) {
			return strconv.Quote(text)
		}
	}
	return text
}

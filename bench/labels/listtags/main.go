// Command listtags prints the asset tags that a fresh Parc database
// reserves first: serials 1 to -count of -prefix, one tag a line, each
// with its check character. bench/labels/run.sh compares them with the
// barcodes decoded from the label PDFs, and feeds them to gLabels.
package main

import (
	"flag"
	"fmt"
	"os"

	"parc/labels"
)

func main() {
	prefix := flag.String("prefix", labels.DefaultPrefix, "asset tag prefix, 1 to 3 letters")
	count := flag.Int("count", 1000, "number of tags, from serial 1")
	flag.Parse()

	if *count < 1 {
		fmt.Fprintf(os.Stderr, "listtags: invalid -count %d: expected 1 or more\n", *count)
		os.Exit(2)
	}
	for serial := 1; serial <= *count; serial++ {
		tag, err := labels.NewAssetTag(*prefix, serial)
		if err != nil {
			fmt.Fprintf(os.Stderr, "listtags: %v\n", err)
			os.Exit(1)
		}
		fmt.Println(tag.String())
	}
}

// Command decodebench measures Parc's barcode decoding against zbarimg
// (zbar-tools) and ZXingReader (zxing-cpp-tools) on the zxing project's
// blackbox test images. For every image of the code128-*, qrcode-*,
// datamatrix-* and code39-* folders it runs the three decoders one after
// the other, counts a success when the text found is exactly the text of
// the NAME.txt file beside the image, and times each run. It prints a
// Markdown report with the targets' verdict.
//
// Usage: decodebench [-max-failures-listed N] FOLDER
//
// Exit status: 0 when the targets are met, 1 when a step failed, 3 when a
// target is missed.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	_ "image/gif" // a few zxing images could be GIF; Parc's upload path takes JPEG and PNG only
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"parc/server/decode"
)

// toolTimeout is the longest one run of an external decoder may take;
// past it the run counts as a failure.
const toolTimeout = 30 * time.Second

// group is a symbology and the folder prefix of its images.
type group struct {
	name, prefix string
}

var groups = []group{
	{"Code 128", "code128-"},
	{"QR Code", "qrcode-"},
	{"Data Matrix", "datamatrix-"},
	{"Code 39", "code39-"},
}

// decoder is one of the compared decoders.
type decoder struct {
	name string
	run  func(path string, want string) (bool, error)
}

// tally is the outcome of one decoder on one group.
type tally struct {
	ok       int
	times    []time.Duration
	failures []string
}

func main() {
	listed := flag.Int("max-failures-listed", 30, "maximum number of failed images listed per decoder and symbology")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: decodebench [flags] FOLDER\n\nFOLDER holds the zxing blackbox folders (code128-1, qrcode-1, ...).\n\nFlags:")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(1)
	}
	root := flag.Arg(0)

	decoders := []decoder{{"Parc (gozxing)", runParc}, {"zbarimg", runZbar}, {"ZXingReader", runZXing}}
	for _, tool := range []string{"zbarimg", "ZXingReader"} {
		if _, err := exec.LookPath(tool); err != nil {
			fmt.Fprintf(os.Stderr, "decodebench: %s not found: apt-get install zbar-tools zxing-cpp-tools\n", tool)
			os.Exit(1)
		}
	}

	results := map[string]map[string]*tally{}
	counts := map[string]int{}
	for _, g := range groups {
		images, err := imagesOf(root, g.prefix)
		if err != nil {
			fmt.Fprintf(os.Stderr, "decodebench: %v\n", err)
			os.Exit(1)
		}
		counts[g.name] = len(images)
		results[g.name] = map[string]*tally{}
		for _, d := range decoders {
			results[g.name][d.name] = &tally{}
		}
		for i, img := range images {
			want, err := os.ReadFile(strings.TrimSuffix(img, filepath.Ext(img)) + ".txt")
			if err != nil {
				fmt.Fprintf(os.Stderr, "decodebench: expected text of %s: %v\n", img, err)
				os.Exit(1)
			}
			fmt.Fprintf(os.Stderr, "\r%s %d/%d", g.name, i+1, len(images))
			for _, d := range decoders {
				start := time.Now()
				ok, err := d.run(img, string(want))
				t := results[g.name][d.name]
				t.times = append(t.times, time.Since(start))
				if ok {
					t.ok++
					continue
				}
				name, _ := filepath.Rel(root, img)
				if err != nil {
					name += " (" + err.Error() + ")"
				}
				t.failures = append(t.failures, name)
			}
		}
		fmt.Fprintln(os.Stderr)
	}

	if !report(results, counts, decoders, *listed) {
		os.Exit(3)
	}
}

// imagesOf lists the images of every folder of root whose name starts
// with prefix, sorted.
func imagesOf(root, prefix string) ([]string, error) {
	folders, err := filepath.Glob(filepath.Join(root, prefix+"*"))
	if err != nil || len(folders) == 0 {
		return nil, fmt.Errorf("no folder %s* in %s", prefix, root)
	}
	var images []string
	for _, folder := range folders {
		for _, ext := range []string{"png", "jpg", "gif"} {
			found, _ := filepath.Glob(filepath.Join(folder, "*."+ext))
			images = append(images, found...)
		}
	}
	sort.Strings(images)
	return images, nil
}

// runParc decodes path as the server does: decode.Load for JPEG and PNG,
// then decode.Decode.
func runParc(path, want string) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	img, err := decode.Load(data)
	if errors.Is(err, decode.ErrFormat) {
		img, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return false, err
	}
	r, err := decode.Decode(context.Background(), img)
	if err != nil {
		return false, nil
	}
	return r.Text == want, nil
}

// runZbar runs zbarimg, which prints each symbol's text and a newline.
func runZbar(path, want string) (bool, error) {
	out, err := runTool("zbarimg", "--raw", "-q", path)
	if err != nil && len(out) == 0 {
		return false, nil // zbarimg exits with status 4 when it finds nothing
	}
	return matches(out, want), nil
}

// runZXing runs ZXingReader, which writes the bytes of each symbol with
// -bytes. A crash counts as a failure of that image.
func runZXing(path, want string) (bool, error) {
	out, err := runTool("ZXingReader", "-bytes", path)
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && !exit.Exited() {
			return false, errors.New("crashed: " + exit.ProcessState.String())
		}
		return false, nil
	}
	return matches(out, want) || !utf8.Valid(out) && latin1(out) == want, nil
}

// matches reports whether the output of a tool is exactly want, as the
// only symbol (with or without the final newline) or as one line of
// several symbols.
func matches(out []byte, want string) bool {
	text := string(out)
	if text == want || strings.TrimSuffix(text, "\n") == want {
		return true
	}
	if strings.Contains(want, "\n") {
		return false
	}
	for _, line := range strings.Split(text, "\n") {
		if line == want {
			return true
		}
	}
	return false
}

// latin1 reads bytes as ISO-8859-1, the default character set of QR
// codes, for tools that write raw bytes.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func runTool(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout = &stdout
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("timed out after %v", toolTimeout)
	}
	return stdout.Bytes(), err
}

func median(times []time.Duration) time.Duration {
	if len(times) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), times...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// report prints the Markdown table and the verdict, and returns whether
// every target is met.
func report(results map[string]map[string]*tally, counts map[string]int, decoders []decoder, listed int) bool {
	fmt.Println("| symbology | images | " + strings.Join(names(decoders, " decoded | "), "") + " |")
	fmt.Print("|---|---:|")
	for range decoders {
		fmt.Print("---:|---:|")
	}
	fmt.Println()
	for _, g := range groups {
		fmt.Printf("| %s | %d |", g.name, counts[g.name])
		for _, d := range decoders {
			t := results[g.name][d.name]
			fmt.Printf(" %d (%.0f %%) | %.0f ms |", t.ok, 100*float64(t.ok)/float64(max(1, counts[g.name])), float64(median(t.times).Microseconds())/1000)
		}
		fmt.Println()
	}

	parc := func(g string) int { return results[g]["Parc (gozxing)"].ok }
	zbar := func(g string) int { return results[g]["zbarimg"].ok }
	dmNeeded := (3*counts["Data Matrix"] + 3) / 4
	targets := []struct {
		text string
		met  bool
	}{
		{fmt.Sprintf("Code 128: Parc %d, zbarimg %d; Parc at least as many", parc("Code 128"), zbar("Code 128")), parc("Code 128") >= zbar("Code 128")},
		{fmt.Sprintf("QR Code: Parc %d, zbarimg %d; Parc at least as many", parc("QR Code"), zbar("QR Code")), parc("QR Code") >= zbar("QR Code")},
		{fmt.Sprintf("Data Matrix: Parc %d of %d; at least %d (75 %%)", parc("Data Matrix"), counts["Data Matrix"], dmNeeded), parc("Data Matrix") >= dmNeeded},
	}
	fmt.Println("\nTargets:")
	all := true
	for _, t := range targets {
		verdict := "met"
		if !t.met {
			verdict, all = "MISSED", false
		}
		fmt.Printf("- %s: %s\n", t.text, verdict)
	}

	fmt.Println("\nFailed images:")
	for _, g := range groups {
		for _, d := range decoders {
			f := results[g.name][d.name].failures
			if len(f) == 0 {
				continue
			}
			more := ""
			if len(f) > listed {
				f, more = f[:listed], fmt.Sprintf(" and %d more", len(f)-listed)
			}
			fmt.Printf("- %s, %s: %s%s\n", g.name, d.name, strings.Join(f, ", "), more)
		}
	}
	return all
}

func names(decoders []decoder, suffix string) []string {
	out := make([]string, len(decoders))
	for i, d := range decoders {
		out[i] = d.name + suffix + d.name + " median"
		if i < len(decoders)-1 {
			out[i] += " | "
		}
	}
	return out
}

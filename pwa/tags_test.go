package pwa_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"parc/labels"
)

// tagVerdict is the result of labels.Parse or of app/tags.js for one input:
// the tag's fields when it is valid, else the reason of the error.
type tagVerdict struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
	Prefix string `json:"prefix"`
	Kind   string `json:"kind"`
	Serial int    `json:"serial"`
}

// tagCase is one input for the comparison, with the prefix given to Parse.
type tagCase struct {
	Prefix string `json:"prefix"`
	Input  string `json:"input"`
}

// tagCases lists tags built by the labels package and damaged copies of
// them: valid asset and location tags of several prefixes, every wrong
// check character of a few tags, wrong lengths, letters in the serial,
// zero serials, other prefixes and characters outside A-Z and 0-9.
func tagCases(t *testing.T) []tagCase {
	t.Helper()
	var cases []tagCase
	add := func(prefix, input string) { cases = append(cases, tagCase{prefix, input}) }

	for _, prefix := range []string{"BE", "A", "XYZ", "CCB"} {
		for _, serial := range []int{1, 7, 123, 4567, 99999, 123456, 999999} {
			asset, err := labels.NewAssetTag(prefix, serial)
			if err != nil {
				t.Fatal(err)
			}
			text := asset.String()
			add(prefix, text)
			add(prefix, strings.ToLower(text))
			add(prefix, "  "+text+"\t")
			add(prefix, text[:len(text)-1])
			add(prefix, text+"0")
			add("BE", text)
			add("Q", text)

			if serial <= labels.MaxLocationSerial {
				location, err := labels.NewLocationTag(prefix, serial)
				if err != nil {
					t.Fatal(err)
				}
				add(prefix, location.String())
				add(prefix, location.String()[:len(location.String())-1]+"Z")
			}
		}
	}

	// Every check character of two tags: one is right, 35 are wrong.
	for _, serial := range []int{123, 401} {
		asset, _ := labels.NewAssetTag("BE", serial)
		location, _ := labels.NewLocationTag("BE", serial)
		for _, c := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
			add("BE", asset.String()[:8]+string(c))
			add("BE", location.String()[:8]+string(c))
		}
	}

	for _, input := range []string{
		"", "   ", "BE", "BE0", "BEL", "BEX000123", "BE00A123W", "BE0000000", "BEL000000",
		"BE000123-", "BÉ000123W", "BE000123\u00a0", "\u0085BE000123W", "BEı00123W",
		"BEK000123", "BEL0001234", "LBE00001", "12345678", "SN-5CG1234",
	} {
		add("BE", input)
	}
	return cases
}

// goVerdict returns the result of labels.Parse for c.
func goVerdict(c tagCase) tagVerdict {
	tag, err := labels.Parse(c.Prefix, c.Input)
	var pe *labels.ParseError
	switch {
	case errors.As(err, &pe):
		return tagVerdict{Reason: string(pe.Reason)}
	case err != nil:
		return tagVerdict{Reason: "error: " + err.Error()}
	}
	return tagVerdict{Text: tag.String(), Prefix: tag.Prefix, Kind: tag.Kind.String(), Serial: tag.Serial}
}

// TestTagsMatchGo runs app/tags.js in Node on the inputs of tagCases and
// compares its verdicts with those of labels.Parse, labels.PrefixOf and
// labels.ParseAnyPrefix.
func TestTagsMatchGo(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed under CI=true: install Node.js to check app/tags.js")
		}
		t.Skip("node is not installed: skipping the check of app/tags.js")
	}
	cases := tagCases(t)
	input, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}

	script := `import('./app/tags.js').then((m) => {
		let data = '';
		process.stdin.on('data', (chunk) => { data += chunk; });
		process.stdin.on('end', () => {
			const verdict = (r) => r.tag
				? {reason: '', text: r.tag.text, prefix: r.tag.prefix, kind: r.tag.kind, serial: r.tag.serial}
				: {reason: r.error.reason, text: '', prefix: '', kind: '', serial: 0};
			const out = JSON.parse(data).map((c) => ({
				parse: verdict(m.parseTag(c.input, c.prefix)),
				any: verdict(m.parseAnyPrefix(c.input, c.prefix)),
				prefixOf: m.prefixOf(c.input),
				check: ((e) => e && e.reason === 'check' ? e.expected : '')(m.parseTag(c.input, c.prefix).error),
			}));
			console.log(JSON.stringify(out));
		});
	})`
	cmd := exec.Command("node", "--input-type=module", "-e", script)
	cmd.Stdin = strings.NewReader(string(input))
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("run app/tags.js with node: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("run app/tags.js with node: %v", err)
	}
	var js []struct {
		Parse    tagVerdict `json:"parse"`
		Any      tagVerdict `json:"any"`
		PrefixOf string     `json:"prefixOf"`
		Check    string     `json:"check"`
	}
	if err := json.Unmarshal(out, &js); err != nil {
		t.Fatalf("decode the output of app/tags.js: %v", err)
	}
	if len(js) != len(cases) {
		t.Fatalf("app/tags.js returned %d verdicts for %d inputs", len(js), len(cases))
	}

	valid, checkErrors := 0, 0
	for i, c := range cases {
		name := fmt.Sprintf("Parse(%q, %q)", c.Prefix, c.Input)
		want := goVerdict(c)
		if js[i].Parse != want {
			t.Errorf("%s: tags.js says %+v, Go says %+v", name, js[i].Parse, want)
		}
		if want.Reason == "" {
			valid++
		}

		// The message names the check character that Go's error names.
		_, err := labels.Parse(c.Prefix, c.Input)
		var pe *labels.ParseError
		if errors.As(err, &pe) && pe.Reason == labels.ReasonCheck {
			checkErrors++
			if wantText := fmt.Sprintf("expected %q", js[i].Check); !strings.Contains(err.Error(), wantText) {
				t.Errorf("%s: tags.js expects check character %q, Go's error is %q", name, js[i].Check, err)
			}
		}

		if got, want := js[i].PrefixOf, labels.PrefixOf(c.Input); got != want {
			t.Errorf("PrefixOf(%q): tags.js says %q, Go says %q", c.Input, got, want)
		}

		anyTag, anyErr := labels.ParseAnyPrefix(c.Prefix, c.Input)
		wantAny := tagVerdict{Text: anyTag.String(), Prefix: anyTag.Prefix, Kind: anyTag.Kind.String(), Serial: anyTag.Serial}
		if errors.As(anyErr, &pe) {
			wantAny = tagVerdict{Reason: string(pe.Reason)}
		}
		if js[i].Any != wantAny {
			t.Errorf("ParseAnyPrefix(%q, %q): tags.js says %+v, Go says %+v", c.Prefix, c.Input, js[i].Any, wantAny)
		}
	}
	t.Logf("compared %d inputs: %d valid, %d with a wrong check character", len(cases), valid, checkErrors)
	if valid < 50 || checkErrors < 50 {
		t.Errorf("the cases hold %d valid tags and %d wrong check characters, want at least 50 of each", valid, checkErrors)
	}
}

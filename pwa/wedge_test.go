package pwa_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"parc/labels"
)

// burstCase is one burst of keys from a hand scanner and the tag that
// app/wedge.js must read from it ("" for none).
type burstCase struct {
	Name  string   `json:"name"`
	Keys  []string `json:"keys"`
	Codes []string `json:"codes"`
	Want  string   `json:"want"`
}

// azertyCode returns the KeyboardEvent.code of the key that types r on a
// French AZERTY keyboard, where A/Q, Z/W and M/; are swapped.
func azertyCode(r rune) string {
	switch r {
	case 'A':
		return "KeyQ"
	case 'Q':
		return "KeyA"
	case 'Z':
		return "KeyW"
	case 'W':
		return "KeyZ"
	case 'M':
		return "Semicolon"
	}
	if r >= '0' && r <= '9' {
		return "Digit" + string(r)
	}
	return "Key" + string(r)
}

// qwertyCode returns the KeyboardEvent.code of the key that types r on a
// US QWERTY keyboard.
func qwertyCode(r rune) string {
	if r >= '0' && r <= '9' {
		return "Digit" + string(r)
	}
	return "Key" + string(r)
}

// azertyGarbled returns what a French AZERTY layout makes of the keys that
// a scanner set up for QWERTY presses for r.
func azertyGarbled(r rune) string {
	if r >= '0' && r <= '9' {
		return []string{"à", "&", "é", `"`, "'", "(", "-", "è", "_", "ç"}[r-'0']
	}
	swapped := map[rune]string{'A': "Q", 'Q': "A", 'Z': "W", 'W': "Z", 'M': ","}
	if s, ok := swapped[r]; ok {
		return s
	}
	return string(r)
}

// TestWedgeReadsBothLayouts runs burstTag of app/wedge.js in Node on the
// bursts of scanners set up for QWERTY and for AZERTY, on a QWERTY and an
// AZERTY computer, with tags whose letters AZERTY moves.
func TestWedgeReadsBothLayouts(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed under CI=true: install Node.js to check app/wedge.js")
		}
		t.Skip("node is not installed: skipping the check of app/wedge.js")
	}

	var cases []burstCase
	for _, prefix := range []string{"BE", "MAZ", "QW"} {
		asset, err := labels.NewAssetTag(prefix, 120345)
		if err != nil {
			t.Fatal(err)
		}
		location, err := labels.NewLocationTag(prefix, 987)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range []string{asset.String(), location.String()} {
			var keys, qwerty, azerty, garbled []string
			for _, r := range tag {
				keys = append(keys, string(r))
				qwerty = append(qwerty, qwertyCode(r))
				azerty = append(azerty, azertyCode(r))
				garbled = append(garbled, azertyGarbled(r))
			}
			cases = append(cases,
				burstCase{"QWERTY scanner, QWERTY computer: " + tag, keys, qwerty, tag},
				burstCase{"AZERTY scanner, AZERTY computer: " + tag, keys, azerty, tag},
				burstCase{"QWERTY scanner, AZERTY computer: " + tag, garbled, qwerty, tag},
			)
			// Another check character: "0", or "Z" when the tag ends in 0.
			last := "0"
			if strings.HasSuffix(tag, "0") {
				last = "Z"
			}
			wrong := tag[:len(tag)-1] + last
			var wrongCodes []string
			for _, r := range wrong {
				wrongCodes = append(wrongCodes, qwertyCode(r))
			}
			cases = append(cases, burstCase{"wrong check character: " + wrong, strings.Split(wrong, ""), wrongCodes, ""})
		}
	}
	// A 2D scanner reading a label's QR code types its URL.
	tag, err := labels.NewAssetTag("BE", 123)
	if err != nil {
		t.Fatal(err)
	}
	url := "https://parc.example/t/" + tag.String()
	var urlCodes []string
	for _, r := range strings.ToUpper(url) {
		code, ok := map[rune]string{':': "Semicolon", '/': "Slash", '.': "Period"}[r]
		if !ok {
			code = qwertyCode(r)
		}
		urlCodes = append(urlCodes, code)
	}
	cases = append(cases,
		burstCase{"QR code URL", strings.Split(url, ""), urlCodes, tag.String()},
		burstCase{"serial number", strings.Split("5CG1234XYZ", ""), strings.Split("Digit5 KeyC KeyG Digit1 Digit2 Digit3 Digit4 KeyX KeyY KeyZ", " "), ""},
		burstCase{"empty", nil, nil, ""},
	)

	input, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	script := `import('./app/wedge.js').then((m) => {
		let data = '';
		process.stdin.on('data', (chunk) => { data += chunk; });
		process.stdin.on('end', () => {
			console.log(JSON.stringify(JSON.parse(data).map((c) => m.burstTag(c.keys ?? [], c.codes ?? []))));
		});
	})`
	cmd := exec.Command("node", "--input-type=module", "-e", script)
	cmd.Stdin = strings.NewReader(string(input))
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("run app/wedge.js with node: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("run app/wedge.js with node: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("decode the output of app/wedge.js: %v", err)
	}
	if len(got) != len(cases) {
		t.Fatalf("app/wedge.js returned %d tags for %d bursts", len(got), len(cases))
	}
	for i, c := range cases {
		if got[i] != c.Want {
			t.Errorf("%s: burstTag(%q, %q) = %q, want %q", c.Name, c.Keys, c.Codes, got[i], c.Want)
		}
	}
}

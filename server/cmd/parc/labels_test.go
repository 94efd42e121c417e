package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLabelsCommand(t *testing.T) {
	dir := t.TempDir()
	data := map[string]string{"PARC_DATA": dir, "PARC_BASE_URL": "https://parc.example.org"}
	out := filepath.Join(t.TempDir(), "labels.pdf")

	r := runLive(t, data, "labels", "--template", "avery-l7651", "--count", "3", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 3 labels") || !strings.Contains(r.stdout, "BE000001F to BE000003B") {
		t.Fatalf("labels: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("labels file: %v, starts %.8q", err, b)
	}

	// The next batch follows; a reprint keeps its tag.
	r = runLive(t, data, "labels", "--template", "zebra-50x25", "--count", "2", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "BE0000049 to BE0000057") {
		t.Errorf("second batch: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = runLive(t, data, "labels", "--template", "avery-l7160", "--tags", "BE000002D", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 1 labels") {
		t.Errorf("reprint: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}

	cases := []struct {
		args []string
		want string
	}{
		{[]string{"labels", "--template", "nope", "--count", "1", "--out", out}, "Unknown label template"},
		{[]string{"labels", "--template", "avery-l7651", "--count", "0", "--out", out}, "count"},
		{[]string{"labels", "--template", "avery-l7651", "--count", "1", "--skip", "70", "--out", out}, "skip"},
		{[]string{"labels", "--template", "avery-l7651", "--tags", "BE000002X", "--out", out}, "not a valid asset tag"},
		{[]string{"labels", "--template", "avery-l7651", "--tags", "BE000500E", "--out", out}, "never printed"},
		{[]string{"labels", "--count", "1", "--out", out}, "missing --template"},
		{[]string{"labels", "--template", "avery-l7651", "--count", "1"}, "missing --out"},
		{[]string{"labels", "--template", "avery-l7651", "--calibrate", "--offset-x", "10.5"}, "out of range"},
	}
	for _, c := range cases {
		r := runLive(t, data, c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("parc %s: exit %d, stderr %q; want 1 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
	}

	// Nothing above reserved a tag: the next batch starts at serial 6.
	r = runLive(t, data, "labels", "--template", "avery-l7651", "--count", "1", "--out", out)
	if !strings.Contains(r.stdout, "BE0000065 to BE0000065") {
		t.Errorf("batch after refused ones: %q %q, want serial 6", r.stdout, r.stderr)
	}

	r = runLive(t, data, "labels", "--template", "avery-l7651", "--calibrate", "--offset-x", "0.5", "--offset-y", "-1")
	if r.code != 0 {
		t.Errorf("calibrate: exit %d %q", r.code, r.stderr)
	}
	page := filepath.Join(t.TempDir(), "test.pdf")
	r = runLive(t, data, "labels", "--template", "avery-l7651", "--test-page", "--out", page)
	if r.code != 0 || !strings.Contains(r.stdout, "x +0.5 mm, y -1.0 mm") {
		t.Errorf("test page: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = runLive(t, data, "labels", "--list-templates")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 7 {
		t.Errorf("list templates: exit %d, %q", r.code, r.stdout)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecodeCommand(t *testing.T) {
	code128 := filepath.Join("..", "..", "decode", "testdata", "zxing", "code128-1", "1.png")
	matrix := filepath.Join("..", "..", "decode", "testdata", "zxing", "datamatrix-1", "abcd-18x8.png")
	bad := filepath.Join(t.TempDir(), "notes.png")
	if err := os.WriteFile(bad, []byte("not an image"), 0o600); err != nil {
		t.Fatal(err)
	}

	r := runLive(t, nil, "decode", code128, bad, matrix)
	if r.code != 1 {
		t.Errorf("exit %d, want 1 with one bad image; stderr %q", r.code, r.stderr)
	}
	wantOut := code128 + ": 168901 (code_128)\n" + matrix + ": abcde (data_matrix)\n"
	if r.stdout != wantOut {
		t.Errorf("stdout %q, want %q", r.stdout, wantOut)
	}
	if !strings.Contains(r.stderr, bad+": not a JPEG or PNG image") || !strings.Contains(r.stderr, "1 of 3 images failed") {
		t.Errorf("stderr %q lacks the error of %s and the count", r.stderr, bad)
	}

	r = runLive(t, nil, "decode", "--json", code128, bad, matrix)
	if r.code != 1 {
		t.Errorf("--json: exit %d, want 1", r.code)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("--json: %d lines, want 3: %q", len(lines), r.stdout)
	}
	want := []map[string]any{
		{"file": code128, "text": "168901", "format": "code_128", "error": nil},
		{"file": bad, "text": nil, "format": nil, "error": "not a JPEG or PNG image"},
		{"file": matrix, "text": "abcde", "format": "data_matrix", "error": nil},
	}
	for i, line := range lines {
		var got map[string]any
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d %q: %v", i+1, line, err)
		}
		for key, value := range want[i] {
			if v, ok := got[key]; !ok || v != value {
				t.Errorf("line %d: %s = %v (present %v), want %v", i+1, key, v, ok, value)
			}
		}
	}

	r = runLive(t, nil, "decode", code128, matrix)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("good images only: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	r = runLive(t, nil, "decode")
	if r.code != 2 || !strings.Contains(r.stderr, "missing IMAGE") {
		t.Errorf("no image: exit %d, stderr %q; want 2 and the usage", r.code, r.stderr)
	}
	r = runLive(t, nil, "decode", "--help")
	if r.code != 0 || !strings.Contains(r.stderr, "exit status is 0 when every image decoded") {
		t.Errorf("--help: exit %d, stderr %q", r.code, r.stderr)
	}
}

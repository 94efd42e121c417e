package pwa_test

import (
	"os/exec"
	"testing"
)

// TestScreensJS runs the Node unit tests of screen texts: plural
// agreement and the chart's labels.
func TestScreensJS(t *testing.T) {
	needNode(t)
	out, err := exec.Command("node", "--test", "--test-reporter=tap", "testdata/screens.test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test testdata/screens.test.mjs: %v\n%s", err, out)
	}
	t.Logf("node --test testdata/screens.test.mjs:\n%s", out)
}

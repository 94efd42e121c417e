package pwa_test

import (
	"os"
	"os/exec"
	"testing"
)

// TestSyncMergeJS runs the Node unit tests of app/sync-merge.js, the rules
// of the sync engine that need no browser: how queued ops change a local
// record, what the device does with a push result, and the retry delays.
func TestSyncMergeJS(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not installed under CI=true: install Node.js to test app/sync-merge.js")
		}
		t.Skip("node is not installed: skipping the tests of app/sync-merge.js")
	}
	out, err := exec.Command("node", "--test", "--test-reporter=tap", "testdata/sync-merge.test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test testdata/sync-merge.test.mjs: %v\n%s", err, out)
	}
	t.Logf("node --test testdata/sync-merge.test.mjs:\n%s", out)
}

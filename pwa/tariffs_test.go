package pwa_test

import (
	"os/exec"
	"testing"
)

// TestTariffAmountsJS runs the Node unit tests of the tariff form's
// amounts: each is checked in euros or hours on the device.
func TestTariffAmountsJS(t *testing.T) {
	needNode(t)
	out, err := exec.Command("node", "--test", "--test-reporter=tap", "testdata/tariffs.test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test testdata/tariffs.test.mjs: %v\n%s", err, out)
	}
	t.Logf("node --test testdata/tariffs.test.mjs:\n%s", out)
}

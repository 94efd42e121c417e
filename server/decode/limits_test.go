package decode

import (
	"errors"
	"runtime"
	"testing"
)

// TestHugeHeaderAllocatesNothing checks that Load refuses a PNG whose
// header claims 100000×100000 pixels without allocating its pixels: the
// refusal costs less than one MiB where the pixels would take 40 GB.
func TestHugeHeaderAllocatesNothing(t *testing.T) {
	data := pngHeader(100000, 100000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Load(data)
	runtime.ReadMemStats(&after)

	var size *SizeError
	if !errors.As(err, &size) {
		t.Fatalf("Load of a 100000×100000 header: %v, want a *SizeError", err)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("Load of a 100000×100000 header allocated %d bytes, want under 1 MiB", allocated)
	}
}

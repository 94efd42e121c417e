package labels

import (
	"strconv"
	"strings"
	"testing"
)

func TestSetPrintScalingNoneRejectsOtherLayouts(t *testing.T) {
	docs := map[string]string{
		"no xref table":          "%PDF-1.3\n1 0 obj\n<<\n/Type /Catalog\n>>\nendobj\ntrailer\n",
		"catalog not last":       "%PDF-1.3\n1 0 obj\n<<\n/Type /Catalog\n>>\nendobj\n2 0 obj\n<<\n>>\nendobj\nxref\n0 3\ntrailer\n<<\n>>\nstartxref\n56\n%%EOF\n",
		"startxref elsewhere":    "%PDF-1.3\n1 0 obj\n<<\n/Type /Catalog\n>>\nendobj\nxref\n0 2\ntrailer\n<<\n>>\nstartxref\n3\n%%EOF\n",
		"startxref not a number": "%PDF-1.3\n1 0 obj\n<<\n/Type /Catalog\n>>\nendobj\nxref\n0 2\ntrailer\n<<\n>>\nstartxref\nx\n%%EOF\n",
	}
	for name, doc := range docs {
		if _, err := setPrintScalingNone([]byte(doc)); err == nil || !strings.Contains(err.Error(), "unexpected fpdf output") {
			t.Errorf("%s: error %v, expected unexpected fpdf output", name, err)
		}
	}
}

func TestSetPrintScalingNoneMovesOnlyStartxref(t *testing.T) {
	doc := "%PDF-1.3\n1 0 obj\n<<\n/Type /Catalog\n/Pages 2 0 R\n>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<<\n/Root 1 0 R\n>>\nstartxref\n58\n%%EOF\n"
	if got := strings.Index(doc, "xref\n0 2"); got != 58 {
		t.Fatalf("test document has its xref table at %d, expected 58", got)
	}

	out, err := setPrintScalingNone([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(doc, "/Type /Catalog", "/Type /Catalog"+printScalingNone, 1)
	want = strings.Replace(want, "%PDF-1.3", "%PDF-1.6", 1)
	want = strings.Replace(want, "startxref\n58\n", "startxref\n"+strconv.Itoa(58+len(printScalingNone))+"\n", 1)
	if string(out) != want {
		t.Errorf("setPrintScalingNone output:\n%s\nexpected:\n%s", out, want)
	}
}

package web_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/store"
	"parc/server/store/storetest"
)

// popplerTool returns the path of a poppler-utils program. It skips the
// test when the program is missing, except under CI=true, where .ci/run
// installs it and a missing program fails the test.
func popplerTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found with CI=true: .ci/run must install poppler-utils", name)
	}
	t.Skipf("%s not found: install poppler-utils to run this test", name)
	return ""
}

// writePDF writes a PDF to a temporary file and returns its path.
func writePDF(t *testing.T, pdf string) string {
	t.Helper()
	if !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("not a PDF: %.40q", pdf)
	}
	path := filepath.Join(t.TempDir(), "bon.pdf")
	if err := os.WriteFile(path, []byte(pdf), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pdfText returns the text of a PDF's pages first to last, or of every
// page when last is 0, as pdftotext reads it.
func pdfText(t *testing.T, pdf string, first, last int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8", "-f", strconv.Itoa(first)}
	if last > 0 {
		args = append(args, "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(popplerTool(t, "pdftotext"), append(args, writePDF(t, pdf), "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// With -layout, pdftotext keeps a label and its value on one line,
	// apart by spaces: compare words only.
	return strings.Join(strings.Fields(string(out)), " ")
}

// pdfImage is one line of pdfimages -list.
type pdfImage struct {
	page          int
	kind          string
	width, height int
}

// pdfImages lists the images of a PDF with pdfimages -list.
func pdfImages(t *testing.T, pdf string) []pdfImage {
	t.Helper()
	out, err := exec.Command(popplerTool(t, "pdfimages"), "-list", writePDF(t, pdf)).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	var images []pdfImage
	for _, line := range strings.Split(string(out), "\n")[2:] {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		page, _ := strconv.Atoi(f[0])
		width, _ := strconv.Atoi(f[3])
		height, _ := strconv.Atoi(f[4])
		images = append(images, pdfImage{page: page, kind: f[2], width: width, height: height})
	}
	return images
}

// pageCount returns the number of pages that pdfinfo... reads from the
// "Page 1 sur N" of the first page's footer.
func pageCount(t *testing.T, text string) int {
	t.Helper()
	i := strings.Index(text, "Page 1 sur ")
	if i < 0 {
		t.Fatalf("no page number in %q", text)
	}
	n, err := strconv.Atoi(strings.Fields(text[i+len("Page 1 sur "):])[0])
	if err != nil {
		t.Fatalf("page count: %v", err)
	}
	return n
}

func TestWorkOrderSignatureAndPDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		committee := tech.as(t, "comite@demo.invalid")
		school := siteOf(t, s, "apprieu", "school")
		siteName := dbValue[string](t, s, "SELECT name FROM sites WHERE id = ?", school)
		techName := dbValue[string](t, s, "SELECT name FROM users WHERE email = ?", "technicien@demo.invalid")
		expect(t, "set the organisation", tech.do(t, http.MethodPatch, "/api/v1/settings",
			`{"organisation_name":"Service informatique de Bièvre Est","label_owner":"Propriété CCBE — SI mutualisé"}`), http.StatusOK)

		request := create(t, apprieu, "requests", `{"site_id":"`+school.String()+`","category":"reinstall","urgency":"blocking","description":"Le poste de la classe de CM2 ne démarre plus"}`)
		assetIDs := assetsAt(t, s, school, 2)
		var tags []string
		for _, id := range assetIDs {
			a := decodeRecord(t, tech.get(t, "/api/v1/assets/"+id))
			if tag, ok := a["tag"].(string); ok {
				tags = append(tags, tag)
			}
		}
		signature := uploaded(t, tech, "signature", "signature.png", testSignature(t, 600, 200))
		photo := uploaded(t, tech, "photo", "photo.jpg", testPhoto(t, 320, 240))

		wo := create(t, tech, "work-orders", `{"request_id":"`+request.id()+`","asset_ids":["`+strings.Join(assetIDs, `","`)+`"],`+
			`"minutes":90,"travel_minutes":20,"checklist":["updates_installed","antivirus_checked"],`+
			`"checklist_other":["Câble réseau remplacé"],"status":"in_progress"}`)
		if wo["pdf_file_id"] != nil {
			t.Errorf("a work order in progress has a PDF: %v", wo["pdf_file_id"])
		}

		// The signature must be a stored signature, with the signer's name.
		for _, tc := range []struct{ name, members, field, want string }{
			{"a photo", `"signature_file_id":"` + photo.id() + `","signed_by":"Mme Durand"`, "signature_file_id", "« photo »"},
			{"an unknown file", `"signature_file_id":"01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f","signed_by":"Mme Durand"`, "signature_file_id", "01938a5c-7b2e-7c4d-9a1f-3e5b6c7d8e9f"},
			{"no name", `"signature_file_id":"` + signature.id() + `"`, "signed_by", "nom de la personne présente"},
		} {
			r := tech.do(t, http.MethodPatch, "/api/v1/work-orders/"+wo.id(), `{"version":`+strconv.Itoa(wo.version())+`,`+tc.members+`}`)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(decodeError(t, r).Error.Fields[tc.field], tc.want) {
				t.Errorf("signature with %s: %d %s", tc.name, r.status, r.body)
			}
		}

		// Closing with the signature stores the PDF, which the request's
		// correspondent downloads.
		done := patch(t, tech, "work-orders", wo, `"status":"done","summary":"Poste réinstallé, mises à jour faites","signed_by":"Mme Durand","signature_file_id":"`+signature.id()+`"`)
		pdfID, _ := done["pdf_file_id"].(string)
		if pdfID == "" || done["signature_file_id"] != signature.id() || done["signed_by"] != "Mme Durand" {
			t.Fatalf("closed work order: %v", done)
		}
		if status := requestStatus(t, apprieu, request.id()); status != "done" {
			t.Errorf("request after closing: %s, want done", status)
		}
		listed := apprieu.get(t, "/api/v1/work-orders?request_id="+request.id())
		if !strings.Contains(listed.body, `"pdf_file_id":"`+pdfID+`"`) {
			t.Errorf("the request's work orders lack the PDF: %s", listed.body)
		}
		r := apprieu.get(t, "/api/v1/files/"+pdfID)
		expect(t, "GET the PDF as the correspondent", r, http.StatusOK)
		if r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("PDF headers: %v", r.header)
		}
		for _, id := range []string{pdfID, signature.id()} {
			if r := chabons.get(t, "/api/v1/files/"+id); r.status != http.StatusNotFound {
				t.Errorf("file %s of Apprieu read by Châbons: %d", id, r.status)
			}
			if r := committee.get(t, "/api/v1/files/"+id); r.status != http.StatusOK {
				t.Errorf("file %s read by the committee: %d", id, r.status)
			}
		}
		if r := chabons.get(t, "/api/v1/work-orders/"+wo.id()+"/pdf"); r.status != http.StatusNotFound {
			t.Errorf("PDF of Apprieu rendered for Châbons: %d", r.status)
		}

		text := pdfText(t, r.body, 1, 1)
		for _, want := range append([]string{
			"Bon d'intervention", "Service informatique de Bièvre Est", "Propriété CCBE — SI mutualisé",
			"Commune Apprieu", siteName + " (école)", "Réinstallation d'un poste", "bloquante",
			"Le poste de la classe de CM2 ne démarre plus", "Temps de travail 1 h 30", "Temps de déplacement 20 min",
			"Mises à jour installées", "Antivirus vérifié", "Câble réseau remplacé", "Poste réinstallé, mises à jour faites",
			"Intervenant Personne présente", techName + " Mme Durand", "Page 1 sur 1",
		}, tags...) {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q: %s", want, text)
			}
		}
		images := pdfImages(t, r.body)
		if len(images) == 0 || images[0].page != 1 || images[0].kind != "image" || images[0].width != 600 || images[0].height != 200 {
			t.Errorf("images of the PDF: %+v, want the 600×200 signature on page 1", images)
		}

		// The PDF in its current state, for any user who reads the work
		// order, in the caller's language.
		live := committee.get(t, "/api/v1/work-orders/"+wo.id()+"/pdf")
		expect(t, "GET the live PDF", live, http.StatusOK)
		wantName := `attachment; filename="bon-intervention-` + done["worked_on"].(string) + `-apprieu.pdf"`
		if live.header.Get("Content-Disposition") != wantName {
			t.Errorf("live PDF: Content-Disposition %q, want %q", live.header.Get("Content-Disposition"), wantName)
		}
		english := pdfText(t, tech.get(t, "/api/v1/work-orders/"+wo.id()+"/pdf", "Accept-Language", "en-GB,en;q=0.9").body, 1, 0)
		for _, want := range []string{"Work order", "PC reinstallation", "Technician Person present", "Page 1 of 1"} {
			if !strings.Contains(english, want) {
				t.Errorf("the English PDF lacks %q: %s", want, english)
			}
		}

		// A change to a done work order stores a new PDF; the old one
		// stays readable by its creator only.
		fixed := patch(t, tech, "work-orders", done, `"summary":"Poste réinstallé et imprimante testée"`)
		if fixed["pdf_file_id"] == nil || fixed["pdf_file_id"] == pdfID {
			t.Errorf("PDF after a change: %v, want a new one", fixed["pdf_file_id"])
		}
		if !strings.Contains(pdfText(t, apprieu.get(t, "/api/v1/files/"+fixed["pdf_file_id"].(string)).body, 1, 0), "imprimante testée") {
			t.Error("the new PDF lacks the new summary")
		}
		if r := apprieu.get(t, "/api/v1/files/"+pdfID); r.status != http.StatusNotFound {
			t.Errorf("replaced PDF read by the correspondent: %d", r.status)
		}
	})
}

func TestWorkOrderPDFLongKeepsSignatureOnFirstPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		signature := uploaded(t, tech, "signature", "signature.png", testSignature(t, 800, 300))

		// Notes and a summary of about 3,900 characters each fill more
		// than the first page.
		long := strings.TrimSpace(strings.Repeat("Remplacement de la barrette mémoire et vérification du disque. ", 62))
		wo := create(t, tech, "work-orders", workOrderBody(school, `,"status":"in_progress","minutes":45,"notes":"`+long+`"`))
		done := patch(t, tech, "work-orders", wo, `"status":"done","summary":"`+long+`","signed_by":"M. Lefèvre","signature_file_id":"`+signature.id()+`"`)
		pdf := tech.get(t, "/api/v1/files/"+done["pdf_file_id"].(string)).body

		first := pdfText(t, pdf, 1, 1)
		if n := pageCount(t, first); n < 2 {
			t.Fatalf("the long work order takes %d page, want at least 2", n)
		}
		for _, want := range []string{"Personne présente", "M. Lefèvre", "Intervention sans demande préalable", "Temps de travail 45 min"} {
			if !strings.Contains(first, want) {
				t.Errorf("page 1 lacks %q: %s", want, first)
			}
		}
		if later := pdfText(t, pdf, 2, 0); !strings.Contains(later, "Page 2 sur") || !strings.Contains(later, "(suite)") || strings.Contains(later, "M. Lefèvre") {
			t.Errorf("pages after the first: %s", later)
		}
		images := pdfImages(t, pdf)
		if len(images) == 0 {
			t.Fatal("the PDF has no image")
		}
		for _, img := range images {
			if img.page != 1 {
				t.Errorf("image on page %d, want every image on page 1: %+v", img.page, img)
			}
		}
	})
}

func TestWorkOrderClosedThroughSyncGetsPDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		school := siteOf(t, s, "apprieu", "school")
		signature := uploaded(t, tech, "signature", "signature.png", testSignature(t, 500, 200))

		id := uuid.Must(uuid.NewV7())
		results := tech.push(t, "tech-phone",
			newOp("work_order", id, map[string]any{"site_id": school.String(), "category": "virus", "minutes": 30, "status": "in_progress"}),
			newOp("work_order", id, map[string]any{"status": "done", "summary": "Virus supprimé", "signed_by": "M. Girard", "signature_file_id": signature.id()}),
		)
		if results[1].Status != "applied" || results[1].Fields["pdf_file_id"] == nil || results[1].Fields["signature_file_id"] != signature.id() {
			t.Fatalf("closing through sync: %+v", results[1])
		}
		pdf := tech.get(t, "/api/v1/files/"+results[1].Fields["pdf_file_id"].(string))
		expect(t, "GET the PDF of a synced work order", pdf, http.StatusOK)
		if text := pdfText(t, pdf.body, 1, 1); !strings.Contains(text, "M. Girard") || !strings.Contains(text, "Suppression de virus") {
			t.Errorf("PDF of the synced work order: %s", text)
		}
	})
}

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"parc/server/store"
)

// Shape of the writes during the backup: roomWriters clients create rooms
// and one uploads signatures, each at most backupMaxWrites times, and the
// backup starts once backupAcksFirst writes are acknowledged.
const (
	roomWriters     = 3
	backupMaxWrites = 300
	backupAcksFirst = 30
)

// storedFile is a file that the server acknowledged, with its SHA-256.
type storedFile struct {
	id, sum string
}

// acknowledged collects the writes that returned 201 before the backup
// began.
type acknowledged struct {
	started atomic.Bool
	acks    chan struct{}

	mu    sync.Mutex
	rooms []string
	files []storedFile
}

func (a *acknowledged) room(id string) {
	before := !a.started.Load()
	a.mu.Lock()
	if before {
		a.rooms = append(a.rooms, id)
	}
	a.mu.Unlock()
	a.acks <- struct{}{}
}

func (a *acknowledged) file(f storedFile) {
	before := !a.started.Load()
	a.mu.Lock()
	if before {
		a.files = append(a.files, f)
	}
	a.mu.Unlock()
	a.acks <- struct{}{}
}

func TestBackupDuringAPIWritesRestores(t *testing.T) {
	dir := t.TempDir()
	p := startParc(t, "--demo", "--data", dir)
	api := loginTechnician(t, p)
	site := firstSite(t, api)
	first, err := api.uploadSignature(0)
	if err != nil {
		t.Fatal(err)
	}

	ack := &acknowledged{acks: make(chan struct{}, (roomWriters+1)*backupMaxWrites)}
	ack.file(first)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range roomWriters {
		wg.Go(func() {
			for i := range backupMaxWrites {
				select {
				case <-stop:
					return
				default:
				}
				id, err := api.createRoom(site, fmt.Sprintf("Salle sauvegarde %d-%d", w, i))
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				ack.room(id)
			}
		})
	}
	wg.Go(func() {
		for i := 1; i <= backupMaxWrites; i++ {
			select {
			case <-stop:
				return
			default:
			}
			f, err := api.uploadSignature(i)
			if err != nil {
				t.Errorf("uploader: %v", err)
				return
			}
			ack.file(f)
		}
	})
	writersDone := make(chan struct{})
	go func() { wg.Wait(); close(writersDone) }()
	for range backupAcksFirst {
		select {
		case <-ack.acks:
		case <-writersDone:
			t.Fatal("writers stopped before the backup began")
		}
	}

	ack.started.Store(true)
	archive := filepath.Join(t.TempDir(), "parc-during-writes.tar.gz")
	out, err := parcCommand(t, "backup", archive, "--data", dir)
	close(stop)
	<-writersDone
	if err != nil || !strings.Contains(out, "wrote "+archive) {
		t.Fatalf("parc backup while the server writes: %v\n%s", err, out)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	if out, err := parcCommand(t, "restore", "--data", restored, archive); err != nil {
		t.Fatalf("parc restore: %v\n%s", err, out)
	}
	t.Logf("%d rooms and %d files acknowledged before the backup began", len(ack.rooms), len(ack.files))
	checkRestoredDatabase(t, restored, ack)

	// A server started on the restored folder serves the records.
	q := startParc(t, "--data", restored)
	again := loginTechnician(t, q)
	again.checkFile(t, first)
	var room map[string]any
	getJSON(t, q.baseURL+"/api/v1/rooms/"+ack.rooms[0], again.cookie, &room)
}

// checkRestoredDatabase checks the restored folder directly: the
// integrity of its database, and every acknowledged room and file, the
// bytes of files included.
func checkRestoredDatabase(t *testing.T, dir string, ack *acknowledged) {
	t.Helper()
	db := openSQLite(t, filepath.Join(dir, store.SQLiteFile))
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v; want ok", result, err)
	}

	for _, id := range ack.rooms {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM rooms WHERE id = ?", id).Scan(&n); err != nil || n != 1 {
			t.Errorf("room %s acknowledged before the backup: %d rows, %v", id, n, err)
		}
	}
	for _, f := range ack.files {
		var sum string
		if err := db.QueryRow("SELECT sha256 FROM files WHERE id = ?", f.id).Scan(&sum); err != nil || sum != f.sum {
			t.Errorf("file %s acknowledged before the backup: sha256 %q, %v; want %s", f.id, sum, err, f.sum)
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "files", f.sum[:2], f.sum[2:]))
		if got := sha256.Sum256(data); err != nil || hex.EncodeToString(got[:]) != f.sum {
			t.Errorf("bytes of file %s: %v, SHA-256 %x; want %s", f.id, err, got, f.sum)
		}
	}
}

// parcCommand runs the parc binary with args and returns its output.
func parcCommand(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(parcBinary(t), args...)
	cmd.Env = environWithoutParc()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// apiClient sends the requests of a logged-in technician.
type apiClient struct {
	baseURL, cookie, csrf string
	client                *http.Client
}

func loginTechnician(t *testing.T, p *parcProcess) apiClient {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	body := strings.NewReader(`{"email":"technicien@demo.invalid","password":"parc-demo"}`)
	resp, err := client.Post(p.baseURL+"/api/v1/session", "application/json", body)
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	defer resp.Body.Close()
	var session struct {
		CSRF string `json:"csrf_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&session); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("log in: status %d, %v", resp.StatusCode, err)
	}
	i := slices.IndexFunc(resp.Cookies(), func(c *http.Cookie) bool { return c.Name == "parc_session" })
	if i < 0 || session.CSRF == "" {
		t.Fatal("log in: no session cookie or CSRF token")
	}
	c := resp.Cookies()[i]
	return apiClient{baseURL: p.baseURL, cookie: c.Name + "=" + c.Value, csrf: session.CSRF, client: client}
}

// post sends a state-changing request and decodes its 201 response into
// v. The writers call it from their own goroutines, so it returns errors
// instead of failing the test.
func (a apiClient) post(path, contentType string, body []byte, v any) error {
	req, err := http.NewRequest(http.MethodPost, a.baseURL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Cookie", a.cookie)
	req.Header.Set("X-CSRF-Token", a.csrf)
	req.Header.Set("Content-Type", contentType)
	resp, err := a.client.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST %s: status %d, want 201 (%v): %.300s", path, resp.StatusCode, err, data)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("POST %s: decode %.300s: %w", path, data, err)
	}
	return nil
}

func (a apiClient) createRoom(siteID, name string) (string, error) {
	body, err := json.Marshal(map[string]string{"site_id": siteID, "name": name})
	if err != nil {
		return "", err
	}
	var room struct {
		ID string `json:"id"`
	}
	err = a.post("/api/v1/rooms", "application/json", body, &room)
	return room.ID, err
}

// uploadSignature uploads the n-th test signature, a real PNG.
func (a apiClient) uploadSignature(n int) (storedFile, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("kind", "signature")
	part, err := w.CreateFormFile("file", fmt.Sprintf("signature-%d.png", n))
	if err != nil {
		return storedFile{}, err
	}
	if err := png.Encode(part, signatureImage(n)); err != nil {
		return storedFile{}, err
	}
	if err := w.Close(); err != nil {
		return storedFile{}, err
	}
	var f struct {
		ID     string `json:"id"`
		SHA256 string `json:"sha256"`
	}
	err = a.post("/api/v1/files", w.FormDataContentType(), b.Bytes(), &f)
	return storedFile{id: f.ID, sum: f.SHA256}, err
}

// checkFile fails the test unless GET /api/v1/files/{id} returns the
// bytes of f.
func (a apiClient) checkFile(t *testing.T, f storedFile) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.baseURL+"/api/v1/files/"+f.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Cookie", a.cookie)
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatalf("GET file %s: %v", f.id, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	sum := sha256.Sum256(data)
	if err != nil || resp.StatusCode != http.StatusOK || hex.EncodeToString(sum[:]) != f.sum {
		t.Errorf("GET file %s after restore: status %d, %v, SHA-256 %x; want 200 and %s", f.id, resp.StatusCode, err, sum, f.sum)
	}
}

func firstSite(t *testing.T, a apiClient) string {
	t.Helper()
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	getJSON(t, a.baseURL+"/api/v1/sites?limit=1", a.cookie, &page)
	if len(page.Items) == 0 {
		t.Fatal("the demo server lists no site")
	}
	return page.Items[0].ID
}

// signatureImage returns a 600 × 200 image with a dark stroke whose
// place depends on n, so that each n below 7500 gives other pixels.
func signatureImage(n int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, 600, 200))
	top, left := 20+n%150, 50+(n/150)%50
	for x := left; x < left+400; x++ {
		y := top + (x%40)/4
		for dy := range 4 {
			img.SetNRGBA(x, y+dy, color.NRGBA{20, 20, 90, 255})
		}
	}
	return img
}

func TestBackupCommandLine(t *testing.T) {
	t.Chdir(t.TempDir())
	vars := map[string]string{"PARC_DATA": t.TempDir(), "PARC_ADDR": "127.0.0.1:0"}
	const secretURL = "postgres://parc:hunter2@db.invalid/parc"
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{name: "help lists both commands", args: []string{"--help"}, wantStdout: []string{"backup ", "restore "}},
		{name: "backup help", args: []string{"backup", "--help"}, wantStderr: []string{"Usage: parc backup FILE [flags]", "-data"}},
		{name: "restore help", args: []string{"restore", "--help"}, wantStderr: []string{"Usage: parc restore FILE [flags]", "-force"}},
		{name: "backup without FILE", args: []string{"backup", "--data", "x"}, wantCode: 2, wantStderr: []string{"missing FILE"}},
		{name: "restore without FILE", args: []string{"restore"}, wantCode: 2, wantStderr: []string{"missing FILE"}},
		{name: "two files", args: []string{"backup", "a.tar.gz", "b.tar.gz"}, wantCode: 2, wantStderr: []string{`unexpected argument "b.tar.gz"`}},
		{name: "backup on PostgreSQL", args: []string{"backup", "a.tar.gz", "--database-url", secretURL}, wantCode: 1,
			wantStderr: []string{"pg_dump --format=custom", "PARC_DATABASE_URL"}},
		{name: "restore on PostgreSQL", args: []string{"restore", "--database-url", secretURL, "a.tar.gz"}, wantCode: 1,
			wantStderr: []string{"pg_restore", "PARC_DATABASE_URL"}},
		{name: "backup without database", args: []string{"backup", "a.tar.gz"}, wantCode: 1, wantStderr: []string{"no database to back up", "--data"}},
		{name: "restore of a missing file", args: []string{"restore", "missing.tar.gz"}, wantCode: 1, wantStderr: []string{"missing.tar.gz"}},
		{name: "backup interval too short", args: []string{"serve", "--backup-every", "10s"}, wantCode: 1,
			wantStderr: []string{"--backup-every", "PARC_BACKUP_EVERY", `"10s"`}},
		{name: "no backup kept", args: []string{"serve", "--backup-keep", "0"}, wantCode: 1,
			wantStderr: []string{"--backup-keep", "PARC_BACKUP_KEEP", `"0"`}},
		{name: "periodic backups on PostgreSQL", args: []string{"serve", "--backup-every", "24h", "--database-url", secretURL}, wantCode: 1,
			wantStderr: []string{"PARC_BACKUP_EVERY", "pg_dump"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runCLI(t, vars, tc.args...)

			if got.code != tc.wantCode {
				t.Errorf("parc %q: exit status = %d, want %d\nstderr: %s", tc.args, got.code, tc.wantCode, got.stderr)
			}
			for _, s := range tc.wantStdout {
				if !strings.Contains(got.stdout, s) {
					t.Errorf("parc %q: stdout lacks %q:\n%s", tc.args, s, got.stdout)
				}
			}
			for _, s := range tc.wantStderr {
				if !strings.Contains(got.stderr, s) {
					t.Errorf("parc %q: stderr lacks %q:\n%s", tc.args, s, got.stderr)
				}
			}
			if strings.Contains(got.stdout+got.stderr, "hunter2") {
				t.Errorf("parc %q: output shows the database password:\n%s%s", tc.args, got.stdout, got.stderr)
			}
		})
	}
}

func TestCutFileFindsFileAnywhere(t *testing.T) {
	force := func(fs *flag.FlagSet) { fs.Bool("force", false, "") }
	tests := []struct {
		args     []string
		wantFile string
		wantRest []string
	}{
		{args: []string{"a.tar.gz", "--data", "d"}, wantFile: "a.tar.gz", wantRest: []string{"--data", "d"}},
		{args: []string{"--data", "d", "a.tar.gz"}, wantFile: "a.tar.gz", wantRest: []string{"--data", "d"}},
		{args: []string{"--force", "a.tar.gz"}, wantFile: "a.tar.gz", wantRest: []string{"--force"}},
		{args: []string{"--data=d", "a.tar.gz", "b"}, wantFile: "a.tar.gz", wantRest: []string{"--data=d", "b"}},
		{args: []string{"--data", "d"}, wantFile: "", wantRest: []string{"--data", "d"}},
		{args: []string{"--", "-odd.tar.gz"}, wantFile: "-odd.tar.gz", wantRest: []string{"--"}},
	}
	for _, tc := range tests {
		file, rest := cutFile(tc.args, dbOptions, force)
		if file != tc.wantFile || !slices.Equal(rest, tc.wantRest) {
			t.Errorf("cutFile(%q) = %q, %q; want %q, %q", tc.args, file, rest, tc.wantFile, tc.wantRest)
		}
	}
}

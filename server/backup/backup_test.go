package backup

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"parc/server/files"
)

// Shape of the concurrent writes: writers goroutines store files until
// the backup is done, each at most maxWrites, and the backup starts once
// writesBeforeBackup of them are acknowledged.
const (
	writers            = 4
	maxWrites          = 500
	writesBeforeBackup = 40
)

// write is one stored file and whether Save returned before the backup
// began.
type write struct {
	file         files.File
	data         []byte
	beforeBackup bool
}

func TestBackupDuringWritesKeepsAcknowledged(t *testing.T) {
	d := newDeployment(t)
	ctx := context.Background()

	var started atomic.Bool
	stop := make(chan struct{})
	acks := make(chan struct{}, writers*maxWrites)
	results := make([][]write, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range maxWrites {
				select {
				case <-stop:
					return
				default:
				}
				data := fmt.Appendf(nil, "%%PDF-1.4 writer %d write %d", w, i)
				f, err := d.files.Save(ctx, d.user, files.Content{Kind: files.KindWorkOrderPDF, ContentType: files.TypePDF, Data: data})
				if err != nil {
					t.Errorf("writer %d: save: %v", w, err)
					return
				}
				// Read after Save returned: true means the write was
				// acknowledged before the backup began.
				results[w] = append(results[w], write{file: f, data: data, beforeBackup: !started.Load()})
				acks <- struct{}{}
			}
		})
	}
	writersDone := make(chan struct{})
	go func() { wg.Wait(); close(writersDone) }()
	for range writesBeforeBackup {
		select {
		case <-acks:
		case <-writersDone:
			t.Fatal("writers stopped before the backup began")
		}
	}

	started.Store(true)
	path := filepath.Join(t.TempDir(), "during-writes"+Suffix)
	res, err := Create(ctx, Options{DataDir: d.st.DataDir, Path: path, ParcVersion: "test"})
	close(stop)
	<-writersDone
	if err != nil {
		t.Fatalf("Create during writes: %v", err)
	}
	if len(res.Manifest.MissingFiles) != 0 {
		t.Errorf("manifest lists missing files %v, want none: every row's bytes are stored before it commits", res.Manifest.MissingFiles)
	}

	target := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(ctx, RestoreOptions{Archive: path, DataDir: target, Log: discard()}); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	restored := openRestored(t, target)
	checkIntegrityOK(t, restored.DB.DB)

	before, total := 0, 0
	restoredFiles := files.New(restored)
	for w := range writers {
		total += len(results[w])
		for _, wr := range results[w] {
			if !wr.beforeBackup {
				continue
			}
			before++
			row, err := files.FileByID(ctx, restored.Reader, wr.file.ID)
			if err != nil {
				t.Errorf("file %s acknowledged before the backup: %v", wr.file.ID, err)
				continue
			}
			got, err := restoredFiles.Bytes(ctx, restored.Reader, row)
			if err != nil || !bytes.Equal(got, wr.data) {
				t.Errorf("bytes of file %s = %q, %v; want %q", wr.file.ID, got, err, wr.data)
			}
		}
	}
	t.Logf("%d writes acknowledged before the backup began, %d in all", before, total)
	if before < writesBeforeBackup {
		t.Errorf("%d writes acknowledged before the backup, want at least %d", before, writesBeforeBackup)
	}
	if res.Manifest.FileCount() < before {
		t.Errorf("archive holds %d files, fewer than the %d acknowledged before it", res.Manifest.FileCount(), before)
	}
}

func TestRestoreRejectsFlippedMemberByte(t *testing.T) {
	d := newDeployment(t)
	data := randomBytes(t, 4096)
	f := d.save(t, data)
	path := backupOf(t, d)

	// Flip one byte of the stored file inside the tar, then compress
	// again, so that only the member's SHA-256 can catch it.
	members := readMembers(t, path)
	flipped := false
	for i := range members {
		if at := bytes.Index(members[i].data, data); at >= 0 {
			members[i].data[at+100] ^= 0x01
			flipped = true
		}
	}
	if !flipped {
		t.Fatal("stored file not found in the archive")
	}
	writeMembers(t, path, members)

	target := filepath.Join(t.TempDir(), "restored")
	_, err := Restore(context.Background(), RestoreOptions{Archive: path, DataDir: target, Log: discard()})
	if err == nil {
		t.Fatal("Restore of an archive with a flipped byte succeeded")
	}
	for _, want := range []string{path, fileMember(f.SHA256), "SHA-256", "use another backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	checkNothingRestored(t, target)
}

func TestRestoreRejectsDamagedArchive(t *testing.T) {
	d := newDeployment(t)
	for range 3 {
		d.save(t, randomBytes(t, 64<<10))
	}
	path := backupOf(t, d)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range readMembers(t, path) {
		names = append(names, m.name)
	}

	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	tests := []struct {
		name string
		data []byte
	}{
		{name: "one byte flipped in the compressed stream", data: flipped},
		{name: "truncated to two thirds", data: good[:len(good)*2/3]},
		{name: "last byte cut", data: good[:len(good)-1]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			damaged := filepath.Join(t.TempDir(), "damaged"+Suffix)
			if err := os.WriteFile(damaged, tc.data, 0o640); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(t.TempDir(), "restored")

			_, err := Restore(context.Background(), RestoreOptions{Archive: damaged, DataDir: target, Log: discard()})
			if err == nil {
				t.Fatal("Restore of a damaged archive succeeded")
			}
			if !strings.Contains(err.Error(), damaged) {
				t.Errorf("error %q does not name the archive %s", err, damaged)
			}
			if !namesMember(err.Error(), names) {
				t.Errorf("error %q names none of the members %v", err, names)
			}
			checkNothingRestored(t, target)
		})
	}
}

// namesMember reports whether msg contains "member NAME" for one of names.
func namesMember(msg string, names []string) bool {
	for _, name := range names {
		if strings.Contains(msg, "member "+name) {
			return true
		}
	}
	return false
}

func TestRestoreRejectsWrongManifest(t *testing.T) {
	d := newDeployment(t)
	d.save(t, []byte("%PDF-1.4 manifest test"))

	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{name: "newer schema", want: "newer than the newest built into this Parc", edit: func(s string) string {
			return replaceField(t, s, "schema_version", `"99991231235959"`)
		}},
		{name: "later format", want: "format is 2", edit: func(s string) string {
			return replaceField(t, s, "format", "2")
		}},
		{name: "other engine", want: `"postgres" database`, edit: func(s string) string {
			return replaceField(t, s, "engine", `"postgres"`)
		}},
		{name: "member outside files", want: "not a stored file named by its SHA-256", edit: func(s string) string {
			return strings.Replace(s, `"name": "files/`, `"name": "../`, 1)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := backupOf(t, d)
			rewriteManifest(t, path, tc.edit)
			target := filepath.Join(t.TempDir(), "restored")

			_, err := Restore(context.Background(), RestoreOptions{Archive: path, DataDir: target, Log: discard()})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Restore error = %v, want one containing %q", err, tc.want)
			}
			checkNothingRestored(t, target)
		})
	}
}

func TestRestoreIntoNonEmptyFolder(t *testing.T) {
	d := newDeployment(t)
	data := []byte("%PDF-1.4 restored over an old folder")
	f := d.save(t, data)
	path := backupOf(t, d)
	target := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(target, 0o750); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(target, "old.txt")
	if err := os.WriteFile(old, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}

	_, err := Restore(context.Background(), RestoreOptions{Archive: path, DataDir: target, Log: discard()})
	if err == nil || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), target) {
		t.Fatalf("Restore into a non-empty folder: error = %v, want a refusal naming %s and --force", err, target)
	}
	if _, err := os.Stat(old); err != nil {
		t.Fatalf("old file after a refused restore: %v", err)
	}

	res, err := Restore(context.Background(), RestoreOptions{Archive: path, DataDir: target, Force: true, Log: discard()})
	if err != nil {
		t.Fatalf("Restore with Force: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(res.Replaced, "old.txt")); err != nil || string(got) != "old" {
		t.Errorf("old folder kept as %q: old.txt = %q, %v", res.Replaced, got, err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old.txt still in the restored folder (%v)", err)
	}
	restored := openRestored(t, target)
	row, err := files.FileByID(context.Background(), restored.Reader, f.ID)
	if err != nil {
		t.Fatalf("restored file row: %v", err)
	}
	if got, err := files.New(restored).Bytes(context.Background(), restored.Reader, row); err != nil || !bytes.Equal(got, data) {
		t.Errorf("restored bytes = %q, %v; want %q", got, err, data)
	}
}

func TestBackupListsMissingFiles(t *testing.T) {
	d := newDeployment(t)
	kept := d.save(t, []byte("%PDF-1.4 kept"))
	lost := d.save(t, []byte("%PDF-1.4 lost"))
	if err := os.Remove(filepath.Join(files.Dir(d.st.DataDir), lost.SHA256[:2], lost.SHA256[2:])); err != nil {
		t.Fatal(err)
	}
	log, logged := bufferLog()

	path := filepath.Join(t.TempDir(), "missing"+Suffix)
	res, err := Create(context.Background(), Options{DataDir: d.st.DataDir, Path: path, ParcVersion: "test", Log: log})
	if err != nil {
		t.Fatalf("Create with a missing stored file: %v", err)
	}
	if len(res.Manifest.MissingFiles) != 1 || res.Manifest.MissingFiles[0].SHA256 != lost.SHA256 {
		t.Errorf("missing files = %+v, want only %s", res.Manifest.MissingFiles, lost.SHA256)
	}
	if res.Manifest.FileCount() != 1 || res.Manifest.Members[1].Name != fileMember(kept.SHA256) {
		t.Errorf("members = %+v, want the database and %s", res.Manifest.Members, fileMember(kept.SHA256))
	}
	if !strings.Contains(logged.String(), "stored file left out of the backup") || !strings.Contains(logged.String(), lost.SHA256) {
		t.Errorf("log lacks the warning about %s:\n%s", lost.SHA256, logged)
	}
}

func TestBackupRejectsOtherSuffix(t *testing.T) {
	d := newDeployment(t)
	path := filepath.Join(t.TempDir(), "parc.db")
	_, err := Create(context.Background(), Options{DataDir: d.st.DataDir, Path: path})
	if err == nil || !strings.Contains(err.Error(), Suffix) {
		t.Fatalf("Create to %s: error = %v, want one naming %s", path, err, Suffix)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s written (%v)", path, err)
	}
}

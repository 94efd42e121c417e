package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// archiveReader reads an archive member by member and remembers the last
// member it reached, so that every error names where the archive broke.
type archiveReader struct {
	path string
	f    *os.File
	gz   *gzip.Reader
	tr   *tar.Reader
	// last is the member being read, or the last one read whole.
	last string
}

func openArchive(path string) (*archiveReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open backup: %w", err)
	}
	gz, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is not a backup written by parc backup (not gzip-compressed): %w", path, err)
	}
	return &archiveReader{path: path, f: f, gz: gz, tr: tar.NewReader(gz)}, nil
}

func (a *archiveReader) close() {
	a.gz.Close()
	a.f.Close()
}

// damaged returns the error of an archive that broke while its member
// a.last was read.
func (a *archiveReader) damaged(err error) error {
	return fmt.Errorf("%s is damaged or truncated at member %s: %w; use another backup", a.path, a.last, err)
}

// damagedAfter returns the error of an archive that broke after its
// member a.last, or before its first member.
func (a *archiveReader) damagedAfter(err error) error {
	where := "after member " + a.last
	if a.last == "" {
		where = "before its first member"
	}
	return fmt.Errorf("%s is damaged or truncated %s: %w; use another backup", a.path, where, err)
}

// next returns the header of the next member, or io.EOF after the last.
func (a *archiveReader) next() (*tar.Header, error) {
	h, err := a.tr.Next()
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if err != nil {
		return nil, a.damagedAfter(err)
	}
	a.last = h.Name
	if h.Typeflag != tar.TypeReg {
		return nil, fmt.Errorf("%s contains member %s of tar type %q, but a backup contains regular files only; use another backup", a.path, h.Name, h.Typeflag)
	}
	return h, nil
}

// manifest reads the first member, which must be the manifest.
func (a *archiveReader) manifest() (Manifest, error) {
	h, err := a.next()
	if errors.Is(err, io.EOF) {
		return Manifest{}, fmt.Errorf("%s contains no member; use another backup", a.path)
	}
	if err != nil {
		return Manifest{}, err
	}
	if h.Name != ManifestName || h.Size > maxManifestBytes {
		return Manifest{}, fmt.Errorf("%s is not a backup written by parc backup: its first member is %s, not a %s of at most %d bytes",
			a.path, h.Name, ManifestName, maxManifestBytes)
	}
	data, err := io.ReadAll(a.tr)
	if err != nil {
		return Manifest{}, a.damaged(err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return Manifest{}, fmt.Errorf("%s is damaged: member %s is not valid JSON: %w; use another backup", a.path, ManifestName, err)
	}
	return m, nil
}

// extractAll writes every member after the manifest under dir, checks
// each against m, and checks that none is missing or left over. It reads
// the compressed stream to its end, so that gzip checks its own CRC-32.
func (a *archiveReader) extractAll(ctx context.Context, m Manifest, dir string) error {
	want := map[string]Member{}
	for _, member := range m.Members {
		want[member.Name] = member
	}

	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := a.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		member, ok := want[h.Name]
		if !ok {
			return fmt.Errorf("%s contains member %s, which its manifest does not list or lists once only; use another backup", a.path, h.Name)
		}
		delete(want, h.Name)
		if h.Size != member.Size {
			return fmt.Errorf("%s is damaged: member %s has %d bytes but the manifest lists %d; use another backup", a.path, h.Name, h.Size, member.Size)
		}
		if err := a.extract(member, dir); err != nil {
			return err
		}
	}

	if _, err := io.Copy(io.Discard, a.gz); err != nil {
		return a.damagedAfter(err)
	}
	for _, member := range m.Members {
		if _, missing := want[member.Name]; missing {
			return fmt.Errorf("%s is truncated or incomplete: member %s and %d others listed in the manifest are missing; use another backup",
				a.path, member.Name, len(want)-1)
		}
	}
	return nil
}

// extract writes the current member under dir, flushes it to disk and
// checks its SHA-256.
func (a *archiveReader) extract(member Member, dir string) error {
	path := filepath.Join(dir, filepath.FromSlash(member.Name))
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, memberMode)
	if err != nil {
		return err
	}
	defer out.Close() // after Close below, a second Close fails harmlessly

	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), a.tr); err != nil {
		return a.damaged(err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != member.SHA256 {
		return fmt.Errorf("%s is damaged: member %s has SHA-256 %s but the manifest lists %s; use another backup",
			a.path, member.Name, sum, member.SHA256)
	}
	if err := out.Sync(); err != nil {
		return fmt.Errorf("flush %s to disk: %w", path, err)
	}
	return out.Close()
}

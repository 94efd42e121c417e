package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// memberMode is the permission of every member, as Restore writes it.
const memberMode = 0o640

// writeArchive writes the archive of m to path: the manifest, then each
// member read from its path in sources. It checks every member against
// the manifest while copying it, flushes the archive to disk and returns
// its size.
func writeArchive(ctx context.Context, path string, m Manifest, sources map[string]string) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, memberMode)
	if err != nil {
		return 0, err
	}
	defer f.Close() // after Close below, a second Close fails harmlessly

	buffered := bufio.NewWriterSize(f, 1<<20)
	gz := gzip.NewWriter(buffered)
	tw := tar.NewWriter(gz)

	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := tw.WriteHeader(header(ManifestName, int64(len(manifest)), m)); err != nil {
		return 0, err
	}
	if _, err := tw.Write(manifest); err != nil {
		return 0, err
	}
	for _, member := range m.Members {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if err := writeMember(tw, member, sources[member.Name], m); err != nil {
			return 0, err
		}
	}

	if err := tw.Close(); err != nil {
		return 0, err
	}
	if err := gz.Close(); err != nil {
		return 0, err
	}
	if err := buffered.Flush(); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("flush %s to disk: %w", path, err)
	}
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), f.Close()
}

func header(name string, size int64, m Manifest) *tar.Header {
	return &tar.Header{
		Typeflag: tar.TypeReg, Name: name, Size: size, Mode: memberMode,
		ModTime: m.CreatedAt, Format: tar.FormatPAX,
	}
}

// writeMember copies the file at path into tw as member, and fails if
// its bytes are no longer those the manifest lists.
func writeMember(tw *tar.Writer, member Member, path string, m Manifest) error {
	src, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read member %s: %w", member.Name, err)
	}
	defer src.Close()

	if err := tw.WriteHeader(header(member.Name, member.Size, m)); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := io.CopyN(tw, io.TeeReader(src, h), member.Size); err != nil {
		return fmt.Errorf("copy member %s from %s: %w", member.Name, path, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != member.SHA256 {
		return fmt.Errorf("%s changed while the backup was written: SHA-256 %s, then %s", path, member.SHA256, sum)
	}
	return nil
}

// syncDir flushes a folder's entries to disk, so that a rename in it
// survives a power cut.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open folder %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("flush folder %s: %w", dir, err)
	}
	return nil
}

package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"time"

	"parc/server/files"
	"parc/server/store"
)

// FormatVersion is the version of the archive layout that this package
// writes. Restore rejects an archive of a later version.
const FormatVersion = 1

// Names of the archive's members besides the stored files, which are
// named files/ab/cdef… as on disk.
const (
	ManifestName = "manifest.json"
	DatabaseName = store.SQLiteFile
)

// EngineSQLite is the only engine whose deployments this package backs up.
const EngineSQLite = "sqlite"

// maxManifestBytes bounds the manifest that Restore reads into memory. A
// member takes about 150 bytes, so this allows about 400,000 files.
const maxManifestBytes = 64 << 20

// Manifest is the first member of an archive: what wrote it, when, and
// the size and SHA-256 of every other member.
type Manifest struct {
	Format      int    `json:"format"`
	ParcVersion string `json:"parc_version"`
	// SchemaVersion is the newest migration applied to the database.
	SchemaVersion string    `json:"schema_version"`
	CreatedAt     time.Time `json:"created_at"`
	Engine        string    `json:"engine"`
	// Members lists the database first, then the stored files.
	Members []Member `json:"members"`
	// MissingFiles are the stored files that the database refers to but
	// that could not be read whole when the backup was taken.
	MissingFiles []MissingFile `json:"missing_files,omitempty"`
}

// Member is one file of the archive after the manifest.
type Member struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// MissingFile is a stored file left out of an archive, with the reason.
type MissingFile struct {
	SHA256 string `json:"sha256"`
	Reason string `json:"reason"`
}

// FileCount returns the number of stored files in the archive.
func (m Manifest) FileCount() int {
	return max(0, len(m.Members)-1)
}

// fileMember returns the member name of the stored file whose SHA-256 is
// sum: its path under the data folder, with forward slashes.
func fileMember(sum string) string {
	return path.Join(files.FolderName, sum[:2], sum[2:])
}

// isSum reports whether s is a SHA-256 in lower-case hex, as the files
// table and the manifest write it.
func isSum(s string) bool {
	if len(s) != sha256.Size*2 || strings.ToLower(s) != s {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// check rejects a manifest that this binary cannot restore: a later
// format, another engine, a newer schema, or members that are not the
// database and stored files named by their own SHA-256. latest is the
// newest migration built into this binary.
func (m Manifest) check(latest string) error {
	if m.Format < 1 || m.Format > FormatVersion {
		return fmt.Errorf("its format is %d but this Parc reads format %d at most; restore it with the Parc that wrote it (%s) or a later one",
			m.Format, FormatVersion, m.ParcVersion)
	}
	if m.Engine != EngineSQLite {
		return fmt.Errorf("it contains a %q database but parc restore restores SQLite only", m.Engine)
	}
	if m.SchemaVersion > latest {
		return fmt.Errorf("its database schema %s is newer than the newest built into this Parc (%s); restore it with the Parc that wrote it (%s) or a later one",
			m.SchemaVersion, latest, m.ParcVersion)
	}
	if len(m.Members) == 0 || m.Members[0].Name != DatabaseName {
		return fmt.Errorf("its manifest does not list the database %s first", DatabaseName)
	}

	seen := map[string]bool{}
	for i, member := range m.Members {
		if seen[member.Name] {
			return fmt.Errorf("its manifest lists member %s twice", member.Name)
		}
		seen[member.Name] = true
		if !isSum(member.SHA256) || member.Size < 0 {
			return fmt.Errorf("its manifest gives member %s an invalid size or SHA-256", member.Name)
		}
		// A stored file's name derives from its checked sum, so that no
		// name can reach outside the folder of stored files.
		if i > 0 && fileMember(member.SHA256) != member.Name {
			return fmt.Errorf("its manifest lists member %s, which is not a stored file named by its SHA-256", member.Name)
		}
	}
	return nil
}

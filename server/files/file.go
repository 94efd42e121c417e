package files

import (
	"path/filepath"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Kinds of stored file.
const (
	KindPhoto        = "photo"
	KindSignature    = "signature"
	KindWorkOrderPDF = "work_order_pdf"
)

// UploadKinds lists the kinds that clients upload. The server makes the
// work-order PDFs itself.
var UploadKinds = []string{KindPhoto, KindSignature}

// Limits of uploads. A photo is re-encoded as a JPEG whose long side is at
// most PhotoSide pixels. A signature is kept as a PNG at its own size.
const (
	MaxPhotoBytes      = 10 << 20
	PhotoSide          = 1600
	PhotoQuality       = 85
	MaxSignatureBytes  = 512 << 10
	MaxSignatureWidth  = 2000
	MaxSignatureHeight = 1000
)

// Content types of stored files. The server sets them from the bytes it
// wrote, never from what a client declared.
const (
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypePDF  = "application/pdf"
)

// File is one stored file: an upload or a generated document. Two files
// with the same bytes share one stored copy under their SHA-256.
type File struct {
	bun.BaseModel `bun:"table:files,alias:f"`

	ID          uuid.UUID `bun:"id,pk,type:uuid" json:"id"`
	Kind        string    `bun:"kind" json:"kind"`
	ContentType string    `bun:"content_type" json:"content_type"`
	Size        int64     `bun:"size_bytes" json:"size"`
	// Width and Height are an image's pixels, nil for a PDF.
	Width  *int `bun:"width" json:"width"`
	Height *int `bun:"height" json:"height"`
	// SHA256 is the hex SHA-256 of the bytes, by which they are stored.
	SHA256    string     `bun:"sha256" json:"sha256"`
	CreatedBy *uuid.UUID `bun:"created_by,type:uuid" json:"created_by"`
	CreatedAt time.Time  `bun:"created_at" json:"created_at"`
	// UploadID is the id the uploader's device gave the upload, nil
	// without one: the same id sent again by the same user names this
	// file.
	UploadID *uuid.UUID `bun:"upload_id,type:uuid" json:"-"`
}

// Content is the bytes of a file to store, as the server encoded them,
// with their type and, for an image, its size in pixels.
type Content struct {
	Kind          string
	ContentType   string
	Data          []byte
	Width, Height int
}

// FolderName is the folder of stored files under the data folder.
const FolderName = "files"

// Dir returns the folder that holds the stored files of a SQLite
// deployment whose data folder is dataDir: files/ab/cdef… named by their
// SHA-256.
//
// NOTE: the database holds only the files' metadata, so a backup of a
// SQLite deployment must copy this folder with parc.db. On PostgreSQL the
// bytes are in the database (table file_blobs) and the folder stays
// empty.
func Dir(dataDir string) string {
	return filepath.Join(dataDir, FolderName)
}

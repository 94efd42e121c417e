package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/param"
	"parc/server/store"
	"parc/server/sync"
)

// Handler serves the upload and the download of files.
type Handler struct {
	Files *Store
	// Referrers list the records that may refer to a file; a user reads
	// a file when they may see one of them.
	Referrers []Referrer
	Log       *slog.Logger
	// slots bounds the images decoded at once, because a decoded photo
	// of 40 megapixels takes up to 160 MB (8-bit RGBA).
	slots chan struct{}
}

// NewHandler returns a handler that decodes at most one image per core at
// once.
func NewHandler(files *Store, referrers []Referrer, log *slog.Logger) *Handler {
	return &Handler{Files: files, Referrers: referrers, Log: log, slots: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// slotWait bounds how long an upload waits for a free slot.
const slotWait = 10 * time.Second

// cacheForever is the Cache-Control of a file: its bytes never change
// under its id, and only the signed-in browser may keep them.
const cacheForever = "private, max-age=31536000, immutable"

func actorOf(c *fiber.Ctx) sync.Actor {
	p := accounts.PrincipalOf(c)
	return sync.Actor{UserID: p.User.ID, Role: p.User.Role, Scope: accounts.ScopeOf(c)}
}

// Upload serves POST /api/v1/files: a multipart form with the file in the
// field "file" and its kind, photo or signature, in the field "kind". It
// returns 201 with the stored file.
func (h *Handler) Upload(c *fiber.Ctx) error {
	kind := strings.TrimSpace(c.FormValue("kind"))
	if !isUploadKind(kind) {
		return kindError(kind)
	}
	actor := actorOf(c)
	if kind == KindSignature && actor.Role != accounts.RoleTechnician {
		return apierr.New(http.StatusForbidden, "forbidden", "file_signature_technicians")
	}
	uploadID, err := readUploadID(c.Get(HeaderUploadID))
	if err != nil {
		return err
	}
	if uploadID != nil {
		first, found, err := FileByUpload(c.UserContext(), h.Files.db, actor.UserID, *uploadID)
		if err != nil {
			return err
		}
		if found {
			return h.repeated(c, first)
		}
	}
	part, err := c.FormFile("file")
	if err != nil {
		return apierr.BadRequest("missing_file", "file_missing")
	}
	if err := TooLarge(kind, part.Filename, part.Size); err != nil {
		return err
	}
	data, err := readPart(part, MaxBytes(kind))
	if err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(c.UserContext(), slotWait)
	defer cancel()
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return apierr.New(http.StatusServiceUnavailable, "busy", "file_busy")
	}
	content, err := Prepare(kind, part.Filename, data)
	<-h.slots
	if err != nil {
		return err
	}

	f, repeated, err := h.Files.SaveUpload(c.UserContext(), actor.UserID, content, uploadID)
	if err != nil {
		return err
	}
	if repeated {
		return h.repeated(c, f)
	}
	h.Log.Info("file stored", "file_id", f.ID, "kind", f.Kind, "bytes", f.Size, "uploaded_bytes", len(data), "actor_id", actor.UserID)
	return c.Status(http.StatusCreated).JSON(f)
}

// HeaderUploadID carries the id a device gave an upload: a UUID that it
// sends again with the same file when it retries.
const HeaderUploadID = "X-Upload-Id"

// readUploadID reads the header X-Upload-Id, nil when it is absent.
func readUploadID(text string) (*uuid.UUID, error) {
	if text == "" {
		return nil, nil
	}
	id, err := uuid.Parse(text)
	if err != nil || len(text) != 36 || id == uuid.Nil {
		return nil, apierr.BadRequest("invalid_upload_id", "file_upload_id_unreadable", apierr.Quote(text))
	}
	return &id, nil
}

// repeated returns 200 with the first file to an upload sent again under
// the id of one already stored, and stores nothing.
func (h *Handler) repeated(c *fiber.Ctx, f File) error {
	h.Log.Info("file upload repeated", "file_id", f.ID, "upload_id", f.UploadID, "actor_id", f.CreatedBy)
	return c.Status(http.StatusOK).JSON(f)
}

// readPart reads an uploaded file, which Fiber keeps in memory or in a
// temporary file, up to one byte over limit, so that Prepare detects a
// file whose header understated its size.
func readPart(part *multipart.FileHeader, limit int64) ([]byte, error) {
	f, err := part.Open()
	if err != nil {
		return nil, fmt.Errorf("open uploaded file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read uploaded file: %w", err)
	}
	return data, nil
}

// GetFile serves GET /api/v1/files/{id}: the bytes with their type, to a
// user who may read the file. Anyone else gets the 404 of an unknown id.
func (h *Handler) GetFile(c *fiber.Ctx) error {
	id, err := param.ID(c.Params("id"))
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	f, err := FileByID(ctx, h.Files.reader, id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound(id)
	}
	if err != nil {
		return err
	}
	ok, err := Readable(ctx, h.Files.reader, actorOf(c), f, h.Referrers)
	if err != nil {
		return err
	}
	if !ok {
		return notFound(id)
	}

	etag := `"` + f.SHA256 + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderCacheControl, cacheForever)
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(http.StatusNotModified)
	}
	data, err := h.Files.Bytes(ctx, h.Files.reader, f)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderContentDisposition, disposition(f))
	return c.Send(data)
}

// disposition returns the Content-Disposition of f: images show in the
// page, a PDF downloads under a name that says what it is.
func disposition(f File) string {
	switch f.ContentType {
	case TypeJPEG:
		return `inline; filename="` + f.Kind + "-" + f.ID.String() + `.jpg"`
	case TypePNG:
		return `inline; filename="` + f.Kind + "-" + f.ID.String() + `.png"`
	}
	return `attachment; filename="bon-intervention-` + f.ID.String() + `.pdf"`
}

package workorders

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/assets"
	"parc/server/files"
	"parc/server/i18n"
	"parc/server/requests"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/sync"
	"parc/server/workorderpdf"
)

// Sheets makes the PDF of work orders ("bon d'intervention"): on demand,
// and as a stored file each time a work order is closed.
type Sheets struct {
	Files    *files.Store
	Settings *settings.Service
}

// Render returns the PDF of wo in lang, reading what it shows through db.
func (s *Sheets) Render(ctx context.Context, db bun.IDB, wo WorkOrder, lang i18n.Lang, printedAt time.Time) ([]byte, error) {
	sheet, err := s.sheet(ctx, db, wo, lang, printedAt)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := workorderpdf.Render(&out, sheet); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// sheet gathers what the PDF of wo shows: the settings, the place, the
// request, the assets, the actions, the names and the signature.
func (s *Sheets) sheet(ctx context.Context, db bun.IDB, wo WorkOrder, lang i18n.Lang, printedAt time.Time) (workorderpdf.Sheet, error) {
	current, err := s.Settings.Current(ctx)
	if err != nil {
		return workorderpdf.Sheet{}, err
	}
	site, err := assets.SiteByID(ctx, db, wo.SiteID)
	if err != nil {
		return workorderpdf.Sheet{}, err
	}
	commune, err := assets.CommuneByID(ctx, db, site.CommuneID)
	if err != nil {
		return workorderpdf.Sheet{}, err
	}
	sheet := workorderpdf.Sheet{
		Lang: lang, Organisation: current.Values.OrganisationName, OwnerLine: current.Values.LabelOwner,
		Number: wo.ID.String(), Status: statusName(wo.Status).Text(lang),
		Commune: commune.Name, Site: site.Name, SiteKind: i18n.Msg("site_kind_" + site.Kind).Text(lang),
		Category: requests.CategoryLabel(wo.Category).Text(lang), Level: wo.Level, WorkedOn: wo.WorkedOn.Time,
		WorkMinutes: wo.WorkMinutes, TravelMinutes: wo.TravelMinutes,
		Notes: wo.Notes, Summary: wo.Summary, SignedBy: wo.SignedBy, PrintedAt: printedAt,
	}
	if site.Address != nil {
		sheet.Address = *site.Address
	}
	for _, code := range wo.Checklist {
		sheet.Checklist = append(sheet.Checklist, ChecklistLabel(code).Text(lang))
	}
	sheet.Checklist = append(sheet.Checklist, wo.ChecklistOther...)

	if err := s.addPeople(ctx, db, wo, lang, &sheet); err != nil {
		return sheet, err
	}
	for _, id := range wo.AssetIDs {
		a, err := assets.AssetByID(ctx, db, id)
		if err != nil {
			return sheet, err
		}
		line := workorderpdf.Asset{Kind: i18n.Msg("asset_kind_" + a.Kind).Text(lang), Brand: a.Brand, Model: a.Model, Serial: a.Serial}
		if a.Tag != nil {
			line.Tag = *a.Tag
		}
		sheet.Assets = append(sheet.Assets, line)
	}
	return sheet, nil
}

// addPeople adds the request, the technician who opened the work order
// and the drawn signature to sheet.
func (s *Sheets) addPeople(ctx context.Context, db bun.IDB, wo WorkOrder, lang i18n.Lang, sheet *workorderpdf.Sheet) error {
	if wo.RequestID != nil {
		r, err := requests.RequestByID(ctx, db, *wo.RequestID)
		if err != nil {
			return err
		}
		sheet.Request = &workorderpdf.Request{
			Number: r.ID.String(), Category: requests.CategoryLabel(r.Category).Text(lang),
			Urgency: requests.UrgencyLabel(r.Urgency).Text(lang), Description: r.Description, CreatedAt: r.CreatedAt.In(paris),
		}
	}
	if wo.CreatedBy != nil {
		u, err := accounts.UserByID(ctx, db, *wo.CreatedBy)
		switch {
		case err == nil:
			sheet.Technician = u.Name
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	if wo.SignatureFileID != nil {
		f, err := files.FileByID(ctx, db, *wo.SignatureFileID)
		if err != nil {
			return err
		}
		if sheet.Signature, err = s.Files.Bytes(ctx, db, f); err != nil {
			return err
		}
	}
	return nil
}

// storePDF renders and stores the PDF of next, the work order as a write
// leaves it, and sets its pdf_file_id, when next is done and the write
// closes it or changes what it holds. before is nil at creation. The PDF
// is in French, the language of the service's documents.
func (s *Sheets) storePDF(ctx context.Context, tx bun.IDB, actor sync.Actor, next, before *WorkOrder, now time.Time) error {
	if s == nil || next.Status != StatusDone {
		return nil
	}
	if before != nil && before.Status == StatusDone {
		changed, err := sync.ChangedFields(*before, *next, "version", "updated_at", "created_at", "pdf_file_id")
		if err != nil || len(changed) == 0 {
			return err
		}
	}
	data, err := s.Render(ctx, tx, *next, i18n.French, now.In(paris))
	if err != nil {
		return err
	}
	f, err := s.Files.SaveIn(ctx, tx, &actor.UserID, files.Content{Kind: files.KindWorkOrderPDF, ContentType: files.TypePDF, Data: data})
	if err != nil {
		return fmt.Errorf("store the PDF of work order %s: %w", next.ID, err)
	}
	next.PDFFileID = &f.ID
	return nil
}

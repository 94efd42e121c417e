package maintenance

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"parc/server/accounts"
	"parc/server/apierr"
	"parc/server/assets"
	"parc/server/field"
	"parc/server/i18n"
	"parc/server/settings"
	"parc/server/store"
	"parc/server/sync"
)

// transitions lists, for each status of a visit, the statuses it may
// move to. A done visit is final: more work is a new visit.
var transitions = map[string][]string{
	StatusPlanned:   {StatusDone, StatusCancelled},
	StatusCancelled: {StatusPlanned},
	StatusDone:      {},
}

func technicianOnly(actor sync.Actor) error {
	if actor.Role != accounts.RoleTechnician {
		return apierr.New(http.StatusForbidden, "forbidden", "maintenance_technicians")
	}
	return nil
}

// checkSite adds the faults of the site of a new visit: it exists, is
// active, and is not the town hall of a commune that runs its own
// server. It returns the site.
func checkSite(ctx context.Context, tx bun.IDB, siteID uuid.UUID, f field.Faults) (assets.Site, error) {
	if siteID == uuid.Nil {
		f.Add("site_id", i18n.Required("site_id"))
		return assets.Site{}, nil
	}
	site, err := assets.SiteByID(ctx, tx, siteID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		f.Add("site_id", i18n.Msg("fleet_site_unknown", siteID.String()))
		return site, nil
	case err != nil:
		return site, err
	case site.ArchivedAt != nil:
		f.Add("site_id", i18n.Msg("fleet_site_archived", site.Name))
		return site, nil
	case site.Kind != assets.SiteKindTownHall:
		return site, nil
	}
	commune, err := assets.CommuneByID(ctx, tx, site.CommuneID)
	if err != nil {
		return site, err
	}
	if commune.HasServer {
		f.Add("site_id", i18n.Msg("maintenance_site_server", commune.Name))
	}
	return site, nil
}

// checkDay adds the faults of the planned day of a visit to a site of
// kind siteKind: the campaign of its year must exist, and a school is
// visited during the school holidays only. It returns the campaign's id.
func (w *Writer) checkDay(ctx context.Context, tx bun.IDB, day assets.Date, siteKind string, f field.Faults) (uuid.UUID, error) {
	campaign, err := CampaignByYear(ctx, tx, day.Year())
	if errors.Is(err, store.ErrNotFound) {
		f.Add("planned_for", i18n.Msg("maintenance_no_campaign", day.String(), day.Year()))
		return uuid.Nil, nil
	}
	if err != nil {
		return uuid.Nil, err
	}
	if siteKind != assets.SiteKindSchool {
		return campaign.ID, nil
	}
	holidays, err := w.Holidays(ctx)
	if err != nil {
		return uuid.Nil, err
	}
	checkHolidays(day, holidays, f)
	return campaign.ID, nil
}

// checkHolidays adds the fault of a day outside every range of school
// holidays, naming the nearest range before and after it. Ranges include
// their first and last days.
func checkHolidays(day assets.Date, holidays []settings.Holiday, f field.Faults) {
	d := day.String()
	var before, after *settings.Holiday
	for i, h := range holidays {
		if h.Start <= d && d <= h.End {
			return
		}
		if h.End < d && (before == nil || h.End > before.End) {
			before = &holidays[i]
		}
		if h.Start > d && (after == nil || h.Start < after.Start) {
			after = &holidays[i]
		}
	}

	switch {
	case before == nil && after == nil:
		f.Add("planned_for", i18n.Msg("maintenance_no_holidays", d))
	case before == nil:
		f.Add("planned_for", i18n.Msg("maintenance_outside_holidays_next", d, holidayRange(*after)))
	case after == nil:
		f.Add("planned_for", i18n.Msg("maintenance_outside_holidays_previous", d, holidayRange(*before)))
	default:
		f.Add("planned_for", i18n.Msg("maintenance_outside_holidays", d, holidayRange(*before), holidayRange(*after)))
	}
}

func holidayRange(h settings.Holiday) i18n.Message {
	return i18n.Msg("maintenance_holiday_range", h.Name, h.Start, h.End)
}

// checkStatus adds the fault of moving a visit from one status to
// another.
func checkStatus(from, to string, f field.Faults) {
	f.Enum("status", to, Statuses)
	if _, bad := f["status"]; bad || from == to {
		return
	}
	if !slices.Contains(transitions[from], to) {
		f.Add("status", i18n.Msg("maintenance_visit_transition", statusName(from), statusName(to)))
	}
}

// statusName returns the name of a status of a visit in the catalogue,
// which messages show in the user's language.
func statusName(status string) i18n.Message {
	return i18n.Msg("maintenance_visit_status_" + status)
}

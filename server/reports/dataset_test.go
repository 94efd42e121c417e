package reports_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/store"
	"parc/server/tariffs"
)

// dataset is the small hand-computed data set of the golden tests, for
// the year 2025. Its communes are Alpha (allowance 10 h), Bêta (5 h, with
// its own server at the town hall) and the CCBE (20 h). seed adds work
// orders, assets, loans, a maintenance campaign and two tariffs.
type dataset struct {
	alpha, beta, ccbe uuid.UUID
	// Asset ids by name, as the comments of seed describe them.
	asset map[string]uuid.UUID
}

var created = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)

func date(text string) *assets.Date {
	d, err := time.Parse(time.DateOnly, text)
	if err != nil {
		panic(err)
	}
	return &assets.Date{Time: d}
}

func insertRow(t *testing.T, s *store.Store, query string, args ...any) {
	t.Helper()
	if _, err := s.DB.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// seed stores the data set and returns its ids.
func seed(t *testing.T, s *store.Store) dataset {
	t.Helper()
	ctx := context.Background()
	d := dataset{alpha: uuid.New(), beta: uuid.New(), ccbe: uuid.New(), asset: map[string]uuid.UUID{}}
	communes := []assets.Commune{
		{ID: d.alpha, Name: "Alpha", Slug: "alpha", Kind: "commune", AllowanceMinutes: 600},
		{ID: d.beta, Name: "Bêta", Slug: "beta", Kind: "commune", AllowanceMinutes: 300, HasServer: true},
		{ID: d.ccbe, Name: "CCBE", Slug: "ccbe", Kind: "intercommunality", AllowanceMinutes: 1200},
	}
	for i := range communes {
		communes[i].CreatedAt, communes[i].UpdatedAt, communes[i].Version = created, created, 1
	}
	site := func(commune uuid.UUID, name, kind string) assets.Site {
		return assets.Site{ID: uuid.New(), CommuneID: commune, Name: name, Kind: kind, CreatedAt: created, UpdatedAt: created, Version: 1}
	}
	aSchool, aHall := site(d.alpha, "École Alpha", "school"), site(d.alpha, "Mairie Alpha", "town_hall")
	bSchool, bHall := site(d.beta, "École Bêta", "school"), site(d.beta, "Mairie Bêta", "town_hall")
	library := site(d.beta, "Bibliothèque", "library")
	if err := assets.InsertCommunes(ctx, s.DB, communes); err != nil {
		t.Fatal(err)
	}
	if err := assets.InsertSites(ctx, s.DB, []assets.Site{aSchool, aHall, bSchool, bHall, library}); err != nil {
		t.Fatal(err)
	}

	asset := func(name string, site assets.Site, kind, os, status string, bought *assets.Date) assets.Asset {
		id := uuid.New()
		d.asset[name] = id
		tag := "TAG-" + name
		return assets.Asset{ID: id, Tag: &tag, Kind: kind, Brand: "Marque", Model: "Modèle " + name, OS: os, Status: status,
			PurchaseDate: bought, SiteID: site.ID, CreatedAt: created, UpdatedAt: created, Version: 1}
	}
	archived := asset("a7", aSchool, "pc", "Windows 7", "in_service", date("2012-01-01"))
	archived.ArchivedAt = &created
	list := []assets.Asset{
		asset("a1", aSchool, "pc", "Windows 11", "in_service", date("2024-01-10")), // under 3, billable
		asset("a2", aSchool, "pc", "Windows 10", "in_service", date("2020-12-31")), // 5 years on 2025-12-31, support ended
		asset("a3", aSchool, "laptop", "Windows 7", "broken", date("2019-01-01")),  // 6 years, support ended
		asset("a4", aSchool, "pc", "Windows 98", "in_service", date("2003-05-05")), // below XP
		asset("a5", aSchool, "printer", "", "in_service", nil),                     // age unknown
		asset("a6", aSchool, "pc", "Windows 10", "retired", date("2015-01-01")),    // retired: not a PC in use
		archived, // not counted at all
		asset("a8", aHall, "pc", "Ubuntu 22.04", "in_service", date("2023-01-01")),  // 2 years, unknown system
		asset("b1", bSchool, "pc", "Windows 11", "in_service", date("2022-09-01")),  // 3 years, billable
		asset("b2", bHall, "pc", "Windows 11", "in_service", date("2025-02-01")),    // town hall with a server
		asset("b3", library, "pc", "Windows 8.1", "in_service", date("2016-06-30")), // 9 years, support ended
	}
	if err := assets.InsertAssets(ctx, s.DB, list); err != nil {
		t.Fatal(err)
	}

	// Work orders: only those in progress or done whose day is in 2025
	// count. Work at the library counts for the CCBE.
	work := []struct {
		site            assets.Site
		category        string
		level           int
		status, workdOn string
		minutes         int
	}{
		{aSchool, "os_repair", 1, "done", "2025-03-10", 200},
		{aSchool, "reinstall", 1, "in_progress", "2025-06-01", 150},
		{aHall, "network_setup", 1, "done", "2025-11-30", 130},
		{aSchool, "os_repair", 1, "planned", "2025-05-05", 500},
		{aSchool, "os_repair", 1, "done", "2024-12-31", 999},
		{bSchool, "printer_install", 1, "done", "2025-02-02", 330},
		{library, "copier", 2, "done", "2025-04-04", 90},
		{library, "printer_repair", 3, "done", "2026-01-02", 45},
	}
	for _, w := range work {
		insertRow(t, s, `INSERT INTO work_orders (id, site_id, category, level, status, work_minutes, travel_minutes, opened_at, worked_on, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, 25, ?, ?, ?, ?, 1)`,
			uuid.New(), w.site.ID, w.category, w.level, w.status, w.minutes, created, date(w.workdOn), created, created)
	}

	// Loans: Alpha's second is still out after its last day; Beta's
	// first came back late, and its second was checked out at 00:30 on
	// 1 January 2025 in Paris.
	loan := func(asset string, commune uuid.UUID, site assets.Site, out time.Time, due string, back *time.Time) {
		insertRow(t, s, `INSERT INTO loans (id, asset_id, commune_id, site_id, reason, due_date, checked_out_at, returned_at, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, 'Panne', ?, ?, ?, ?, ?, 1)`,
			uuid.New(), d.asset[asset], commune, site.ID, date(due), out, back, created, created)
	}
	at := func(text string) *time.Time {
		v, _ := time.Parse(time.RFC3339, text)
		return &v
	}
	loan("a1", d.alpha, aSchool, *at("2025-03-01T10:00:00Z"), "2025-03-15", at("2025-03-14T10:00:00Z"))
	loan("a1", d.alpha, aSchool, *at("2025-12-20T10:00:00Z"), "2025-12-30", nil)
	loan("b1", d.beta, bSchool, *at("2025-05-01T10:00:00Z"), "2025-05-10", at("2025-05-12T10:00:00Z"))
	loan("b1", d.beta, bSchool, *at("2024-12-31T23:30:00Z"), "2025-01-10", at("2025-01-05T10:00:00Z"))
	loan("b3", d.beta, library, *at("2024-12-31T21:00:00Z"), "2025-01-10", at("2025-01-05T10:00:00Z")) // 22:00 in Paris: 2024

	// The 2025 campaign: a1 done at Alpha's school.
	campaign, visit := uuid.New(), uuid.New()
	insertRow(t, s, `INSERT INTO maintenance_campaigns (id, year, created_at, updated_at, version) VALUES (?, 2025, ?, ?, 1)`, campaign, created, created)
	insertRow(t, s, `INSERT INTO maintenance_visits (id, campaign_id, site_id, planned_for, status, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, 'done', ?, ?, 1)`, visit, campaign, aSchool.ID, date("2025-07-10"), created, created)
	insertRow(t, s, `INSERT INTO maintenance_checks (id, visit_id, asset_id, updates, antivirus, disk, cleaning, done, checked_at, created_at)
		VALUES (?, ?, ?, TRUE, TRUE, TRUE, TRUE, TRUE, ?, ?)`, uuid.New(), visit, d.asset["a1"], created, created)

	// Tariffs: 2025's applies; 2026's must not.
	err := tariffs.Insert(ctx, s.DB, []tariffs.Tariff{
		{ID: uuid.New(), Name: "Tarif 2025", ValidFrom: *date("2025-01-01"), ValidTo: date("2025-12-31"),
			PCFeeCents: 4000, CommuneFeeCents: 10000, HourlyRateCents: 3500, IncludedMinutes: 240, CreatedAt: created, UpdatedAt: created, Version: 1},
		{ID: uuid.New(), Name: "Tarif 2026", ValidFrom: *date("2026-01-01"),
			PCFeeCents: 5000, CommuneFeeCents: 0, HourlyRateCents: 4000, IncludedMinutes: 0, CreatedAt: created, UpdatedAt: created, Version: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"parc/server/loans"
	"parc/server/maintenance"
	"parc/server/requests"
	"parc/server/store"
	"parc/server/store/storetest"
)

// reportOn files a problem report about the first PC of a school of the
// commune slug, as the public page of its label does, and returns the
// report's id and the PC's site.
func reportOn(t *testing.T, s *store.Store, slug, text string) (report, site uuid.UUID) {
	t.Helper()
	ctx := context.Background()
	var asset struct {
		ID     uuid.UUID `bun:"id"`
		SiteID uuid.UUID `bun:"site_id"`
	}
	err := s.Reader.NewSelect().TableExpr("assets AS a").Join("JOIN sites AS s ON s.id = a.site_id").
		Join("JOIN communes AS c ON c.id = s.commune_id").ColumnExpr("a.id, a.site_id").
		Where("c.slug = ?", slug).Where("s.kind = 'school'").Where("a.kind = 'pc'").Where("a.archived_at IS NULL").
		OrderExpr("a.tag").Limit(1).Scan(ctx, &asset)
	if err != nil {
		t.Fatalf("find a PC of %s: %v", slug, err)
	}
	r, err := (&requests.Writer{DB: s.DB}).FileReport(ctx, asset.ID, requests.ReportForm{ReporterName: "Mme Roux", Description: text})
	if err != nil {
		t.Fatalf("file a report: %v", err)
	}
	return r.ID, asset.SiteID
}

// countRows counts the rows of table that match where.
func countRows(t *testing.T, s *store.Store, table, where string, args ...any) int {
	t.Helper()
	n, err := s.Reader.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// dueIn returns the day days after today, as a loan's due date.
func dueIn(days int) string {
	return loans.Today().AddDate(0, 0, days).Format("2006-01-02")
}

// A correspondent turns a report into a request and dismisses another,
// offline. Each op applies once. A report of another commune, a second
// conversion and the committee are rejected, and the devices pull the
// result.
func TestProblemReportsThroughSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		reportA, site := reportOn(t, s, "apprieu", "L'écran reste noir.")
		reportB, _ := reportOn(t, s, "apprieu", "La souris ne marche plus.")
		reportC, _ := reportOn(t, s, "chabons", "Plus de son.")
		request := uuid.Must(uuid.NewV7())
		convert := map[string]any{"status": "converted", "request_id": request.String(),
			"request": map[string]any{"category": "os_repair", "urgency": "blocking"}}

		ops := []syncOp{
			newOp("problem_report", reportA, convert),
			newOp("problem_report", reportB, map[string]any{"status": "dismissed", "dismissed_reason": " "}),
			newOp("problem_report", reportB, map[string]any{"status": "dismissed", "dismissed_reason": "Souris remplacée par l'école."}),
			newOp("problem_report", reportC, map[string]any{"status": "dismissed", "dismissed_reason": "pas chez nous"}),
			newOp("problem_report", reportA, map[string]any{"status": "converted", "request_id": uuid.Must(uuid.NewV7()).String(),
				"request": map[string]any{"category": "os_repair", "urgency": "normal"}}),
			newOp("problem_report", reportA, convert),
			{ID: uuid.Must(uuid.NewV7()).String(), Entity: "problem_report", EntityID: reportA.String(), Action: "delete"},
			newOp("problem_report", reportB, map[string]any{"status": "new"}),
		}
		results := apprieu.push(t, "phone-apprieu", ops...)
		again := apprieu.push(t, "phone-apprieu", ops...)
		wantStatus := []string{"applied", "rejected", "applied", "rejected", "rejected", "applied", "rejected", "rejected"}
		wantCode := []string{"", "invalid_fields", "", "not_found", "already_handled", "", "not_deletable", "invalid_fields"}
		for i, r := range results {
			if r.Status != wantStatus[i] || wantCode[i] != "" && (r.Error == nil || r.Error.Code != wantCode[i]) {
				t.Errorf("op %d: %+v, want %s %s", i, r, wantStatus[i], wantCode[i])
			}
			if again[i].Status != "duplicate" || again[i].FirstStatus != wantStatus[i] {
				t.Errorf("replay of op %d: %+v", i, again[i])
			}
		}
		if f := results[1].Error; f == nil || f.Fields["dismissed_reason"] == "" {
			t.Errorf("empty reason: %+v, want the fault on dismissed_reason", f)
		}
		if results[0].Fields["status"] != "converted" || results[0].Fields["request_id"] != request.String() {
			t.Errorf("converted report: %v", results[0].Fields)
		}
		if results[5].Version != results[0].Version {
			t.Errorf("the same conversion sent again moved the report from version %d to %d", results[0].Version, results[5].Version)
		}

		// One request, new and blocking, at the PC's site.
		got := decodeJSON(t, apprieu.get(t, "/api/v1/requests/"+request.String()))
		if got["site_id"] != site.String() || got["urgency"] != "blocking" || got["status"] != "new" {
			t.Errorf("request made offline: %v", got)
		}
		if n := countRows(t, s, "requests", "1 = 1"); n != 1 {
			t.Errorf("%d requests stored, want 1", n)
		}
		if n := countRows(t, s, "audit_entries", "entity = 'problem_report' AND entity_id = ? AND action = 'update'", reportA); n != 1 {
			t.Errorf("%d audit entries of the conversion, want 1", n)
		}

		// A technician who converted the same report on another device
		// offline gets already_handled, and no second request appears.
		late := tech.push(t, "tech-phone", newOp("problem_report", reportA, map[string]any{"status": "converted",
			"request_id": uuid.Must(uuid.NewV7()).String(), "request": map[string]any{"category": "reinstall", "urgency": "normal"}}))
		if late[0].Status != "rejected" || late[0].Error == nil || late[0].Error.Code != "already_handled" {
			t.Errorf("second conversion from another device: %+v", late[0])
		}
		if n := countRows(t, s, "requests", "1 = 1"); n != 1 {
			t.Errorf("%d requests after the second conversion, want 1", n)
		}

		// The committee reads only.
		committee := tech.as(t, "comite@demo.invalid")
		if r := committee.push(t, "committee-pc", newOp("problem_report", reportC, map[string]any{"status": "dismissed", "dismissed_reason": "x"})); r[0].Error == nil || r[0].Error.Code != "forbidden" {
			t.Errorf("committee pushing a dismissal: %+v", r[0])
		}

		// Devices pull the handled reports with the new request.
		rep := replica{}
		apprieu.pullAll(t, rep, "", 1000)
		if r := rep["problem_report"][reportB.String()]; r.Fields["status"] != "dismissed" || r.Fields["dismissed_reason"] != "Souris remplacée par l'école." {
			t.Errorf("dismissed report on Apprieu's device: %+v", r)
		}
		if _, ok := rep["request"][request.String()]; !ok {
			t.Errorf("Apprieu's device lacks the request made from the report")
		}
		if _, ok := rep["problem_report"][reportC.String()]; ok {
			t.Errorf("Apprieu's device pulled Châbons' report")
		}

		// A device reads one report again by id, within its communes.
		if r := apprieu.get(t, "/api/v1/problem-reports/"+reportB.String()); r.status != http.StatusOK || decodeJSON(t, r)["status"] != "dismissed" {
			t.Errorf("GET of a report of Apprieu: %d %s", r.status, r.body)
		}
		if r := apprieu.get(t, "/api/v1/problem-reports/"+reportC.String()); r.status != http.StatusNotFound {
			t.Errorf("GET of Châbons' report by Apprieu's correspondent: %d %s", r.status, r.body)
		}
	})
}

// A report may also become a request that exists already, of its
// commune, which no other report became.
func TestProblemReportLinksARequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		reportA, site := reportOn(t, s, "apprieu", "Imprimante hors ligne.")
		reportB, _ := reportOn(t, s, "apprieu", "Imprimante toujours hors ligne.")
		existing := create(t, tech, "requests", `{"site_id":"`+site.String()+`","category":"printer_install","urgency":"normal","description":"Installer l'imprimante"}`)
		link := map[string]any{"status": "converted", "request_id": existing["id"]}

		r := tech.push(t, "tech-phone", newOp("problem_report", reportA, link), newOp("problem_report", reportB, link),
			newOp("problem_report", reportB, map[string]any{"status": "converted", "request_id": uuid.Must(uuid.NewV7()).String()}))
		if r[0].Status != "applied" || r[0].Fields["request_id"] != existing["id"] {
			t.Errorf("link to an existing request: %+v", r[0])
		}
		if r[1].Status != "rejected" || r[1].Error == nil || r[1].Error.Fields["request_id"] == "" {
			t.Errorf("second report on the same request: %+v", r[1])
		}
		if r[2].Status != "rejected" || r[2].Error == nil || r[2].Error.Fields["request"] == "" {
			t.Errorf("new request id without its fields: %+v", r[2])
		}
	})
}

// Two technicians open the 2031 campaign offline: one campaign remains,
// the second device's id names it, and every user pulls it.
func TestMaintenanceCampaignThroughSync(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		chabons := tech.as(t, "correspondant-chabons@demo.invalid")
		repC := replica{}
		cursorC := chabons.pullAll(t, repC, "", 1000)
		first, second := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		year := map[string]any{"year": 2031}

		one := []syncOp{newOp("maintenance_campaign", first, year)}
		r1 := tech.push(t, "phone-1", one...)
		two := []syncOp{
			newOp("maintenance_campaign", second, year),
			newOp("maintenance_visit", uuid.Must(uuid.NewV7()), map[string]any{"site_id": siteNamed(t, s, "Mairie d'Apprieu").String(), "planned_for": "2031-05-15"}),
			newOp("maintenance_campaign", second, year),
			newOp("maintenance_campaign", second, map[string]any{"year": 2032}),
			{ID: uuid.Must(uuid.NewV7()).String(), Entity: "maintenance_campaign", EntityID: second.String(), Action: "delete"},
			newOp("maintenance_campaign", uuid.Must(uuid.NewV7()), map[string]any{"year": 1999}),
		}
		r2 := tech.push(t, "phone-2", two...)
		again := tech.push(t, "phone-2", two...)

		if r1[0].Status != "applied" || r1[0].EntityID != first.String() || r1[0].Fields["year"] != float64(2031) {
			t.Errorf("first opening: %+v", r1[0])
		}
		wantStatus := []string{"applied", "applied", "applied", "rejected", "rejected", "rejected"}
		wantCode := []string{"", "", "", "invalid_fields", "not_deletable", "invalid_fields"}
		for i, r := range r2 {
			if r.Status != wantStatus[i] || wantCode[i] != "" && (r.Error == nil || r.Error.Code != wantCode[i]) {
				t.Errorf("op %d: %+v, want %s %s", i, r, wantStatus[i], wantCode[i])
			}
			if again[i].Status != "duplicate" || again[i].FirstStatus != wantStatus[i] {
				t.Errorf("replay of op %d: %+v", i, again[i])
			}
		}
		if r2[0].EntityID != first.String() || r2[2].EntityID != first.String() {
			t.Errorf("second device's campaign filed under %s and %s, want the first id %s", r2[0].EntityID, r2[2].EntityID, first)
		}
		if n := countRows(t, s, "maintenance_campaigns", "year = 2031"); n != 1 {
			t.Errorf("%d campaigns of 2031, want 1", n)
		}
		if n := countRows(t, s, "audit_entries", "entity = 'maintenance_campaign' AND entity_id = ?", first); n != 1 {
			t.Errorf("%d audit entries of the campaign, want 1", n)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":2031}`); r.status != http.StatusConflict {
			t.Errorf("REST opening of the same year: %d %s", r.status, r.body)
		}

		// Only technicians open a campaign; everyone pulls it.
		if r := chabons.push(t, "corr-phone", newOp("maintenance_campaign", uuid.Must(uuid.NewV7()), map[string]any{"year": 2033})); r[0].Error == nil || r[0].Error.Code != "forbidden" {
			t.Errorf("correspondent opening a campaign: %+v", r[0])
		}
		chabons.pullAll(t, repC, cursorC, 1000)
		if got := repC["maintenance_campaign"][first.String()]; got.Fields["year"] != float64(2031) {
			t.Errorf("Châbons' device after the pull: %+v", repC["maintenance_campaign"])
		}
	})
}

// Devices pull the pool of spare PCs: a loan makes a spare unavailable,
// and a PC taken out of the pool leaves as a tombstone.
func TestSparePoolIsPulled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		rep := replica{}
		cursor := tech.pullAll(t, rep, "", 1000)
		pool := listSpares(t, tech)
		if len(rep["loan_spare"]) != len(pool) || len(pool) != 3 {
			t.Fatalf("pulled %d spares, the pool has %d, want the demo's 3", len(rep["loan_spare"]), len(pool))
		}
		for _, sp := range pool {
			got := rep["loan_spare"][sp.AssetID]
			if got.Fields["id"] != sp.AssetID || got.Fields["available"] != true {
				t.Errorf("pulled spare %s: %+v", sp.AssetID, got.Fields)
			}
		}

		lent, removed := pool[0], pool[1]
		due := `"` + dueIn(5) + `"`
		expect(t, "check-out", tech.do(t, http.MethodPost, "/api/v1/loans", `{"asset":"`+spareRef(lent)+`","commune_id":"`+communeIDOf(t, s, "apprieu").String()+
			`","site_id":"`+siteOf(t, s, "apprieu", "school").String()+`","reason":"PC en panne","due_date":`+due+`}`), http.StatusCreated)
		expect(t, "take a spare out", tech.do(t, http.MethodDelete, "/api/v1/spares/"+removed.AssetID, ""), http.StatusNoContent)
		cursor = tech.pullAll(t, rep, cursor, 1000)
		if got := rep["loan_spare"][lent.AssetID]; got.Fields["available"] != false || got.Fields["loan_id"] == nil {
			t.Errorf("spare on loan after the pull: %+v", got.Fields)
		}
		if _, ok := rep["loan_spare"][removed.AssetID]; ok {
			t.Errorf("the spare taken out of the pool is still on the device")
		}
		if n := countRows(t, s, "audit_entries", "entity = 'loan_spare' AND entity_id = ? AND action = 'delete'", removed.AssetID); n != 1 {
			t.Errorf("%d audit entries of the removal, want 1", n)
		}

		// Back in the pool, the PC comes back to the device; nobody pushes
		// the pool, and a correspondent pulls only the spares of their
		// communes (none in the demo).
		expect(t, "put it back", tech.do(t, http.MethodPost, "/api/v1/spares", `{"asset":"`+removed.AssetID+`"}`), http.StatusCreated)
		tech.pullAll(t, rep, cursor, 1000)
		if got := rep["loan_spare"][removed.AssetID]; got.Fields["available"] != true {
			t.Errorf("spare back in the pool: %+v", got)
		}
		if r := tech.push(t, "tech-phone", newOp("loan_spare", uuid.Must(uuid.NewV7()), map[string]any{})); r[0].Error == nil || r[0].Error.Code != "unknown_entity" {
			t.Errorf("pushing a spare: %+v", r[0])
		}
		repA := replica{}
		tech.as(t, "correspondant-apprieu@demo.invalid").pullAll(t, repA, "", 1000)
		if len(repA["loan_spare"]) != 0 {
			t.Errorf("Apprieu's correspondent pulled %d spares of the CCBE", len(repA["loan_spare"]))
		}
	})
}

// An upload sent again under its X-Upload-Id, as a device does when the
// first response was lost, returns the first file and stores nothing more.
func TestUploadRetriedUnderItsID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		photo := testPhoto(t, 64, 48)
		upload := uuid.Must(uuid.NewV7()).String()
		send := func(f fixture, id string) response {
			return uploadWithID(t, f, id, photo)
		}

		first := send(corr, upload)
		expect(t, "first upload", first, http.StatusCreated)
		again := send(corr, upload)
		expect(t, "same upload again", again, http.StatusOK)
		if decodeRecord(t, again)["id"] != decodeRecord(t, first)["id"] {
			t.Errorf("retry returned file %v, want the first one %v", decodeRecord(t, again)["id"], decodeRecord(t, first)["id"])
		}
		if n := countRows(t, s, "files", "1 = 1"); n != 1 {
			t.Errorf("%d files after a retried upload, want 1", n)
		}

		// Another user's upload id is theirs; another id is another file.
		expect(t, "another user, same id", send(tech, upload), http.StatusCreated)
		expect(t, "same user, new id", send(corr, uuid.Must(uuid.NewV7()).String()), http.StatusCreated)
		if n := countRows(t, s, "files", "1 = 1"); n != 3 {
			t.Errorf("%d files, want 3", n)
		}
		bad := send(corr, "photo-1")
		if bad.status != http.StatusBadRequest || bad.envelop.Error.Code != "invalid_upload_id" {
			t.Errorf("unreadable upload id: %d %s", bad.status, bad.body)
		}
	})
}

// uploadWithID uploads a photo with the header X-Upload-Id.
func uploadWithID(t *testing.T, f fixture, id string, photo []byte) response {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("kind", "photo")
	part, err := w.CreateFormFile("file", "photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	part.Write(photo)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return f.do(t, http.MethodPost, "/api/v1/files", b.String(), "Content-Type", w.FormDataContentType(), "X-Upload-Id", id)
}

// A campaign opened before campaigns were synced gets its number at
// start, and every user's device then pulls it.
func TestCampaignSeededForPull(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		ctx := context.Background()
		id := uuid.Must(uuid.NewV7())
		_, err := s.DB.NewRaw("INSERT INTO maintenance_campaigns (id, year, created_at, updated_at, version) VALUES (?, 2029, ?, ?, 1)",
			id, time.Now().UTC(), time.Now().UTC()).Exec(ctx)
		if err != nil {
			t.Fatalf("insert a campaign: %v", err)
		}
		n, err := maintenance.SeedSync(ctx, s.DB)
		if err != nil || n != 1 {
			t.Fatalf("SeedSync = %d, %v; want the campaign numbered", n, err)
		}
		if again, err := maintenance.SeedSync(ctx, s.DB); err != nil || again != 0 {
			t.Errorf("second SeedSync = %d, %v; want nothing to number", again, err)
		}
		rep := replica{}
		tech.as(t, "correspondant-chabons@demo.invalid").pullAll(t, rep, "", 1000)
		if got := rep["maintenance_campaign"][id.String()]; got.Fields["year"] != float64(2029) {
			t.Errorf("Châbons' device after a full load: %+v", rep["maintenance_campaign"])
		}
	})
}

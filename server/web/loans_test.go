package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"parc/server/assets"
	"parc/server/audit"
	"parc/server/loans"
	"parc/server/store"
	"parc/server/store/storetest"
)

// spare is a PC of the demo's pool of spares, as GET /api/v1/spares
// lists it.
type spare struct {
	AssetID   string  `json:"asset_id"`
	Tag       *string `json:"tag"`
	Status    string  `json:"status"`
	LoanID    *string `json:"loan_id"`
	Available bool    `json:"available"`
}

func listSpares(t *testing.T, f fixture) []spare {
	t.Helper()
	r := f.get(t, "/api/v1/spares")
	if r.status != http.StatusOK {
		t.Fatalf("list spares: %d %s", r.status, r.body)
	}
	var out struct {
		Items []spare `json:"items"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("decode spares: %v", err)
	}
	return out.Items
}

// spareRef names a spare by its tag, or by its id when it has none.
func spareRef(sp spare) string {
	if sp.Tag != nil {
		return *sp.Tag
	}
	return sp.AssetID
}

// communeIDOf returns the id of the demo commune with that slug.
func communeIDOf(t *testing.T, s *store.Store, slug string) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	if err := s.Reader.NewSelect().Table("communes").Column("id").Where("slug = ?", slug).Scan(context.Background(), &id); err != nil {
		t.Fatalf("commune %s: %v", slug, err)
	}
	return id
}

// loanBody is a check-out of asset to the first school of a commune,
// due in days days.
func loanBody(t *testing.T, s *store.Store, slug, asset string, days int) string {
	t.Helper()
	due := loans.Today().AddDate(0, 0, days).Format("2006-01-02")
	return `{"asset":"` + asset + `","commune_id":"` + communeIDOf(t, s, slug).String() + `","site_id":"` + siteOf(t, s, slug, "school").String() +
		`","reason":"PC de la direction en panne","due_date":"` + due + `"}`
}

func assetStatus(t *testing.T, f fixture, id string) (string, float64) {
	t.Helper()
	a := decodeJSON(t, f.get(t, "/api/v1/assets/"+id))
	version, _ := a["version"].(float64)
	status, _ := a["status"].(string)
	return status, version
}

func TestLoanCheckOutAndReturn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		spares := listSpares(t, tech)
		if len(spares) != 3 {
			t.Fatalf("the demo has %d spare PCs, want 3: %+v", len(spares), spares)
		}
		for _, sp := range spares {
			if !sp.Available || sp.Status != "in_stock" {
				t.Errorf("spare %s before any loan: %+v, want available and in stock", spareRef(sp), sp)
			}
		}
		first := spares[0]
		_, versionBefore := assetStatus(t, tech, first.AssetID)

		r := tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(first), 7))
		if r.status != http.StatusCreated {
			t.Fatalf("check-out: %d %s", r.status, r.body)
		}
		loan := decodeJSON(t, r)
		if loan["status"] != "open" || loan["asset_id"] != first.AssetID || loan["returned_at"] != nil {
			t.Errorf("loan after check-out: %v", loan)
		}
		status, version := assetStatus(t, tech, first.AssetID)
		if status != "on_loan" || version != versionBefore+1 {
			t.Errorf("lent PC: status %s version %v, want on_loan at version %v", status, version, versionBefore+1)
		}
		entries, err := audit.Entries(context.Background(), s.Reader, "asset", uuid.MustParse(first.AssetID))
		if err != nil || len(entries) == 0 || !strings.Contains(string(entries[len(entries)-1].After), `"on_loan"`) {
			t.Errorf("the asset's audit log lacks the change to on_loan: %v %+v", err, entries)
		}
		if sp := listSpares(t, tech)[0]; sp.Available || sp.LoanID == nil || *sp.LoanID != loan["id"] {
			t.Errorf("lent spare in the pool: %+v", sp)
		}

		// The loan comes back damaged, scanned by its tag: the PC is
		// marked broken, the loan closed and it cannot come back twice.
		byTag := "/api/v1/loans/by-tag/" + spareRef(first) + "/return"
		if first.Tag == nil {
			byTag = "/api/v1/loans/" + loan["id"].(string) + "/return"
		}
		if r := tech.do(t, http.MethodPost, byTag, `{"return_condition":"damaged"}`); r.status != 422 || !strings.Contains(r.body, "return_note") {
			t.Errorf("damaged without a note: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, byTag, `{"return_condition":"perdu"}`); r.status != 422 || !strings.Contains(r.body, "perdu") {
			t.Errorf("unknown condition: %d %s", r.status, r.body)
		}
		r = tech.do(t, http.MethodPost, byTag, `{"return_condition":"damaged","return_note":"Écran fissuré"}`)
		returned := decodeJSON(t, r)
		if r.status != 200 || returned["status"] != "closed" || returned["return_condition"] != "damaged" || returned["returned_at"] == nil {
			t.Errorf("return: %d %s", r.status, r.body)
		}
		if status, _ := assetStatus(t, tech, first.AssetID); status != "broken" {
			t.Errorf("PC returned damaged: status %s, want broken", status)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/loans/"+loan["id"].(string)+"/return", `{"return_condition":"ok"}`); r.status != 422 || r.envelop.Error.Code != "loan_closed" {
			t.Errorf("second return: %d %s", r.status, r.body)
		}

		// A loan returned in good condition puts the PC back in stock.
		second := spares[1]
		id := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "chabons", spareRef(second), 30)))["id"].(string)
		if r := tech.do(t, http.MethodPost, "/api/v1/loans/"+id+"/return", `{"return_condition":"ok"}`); r.status != 200 {
			t.Errorf("return in good condition: %d %s", r.status, r.body)
		}
		if status, _ := assetStatus(t, tech, second.AssetID); status != "in_stock" {
			t.Errorf("PC returned in good condition: status %s, want in_stock", status)
		}
	})
}

func TestLoanCheckOutRejections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		spares := listSpares(t, tech)
		lent, archived, free := spares[0], spares[1], spares[2]
		if r := tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(lent), 3)); r.status != 201 {
			t.Fatalf("first check-out: %d %s", r.status, r.body)
		}
		_, version := assetStatus(t, tech, archived.AssetID)
		if r := tech.do(t, http.MethodPatch, "/api/v1/assets/"+archived.AssetID, `{"version":`+itoa(int(version))+`,"archived":true}`); r.status != 200 {
			t.Fatalf("archive a spare: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPatch, "/api/v1/settings", `{"max_loan_days": 10}`); r.status != 200 {
			t.Fatalf("set max_loan_days: %d %s", r.status, r.body)
		}
		tooFar := loans.Today().AddDate(0, 0, 11).Format("2006-01-02")
		past := loans.Today().AddDate(0, 0, -1).Format("2006-01-02")

		cases := []struct {
			name, body, field string
			// want are strings the error must contain, such as the value
			// at fault.
			want []string
		}{
			{"already on loan", loanBody(t, s, "apprieu", spareRef(lent), 3), "asset", []string{spareRef(lent), "déjà prêté"}},
			{"not a spare", loanBody(t, s, "apprieu", tech.tag, 3), "asset", []string{tech.tag, "PC de prêt"}},
			{"archived", loanBody(t, s, "apprieu", spareRef(archived), 3), "asset", []string{spareRef(archived), "archivé"}},
			{"unknown tag", loanBody(t, s, "apprieu", "BE999999", 3), "asset", []string{"BE999999"}},
			{"beyond max_loan_days", loanBody(t, s, "apprieu", spareRef(free), 11), "due_date", []string{tooFar, "10 jours"}},
			{"due in the past", loanBody(t, s, "apprieu", spareRef(free), -1), "due_date", []string{past}},
			{"site of another commune", strings.Replace(loanBody(t, s, "apprieu", spareRef(free), 3),
				siteOf(t, s, "apprieu", "school").String(), siteOf(t, s, "chabons", "school").String(), 1), "site_id", []string{"Châbons", "Apprieu"}},
			{"no reason", strings.Replace(loanBody(t, s, "apprieu", spareRef(free), 3), "PC de la direction en panne", " ", 1), "reason", nil},
		}
		for _, c := range cases {
			r := tech.do(t, http.MethodPost, "/api/v1/loans", c.body)
			if r.status != 422 && r.status != 400 || !strings.Contains(r.body, `"`+c.field+`"`) {
				t.Errorf("%s: %d %s, want a rejection on %s", c.name, r.status, r.body, c.field)
				continue
			}
			for _, w := range c.want {
				if !strings.Contains(r.body, w) {
					t.Errorf("%s: the rejection does not name %q: %s", c.name, w, r.body)
				}
			}
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", "BE00000", 3)); r.status != 400 {
			t.Errorf("unreadable tag: %d %s, want 400", r.status, r.body)
		}

		// The last allowed day passes, and only technicians lend.
		committee := tech.as(t, "comite@demo.invalid")
		corr := tech.as(t, "correspondant-apprieu@demo.invalid")
		for _, f := range []fixture{committee, corr} {
			if r := f.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(free), 10)); r.status != 403 {
				t.Errorf("check-out by a non-technician: %d %s", r.status, r.body)
			}
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(free), 10)); r.status != 201 {
			t.Errorf("check-out due on the last allowed day: %d %s", r.status, r.body)
		}
	})
}

func TestLoanOverdue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		spares := listSpares(t, tech)
		late := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(spares[0]), 5)))["id"].(string)
		onTime := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(spares[1]), 0)))["id"].(string)

		// The first loan was due two days ago, the second is due today.
		dueThen := assets.Date{Time: loans.Today().AddDate(0, 0, -2)}
		if _, err := s.DB.NewUpdate().Table("loans").Set("due_date = ?", dueThen).Where("id = ?", late).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}

		if got := decodeJSON(t, tech.get(t, "/api/v1/loans/"+late))["status"]; got != "overdue" {
			t.Errorf("loan due two days ago: status %v, want overdue", got)
		}
		if got := decodeJSON(t, tech.get(t, "/api/v1/loans/"+onTime))["status"]; got != "open" {
			t.Errorf("loan due today: status %v, want open", got)
		}
		overdue := tech.get(t, "/api/v1/loans?status=overdue")
		if list := decodeJSON(t, overdue); list["total"] != float64(1) || !strings.Contains(overdue.body, late) {
			t.Errorf("overdue loans: %s", overdue.body)
		}
		if list := decodeJSON(t, tech.get(t, "/api/v1/loans?status=open")); list["total"] != float64(2) {
			t.Errorf("open loans, overdue included: %v, want 2", list["total"])
		}
		if list := decodeJSON(t, tech.get(t, "/api/v1/loans?status=closed")); list["total"] != float64(0) {
			t.Errorf("closed loans: %v, want 0", list["total"])
		}
		if r := tech.get(t, "/api/v1/loans?status=late"); r.status != 400 || !strings.Contains(r.body, "late") {
			t.Errorf("unknown status filter: %d %s", r.status, r.body)
		}

		// Extending the overdue loan within max_loan_days reopens it.
		due := loans.Today().AddDate(0, 0, 3).Format("2006-01-02")
		r := tech.do(t, http.MethodPatch, "/api/v1/loans/"+late, `{"version":1,"due_date":"`+due+`"}`)
		if r.status != 200 || decodeJSON(t, r)["status"] != "open" {
			t.Errorf("extend an overdue loan: %d %s", r.status, r.body)
		}
	})
}

func TestLoansStayInTheirCommune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		apprieu := tech.as(t, "correspondant-apprieu@demo.invalid")
		committee := tech.as(t, "comite@demo.invalid")
		spares := listSpares(t, tech)
		own := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "apprieu", spareRef(spares[0]), 5)))["id"].(string)
		other := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "chabons", spareRef(spares[1]), 5)))["id"].(string)

		list := apprieu.get(t, "/api/v1/loans")
		if decodeJSON(t, list)["total"] != float64(1) || !strings.Contains(list.body, own) || strings.Contains(list.body, other) {
			t.Errorf("Apprieu's loans: %s", list.body)
		}
		if r := apprieu.get(t, "/api/v1/loans/"+other); r.status != 404 || r.envelop.Error.Code != "not_found" {
			t.Errorf("another commune's loan: %d %s, want 404", r.status, r.body)
		}
		if r := apprieu.get(t, "/api/v1/loans/"+own); r.status != 200 {
			t.Errorf("own commune's loan: %d %s", r.status, r.body)
		}
		chabons := communeIDOf(t, s, "chabons").String()
		if got := decodeJSON(t, apprieu.get(t, "/api/v1/loans?commune_id="+chabons))["total"]; got != float64(0) {
			t.Errorf("Apprieu filtering on Châbons: %v loans, want 0", got)
		}
		if got := decodeJSON(t, committee.get(t, "/api/v1/loans"))["total"]; got != float64(2) {
			t.Errorf("the committee reads %v loans, want 2", got)
		}
		if r := apprieu.do(t, http.MethodPost, "/api/v1/loans/"+own+"/return", `{"return_condition":"ok"}`); r.status != 403 {
			t.Errorf("correspondent checking in: %d %s", r.status, r.body)
		}
	})
}

func TestSparePoolChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		tech := newFixture(t, s, true)
		pc := assetTagged(t, s, "BE000002D")

		if r := tech.do(t, http.MethodPost, "/api/v1/spares", `{"asset":"BE000002D"}`); r.status != 201 || !strings.Contains(r.body, `"available":true`) {
			t.Fatalf("add a PC to the pool: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/spares", `{"asset":"`+pc+`"}`); r.status != 200 {
			t.Errorf("add the same PC by id: %d %s, want 200", r.status, r.body)
		}
		if got := len(listSpares(t, tech)); got != 4 {
			t.Errorf("pool after adding a PC: %d spares, want 4", got)
		}
		if r := tech.do(t, http.MethodPost, "/api/v1/spares", `{"asset":"BE0000145"}`); r.status != 422 || !strings.Contains(r.body, "« Imprimante »") || strings.Contains(r.body, "« printer »") {
			t.Errorf("add a printer to the pool: %d %s, want 422 naming the kind « Imprimante »", r.status, r.body)
		}
		if r := tech.as(t, "correspondant-apprieu@demo.invalid").do(t, http.MethodPost, "/api/v1/spares", `{"asset":"BE000002D"}`); r.status != 403 {
			t.Errorf("correspondent changing the pool: %d %s", r.status, r.body)
		}

		// A PC on loan stays in the pool until it comes back.
		loan := decodeJSON(t, tech.do(t, http.MethodPost, "/api/v1/loans", loanBody(t, s, "chabons", "BE000002D", 2)))["id"].(string)
		if r := tech.do(t, http.MethodDelete, "/api/v1/spares/"+pc, ""); r.status != 422 || !strings.Contains(r.body, "BE000002D") {
			t.Errorf("remove a lent PC from the pool: %d %s", r.status, r.body)
		}
		tech.do(t, http.MethodPost, "/api/v1/loans/"+loan+"/return", `{"return_condition":"ok"}`)
		if r := tech.do(t, http.MethodDelete, "/api/v1/spares/"+pc, ""); r.status != 204 {
			t.Errorf("remove a returned PC from the pool: %d %s", r.status, r.body)
		}
		if r := tech.do(t, http.MethodDelete, "/api/v1/spares/"+pc, ""); r.status != 404 {
			t.Errorf("remove a PC twice: %d %s", r.status, r.body)
		}
		entries, err := audit.Entries(context.Background(), s.Reader, "loan_spare", uuid.MustParse(pc))
		if err != nil || len(entries) != 2 {
			t.Errorf("audit entries of the pool change: %d (%v), want 2", len(entries), err)
		}
	})
}

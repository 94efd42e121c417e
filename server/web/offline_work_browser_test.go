package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"parc/server/i18n"
)

// TestOfflineReportsCampaignLoan handles two problem reports on the
// correspondent's device without signal, one turned into a request and
// one dismissed. On the technician's device, also without signal, it
// opens the year's maintenance campaign and tries to lend a PC that is
// not in the pool of spares, which the device refuses with the server's
// words. Back online, each queued op reaches the server once.
func TestOfflineReportsCampaignLoan(t *testing.T) {
	_, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	year := parisToday(t)[:4]
	convertID, _ := reportOn(t, s, "apprieu", "L'écran reste noir.")
	dismissID, _ := reportOn(t, s, "apprieu", "La souris ne marche plus.")

	corr := launchBrowser(t, srv, "correspondent")
	defer corr.logExceptions()
	corr.login(apprieuCorrespondent)
	corr.waitController()
	corr.open("/problem-reports")
	corr.waitScreen("problem-reports")
	corr.wait("both reports on the device", fmt.Sprintf(`%s && %s`,
		jsQuery(fmt.Sprintf(`#report-list li[data-report-id=%q]`, convertID)), jsQuery(fmt.Sprintf(`#report-list li[data-report-id=%q]`, dismissID))))
	corr.setOffline(true)

	corr.open("/problem-reports?report=" + convertID.String())
	corr.waitScreen("problem-reports")
	if corr.exists("#reports-offline") {
		corr.errorf("the screen still says that handling a report needs the network")
	}
	choose(corr, "#report-convert #field-category", "os_repair")
	choose(corr, "#report-convert #field-urgency", "blocking")
	corr.click("#report-convert button[type=submit]")
	corr.waitScreen("request")
	requestID := corr.path()[len("/requests/"):]

	corr.open("/problem-reports?report=" + dismissID.String())
	corr.waitScreen("problem-reports")
	typeText(corr, "#report-dismiss #field-reason", "Souris remplacée par l'école.")
	corr.click("#report-dismiss button[type=submit]")
	corr.wait("the dismissed report left the new ones", fmt.Sprintf(`location.search === '' && !document.querySelector('#report-list li[data-report-id=%q]')`, dismissID))

	corrOps, corrClient := outboxOps(corr)
	if got := entityCounts(corrOps); len(corrOps) != 2 || got["problem_report"] != 2 {
		t.Fatalf("the correspondent's outbox holds %v, want two problem reports", got)
	}
	reloadOffline(corr, "problem-reports", 2)
	corr.setOffline(false)
	waitOutboxEmpty(corr, 30*time.Second)
	checkOpsOnce(t, s, corrOps, corrClient)
	if got := dbValue[string](t, s, "SELECT status || '|' || request_id FROM problem_reports WHERE id = ?", convertID); got != "converted|"+requestID {
		t.Errorf("converted report on the server: %q, want converted into %s", got, requestID)
	}
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM requests WHERE id = ? AND urgency = 'blocking' AND category = 'os_repair'", requestID); n != 1 {
		t.Errorf("%d requests %s on the server, want 1", n, requestID)
	}
	if got := dbValue[string](t, s, "SELECT status || '|' || dismissed_reason FROM problem_reports WHERE id = ?", dismissID); got != "dismissed|Souris remplacée par l'école." {
		t.Errorf("dismissed report on the server: %q", got)
	}

	tech := newBrowser(t, srv)
	defer tech.logExceptions()
	tech.login(demoEmail)
	tech.waitController()
	tech.open("/maintenance")
	tech.waitScreen("maintenance")
	tech.wait("no campaign yet", jsQuery("#campaign-open"))
	tech.setOffline(true)
	tech.open("/maintenance")
	tech.waitScreen("maintenance")
	tech.click("#campaign-open")
	tech.wait("the campaign opened on the device", fmt.Sprintf(`%s && (document.querySelector('#campaign-year')?.textContent || '').includes(%q)`,
		jsQuery("#campaign-on-device"), year))

	tech.open("/loans/new")
	tech.waitScreen("loan-out")
	scanLabel(tech, "loan-out-scan", pc.tag, "refused")
	want := i18n.Msg("loan_asset_not_spare", pc.tag).Text(i18n.French)
	if got := tech.text("#loan-out-scan-status"); got != want {
		t.Errorf("refusal of a PC outside the pool: %q, want the server's %q", got, want)
	}

	techOps, techClient := outboxOps(tech)
	if got := entityCounts(techOps); len(techOps) != 1 || got["maintenance_campaign"] != 1 {
		t.Fatalf("the technician's outbox holds %v, want the campaign alone", got)
	}
	tech.setOffline(false)
	waitOutboxEmpty(tech, 30*time.Second)
	checkOpsOnce(t, s, techOps, techClient)
	if got := dbValue[string](t, s, "SELECT id FROM maintenance_campaigns WHERE year = ?", year); got != techOps[0].EntityID {
		t.Errorf("campaign of %s on the server: %q, want the device's %s", year, got, techOps[0].EntityID)
	}
}

// localRecord reads one record of an IndexedDB store of the device, or
// null, as JSON text.
func localRecord(b *browser, storeName, id string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(async () => {
		const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
		const db = await request(indexedDB.open('parc'));
		const row = await request(db.transaction(%q).objectStore(%q).get(%q));
		db.close();
		return JSON.stringify(row ?? null);
	})()`, storeName, storeName, id))
}

// TestOfflineConversionHandledElsewhere converts a report on the
// correspondent's device offline while the technician converts it
// online. Back online, the device's op is rejected and no second request
// appears. « Abandonner » drops the device's copy of its request and
// brings the report back as the server has it.
func TestOfflineConversionHandledElsewhere(t *testing.T) {
	f, s, srv := browserFixture(t)
	reportID, _ := reportOn(t, s, "apprieu", "Le vidéoprojecteur ne s'allume plus.")

	corr := launchBrowser(t, srv, "correspondent")
	defer corr.logExceptions()
	corr.login(apprieuCorrespondent)
	corr.waitController()
	corr.open("/problem-reports?report=" + reportID.String())
	corr.waitScreen("problem-reports")
	corr.wait("the convert form", jsQuery("#report-convert"))
	corr.setOffline(true)
	choose(corr, "#report-convert #field-category", "peripheral")
	corr.click("#report-convert button[type=submit]")
	corr.waitScreen("request")
	localRequest := corr.path()[len("/requests/"):]

	res := f.do(t, "POST", "/api/v1/problem-reports/"+reportID.String()+"/convert", `{"category":"peripheral","urgency":"normal"}`)
	expect(t, "the technician's conversion", res, 201)
	serverRequest, _ := decodeRecord(t, res)["id"].(string)

	corr.setOffline(false)
	corr.wait("the rejection on the device", `document.documentElement.dataset.rejected === '1'`)
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM requests"); n != 1 {
		t.Errorf("%d requests on the server, want the technician's alone", n)
	}
	ops, _ := outboxOps(corr)
	if len(ops) != 0 {
		t.Errorf("the outbox still holds %d ops", len(ops))
	}

	corr.open("/sync")
	corr.waitScreen("sync")
	corr.wait("the rejected conversion", jsQuery("#sync-rejected li"))
	corr.click("#sync-rejected li button.danger")
	corr.click(`#discard-dialog button[data-choice="confirm"]`)
	corr.wait("the rejection dropped", `document.documentElement.dataset.rejected === '0'`)
	if got := localRecord(corr, "requests", localRequest); got != "null" {
		t.Errorf("the device keeps its copy of request %s: %s", localRequest, got)
	}
	if got := localRecord(corr, "problem_reports", reportID.String()); !strings.Contains(got, `"request_id":"`+serverRequest+`"`) {
		t.Errorf("the report on the device after « Abandonner »: %s, want converted into %s", got, serverRequest)
	}
}

package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"parc/server/store"
)

// The daily work without signal: the flows of TestWorkRequestJourney, a
// loan and a maintenance check, recorded while Chromium is offline, with
// a reload in the middle, must reach the server intact and once.

const workComment = "La classe utilise le PC de secours en attendant."

// checkOpsOnce checks that the server processed each op of the device
// once and applied it, and that it holds nothing else from the device.
func checkOpsOnce(t *testing.T, s *store.Store, queued []queuedOp, clientID string) {
	t.Helper()
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM sync_ops WHERE client_id = ?", clientID); n != len(queued) {
		t.Errorf("sync_ops holds %d ops of client %s, want the %d it queued", n, clientID, len(queued))
	}
	for _, op := range queued {
		rows := dbStrings(t, s, "SELECT status FROM sync_ops WHERE id = ?", op.ID)
		if len(rows) != 1 || rows[0] != "applied" {
			t.Errorf("op %s (%s %s %s): results %q, want [applied]", op.ID, op.Action, op.Entity, op.EntityID, rows)
		}
	}
}

// entityCounts returns how many ops of each entity a device queued.
func entityCounts(ops []queuedOp) map[string]int {
	out := map[string]int{}
	for _, op := range ops {
		out[op.Entity]++
	}
	return out
}

// reloadOffline reloads the tab without signal and waits for the screen.
func reloadOffline(b *browser, screenName string, pending int) {
	b.t.Helper()
	b.do("reload offline", chromedp.Reload())
	b.waitScreen(screenName)
	if got := pendingCount(b); got != pending {
		b.errorf("after a reload offline: %d pending ops, want %d", got, pending)
	}
}

// lendSpare checks a spare PC out to the Apprieu school through the form.
func lendSpare(b *browser, spareTag string, pc apprieuPC) {
	b.t.Helper()
	b.open("/loans/new")
	b.waitScreen("loan-out")
	scanLabel(b, "loan-out-scan", spareTag, "seen")
	choose(b, "#field-commune_id", pc.communeID)
	choose(b, "#field-site_id", pc.siteID)
	typeText(b, "#field-reason", "PC de la classe en panne")
	b.click("#loan-out-form button[type=submit]")
	b.waitScreen("loans")
	b.wait("the loan in the list", `document.querySelector('#loan-list li[data-status="open"]') !== null`)
}

// checkTownHallPC plans a visit of the Apprieu town hall today and
// records the check of its PC.
func checkTownHallPC(b *browser, siteID, assetID, tag, today string) {
	b.t.Helper()
	b.open("/maintenance")
	b.waitScreen("maintenance")
	choose(b, "#visit-form #field-site_id", siteID)
	setValue(b, "#visit-form #field-planned_for", today)
	b.click("#visit-form button[type=submit]")
	b.wait("the planned visit", `document.querySelector('#visit-list li[data-status="planned"] a') !== null`)
	b.click(`#visit-list li[data-status="planned"] a`)
	b.waitScreen("maintenance-visit")
	scanLabel(b, "visit-scan", tag, "seen")
	b.click("#check-updates")
	b.click("#check-antivirus")
	b.click("#visit-check-form button[type=submit]")
	b.wait("the check in the list", jsQuery(fmt.Sprintf(`#visit-checks li[data-asset-id=%q][data-done="true"]`, assetID)))
}

// TestWorkOffline files a request and a comment on the correspondent's
// device without signal. On the technician's device, also without signal,
// it plans the request, opens and closes a work order with its timer,
// lends a spare PC and checks a PC of a visit. Each device reloads
// offline. Back online, every op reaches the server once, and Apprieu's
// time rises by the minutes.
func TestWorkOffline(t *testing.T) {
	src := axeSource(t)
	f, s, srv := browserFixture(t)
	pc := readApprieuPC(t, s)
	today := parisToday(t)
	const minutes, travel = 45, 15
	before, _ := communeMinutes(t, f, pc.communeID)
	if res := f.do(t, http.MethodPost, "/api/v1/maintenance/campaigns", `{"year":`+today[:4]+`}`); res.status != http.StatusCreated {
		t.Fatalf("open the campaign %s: status %d: %s", today[:4], res.status, res.body)
	}
	townHall := dbStrings(t, s, `SELECT s.id || '|' || a.id || '|' || a.tag FROM assets a JOIN sites s ON s.id = a.site_id
		WHERE s.commune_id = ? AND s.kind = 'town_hall' AND a.kind = 'pc' AND a.tag IS NOT NULL ORDER BY a.tag LIMIT 1`, pc.communeID)
	spare := dbStrings(t, s, `SELECT a.id || '|' || a.tag FROM loan_spares ls JOIN assets a ON a.id = ls.asset_id ORDER BY a.tag LIMIT 1`)
	if len(townHall) != 1 || len(spare) != 1 {
		t.Fatalf("the demo has %d PCs at the Apprieu town hall and %d spares, want one of each", len(townHall), len(spare))
	}
	hall := strings.Split(townHall[0], "|")
	spareID, spareTag, _ := strings.Cut(spare[0], "|")

	// The correspondent, offline.
	corr := launchBrowser(t, srv, "correspondent")
	defer corr.logExceptions()
	corr.login(apprieuCorrespondent)
	corr.waitController()
	corr.setOffline(true)
	requestID := fileRequest(corr, src, pc)
	typeText(corr, "#comment-form #field-body", workComment)
	corr.click("#comment-form button[type=submit]")
	corr.wait("the comment on screen", `document.querySelector('#request-comments li') !== null`)
	corrOps, corrClient := outboxOps(corr)
	if got := entityCounts(corrOps); len(corrOps) != 2 || got["request"] != 1 || got["request_comment"] != 1 {
		t.Fatalf("the correspondent's outbox holds %v, want a request and a comment", got)
	}
	reloadOffline(corr, "request", 2)
	corr.wait("the comment after the reload", fmt.Sprintf(`(document.querySelector('#request-comments')?.textContent || '').includes(%q)`, workComment))
	corr.setOffline(false)
	waitOutboxEmpty(corr, 30*time.Second)
	checkOpsOnce(t, s, corrOps, corrClient)
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM requests WHERE description = ? AND status = 'new' AND urgency = 'blocking'", workDescription); n != 1 {
		t.Errorf("%d new blocking requests with the description on the server, want 1", n)
	}
	if got := dbStrings(t, s, "SELECT body FROM request_comments WHERE request_id = ?", requestID.String()); len(got) != 1 || got[0] != workComment {
		t.Errorf("comments of request %s: %q, want [%q]", requestID, got, workComment)
	}

	// The technician, offline once the request is on the device.
	tech := newBrowser(t, srv)
	defer tech.logExceptions()
	tech.login(demoEmail)
	tech.waitController()
	tech.open("/requests/" + requestID.String())
	tech.waitScreen("request")
	tech.wait("the request's actions", jsQuery("#request-plan"))
	tech.setOffline(true)
	planRequest(tech, today)
	workOrderID := openWorkOrder(tech, requestID)
	queuedBefore, _ := outboxOps(tech)
	runTimer(tech, pc, minutes, func() {
		// The timer goes on through a reload: its start is on the device.
		reloadOffline(tech, "work-order", len(queuedBefore)+2)
	})
	closeWorkOrder(tech, travel)
	runAxe(tech, src, "work-order (closed offline)")
	lendSpare(tech, spareTag, pc)
	runAxe(tech, src, "loans (offline)")
	checkTownHallPC(tech, hall[0], hall[1], hall[2], today)
	runAxe(tech, src, "maintenance-visit (offline)")
	checkTargets(tech, "maintenance-visit (offline)")

	queued, techClient := outboxOps(tech)
	t.Logf("the technician's outbox offline: %v", entityCounts(queued))
	reloadOffline(tech, "maintenance-visit", len(queued))
	if n := dbValue[int](t, s, "SELECT COUNT(*) FROM sync_ops WHERE client_id = ?", techClient); n != 0 {
		t.Fatalf("the server got %d ops of the technician's device while it was offline", n)
	}
	tech.setOffline(false)
	waitOutboxEmpty(tech, 30*time.Second)
	checkOpsOnce(t, s, queued, techClient)

	checkClosedOnServer(t, s, requestID, workOrderID, pc, minutes, travel)
	if after, _ := communeMinutes(t, f, pc.communeID); after != before+minutes {
		t.Errorf("Apprieu's time rose from %d to %d minutes, want +%d", before, after, minutes)
	}
	loans := dbStrings(t, s, "SELECT commune_id || '|' || site_id || '|' || COALESCE(returned_at, '') FROM loans WHERE asset_id = ?", spareID)
	if want := pc.communeID + "|" + pc.siteID + "|"; len(loans) != 1 || loans[0] != want {
		t.Errorf("loans of spare %s: %q, want one open loan [%q]", spareTag, loans, want)
	}
	if got := dbValue[string](t, s, "SELECT status FROM assets WHERE id = ?", spareID); got != "on_loan" {
		t.Errorf("spare %s is %s, want on_loan", spareTag, got)
	}
	checks := dbStrings(t, s, `SELECT v.planned_for || '|' || c.updates || c.antivirus || c.disk || c.cleaning || c.done FROM maintenance_checks c
		JOIN maintenance_visits v ON v.id = c.visit_id WHERE c.asset_id = ?`, hall[1])
	if len(checks) != 1 || !strings.HasSuffix(checks[0], "|11001") || !strings.HasPrefix(checks[0], today) {
		t.Errorf("checks of PC %s: %q, want one check of a visit on %s with updates, antivirus and done", hall[2], checks, today)
	}
}

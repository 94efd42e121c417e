package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"
)

// pushSpy replaces the page's fetch for POST /api/v1/sync/push. It records
// the op ids of each push in window.parcPushes. The push numbered
// window.parcCut reaches the server, but the page gets a network error
// instead of the response. The push numbered window.parcHoldAt waits,
// once the server has responded, until the test calls window.parcRelease(),
// and window.parcHolding is true meanwhile.
const pushSpy = `(() => {
	window.parcPushes = [];
	window.parcCut = 0;
	window.parcHoldAt = 0;
	window.parcHolding = false;
	const original = window.fetch;
	window.fetch = async (input, init) => {
		const url = String(input instanceof Request ? input.url : input);
		if (!url.includes('/api/v1/sync/push')) return original(input, init);
		const number = window.parcPushes.push(JSON.parse(init.body).ops.map((op) => op.id));
		const response = await original(input, init);
		if (number === window.parcCut) throw new TypeError('connection cut after the server committed');
		if (number === window.parcHoldAt) {
			window.parcHolding = true;
			await new Promise((resolve) => { window.parcRelease = resolve; });
			window.parcHolding = false;
		}
		return response;
	};
	return true;
})()`

// queueNotes queues a change of an asset's notes through the app's outbox
// and returns the op's id.
func queueNotes(b *browser, assetID, notes string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`import('/app/' + document.documentElement.dataset.version + '/outbox.js')
		.then((m) => m.queueChanges([{entity: 'asset', entity_id: %q, fields: {notes: %q}}]))
		.then((ops) => ops[0].id)`, assetID, notes))
}

// waitSent waits until none of the ops is in the device's outbox any more,
// and returns false when timeout passes first.
func waitSent(b *browser, timeout time.Duration, ids ...string) bool {
	b.t.Helper()
	for deadline := time.Now().Add(timeout); ; {
		queued, _ := outboxOps(b)
		left := slices.ContainsFunc(queued, func(op queuedOp) bool { return slices.Contains(ids, op.ID) })
		if !left {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(pollInterval)
	}
}

// pushes returns the op ids of each push the page sent since pushSpy.
func pushes(b *browser) [][]string {
	b.t.Helper()
	return eval[[][]string](b, `window.parcPushes`)
}

// TestSyncPushInFlight checks two network failures around a push. First,
// a response is lost after the server committed: the retry timer sends the
// op again without any new change, and the server applies it once. Then a
// change is queued while a push is in flight: it goes in the next push,
// and the first push's results do not drop it.
func TestSyncPushInFlight(t *testing.T) {
	_, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	ids := dbStrings(t, s, `SELECT id FROM assets WHERE tag IS NOT NULL AND archived_at IS NULL ORDER BY tag LIMIT 3`)
	if len(ids) < 3 {
		t.Fatalf("the demo has %d tagged assets, want 3", len(ids))
	}
	b.login(demoEmail)
	eval[bool](b, pushSpy)

	// The first push reaches the server, and its response is lost.
	versionBefore := dbValue[int](t, s, "SELECT version FROM assets WHERE id = ?", ids[0])
	eval[bool](b, `(window.parcCut = 1, true)`)
	cut := queueNotes(b, ids[0], "Réponse perdue puis renvoyée")
	if !waitSent(b, 20*time.Second, cut) {
		b.fatalf("after a lost response: op %s still queued, pushes %v", cut, pushes(b))
	}
	sent := pushes(b)
	t.Logf("lost response: pushes %v", sent)
	if len(sent) < 2 || !slices.Equal(sent[0], []string{cut}) || !slices.Equal(sent[1], []string{cut}) {
		t.Errorf("pushes %v, want op %s sent twice, alone", sent, cut)
	}
	if got := dbStrings(t, s, "SELECT status FROM sync_ops WHERE id = ?", cut); !slices.Equal(got, []string{"applied"}) {
		t.Errorf("sync_ops rows of op %s: %q, want one applied", cut, got)
	}
	if v := dbValue[int](t, s, "SELECT version FROM assets WHERE id = ?", ids[0]); v != versionBefore+1 {
		t.Errorf("asset %s: version %d after one change sent twice, want %d", ids[0], v, versionBefore+1)
	}

	// A change queued while a push is in flight goes in the next push.
	eval[bool](b, `(window.parcPushes = [], window.parcCut = 0, window.parcHoldAt = 1, true)`)
	first := queueNotes(b, ids[1], "Envoyée avant")
	b.wait("the first push to be held", `window.parcHolding === true`)
	second := queueNotes(b, ids[2], "Mise en file pendant l'envoi")
	if queued, _ := outboxOps(b); len(queued) != 2 {
		b.errorf("with a push in flight and one more change: %d ops queued (%v), want 2", len(queued), queued)
	}
	eval[bool](b, `(window.parcRelease(), true)`)
	if !waitSent(b, stepTimeout, first, second) {
		b.fatalf("after the held push: ops still queued, pushes %v", pushes(b))
	}
	sent = pushes(b)
	t.Logf("change queued in flight: pushes %v", sent)
	if len(sent) != 2 || !slices.Equal(sent[0], []string{first}) || !slices.Equal(sent[1], []string{second}) {
		t.Errorf("pushes %v, want [[%s] [%s]]", sent, first, second)
	}
	for op, asset := range map[string]string{first: ids[1], second: ids[2]} {
		if got := dbStrings(t, s, "SELECT status FROM sync_ops WHERE id = ?", op); !slices.Equal(got, []string{"applied"}) {
			t.Errorf("sync_ops rows of op %s (asset %s): %q, want one applied", op, asset, got)
		}
	}
	if got := dbValue[string](t, s, "SELECT notes FROM assets WHERE id = ?", ids[2]); got != "Mise en file pendant l'envoi" {
		t.Errorf("asset %s: notes %q, want the change queued in flight", ids[2], got)
	}
}

// TestSyncBackgroundSyncEvent puts an op straight into the outbox, so that
// no trigger of the page notices it, and fires the service worker's
// Background Sync event through the DevTools protocol. The worker posts a
// message to the page, which syncs, and the op reaches the server.
func TestSyncBackgroundSyncEvent(t *testing.T) {
	_, s, srv := browserFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	assetID := dbStrings(t, s, `SELECT id FROM assets WHERE tag IS NOT NULL AND archived_at IS NULL ORDER BY tag LIMIT 1`)[0]
	b.login(demoEmail)
	b.waitController()

	scope := srv.url("/")
	registrations := make(chan serviceworker.RegistrationID, 8)
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			for _, r := range e.Registrations {
				if r.ScopeURL == scope && !r.IsDeleted {
					select {
					case registrations <- r.RegistrationID:
					default:
					}
				}
			}
		}
	}); err != nil {
		t.Fatalf("listen to the service worker events: %v", err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("ServiceWorker.enable: %v", err)
	}
	var registration serviceworker.RegistrationID
	select {
	case registration = <-registrations:
	case <-ctx.Done():
		t.Fatalf("no service worker registration for %s", scope)
	}

	const notes = "Envoyée par Background Sync"
	opID := eval[string](b, fmt.Sprintf(`(async () => {
		const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
		const ids = await import('/app/' + document.documentElement.dataset.version + '/ids.js');
		const op = {id: ids.uuidv7(), entity: 'asset', entity_id: %q, action: 'upsert', fields: {notes: %q},
			create: false, queued_at: new Date().toISOString(), sent: false};
		const db = await request(indexedDB.open('parc'));
		await request(db.transaction('outbox', 'readwrite').objectStore('outbox').add(op));
		db.close();
		return op.id;
	})()`, assetID, notes))

	if _, err := chromedp.Call(ctx, serviceworker.DispatchSyncEvent, serviceworker.DispatchSyncEventParams{
		Origin: strings.TrimSuffix(scope, "/"), RegistrationID: registration, Tag: "parc-sync",
	}); err != nil {
		t.Fatalf("ServiceWorker.dispatchSyncEvent: %v", err)
	}
	if !waitSent(b, stepTimeout, opID) {
		b.fatalf("op %s is still queued after the Background Sync event", opID)
	}
	if got := dbStrings(t, s, "SELECT status FROM sync_ops WHERE id = ?", opID); !slices.Equal(got, []string{"applied"}) {
		t.Errorf("sync_ops rows of op %s: %q, want one applied", opID, got)
	}
	if got := dbValue[string](t, s, "SELECT notes FROM assets WHERE id = ?", assetID); got != notes {
		t.Errorf("asset %s: notes %q, want %q", assetID, got, notes)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"parc/server/store"
)

// The steps of the Web Push browser test that talk to the service worker
// through the DevTools Protocol: they deliver push messages as a push
// service would, read the notifications back, and run the worker's click
// handler.

// pushNotification is a notification as registration.getNotifications()
// lists it.
type pushNotification struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Tag   string `json:"tag"`
	URL   string `json:"url"`
	Icon  string `json:"icon"`
	Badge string `json:"badge"`
}

// listNotifications is a page expression that lists the notifications the
// service worker shows.
const listNotifications = `navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((list) => list.map((n) =>
	({title: n.title, body: n.body, tag: n.tag, url: (n.data && n.data.url) || '', icon: n.icon, badge: n.badge})))`

// workerRegistration returns the id of the service worker's registration
// that the ServiceWorker domain of the DevTools Protocol reports.
func workerRegistration(b *browser) serviceworker.RegistrationID {
	b.t.Helper()
	var mu sync.Mutex
	var ids []serviceworker.RegistrationID
	ctx, cancel := context.WithCancel(b.ctx)
	defer cancel()
	scope := b.srv.url("/")
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*serviceworker.EventWorkerRegistrationUpdated); ok {
			mu.Lock()
			defer mu.Unlock()
			for _, r := range e.Registrations {
				if r.ScopeURL == scope && !r.IsDeleted {
					ids = append(ids, r.RegistrationID)
				}
			}
		}
	}); err != nil {
		b.fatalf("listen to the service worker events: %v", err)
	}
	b.do("enable the ServiceWorker domain", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{})
		return err
	}))
	found := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(ids) == 0 {
			return ""
		}
		return string(ids[len(ids)-1])
	}
	waitGo(b, "the registration of "+scope, func() bool { return found() != "" })
	return serviceworker.RegistrationID(found())
}

// deliverPush hands data to the service worker as a push message.
func deliverPush(b *browser, registration serviceworker.RegistrationID, data string) {
	b.t.Helper()
	origin := strings.TrimSuffix(b.srv.url("/"), "/")
	b.do("deliver a push message", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{
			Origin: origin, RegistrationID: registration, Data: data,
		})
		return err
	}))
}

// notificationTagged waits until the service worker shows a notification
// with tag, and returns it.
func notificationTagged(b *browser, tag string) pushNotification {
	b.t.Helper()
	waitPromise(b, "the notification tagged "+tag, fmt.Sprintf(`(%s).then((list) => list.some((n) => n.tag === %q))`, listNotifications, tag))
	for _, n := range eval[[]pushNotification](b, listNotifications) {
		if n.Tag == tag {
			return n
		}
	}
	b.fatalf("the notification tagged %s went away", tag)
	return pushNotification{}
}

// checkPushShown delivers the server's payload for a planned request and
// reads the notification back, then a second push with the same tag,
// which replaces it.
func checkPushShown(b *browser, registration serviceworker.RegistrationID) {
	b.t.Helper()
	payload, _ := json.Marshal(map[string]string{
		"title": "Demande planifiée", "body": "Votre demande est planifiée le 12 décembre.",
		"url": "/requests?status=all", "tag": "request-42",
	})
	deliverPush(b, registration, string(payload))
	n := notificationTagged(b, "request-42")
	b.t.Logf("notification: %+v", n)
	if n.Title != "Demande planifiée" || n.Body != "Votre demande est planifiée le 12 décembre." {
		b.errorf("notification %q / %q, want the payload's title and body", n.Title, n.Body)
	}
	if n.URL != "/requests?status=all" {
		b.errorf("notification URL %q, want /requests?status=all", n.URL)
	}
	if !strings.Contains(n.Icon, "/icons/icon-192.png") || !strings.Contains(n.Badge, "/icons/badge-96.png") {
		b.errorf("notification icon %q and badge %q, want the app's icon-192.png and badge-96.png", n.Icon, n.Badge)
	}

	update, _ := json.Marshal(map[string]string{
		"title": "Intervention commencée", "body": "Le technicien est sur place.", "url": "/requests?status=all", "tag": "request-42",
	})
	deliverPush(b, registration, string(update))
	waitPromise(b, "the update to replace the notification", fmt.Sprintf(`(%s).then((list) => {
		const same = list.filter((n) => n.tag === 'request-42');
		return same.length === 1 && same[0].title === 'Intervention commencée';
	})`, listNotifications))
}

// genericBody is the French body of the notification that the service
// worker shows for a payload it cannot read.
const genericBody = "Du nouveau dans Parc : touchez pour ouvrir l’application."

// checkPushFallbacks delivers a payload that is not JSON, which still
// shows a notification, and one whose URL leads to another site, which
// opens the app's home page instead.
func checkPushFallbacks(b *browser, registration serviceworker.RegistrationID) {
	b.t.Helper()
	deliverPush(b, registration, "not json {")
	waitPromise(b, "a generic notification", fmt.Sprintf(`(%s).then((list) => list.some((n) => n.tag === '' && n.title === 'Parc'))`, listNotifications))
	for _, n := range eval[[]pushNotification](b, listNotifications) {
		if n.Tag != "" {
			continue
		}
		if n.Body != genericBody {
			b.errorf("generic notification body %q, want the French text %q that the page stored", n.Body, genericBody)
		}
		if n.URL != "/" {
			b.errorf("generic notification %+v opens %q, want /", n, n.URL)
		}
	}

	foreign, _ := json.Marshal(map[string]string{"title": "Lien extérieur", "body": "", "url": "https://example.com/phish", "tag": "foreign"})
	deliverPush(b, registration, string(foreign))
	if n := notificationTagged(b, "foreign"); n.URL != "/" {
		b.errorf("a push to https://example.com/phish opens %q, want /", n.URL)
	}
}

// checkNotificationClick runs the service worker's notificationclick path
// on the notification of the request: the protocol has no command to
// click a notification, so the test calls the handler's function in the
// worker. The open page must move to the notification's screen.
func checkNotificationClick(b *browser) {
	b.t.Helper()
	worker := workerTarget(b)
	if _, err := tryEval[bool](worker, `self.registration.getNotifications({tag: 'request-42'})
		.then(([n]) => followNotification(n)).then(() => true)`); err != nil {
		b.fatalf("run followNotification in the service worker: %v", err)
	}
	b.wait("the request list after the click", `location.pathname + location.search === '/requests?status=all'`)
	b.waitScreen("requests")
	left := eval[[]pushNotification](b, listNotifications)
	for _, n := range left {
		if n.Tag == "request-42" {
			b.errorf("the clicked notification is still shown: %+v", n)
		}
	}
}

// checkSubscriptionChange runs the worker's pushsubscriptionchange path
// with a new subscription that has real P-256 and auth keys: the worker
// fetches a CSRF token with the session cookie, deletes the old endpoint
// (already gone here, which it ignores) and posts the new one. The
// protocol cannot fire the event, so the test calls the handler's function.
func checkSubscriptionChange(b *browser, s *store.Store) {
	b.t.Helper()
	renewed := standInAllow + "device-2"
	worker := workerTarget(b)
	script := fmt.Sprintf(`(async () => {
		const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
		const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
		const keys = { p256dh: b64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))), auth: b64(crypto.getRandomValues(new Uint8Array(16))) };
		await renewSubscription({ endpoint: %q }, { toJSON: () => ({ endpoint: %q, expirationTime: null, keys }) });
		return true;
	})()`, standInEndpoint, renewed)
	if _, err := tryEval[bool](worker, script); err != nil {
		b.fatalf("run renewSubscription in the service worker: %v", err)
	}
	endpoints := dbStrings(b.t, s, `SELECT ps.endpoint FROM push_subscriptions ps JOIN users u ON u.id = ps.user_id WHERE u.email = ?`, apprieuCorrespondent)
	if len(endpoints) != 1 || endpoints[0] != renewed {
		b.errorf("the server holds the endpoints %v after the subscription change, want only %s", endpoints, renewed)
	}
}

// workerTarget attaches to the app's service worker as a browser tab
// whose expressions run in the worker's global scope.
func workerTarget(b *browser) *browser {
	b.t.Helper()
	targets, err := chromedp.Targets(b.ctx)
	if err != nil {
		b.fatalf("list the browser's targets: %v", err)
	}
	var id target.ID
	for _, info := range targets {
		if info.Type == "service_worker" && strings.HasSuffix(info.URL, "/sw.js") {
			id = info.TargetID
		}
	}
	if id == "" {
		b.fatalf("no service worker among %d targets", len(targets))
	}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id))
	b.t.Cleanup(cancel)
	return &browser{t: b.t, ctx: ctx, srv: b.srv, name: "sw"}
}

// waitPromise waits until cond, a page expression that returns a promise
// of a boolean, resolves to true. waitFor does not await promises.
func waitPromise(b *browser, condition, cond string) {
	b.t.Helper()
	waitGo(b, condition, func() bool {
		ok, err := tryEval[bool](b, cond)
		return err == nil && ok
	})
}

// waitGo waits until cond, a check in Go, returns true.
func waitGo(b *browser, condition string, cond func() bool) {
	b.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			b.fatalf("timed out after %v waiting for %s", stepTimeout, condition)
		}
		time.Sleep(pollInterval)
	}
}

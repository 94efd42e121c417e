package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"parc/server/push"
	"parc/server/store"
	"parc/server/store/storetest"
	"parc/server/web"
)

// The browser test of Web Push: the settings section, the permission and
// the subscription, then pushes delivered to the service worker through
// the DevTools Protocol (notifications_push_browser_test.go).
//
// Headless Chromium has no push service here: pushManager.subscribe never
// settles without Google's service. The test checks that the button
// requests the permission and calls subscribe with the server's key, then
// replaces PushManager's subscribe and getSubscription with a stand-in
// that returns real P-256 and auth keys, so that the rest of the path (the
// POST to the server, the state on screen, the DELETE) runs for real.

// webPushSpy records, in every page of the tab, the calls that the app makes
// to Notification.requestPermission and PushManager.subscribe, and passes
// them on. webPushSpy.standIn, once set, resolves subscribe in place of
// the browser.
const webPushSpy = `window.webPushSpy = { permissionRequests: 0, subscribeKeys: [], subscribeOutcome: 'pending', standIn: null };
(() => {
	const requestPermission = Notification.requestPermission.bind(Notification);
	Notification.requestPermission = (...args) => { webPushSpy.permissionRequests++; return requestPermission(...args); };
	const subscribe = PushManager.prototype.subscribe;
	PushManager.prototype.subscribe = function (options) {
		const key = new Uint8Array(options.applicationServerKey);
		webPushSpy.subscribeKeys.push(btoa(String.fromCharCode(...key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
		const result = (webPushSpy.standIn ?? subscribe).call(this, options);
		result.then(() => { webPushSpy.subscribeOutcome = 'resolved'; },
			(err) => { webPushSpy.subscribeOutcome = 'rejected: ' + err.name + ': ' + err.message; });
		return result;
	};
})();`

// standInSubscription makes subscribe and getSubscription return a
// subscription with a fresh ECDH P-256 key pair and auth secret, and the
// endpoint ENDPOINT, as a browser with a push service would.
const standInSubscription = `(async () => {
	const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
	const p256dh = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
	const auth = crypto.getRandomValues(new Uint8Array(16));
	const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
	const endpoint = ENDPOINT;
	let current = null;
	webPushSpy.standIn = async (options) => {
		current = {
			endpoint, expirationTime: null,
			options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(options.applicationServerKey).buffer },
			toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: b64(p256dh), auth: b64(auth) } }),
			unsubscribe: async () => { current = null; return true; },
		};
		return current;
	};
	PushManager.prototype.getSubscription = async function () { return current; };
	return true;
})()`

// standInEndpoint is the endpoint of the stand-in subscription: a loopback
// address that the test server's allow list (standInAllow) accepts. The
// test never starts the push worker, so nothing is sent there.
const (
	standInAllow    = "http://127.0.0.1:9/parc-test-push/"
	standInEndpoint = standInAllow + "device-1"
)

// notificationsFixture is the demo server of browserFixture, with the
// stand-in's endpoint on the push allow list.
func notificationsFixture(t *testing.T) (fixture, *store.Store, *testServer) {
	t.Helper()
	chromiumPath(t)
	s := storetest.Open(t, store.SQLite)
	f := newFixture(t, s, true)
	app, err := web.New(context.Background(), web.Config{
		Store: s, Log: storetest.Logger(), TagPrefix: "BE", Push: push.Config{Allow: []string{standInAllow}},
	})
	if err != nil {
		t.Fatalf("web.New with the push allow list: %v", err)
	}
	f.app = app
	return f, s, serve(t, app, "127.0.0.1:0")
}

// notificationsScreen is the settings screen once the section has the
// server's preferences.
var notificationsScreen = screen{"settings", "/settings", `#notifications[data-state="ready"]`}

func TestPWANotifications(t *testing.T) {
	src := axeSource(t)
	f, s, srv := notificationsFixture(t)
	b := newBrowser(t, srv)
	defer b.logExceptions()
	b.do("install the push spy", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: webPushSpy})
		return err
	}))
	correspondent := f.as(t, apprieuCorrespondent)

	b.login(apprieuCorrespondent)
	b.waitController()
	b.openScreen(notificationsScreen)
	checkNotificationsSection(b)
	runAxe(b, src, "settings (notifications)")
	checkTargets(b, "settings (notifications)")

	grantNotifications(b)
	checkBrowserSubscribe(b, correspondent)

	b.openScreen(notificationsScreen)
	enableWithStandIn(b, correspondent)
	checkEventSwitch(b, correspondent)

	registration := workerRegistration(b)
	checkPushShown(b, registration)
	checkPushFallbacks(b, registration)
	checkNotificationClick(b)

	// Through the tab bar, as a reload would drop the stand-in.
	b.click(`nav#tabbar a[href="/settings"]`)
	b.waitScreen("settings")
	b.wait("the section filled in", jsQuery(notificationsScreen.ready))
	disableNotifications(b, correspondent)
	checkSubscriptionChange(b, s)
	checkOffline(b)
	checkDeniedHelp(b)
	checkIPhoneHint(b)
}

// checkNotificationsSection checks what a correspondent reads before
// turning notifications on: the button, and a labelled switch for each
// event of their role and for e-mail. Nothing has requested the
// permission yet.
func checkNotificationsSection(b *browser) {
	b.t.Helper()
	if got := b.text("#notifications-title"); got != "Notifications" {
		b.errorf("section title %q, want Notifications", got)
	}
	if got := b.text("#notifications-enable"); got != "Activer les notifications sur cet appareil" {
		b.errorf("enable button %q, want « Activer les notifications sur cet appareil »", got)
	}
	if got := deviceState(b); got != "off" {
		b.errorf("device state %q before any permission, want off", got)
	}
	if n := eval[int](b, `webPushSpy.permissionRequests`); n != 0 {
		b.errorf("the app requested the notification permission %d times before any tap, want 0", n)
	}

	labels := eval[map[string]string](b, `Object.fromEntries([...document.querySelectorAll('#notifications input[type=checkbox]')]
		.map((el) => [el.id, (el.labels[0]?.textContent ?? '').trim()]))`)
	b.t.Logf("notification switches: %v", labels)
	for _, event := range []string{"request_planned", "request_started", "request_done", "request_refused"} {
		if labels["notifications-event-"+event] == "" {
			b.errorf("no labelled switch for %s among %v", event, labels)
		}
	}
	if _, ok := labels["notifications-event-request_created"]; ok {
		b.errorf("a correspondent sees the technicians' switch request_created: %v", labels)
	}
	if labels["notifications-email"] == "" {
		b.errorf("no labelled e-mail switch among %v", labels)
	}
}

func deviceState(b *browser) string {
	b.t.Helper()
	return eval[string](b, `document.getElementById('notifications-device')?.dataset.device ?? ''`)
}

// grantNotifications grants the notification permission to the app's
// origin, as the user's « Autoriser » in the browser's prompt would.
func grantNotifications(b *browser) {
	b.t.Helper()
	setNotificationPermission(b, cdpbrowser.PermissionSettingGranted)
}

// setNotificationPermission sets the notification and push permissions
// of the app's origin, and checks what the page then reads.
func setNotificationPermission(b *browser, setting cdpbrowser.PermissionSetting) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	origin := strings.TrimSuffix(b.srv.url("/"), "/")
	for _, descriptor := range []*cdpbrowser.PermissionDescriptor{{Name: "notifications"}, {Name: "push", UserVisibleOnly: true}} {
		_, err := chromedp.Call(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: descriptor, Setting: setting, Origin: origin,
		})
		if err != nil {
			b.fatalf("set the %s permission of %s to %s: %v", descriptor.Name, origin, setting, err)
		}
	}
	if got := eval[string](b, `Notification.permission`); got != string(setting) {
		b.fatalf("Notification.permission %q after setting it, want %s", got, setting)
	}
}

// checkBrowserSubscribe taps « Activer » with the browser's own push
// service: the app requests the permission and calls subscribe with the
// server's VAPID key. Whether the browser's subscribe settles is logged,
// not required, since headless Chromium has no push service here.
func checkBrowserSubscribe(b *browser, correspondent fixture) {
	b.t.Helper()
	b.click("#notifications-enable")
	b.wait("a call to pushManager.subscribe", `webPushSpy.subscribeKeys.length === 1`)
	if n := eval[int](b, `webPushSpy.permissionRequests`); n != 1 {
		b.errorf("the tap requested the permission %d times, want 1", n)
	}

	res := correspondent.get(b.t, "/api/v1/push/vapid-public-key")
	var body struct {
		Key string `json:"key"`
	}
	if err := json.Unmarshal([]byte(res.body), &body); err != nil || res.status != 200 || body.Key == "" {
		b.fatalf("GET /api/v1/push/vapid-public-key: %d, %v: %s", res.status, err, res.body)
	}
	if got := eval[string](b, `webPushSpy.subscribeKeys[0]`); got != body.Key {
		b.errorf("subscribe got the applicationServerKey %q, want the server's key %q", got, body.Key)
	}
	b.t.Logf("the browser's own pushManager.subscribe: %s (message %q)",
		eval[string](b, `webPushSpy.subscribeOutcome`), b.text("#notifications-message"))
}

// enableWithStandIn taps « Activer » with the stand-in subscription: the
// server stores it, and the section shows the device as on.
func enableWithStandIn(b *browser, correspondent fixture) {
	b.t.Helper()
	install := strings.Replace(standInSubscription, "ENDPOINT", fmt.Sprintf("%q", standInEndpoint), 1)
	if !eval[bool](b, install) {
		b.fatalf("install the stand-in subscription")
	}
	b.click("#notifications-enable")
	b.wait("the device on", `document.getElementById('notifications-device')?.dataset.device === 'on'`)
	if got := b.text("#notifications-message"); got != "Notifications activées sur cet appareil." {
		b.errorf("message after « Activer » %q, want « Notifications activées sur cet appareil. »", got)
	}
	if got := b.text("#notifications-devices"); got != "1 appareil reçoit vos notifications." {
		b.errorf("device count %q, want « 1 appareil reçoit vos notifications. »", got)
	}
	if prefs := notificationPrefs(b, correspondent); prefs.PushDevices != 1 {
		b.errorf("the server counts %d push devices after « Activer », want 1", prefs.PushDevices)
	}
	checkTargets(b, "settings (notifications on)")
}

// notificationPreferences is the body of GET /api/v1/me/notifications.
type notificationPreferences struct {
	Events         map[string]bool `json:"events"`
	Email          bool            `json:"email"`
	PushDevices    int             `json:"push_devices"`
	SMTPConfigured bool            `json:"smtp_configured"`
}

func notificationPrefs(b *browser, correspondent fixture) notificationPreferences {
	b.t.Helper()
	res := correspondent.get(b.t, "/api/v1/me/notifications")
	var prefs notificationPreferences
	if err := json.Unmarshal([]byte(res.body), &prefs); err != nil || res.status != 200 {
		b.fatalf("GET /api/v1/me/notifications: %d, %v: %s", res.status, err, res.body)
	}
	return prefs
}

// checkEventSwitch turns « une demande est terminée » off: the server
// keeps the choice.
func checkEventSwitch(b *browser, correspondent fixture) {
	b.t.Helper()
	const sel = "#notifications-event-request_done"
	if !eval[bool](b, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) || !notificationPrefs(b, correspondent).Events["request_done"] {
		b.fatalf("request_done is already off before the tap, want on")
	}
	b.click(sel)
	b.wait("the saved message", `document.getElementById('notifications-message').textContent === 'Réglage enregistré.'`)
	if notificationPrefs(b, correspondent).Events["request_done"] {
		b.errorf("the server keeps request_done on after the switch was turned off")
	}
	if eval[bool](b, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) {
		b.errorf("the switch %s is on again after the save", sel)
	}
}

// disableNotifications taps « Désactiver »: the server deletes the
// subscription and the section offers « Activer » again.
func disableNotifications(b *browser, correspondent fixture) {
	b.t.Helper()
	b.click("#notifications-disable")
	b.wait("the device off", `document.getElementById('notifications-device')?.dataset.device === 'off'`)
	if prefs := notificationPrefs(b, correspondent); prefs.PushDevices != 0 {
		b.errorf("the server counts %d push devices after « Désactiver », want 0", prefs.PushDevices)
	}
}

// checkOffline opens the settings without network: the section shows that
// it needs the network, and « Réessayer » fills it in once it is back.
func checkOffline(b *browser) {
	b.t.Helper()
	b.setOffline(true)
	b.open("/settings")
	b.waitScreen("settings")
	b.wait("the offline note", `document.getElementById('notifications')?.dataset.state === 'offline'`)
	if got := b.text("#notifications-offline"); !strings.Contains(got, "demande le réseau") {
		b.errorf("offline note %q, want it to say that the setting needs the network", got)
	}
	checkTargets(b, "settings (notifications offline)")

	b.setOffline(false)
	b.click("#notifications-retry")
	b.wait("the section after « Réessayer »", `document.getElementById('notifications')?.dataset.state === 'ready'`)
}

// checkDeniedHelp blocks notifications, as a user's « Bloquer » would: the
// section explains where to allow them again and offers no button, since
// the browser would not ask again.
func checkDeniedHelp(b *browser) {
	b.t.Helper()
	setNotificationPermission(b, cdpbrowser.PermissionSettingDenied)
	b.open("/settings")
	b.waitScreen("settings")
	b.wait("the section filled in", jsQuery(notificationsScreen.ready))
	if got := deviceState(b); got != "denied" {
		b.errorf("device state %q with notifications blocked, want denied", got)
	}
	if help := b.text("#notifications-help"); !strings.Contains(help, "réglages du site") {
		b.errorf("blocked-notifications help %q, want the way to the site settings", help)
	}
	if b.exists("#notifications-enable") {
		b.errorf("blocked notifications still show « Activer », which cannot work")
	}
}

// iPhoneSafari is the user agent of Safari on iOS 18.
const iPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"

// checkIPhoneHint opens the settings as Safari on an iPhone, in a tab and
// not from the home screen: the section explains the « Partager » → « Sur
// l'écran d'accueil » step and offers no button.
func checkIPhoneHint(b *browser) {
	b.t.Helper()
	b.do("pose as Safari on an iPhone", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: iPhoneSafari, Platform: "iPhone"})
		return err
	}))
	b.open("/settings")
	b.waitScreen("settings")
	b.wait("the section filled in", jsQuery(notificationsScreen.ready))
	if got := deviceState(b); got != "ios-home-screen" {
		b.errorf("device state %q on an iPhone's Safari tab, want ios-home-screen", got)
	}
	if help := b.text("#notifications-help"); !containsAll(help, "« Partager »", "« Sur l’écran d’accueil »") {
		b.errorf("iPhone help %q, want the « Partager » and « Sur l’écran d’accueil » steps", help)
	}
	if b.exists("#notifications-enable") {
		b.errorf("an iPhone's Safari tab shows « Activer », which cannot work there")
	}
	checkTargets(b, "settings (notifications on an iPhone tab)")
}

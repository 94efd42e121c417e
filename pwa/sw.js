// Parc's service worker. The server fills in the build's version and the
// list of files to precache; any change to any file of the app changes the
// version, so the browser installs a new worker. The new worker waits
// until the page asks it to take over (the "Recharger" button), then every
// open page reloads onto the new build.

const VERSION = '__PARC_VERSION__';
const PRECACHE = __PARC_PRECACHE__;
// Files that only some screens load (the barcode decoder): fetched in the
// background once the worker is active, so that they work offline without
// delaying the first start.
const LAZY = __PARC_LAZY__;
const SHELL_CACHE = `parc-shell-${VERSION}`;
const APP_PREFIX = `/app/${VERSION}/`;

// Paths that the app routes in the page, as regular expressions filled in
// by the server from its own list; a navigation to one of them gets the
// app's page from the cache, with or without signal.
const APP_PAGES = __PARC_PAGES__.map((source) => new RegExp(source));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith('parc-shell-') && name !== SHELL_CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
    cacheLazyFiles();
  })());
});

// cacheLazyFiles stores the lazy files that the cache lacks. A failure
// (no signal) is left for the next start or the first use.
async function cacheLazyFiles() {
  const cache = await caches.open(SHELL_CACHE);
  for (const url of LAZY) {
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url);
      if (response.ok) await cache.put(url, response);
    } catch {
      return;
    }
  }
}

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') {
    self.skipWaiting();
  }
});

// Background Sync: the page registers the tag 'parc-sync' when it queues
// a change, and the browser fires this event once it has a connection,
// with its own retries. The outbox and the code that sends it live in the
// page, so the worker posts a message to each open page and waits for
// their replies. An event that fails, because a page could not reach the
// server, is retried later by the browser. With no page open, the
// worker does nothing: the next page to open syncs at start.
self.addEventListener('sync', (event) => {
  if (event.tag === 'parc-sync') event.waitUntil(askPagesToSync());
});

// SYNC_REPLY_MS bounds the wait for a page's reply, for a page that is
// frozen in the background.
const SYNC_REPLY_MS = 60 * 1000;

async function askPagesToSync() {
  const pages = await self.clients.matchAll({ type: 'window' });
  const replies = await Promise.all(pages.map((page) => new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), SYNC_REPLY_MS);
    channel.port1.onmessage = (message) => {
      clearTimeout(timer);
      resolve(Boolean(message.data && message.data.ok));
    };
    page.postMessage({ type: 'parc-sync' }, [channel.port2]);
  })));
  if (replies.length && !replies.some(Boolean)) {
    throw new Error('no open page could sync');
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url));
    return;
  }
  if (url.pathname.startsWith(APP_PREFIX)) {
    event.respondWith(appFile(request));
  }
  // Everything else, the API first, goes to the network untouched: the
  // page reads its data from IndexedDB when the network fails.
});

// navigate handles a page load. App pages come from the cache, so the app
// opens at once and offline. Any other page (a QR code's /t/ page, for
// example) goes to the network and falls back to the app's page, which
// shows that the page needs a connection.
async function navigate(request, url) {
  const cache = await caches.open(SHELL_CACHE);
  const shell = await cache.match('/');
  if (shell && APP_PAGES.some((pattern) => pattern.test(url.pathname))) {
    return shell;
  }
  try {
    return await fetch(request);
  } catch (err) {
    if (shell) return shell;
    throw err;
  }
}

// appFile returns a versioned file from the cache, and caches a file
// loaded on demand (such as the scanner) the first time it is fetched.
async function appFile(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;

  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

// Web Push. The server sends a JSON payload {title, body, url, tag}. The
// notification opens url, and a later push with the same tag (the same
// request moving on) replaces the earlier one. A payload that cannot be
// read still shows a notification, with the generic texts that the page
// stored in the user's language (pwa/app/notifications.js).
const NOTIFICATION_TEXTS_CACHE = 'parc-notification-texts';
const NOTIFICATION_TEXTS_URL = '/notification-texts.json';
const ICON = `${APP_PREFIX}icons/icon-192.png`;
const BADGE = `${APP_PREFIX}icons/badge-96.png`;

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(event.data));
});

async function showPush(data) {
  const message = (await readPush(data)) ?? (await genericMessage());
  await self.registration.showNotification(message.title, {
    body: message.body,
    icon: ICON,
    badge: BADGE,
    tag: message.tag,
    renotify: message.tag !== undefined,
    data: { url: message.url },
  });
}

// readPush returns the payload's message, or null when it is missing,
// not JSON, or has no title. A URL outside the app becomes the home page.
async function readPush(data) {
  let payload;
  try {
    payload = data ? data.json() : null;
  } catch {
    return null;
  }
  if (!payload || typeof payload.title !== 'string' || payload.title.trim() === '') return null;
  return {
    title: payload.title,
    body: typeof payload.body === 'string' ? payload.body : '',
    url: appPath(payload.url) ?? '/',
    tag: typeof payload.tag === 'string' && payload.tag !== '' ? payload.tag : undefined,
  };
}

async function genericMessage() {
  let texts = null;
  try {
    const response = await caches.match(NOTIFICATION_TEXTS_URL, { cacheName: NOTIFICATION_TEXTS_CACHE });
    texts = response ? await response.json() : null;
  } catch {
    // No stored texts: the app's name alone below.
  }
  return { title: texts?.title || 'Parc', body: texts?.body || '', url: '/', tag: undefined };
}

// appPath returns the path, query and fragment of url when it is on this
// origin, and null otherwise (another site, or not a URL at all).
function appPath(url) {
  if (typeof url !== 'string') return null;
  let parsed;
  try {
    parsed = new URL(url, self.location.origin);
  } catch {
    return null;
  }
  if (parsed.origin !== self.location.origin) return null;
  return parsed.pathname + parsed.search + parsed.hash;
}

// A tap on a notification focuses an open window of the app and posts its
// page a message to show the notification's screen, which keeps the
// page's state. With no window open, it opens one on that screen.
self.addEventListener('notificationclick', (event) => {
  event.waitUntil(followNotification(event.notification));
});

function followNotification(notification) {
  notification.close();
  return openApp(appPath(notification.data?.url) ?? '/');
}

async function openApp(path) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const own = windows.filter((client) => new URL(client.url).origin === self.location.origin);
  const target = own.find((client) => client.focused) ?? own[0];
  if (!target) {
    await self.clients.openWindow(path);
    return;
  }
  target.postMessage({ type: 'parc-open', url: path });
  // The browser lets a worker focus a window only while it handles a
  // notification click. The page shows the screen even when focus fails.
  await target.focus().catch((err) => console.warn('focus the app window', err));
}

// The push service replaced or ended the subscription: subscribe again
// with the same server key and tell the server, which deletes the old
// endpoint. Without a session cookie (logged out) the server refuses,
// and the user turns notifications on again in the settings.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

async function renewSubscription(oldSubscription, newSubscription) {
  let subscription = newSubscription;
  if (!subscription) {
    const key = oldSubscription?.options?.applicationServerKey ?? (await serverKey());
    subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }
  const token = await csrfToken();
  if (oldSubscription) {
    await sendJSON('DELETE', '/api/v1/push/subscriptions', { endpoint: oldSubscription.endpoint }, token).catch(() => {});
  }
  await sendJSON('POST', '/api/v1/push/subscriptions', subscription.toJSON(), token);
}

async function serverKey() {
  const response = await fetch('/api/v1/push/vapid-public-key', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`vapid key: HTTP ${response.status}`);
  const { key } = await response.json();
  const base64 = key.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function csrfToken() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`session: HTTP ${response.status}`);
  return (await response.json()).csrf_token ?? '';
}

async function sendJSON(method, path, body, token) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
}

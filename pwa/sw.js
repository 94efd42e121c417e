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

// Registers the service worker and runs the update flow. A new build's
// worker installs in the background and waits; the banner offers to
// reload; the button tells the waiting worker to take over, and every
// open page reloads when it does, so none keeps running the old code.

const CHECK_INTERVAL_MS = 30 * 60 * 1000;

/** Registers /sw.js and shows the banner when a new build is waiting. */
export async function startUpdates(report) {
  if (!('serviceWorker' in navigator)) return;

  // The first worker a page gets (on its first visit) takes over through
  // clients.claim(): that is not an update and must not reload the page.
  // Every later takeover is a new build, and the page reloads onto it.
  let controller = navigator.serviceWorker.controller;
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    const previous = controller;
    controller = navigator.serviceWorker.controller;
    if (!previous || reloading) return;
    reloading = true;
    location.reload();
  });

  let registration;
  try {
    registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  } catch (err) {
    report(err);
    return;
  }

  const offer = (worker) => {
    if (worker && navigator.serviceWorker.controller) showBanner(worker);
  };
  offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer(worker);
    });
  });

  const check = () => registration.update().catch(() => {
    // Offline or the server is restarting: the next check will do.
  });
  setInterval(check, CHECK_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

function showBanner(worker) {
  const banner = document.getElementById('update-banner');
  const button = document.getElementById('update-reload');
  banner.hidden = false;
  button.onclick = () => {
    button.disabled = true;
    worker.postMessage({ type: 'skip-waiting' });
  };
}

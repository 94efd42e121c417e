// Client-side routing with the History API. The server returns the app's
// page for every path listed here, and the service worker does the same
// offline, so a reload or a shared link opens the same screen.

const routes = [];
let main = null;
let renders = 0;
let guard = () => null;

/**
 * Registers a screen. path may hold :name segments; render receives
 * {params, query} and resolves to {title, body, refresh}: body contains the
 * nodes of the screen (null and false entries are skipped). When the
 * local data changes, the router calls refresh instead of drawing the
 * screen again, if the screen gave one: a search updates its results, and
 * a form (refresh: null) keeps what the user is typing.
 */
export function route(path, screen, render, { open = false } = {}) {
  const names = [];
  const pattern = path.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ regexp: new RegExp(`^${pattern}$`), names, screen, render, open });
}

/**
 * Starts routing into the main element. fallback renders unknown paths;
 * redirect(route) returns a path to go to instead (such as the login
 * screen) or null.
 */
export function startRouter(mainElement, fallback, redirect) {
  main = mainElement;
  guard = redirect;
  routes.push({ regexp: /^/, names: [], screen: 'not-found', render: fallback, open: true });

  document.addEventListener('click', followLink);
  window.addEventListener('popstate', () => show({ focus: true }));
  return show({ focus: false });
}

/** Goes to a path of the app, adding it to the history. */
export function navigate(path, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  return show({ focus: true });
}

let current = null;

/**
 * Draws the current screen again, keeping focus and scroll, after the
 * local data changed; a screen that gave its own refresh runs that instead.
 */
export function redraw() {
  if (current && 'refresh' in current) {
    return current.refresh ? current.refresh() : Promise.resolve();
  }
  return show({ focus: false, keep: true });
}

/** Draws the current screen again, as after a change of language. */
export function rerender() {
  return show({ focus: false, keep: true });
}

function followLink(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/t/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

function match(pathname) {
  for (const r of routes) {
    const m = r.regexp.exec(pathname);
    if (!m) continue;
    const params = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
    return { route: r, params };
  }
  return null;
}

async function show({ focus, keep = false }) {
  const token = ++renders;
  const found = match(location.pathname);
  if (!found.route.open) {
    const target = guard(found.route);
    if (target) {
      history.replaceState(null, '', target);
      return show({ focus, keep });
    }
  }

  main.dataset.ready = 'false';
  main.setAttribute('aria-busy', 'true');
  const query = new URLSearchParams(location.search);
  const screen = await found.route.render({ params: found.params, query });
  if (token !== renders) return; // A later navigation won.

  current = screen;
  const active = keep ? snapshotFocus() : null;
  const scroll = window.scrollY;
  main.replaceChildren(...screen.body.flat(Infinity).filter(Boolean));
  document.title = `${screen.title} · Parc`;
  main.dataset.screen = found.route.screen;
  markTab(found.route.screen);
  main.removeAttribute('aria-busy');
  main.dataset.ready = 'true';

  if (keep) {
    restoreFocus(active);
    window.scrollTo(0, scroll);
  } else if (focus) {
    const heading = main.querySelector('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
    window.scrollTo(0, 0);
  }
}

// Tabs of the bottom navigation and the screens under each.
const tabs = {
  home: ['home', 'inventory', 'sync', 'requests', 'request-new', 'request', 'problem-reports', 'work-orders', 'work-order-new',
    'work-order', 'loans', 'loan-out', 'loan-in', 'maintenance', 'maintenance-visit', 'reports', 'tariffs', 'tariff-edit'],
  fleet: ['communes', 'commune', 'site', 'room', 'asset', 'commune-edit', 'site-edit', 'room-edit', 'asset-edit'],
  scan: ['scan'],
  search: ['search'],
  settings: ['settings', 'admin', 'archives', 'users', 'user-edit', 'service-settings', 'privacy', 'accessibility', 'import'],
};

function markTab(screen) {
  for (const link of document.querySelectorAll('#tabbar a[data-tab]')) {
    if (tabs[link.dataset.tab]?.includes(screen)) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function snapshotFocus() {
  const el = document.activeElement;
  if (!el || !el.id || !main.contains(el)) return null;
  const selection = 'selectionStart' in el ? [el.selectionStart, el.selectionEnd] : null;
  return { id: el.id, selection };
}

function restoreFocus(snapshot) {
  if (!snapshot) return;
  const el = document.getElementById(snapshot.id);
  if (!el) return;
  el.focus({ preventScroll: true });
  if (snapshot.selection && typeof el.setSelectionRange === 'function') {
    try {
      el.setSelectionRange(...snapshot.selection);
    } catch {
      // Inputs of type search accept it; other types may not.
    }
  }
}

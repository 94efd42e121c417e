// Starts the app: language, service worker, session, local data, routes.

import { ApiError } from './api.js';
import { resolveLanguage, setLanguage, t, translatePage } from './i18n.js';
import { languageChoice } from './prefs.js';
import { loadSyncedAt } from './refresh.js';
import { navigate, redraw, route, startRouter } from './router.js';
import { openCode } from './scan.js';
import { startNotificationLinks } from './notifications.js';
import { announce } from './outbox.js';
import { currentUser, forget, loadSession } from './session.js';
import { startSync, stopSync } from './sync.js';
import { startUpdates } from './update.js';
import { adminScreen } from './views/admin.js';
import { archivesScreen } from './views/archives.js';
import { assetScreen } from './views/asset.js';
import { communeScreen, communesScreen, roomScreen, siteScreen } from './views/fleet.js';
import { assetEditScreen, communeEditScreen, roomEditScreen, siteEditScreen } from './views/fleet-edit.js';
import { homeScreen } from './views/home.js';
import { inventoryScreen } from './views/inventory.js';
import { accessibilityScreen, privacyScreen } from './views/legal.js';
import { loginScreen } from './views/login.js';
import { loanInScreen, loanOutScreen, loansScreen } from './views/loans.js';
import { maintenanceScreen } from './views/maintenance.js';
import { maintenanceVisitScreen } from './views/maintenance-visit.js';
import { notFoundScreen } from './views/not-found.js';
import { problemReportsScreen } from './views/problem-reports.js';
import { requestScreen } from './views/request.js';
import { requestNewScreen } from './views/request-new.js';
import { requestsScreen } from './views/requests.js';
import { reportsScreen } from './views/reports.js';
import { scanScreen } from './views/scan.js';
import { searchScreen } from './views/search.js';
import { serviceSettingsScreen } from './views/service-settings.js';
import { settingsScreen } from './views/settings.js';
import { showToast } from './views/toast.js';
import { syncScreen } from './views/sync.js';
import { transferScreen } from './views/transfer.js';
import { tariffScreen, tariffsScreen } from './views/tariffs.js';
import { startSyncIndicator } from './views/sync-status.js';
import { userScreen, usersScreen } from './views/users.js';
import { workOrderScreen } from './views/work-order.js';
import { workOrderNewScreen, workOrdersScreen } from './views/work-orders.js';
import { startWedge } from './wedge.js';

// The server's list of app paths (server/web/shell_handlers.go) must name
// every path registered here.
route('/login', 'login', loginScreen, { open: true });
route('/privacy', 'privacy', privacyScreen, { open: true });
route('/accessibility', 'accessibility', accessibilityScreen, { open: true });
route('/', 'home', homeScreen);
route('/communes', 'communes', communesScreen);
route('/communes/new', 'commune-edit', communeEditScreen);
route('/communes/:id', 'commune', communeScreen);
route('/communes/:id/edit', 'commune-edit', communeEditScreen);
route('/sites/new', 'site-edit', siteEditScreen);
route('/sites/:id', 'site', siteScreen);
route('/sites/:id/edit', 'site-edit', siteEditScreen);
route('/rooms/new', 'room-edit', roomEditScreen);
route('/rooms/:id', 'room', roomScreen);
route('/rooms/:id/edit', 'room-edit', roomEditScreen);
route('/assets/new', 'asset-edit', assetEditScreen);
route('/assets/:id', 'asset', assetScreen);
route('/assets/:id/edit', 'asset-edit', assetEditScreen);
route('/search', 'search', searchScreen);
route('/scan', 'scan', scanScreen);
route('/inventory', 'inventory', inventoryScreen);
route('/requests', 'requests', requestsScreen);
route('/requests/new', 'request-new', requestNewScreen);
route('/requests/:id', 'request', requestScreen);
route('/problem-reports', 'problem-reports', problemReportsScreen);
route('/work-orders', 'work-orders', workOrdersScreen);
route('/work-orders/new', 'work-order-new', workOrderNewScreen);
route('/work-orders/:id', 'work-order', workOrderScreen);
route('/loans', 'loans', loansScreen);
route('/loans/new', 'loan-out', loanOutScreen);
route('/loans/return', 'loan-in', loanInScreen);
route('/maintenance', 'maintenance', maintenanceScreen);
route('/maintenance/visits/:id', 'maintenance-visit', maintenanceVisitScreen);
route('/reports', 'reports', reportsScreen);
route('/reports/tariffs', 'tariffs', tariffsScreen);
route('/reports/tariffs/new', 'tariff-edit', tariffScreen);
route('/reports/tariffs/:id', 'tariff-edit', tariffScreen);
route('/settings', 'settings', settingsScreen);
route('/sync', 'sync', syncScreen);
route('/import', 'import', transferScreen);
route('/admin', 'admin', adminScreen);
route('/archives', 'archives', archivesScreen);
route('/admin/users', 'users', usersScreen);
route('/admin/users/new', 'user-edit', userScreen);
route('/admin/users/:id', 'user-edit', userScreen);
route('/admin/settings', 'service-settings', serviceSettingsScreen);

/** Handles an error no screen caught: an ended session goes to login. */
async function report(err) {
  if (err instanceof ApiError && err.status === 401 && currentUser()) {
    await endSession();
    showToast(t('session_ended'));
    await navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    return;
  }
  console.error(err);
  showToast(err instanceof Error ? err.message : String(err));
}

function showNetworkState() {
  const status = document.getElementById('net-status');
  status.textContent = navigator.onLine ? '' : t('net_offline');
  document.documentElement.dataset.online = String(navigator.onLine);
}

/** Shows the navigation and starts the sync for a user. */
function beginSession() {
  document.getElementById('tabbar').hidden = false;
  announce();
  startSync(report);
}

async function endSession() {
  stopSync();
  document.getElementById('tabbar').hidden = true;
  await forget();
}

/** Sends a visitor without a session to the login screen, then back. */
function redirect() {
  if (currentUser()) return null;
  const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
  return `/login${next}`;
}

async function start() {
  setLanguage(resolveLanguage(languageChoice(), navigator.languages));
  translatePage();
  showNetworkState();
  window.addEventListener('online', showNetworkState);
  window.addEventListener('offline', showNetworkState);
  startUpdates(report);
  startSyncIndicator();
  startNotificationLinks();

  await loadSyncedAt();
  const { user } = await loadSession();
  if (user) beginSession();

  document.addEventListener('parc:login', beginSession);
  document.addEventListener('parc:logout', () => {
    stopSync();
    document.getElementById('tabbar').hidden = true;
  });
  document.addEventListener('parc:data', () => redraw().catch(report));
  document.addEventListener('parc:language', () => {
    translatePage();
    showNetworkState();
  });
  window.addEventListener('unhandledrejection', (event) => report(event.reason));
  // Hand scanners work on every screen once someone is logged in.
  startWedge((tag) => {
    if (currentUser()) openCode(tag).catch(report);
  });

  await startRouter(document.getElementById('main'), notFoundScreen, redirect);
}

start().catch(report);

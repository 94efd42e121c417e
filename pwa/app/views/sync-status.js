// The state of the sync where the user sees it: the app bar's link, which
// shows while changes wait or need the user, and the summary that the
// home screen, the settings and the sync screen show. The page's <html>
// carries the counts as data-pending, data-rejected and data-conflicts.

import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { syncCounts } from '../outbox.js';
import { syncedAt } from '../refresh.js';
import { currentUser } from '../session.js';
import { syncState } from '../sync.js';

// Summaries drawn on screen; each is dropped once its screen is gone.
const summaries = new Set();

/** Keeps the app bar's link, the counts on <html> and the summaries up to date. */
export function startSyncIndicator() {
  const update = () => {
    showCounts().catch((err) => console.error('show the sync counts', err));
  };
  for (const name of ['parc:sync', 'parc:data', 'parc:language', 'parc:login', 'parc:logout']) {
    document.addEventListener(name, update);
  }
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  update();
}

async function showCounts() {
  const counts = await syncCounts();
  const root = document.documentElement.dataset;
  root.pending = String(counts.pending);
  root.rejected = String(counts.rejected);
  root.conflicts = String(counts.conflicts);

  const link = document.getElementById('sync-status');
  const problems = counts.rejected + counts.conflicts;
  link.hidden = !currentUser() || (counts.pending === 0 && problems === 0);
  link.textContent = problems ? t('sync_bar_problems', { count: problems }) : t('sync_bar_pending', { count: counts.pending });
  // WCAG 2.5.3 (Label in Name) requires the accessible name to contain
  // the visible text.
  link.setAttribute('aria-label', t('sync_bar_label', { text: link.textContent }));

  for (const summary of summaries) {
    if (summary.isConnected) {
      fill(summary, counts);
    } else if (summary.dataset.shown) {
      summaries.delete(summary);
    }
  }
}

/**
 * Builds the summary of the sync: pending changes, rejected changes and
 * conflicts, the time of the last sync and what the engine is doing. It
 * updates itself while it is on screen.
 * @param {string} id
 */
export async function syncSummary(id) {
  const summary = h('div', { id, class: 'sync-summary' });
  fill(summary, await syncCounts());
  summaries.add(summary);
  return summary;
}

function fill(summary, counts) {
  if (summary.isConnected) summary.dataset.shown = 'true';
  const state = syncState();
  const at = syncedAt();
  let activity = null;
  if (state.running) {
    activity = h('p', { class: 'detail' }, t('sync_running'));
  } else if (!navigator.onLine) {
    activity = h('p', { class: 'detail' }, t('sync_offline'));
  } else if (state.lastError) {
    activity = h('p', { class: 'warning-text' }, t('sync_failed', { message: state.lastError }));
  }
  const lines = [
    h('p', { class: 'sync-pending', dataset: { count: counts.pending } }, t('sync_pending', { count: counts.pending })),
    counts.rejected ? h('p', { class: 'warning-text' }, t('sync_rejected_count', { count: counts.rejected })) : null,
    counts.conflicts ? h('p', { class: 'warning-text' }, t('sync_conflict_count', { count: counts.conflicts })) : null,
    h('p', { class: 'detail sync-last' }, at ? t('sync_last', { when: formatDateTime(at) }) : t(navigator.onLine ? 'sync_first' : 'sync_never')),
    activity,
  ];
  summary.replaceChildren(...lines.filter(Boolean));
}

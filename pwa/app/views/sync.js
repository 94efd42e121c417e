// The sync screen (/sync): the state of the sync, the changes the server
// applied over someone else's (conflicts), the changes it rejected, each
// with « Corriger » and « Abandonner », and the changes waiting to be sent.

import { NetworkError } from '../api.js';
import { remove } from '../db.js';
import { h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { conflicts, dismissConflict, forgetRejected, pendingOps, rejectedOps } from '../outbox.js';
import { refetchRecord } from '../refresh.js';
import { redraw } from '../router.js';
import { sync, syncState } from '../sync.js';
import { confirmDialog } from './dialog.js';
import { fieldLabel, fieldValue, opSummary, recordName } from './sync-items.js';
import { syncSummary } from './sync-status.js';

export async function syncScreen() {
  const title = t('sync_title');
  const message = h('p', { id: 'sync-message', role: 'status', class: 'detail' });
  const [summary, conflicting, rejected, pending] = await Promise.all([
    syncSummary('sync-summary'), conflicts(), rejectedOps(), pendingOps(),
  ]);

  return {
    title,
    body: [
      h('h1', null, title),
      h('p', null, t('sync_intro')),
      summary,
      h('div', { class: 'actions' },
        h('button', { id: 'sync-now', type: 'button', class: 'button primary', onclick: (event) => syncNow(event.currentTarget, message) }, t('sync_now'))),
      message,
      conflicting.length ? await conflictSection(conflicting) : null,
      rejected.length ? await rejectedSection(rejected, message) : null,
      await pendingSection(pending),
    ],
  };
}

async function syncNow(button, message) {
  button.disabled = true;
  message.textContent = t('sync_running');
  const ok = await sync();
  message.textContent = ok ? t('sync_done') : t('sync_failed', { message: syncState().lastError });
  button.disabled = false;
}

/** Lists the conflicts: each field, the value the user's change replaced and the user's. */
async function conflictSection(items) {
  const entries = await Promise.all(items.map(async (item) => {
    const headingID = `conflict-${item.id}-title`;
    const lines = await Promise.all(Object.entries(item.server_fields ?? {}).map(async ([key, theirs]) => h('li', { dataset: { field: key } },
      t('sync_conflict_field', { field: fieldLabel(key), theirs: await fieldValue(key, theirs, item.entity), yours: await fieldValue(key, item.fields?.[key], item.entity) }))));
    return h('li', { class: 'card sync-item', dataset: { opId: item.id } },
      h('h3', { id: headingID }, await recordName(item)),
      h('p', null, t('sync_conflict_text', { when: formatDateTime(item.at) })),
      h('ul', { class: 'sync-fields' }, lines),
      h('div', { class: 'actions' },
        h('button', { id: `conflict-ok-${item.id}`, type: 'button', class: 'button', 'aria-describedby': headingID, onclick: async () => {
          await dismissConflict(item.id);
          await redraw();
        } }, t('sync_conflict_ok'))));
  }));
  return h('section', { 'aria-labelledby': 'sync-conflicts-title' },
    h('h2', { id: 'sync-conflicts-title' }, t('sync_conflicts_title')),
    h('p', null, t('sync_conflicts_intro')),
    h('ul', { id: 'sync-conflicts', class: 'sync-list' }, entries));
}

/** Lists the rejected changes with the server's reason, « Corriger » and « Abandonner ». */
async function rejectedSection(ops, message) {
  const entries = await Promise.all(ops.map(async (op) => {
    const headingID = `rejected-${op.id}-title`;
    const error = op.error ?? {};
    const fieldErrors = Object.entries(error.fields ?? {}).map(([key, text]) => h('li', { dataset: { field: key } }, t('sync_field_error', { field: fieldLabel(key), message: text })));
    const fixPath = op.entity === 'asset' || op.entity === 'room' ? `/${op.entity}s/${op.entity_id}/edit?fix=${op.id}` : null;
    return h('li', { class: 'card sync-item', dataset: { opId: op.id } },
      h('h3', { id: headingID }, await recordName(op)),
      h('p', null, opSummary(op)),
      h('p', { class: 'sync-reason' }, error.message || t('sync_rejected_no_reason')),
      fieldErrors.length ? h('ul', { class: 'sync-fields' }, fieldErrors) : null,
      h('div', { class: 'actions' },
        fixPath ? h('a', { id: `rejected-fix-${op.id}`, href: fixPath, class: 'button primary', 'aria-describedby': headingID }, t('sync_fix')) : null,
        h('button', { id: `rejected-drop-${op.id}`, type: 'button', class: 'button danger', 'aria-describedby': headingID,
          onclick: () => discard(op, message) }, t('sync_discard'))));
  }));
  return h('section', { 'aria-labelledby': 'sync-rejected-title' },
    h('h2', { id: 'sync-rejected-title' }, t('sync_rejected_title')),
    h('p', null, t('sync_rejected_intro')),
    h('ul', { id: 'sync-rejected', class: 'sync-list' }, entries));
}

/**
 * Drops a rejected change once the user confirms: the record as the
 * server has it replaces the device's, or the scan leaves the round.
 */
async function discard(op, message) {
  const confirmed = await confirmDialog({
    id: 'discard-dialog', title: t('sync_discard_title'), text: t('sync_discard_text'),
    confirmLabel: t('sync_discard'), cancelLabel: t('cancel'), danger: true,
  });
  if (!confirmed) return;
  try {
    if (op.entity === 'inventory_scan') {
      await remove('inventory_scans', op.entity_id);
    } else {
      await refetchRecord(op.entity, op.entity_id);
    }
    // A conversion made on the device left a copy of its new request,
    // which the server never created: reading it again drops it.
    if (op.entity === 'problem_report' && op.fields?.request_id) await refetchRecord('request', op.fields.request_id);
  } catch (err) {
    message.textContent = err instanceof NetworkError ? t('sync_discard_offline') : err.message;
    return;
  }
  await forgetRejected(op.id);
  message.textContent = t('sync_discarded');
  await redraw();
}

// The pending list shows the oldest ops only: a day of scans without
// signal can queue thousands, which the count above gives in full.
const PENDING_SHOWN = 200;

/** Lists the changes waiting to be sent, oldest first. */
async function pendingSection(ops) {
  const entries = await Promise.all(ops.slice(0, PENDING_SHOWN).map(async (op) => h('li', { class: 'sync-row', dataset: { opId: op.id, entity: op.entity } },
    h('span', { class: 'list-title' }, await recordName(op)),
    h('span', { class: 'list-detail' }, `${opSummary(op)} · ${formatDateTime(op.queued_at)}`),
    op.waits?.length ? h('span', { class: 'list-detail' }, t('sync_op_waits_files', { count: op.waits.length })) : null)));
  const more = ops.length - entries.length;
  return h('section', { 'aria-labelledby': 'sync-pending-title' },
    h('h2', { id: 'sync-pending-title' }, t('sync_pending_title')),
    entries.length ? h('ul', { id: 'sync-pending', class: 'sync-list' }, entries) : h('p', { id: 'sync-pending-none' }, t('sync_pending_none')),
    more > 0 ? h('p', { class: 'detail' }, t('sync_pending_more', { count: more })) : null);
}

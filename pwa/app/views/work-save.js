// Saving the service's daily work through the outbox: requests, comments,
// work orders, time entries, loans and maintenance. The change applies on
// the device at once. With signal the screen waits for the push, so that
// a change the server rejects shows its reasons where it was made, and
// the device takes the server's record back. Without signal the change
// goes when the network comes back, and the sync screen shows the result.

import { t } from '../i18n.js';
import { forgetRejected, opOutcome, queueChanges } from '../outbox.js';
import { refetchRecord } from '../refresh.js';
import { rerender } from '../router.js';
import { syncOp } from '../sync.js';
import { rejection } from './fleet-save.js';
import { showToast } from './toast.js';

/**
 * Queues changes (see queueChanges) and, with signal, waits for their
 * push. Resolves to 'pending' when the changes stay on the device, and
 * 'applied' once the server has them. When the server rejects one, the
 * device reads the rejected records from the server again, drops the
 * rejections from the sync screen and throws ApiError 422 with the
 * server's reasons. Without signal for that, the rejection stays on the
 * sync screen and the error is thrown all the same.
 * @param {object[]} changes
 */
export async function saveChanges(changes) {
  const ops = await queueChanges(changes);
  if (!navigator.onLine) {
    showToast(t('saved_on_device'));
    return 'pending';
  }
  await syncOp(ops[ops.length - 1]);
  const outcomes = await Promise.all(ops.map((op) => opOutcome(op)));
  const rejected = outcomes.findIndex((outcome) => outcome.status === 'rejected');
  if (rejected >= 0) {
    await undoRejected(ops, outcomes);
    throw rejection(outcomes[rejected].error);
  }
  if (outcomes.some((outcome) => outcome.status === 'pending')) {
    showToast(t('saved_on_device'));
    return 'pending';
  }
  if (outcomes.some((outcome) => outcome.status === 'conflict')) showToast(t('saved_conflict'));
  return 'applied';
}

async function undoRejected(ops, outcomes) {
  for (const [i, op] of ops.entries()) {
    if (outcomes[i].status !== 'rejected') continue;
    try {
      await refetchRecord(op.entity, op.entity_id);
      await forgetRejected(op.id);
    } catch {
      // Without signal the rejection stays on the sync screen, where
      // « Abandonner » reads the record again later.
    }
  }
}

/**
 * Returns a screen's refresh function that draws the screen again when
 * the local data changes, unless the user is typing in one of its
 * fields, whose text a redraw would lose, or a drawing not yet saved
 * (data-unsaved="true", such as a signature) is on screen. Text typed
 * while the new screen was being drawn moves to the same field of the
 * new screen, and a disclosure that the user opened stays open.
 * A background redraw also waits while a text field other than a scan
 * field has the focus: a key pressed while the screen is drawn again
 * would land in the field being replaced. With afterSave it draws anyway,
 * because the user just saved.
 * @param {() => Promise<void>} redrawScreen
 */
export function redrawUnlessTyping(redrawScreen, { afterSave = false } = {}) {
  return async () => {
    const main = document.getElementById('main');
    const fields = [...main.querySelectorAll('input, textarea')].filter((el) => !['checkbox', 'radio', 'hidden', 'file'].includes(el.type));
    const focused = fields.find((el) => el === document.activeElement && !el.dataset.scan);
    if ((focused && !afterSave) || fields.some(typed) || main.querySelector('[data-unsaved="true"]')) return;
    const open = [...main.querySelectorAll('details[open] > summary[id]')].map((summary) => summary.id);
    await redrawScreen();
    for (const id of open) document.getElementById(id)?.parentElement.setAttribute('open', '');
    for (const old of fields) {
      const next = old.id && !old.isConnected && typed(old) ? document.getElementById(old.id) : null;
      if (next && next.tagName === old.tagName && !typed(next)) next.value = old.value;
    }
  };
}

const typed = (el) => el.value !== el.defaultValue;

/**
 * Draws the screen again after a save, unless the user is typing in
 * another field meanwhile (a push can take seconds on a poor network).
 * The fields of form count as saved: with clear, the form empties, as a
 * comment's does once the comment is in the list.
 * @param {HTMLFormElement|null} form
 */
export async function refreshAfterSave(form = null, { clear = false } = {}) {
  if (form && clear) {
    form.reset();
  } else if (form) {
    for (const el of form.querySelectorAll('input, textarea')) {
      el.defaultValue = el.value;
      el.defaultChecked = el.checked;
    }
  }
  await redrawUnlessTyping(rerender, { afterSave: true })();
}

/** Returns the text of an error for the user: its reasons by field when it has any, else its message. */
export function errorText(err) {
  const reasons = Object.values(err?.fields ?? {});
  return reasons.length ? reasons.join(' ') : err.message;
}

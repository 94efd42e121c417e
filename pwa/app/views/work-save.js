// Saving the service's daily work through the outbox: requests, comments,
// work orders, time entries, loans and maintenance. The change applies on
// the device at once. With signal the screen waits for the push, so that
// a change the server rejects shows its reasons where it was made, and
// the device takes the server's record back. Without signal the change
// goes when the network comes back, and the sync screen shows the result.

import { t } from '../i18n.js';
import { forgetRejected, opOutcome, queueChanges } from '../outbox.js';
import { refetchRecord } from '../refresh.js';
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
 * fields, whose text a redraw would lose. A disclosure that the user
 * opened stays open.
 * @param {() => Promise<void>} redrawScreen
 */
export function redrawUnlessTyping(redrawScreen) {
  return async () => {
    const main = document.getElementById('main');
    const typing = [...main.querySelectorAll('input, textarea')].some((el) => el.type !== 'checkbox' && el.type !== 'radio'
      && el.type !== 'hidden' && el.value !== el.defaultValue);
    if (typing) return;
    const open = [...main.querySelectorAll('details[open] > summary[id]')].map((summary) => summary.id);
    await redrawScreen();
    for (const id of open) document.getElementById(id)?.parentElement.setAttribute('open', '');
  };
}

/** Returns what an error says to the user: the reasons by field when it has them, else its message. */
export function errorText(err) {
  const reasons = Object.values(err?.fields ?? {});
  return reasons.length ? reasons.join(' ') : err.message;
}

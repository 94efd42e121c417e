// Saving an asset or a room through the outbox: the change applies on the
// device at once, with or without signal. With signal, the form waits for
// the push, so that a change the server rejects shows on the form with its
// reasons. Without signal, the change goes when the network comes back,
// and the sync screen shows the server's result.

import { ApiError } from '../api.js';
import { changes } from '../forms.js';
import { t } from '../i18n.js';
import { forgetRejected, queueChanges, rejectedOp } from '../outbox.js';
import { refetchRecord } from '../refresh.js';
import { syncOp } from '../sync.js';
import { writableFields } from '../sync-merge.js';
import { showToast } from './toast.js';

/**
 * Saves a form's values and returns the record's id.
 * target is {entity, id, before, fixing}: id is made once per form for a
 * creation, before is the record as the form opened it (null for a
 * creation), fixing is the rejected op that the form corrects, or null.
 * Only the members the user changed are sent, with base_version the
 * version the device holds. A record the server never acknowledged is
 * sent whole, as a creation. A correction sends again every member of the
 * rejected op, since the server applied none of them.
 * Throws ApiError 422 with the server's reasons when the server rejects
 * the change at once; target.fixing then names it for the next submit.
 */
export async function saveRecord(target, next) {
  const { entity, id, before } = target;
  const create = !before || before.version === undefined;
  const fields = create ? writableFields(entity, { ...before, ...next }) : changes(before, next);
  if (target.fixing && !create) {
    for (const key of Object.keys(target.fixing.fields ?? {})) {
      if (key in next) fields[key] = next[key];
    }
  }
  const fixed = target.fixing;
  if (Object.keys(fields).length) {
    const [op] = await queueChanges([{ entity, entity_id: id, fields, create }]);
    if (fixed) await forgetRejected(fixed.id);
    target.fixing = null;
    await followOp(target, op);
  } else if (fixed) {
    await forgetRejected(fixed.id);
    target.fixing = null;
  }
  return id;
}

/**
 * Archives a record, or restores it (archived false), through the
 * outbox. A restore passes the record read from the server, which the
 * device does not keep while it is archived. When the server rejects it
 * at once (a room that still contains assets), the device takes the server's
 * record back and the error goes to the form.
 */
export async function archiveRecord(entity, record, archived) {
  const change = archived
    ? { entity, entity_id: record.id, action: 'delete', fields: {} }
    : { entity, entity_id: record.id, fields: { archived: false }, record };
  const [op] = await queueChanges([change]);
  const outcome = await waitForOp(op);
  if (outcome.status !== 'rejected') return;
  try {
    await refetchRecord(entity, record.id);
    await forgetRejected(op.id);
  } catch {
    // Without signal the rejection stays on the sync screen, where
    // « Abandonner » fetches the record again later.
  }
  throw rejection(outcome.error);
}

/** Returns the ApiError that shows a rejected op's reasons on a form. */
export function rejection(error) {
  return new ApiError(422, error?.code ?? 'rejected', error?.message ?? t('sync_rejected_no_reason'), error?.fields ?? {});
}

async function followOp(target, op) {
  const outcome = await waitForOp(op);
  if (outcome.status === 'rejected') {
    target.fixing = await rejectedOp(op.id);
    throw rejection(outcome.error);
  }
}

/**
 * Waits for the push of op when online, and shows a toast when the
 * change stays on the device or replaced someone else's.
 */
async function waitForOp(op) {
  if (!navigator.onLine) {
    showToast(t('saved_on_device'));
    return { status: 'pending' };
  }
  const outcome = await syncOp(op);
  if (outcome.status === 'pending') showToast(t('saved_on_device'));
  if (outcome.status === 'conflict') showToast(t('saved_conflict'));
  return outcome;
}

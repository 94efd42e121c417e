// Files taken on the device: the signature drawn when a work order
// closes and the photos of a request. Each waits in the IndexedDB store
// "uploads" under a local id, which the op that attaches it carries in
// place of the server's file id. Before each push, push.js calls
// uploadPending: every waiting file goes to POST /api/v1/files, and one
// transaction puts the id the server returned in the queued ops and the
// local record. An op that still waits for a file is never sent.

import { api, ApiError } from './api.js';
import { all, get, transaction } from './db.js';
import { uuidv7 } from './ids.js';
import { announce } from './outbox.js';
import { STORES, settleUpload, swapFileId } from './sync-merge.js';

/**
 * Returns an upload for a change (see queueChanges): the file and a new
 * local id, which the change's fields carry until the upload is done.
 * @param {'signature'|'photo'} kind
 * @param {Blob} blob
 * @param {string} name the file name the server names in its messages
 */
export function newUpload(kind, blob, name) {
  return { id: uuidv7(), kind, blob, name };
}

/** Returns the file waiting under a local id, or undefined once uploaded. */
export function waitingUpload(id) {
  return get('uploads', id);
}

/**
 * Uploads every waiting file, oldest first. A file the server rejects
 * for good takes the op that brought it to the rejected list, with the
 * server's reason. Throws NetworkError or ApiError when an upload fails
 * otherwise (no signal, ended session, server error): the file waits, to
 * go at the next sync.
 */
export async function uploadPending() {
  const uploads = (await all('uploads')).sort((a, b) => a.id.localeCompare(b.id));
  for (const upload of uploads) {
    let file;
    try {
      file = await send(upload);
    } catch (err) {
      if (!rejectedForGood(err)) throw err;
      await settle(upload, null, { code: err.code, message: err.message, fields: err.fields });
      announce();
      continue;
    }
    await settle(upload, file.id, null);
  }
}

// The local id goes as X-Upload-Id: a file whose response was lost (a cut
// connection) goes again under the same id, and the server returns the
// file it stored the first time instead of a second copy.
function send(upload) {
  const form = new FormData();
  form.append('kind', upload.kind);
  form.append('file', upload.blob, upload.name);
  return api('/api/v1/files', { method: 'POST', body: form, headers: { 'X-Upload-Id': upload.id } });
}

/**
 * Reports whether the server rejected a file in a way that sending it
 * again cannot change: a 400 (not an image), 403 (role), 413 (too large)
 * or 422 (blank signature, too many pixels). A 401, 408, 429, 5xx or a
 * stale CSRF token may pass later.
 */
function rejectedForGood(err) {
  return err instanceof ApiError && [400, 403, 413, 422].includes(err.status) && err.code !== 'csrf';
}

/**
 * Settles an upload in one transaction. The local id becomes fileId in
 * every queued op and in the local record. When the server rejected the
 * file (fileId null), the op that brought it moves to the rejected list
 * with error, and the other ops drop the local id, as does the record of
 * a photo. The file then leaves the device.
 */
async function settle(upload, fileId, error) {
  const storeName = STORES[upload.entity];
  const tx = await transaction(['uploads', 'outbox', 'rejected', storeName]);
  let cursor = await tx.objectStore('outbox').openCursor();
  while (cursor) {
    const op = cursor.value;
    if (error && op.id === upload.op_id) {
      await tx.objectStore('rejected').put({ ...op, error, rejected_at: new Date().toISOString() });
      await cursor.delete();
    } else {
      const settled = settleUpload(op, upload.id, fileId);
      if (settled) await cursor.update(settled);
    }
    cursor = await cursor.continue();
  }

  const records = tx.objectStore(storeName);
  const record = await records.get(upload.entity_id);
  // A rejected signature stays on the local record, as every change of a
  // rejected op does, until the user drops the change on the sync screen.
  const swapped = record && (fileId || upload.kind === 'photo') ? swapFileId(upload.entity, record, upload.id, fileId) : null;
  if (swapped) await records.put(swapped);
  await tx.objectStore('uploads').delete(upload.id);
  await tx.done;
}

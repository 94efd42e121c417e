// The photos of a request: the thumbnails on its screen with
// « Ajouter une photo », and the photos chosen on the new-request form.
// A photo goes through the outbox like the other changes: it waits on
// the device for its upload, then attaches through photo_ids (see
// uploads.js), so it can be taken without signal.

import { h } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { requestChange } from '../requests.js';
import { currentUser, isTechnician } from '../session.js';
import { newUpload } from '../uploads.js';
import { blobImage, storedImage } from './stored-files.js';
import { errorText, refreshAfterSave, saveChanges } from './work-save.js';

// The server's reason for the last photo it rejected at once, which
// stays on its request's screen through redraws: {requestId, text}.
let rejectedPhoto = null;

// The server's limits: 10 photos a request, 10 MiB a photo, JPEG or PNG.
export const MAX_PHOTOS = 10;
const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png'];

/**
 * Returns why the server would not take file as a photo, or '' when it
 * may. A file of no declared type goes to the server, which reads its
 * first bytes.
 */
export function photoProblem(file) {
  if (file.type && !TYPES.includes(file.type)) return t('photo_not_image', { name: file.name });
  if (file.size > MAX_BYTES) return t('photo_too_large', { name: file.name, size: formatNumber(Math.round(file.size / 1024 / 102.4) / 10) });
  return '';
}

/** Reports whether the user may add photos to the request now, as the server allows. */
export function mayAddPhotos(request) {
  if (isTechnician()) return true;
  return currentUser()?.role === 'correspondent' && request.status !== 'done' && request.status !== 'refused';
}

/**
 * Builds « Ajouter une photo »: a button that opens the camera or the
 * gallery through a hidden file input, and calls onFile with the file
 * chosen.
 * @param {string} id the id of the button; the input is id-input
 * @param {(file: File) => void} onFile
 */
export function photoPicker(id, onFile, { disabled = false, describedBy } = {}) {
  const input = h('input', { id: `${id}-input`, type: 'file', accept: 'image/*', capture: 'environment', hidden: true, 'aria-label': t('photo_add') });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) onFile(file);
  });
  const button = h('button', { id, type: 'button', class: 'button', disabled, 'aria-describedby': describedBy, onclick: () => input.click() }, t('photo_add'));
  return [button, input];
}

/** Builds the photos section of a request's screen. */
export async function photosSection(request) {
  const ids = request.photo_ids ?? [];
  const images = await Promise.all(ids.map((id, i) => storedImage(id, {
    alt: t('photo_alt', { n: i + 1, count: ids.length }), className: 'photo-thumb', link: true,
  })));
  const remote = images.filter((el) => el.classList.contains('file-placeholder')).length;
  // The router draws a screen while the previous one is still on the
  // page: a reason stays while the same request's screen is drawn again.
  const redrawn = document.getElementById('request-photos-section')?.dataset.requestId === request.id;
  if (!redrawn || rejectedPhoto?.requestId !== request.id) rejectedPhoto = null;
  const error = h('p', { id: 'request-photo-error', class: 'error', role: 'alert' }, rejectedPhoto?.text);
  const full = ids.length >= MAX_PHOTOS;
  const picker = mayAddPhotos(request) ? photoPicker('request-photo-add', async (file) => {
    rejectedPhoto = null;
    error.textContent = photoProblem(file);
    if (error.textContent) return;
    const upload = newUpload('photo', file, file.name || 'photo.jpg');
    try {
      await saveChanges([{ ...requestChange(request, { photo_ids: [...ids, upload.id] }), uploads: [upload] }]);
    } catch (err) {
      // Reading the request again drew the screen again, maybe after
      // this one: one more redraw shows the reason on the screen drawn last.
      rejectedPhoto = { requestId: request.id, text: errorText(err) };
      error.textContent = rejectedPhoto.text;
      await refreshAfterSave();
      return;
    }
    await refreshAfterSave();
    document.getElementById('request-photo-add')?.focus();
  }, { disabled: full, describedBy: 'request-photos-hint' }) : null;

  return h('section', { id: 'request-photos-section', 'aria-labelledby': 'request-photos-title', dataset: { requestId: request.id } },
    h('h2', { id: 'request-photos-title' }, t('photos_title')),
    ids.length
      ? h('ul', { id: 'request-photos', class: 'photo-grid', dataset: { count: String(ids.length) } }, images.map((el) => h('li', null, el)))
      : h('p', { id: 'request-photos-none', class: 'detail' }, t('photos_none')),
    remote ? h('p', { id: 'request-photos-offline', class: 'note' }, t('photos_offline', { count: remote })) : null,
    picker ? [
      h('p', { id: 'request-photos-hint', class: 'detail' }, full ? t('photos_full', { max: MAX_PHOTOS }) : t('photos_hint')),
      h('div', { class: 'actions' }, picker),
      error,
    ] : null);
}

/**
 * Builds the photos field of the new-request form, which keeps the
 * photos chosen until the form is sent. Returns {element, changes}:
 * changes(request) returns the outbox changes that attach them to the
 * new request, one photo per change, so that a photo the server rejects
 * leaves the request and the other photos in place.
 */
export function newRequestPhotos() {
  const chosen = [];
  const list = h('ul', { id: 'request-new-photos', class: 'photo-grid' });
  const error = h('p', { id: 'request-new-photo-error', class: 'error', role: 'alert' });
  const [button, input] = photoPicker('request-new-photo-add', (file) => {
    error.textContent = photoProblem(file) || (chosen.length >= MAX_PHOTOS ? t('photos_full', { max: MAX_PHOTOS }) : '');
    if (error.textContent) return;
    chosen.push(newUpload('photo', file, file.name || 'photo.jpg'));
    show();
  }, { describedBy: 'request-new-photos-hint' });

  const show = () => {
    list.replaceChildren(...chosen.map((upload, i) => {
      const img = blobImage(upload.blob, { alt: t('photo_alt', { n: i + 1, count: chosen.length }), class: 'photo-thumb' });
      const remove = h('button', { type: 'button', class: 'button', 'aria-label': t('photo_remove', { n: i + 1 }), onclick: () => {
        chosen.splice(i, 1);
        show();
        button.focus();
      } }, t('photo_remove_short'));
      return h('li', { dataset: { uploadId: upload.id } }, img, remove);
    }));
    list.dataset.count = String(chosen.length);
  };

  const element = h('div', { class: 'field' },
    h('p', { class: 'field-title' }, t('photos_title')),
    h('p', { id: 'request-new-photos-hint', class: 'detail' }, t('photos_hint')),
    list,
    h('div', { class: 'actions' }, button, input),
    error);
  return {
    element,
    changes: (request) => chosen.map((upload, i) => ({
      ...requestChange(request, { photo_ids: chosen.slice(0, i + 1).map((u) => u.id) }),
      uploads: [upload],
    })),
  };
}

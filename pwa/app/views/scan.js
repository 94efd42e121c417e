// The scanner: the rear camera decoding continuously, a photo decoded in
// the browser or else by the server, and a field to type a tag or a serial
// number. Every code read goes through openCode (scan.js), as hand scans do.

import { api, ApiError, NetworkError } from '../api.js';
import { cameraElements, signalHit, startCamera } from '../camera.js';
import { loadDecoder } from '../decoder.js';
import { get } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { checkTag, looksLikeTag, prefixOf } from '../tags.js';
import { currentPlace, openCode, tagErrorMessage } from '../scan.js';

export async function scanScreen({ query }) {
  const title = t('scan_title');
  const ui = {
    ...cameraElements('scan'),
    message: h('p', { id: 'scan-message', class: 'scan-message', role: 'alert' }),
    create: h('a', { id: 'scan-create', class: 'button', hidden: '', href: '/assets/new' }, t('scan_create_with_tag')),
    manual: h('input', {
      id: 'scan-manual-input', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'characters',
      spellcheck: 'false', enterkeyhint: 'go', maxlength: 100, 'aria-describedby': 'scan-manual-hint scan-message',
    }),
  };

  const showProblem = (result) => {
    ui.message.textContent = result.message;
    ui.create.hidden = !result.createPath;
    if (result.createPath) ui.create.setAttribute('href', result.createPath);
  };
  const clearProblem = () => {
    ui.message.textContent = '';
    ui.create.hidden = true;
    ui.manual.removeAttribute('aria-invalid');
  };

  const photoInput = h('input', { id: 'scan-photo', type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden' });
  photoInput.addEventListener('change', () => {
    const file = photoInput.files?.[0];
    photoInput.value = '';
    if (file) readPhoto(file, ui, showProblem, clearProblem);
  });

  const manualForm = h('form', { id: 'scan-manual', class: 'form', onsubmit: (event) => {
    event.preventDefault();
    clearProblem();
    const text = ui.manual.value.trim();
    if (!text || looksLikeTag(text) || prefixOf(text)) {
      const parsed = checkTag(text);
      if (parsed.error) {
        ui.manual.setAttribute('aria-invalid', 'true');
        ui.message.textContent = tagErrorMessage(parsed.error);
        return;
      }
    }
    openCode(text, { onProblem: showProblem }).catch((err) => {
      ui.message.textContent = err.message;
    });
  } },
  h('div', { class: 'field' },
    h('label', { for: 'scan-manual-input' }, t('scan_manual_label')),
    h('div', { class: 'inline' }, ui.manual, h('button', { id: 'scan-manual-submit', type: 'submit', class: 'button primary' }, t('scan_manual_submit'))),
    h('p', { id: 'scan-manual-hint', class: 'detail' }, t('scan_manual_hint'))));

  const onCode = async (text) => {
    clearProblem();
    try {
      await openCode(text, { onProblem: showProblem });
    } catch (err) {
      ui.message.textContent = err.message;
    }
  };
  ui.restart.addEventListener('click', () => startCamera(ui, { onCode }));
  setTimeout(() => startCamera(ui, { onCode }), 0);

  const code = query.get('code');
  if (code) {
    ui.manual.value = code;
    openCode(code, { onProblem: showProblem }).catch((err) => {
      ui.message.textContent = err.message;
    });
  }

  return {
    title,
    body: [
      h('h1', null, title),
      h('p', { class: 'detail' }, t('scan_intro')),
      h('div', { class: 'scan-frame' }, ui.video),
      ui.status,
      ui.focusHint,
      h('div', { class: 'scan-actions' },
        h('label', { for: 'scan-photo', class: 'button primary', id: 'scan-photo-button' }, t('scan_photo')),
        photoInput,
        ui.torch,
        ui.restart),
      ui.message,
      ui.create,
      manualForm,
      await placeLine(),
    ],
    // New local data leaves the camera and the field as they are.
    refresh: null,
  };
}

/** Describes the current location, set by a room label scan or a room screen. */
async function placeLine() {
  const place = currentPlace();
  if (!place) return h('p', { id: 'scan-place', class: 'detail' }, t('scan_place_none'));
  const [site, room] = await Promise.all([get('sites', place.site_id), place.room_id ? get('rooms', place.room_id) : undefined]);
  const name = [site?.name, room?.name].filter(Boolean).join(' — ');
  return h('p', { id: 'scan-place', class: 'detail' }, name ? t('scan_place_set', { place: name }) : t('scan_place_none'));
}

/**
 * Decodes a photo in the browser and, when that finds no code and the
 * server is reachable, sends it to POST /api/v1/decode.
 */
async function readPhoto(file, ui, showProblem, clearProblem) {
  clearProblem();
  ui.status.textContent = t('scan_photo_reading');
  let text = '';
  try {
    const decoder = await loadDecoder();
    const [found] = await decoder.decode(file);
    text = found?.text ?? '';
  } catch (err) {
    console.warn('decode a photo in the browser', err);
  }

  if (!text && navigator.onLine) {
    const form = new FormData();
    form.append('image', file, file.name || 'photo.jpg');
    try {
      const answer = await api('/api/v1/decode', { method: 'POST', body: form });
      text = answer?.text ?? '';
    } catch (err) {
      if (err instanceof NetworkError) {
        ui.message.textContent = t('scan_photo_offline');
      } else if (err instanceof ApiError) {
        ui.message.textContent = err.message;
      } else {
        throw err;
      }
      ui.status.textContent = '';
      return;
    }
  }

  if (!text) {
    ui.status.textContent = '';
    ui.message.textContent = navigator.onLine ? t('scan_photo_none') : t('scan_photo_offline');
    return;
  }
  signalHit();
  ui.status.textContent = t('scan_read', { code: text });
  await openCode(text, { onProblem: showProblem });
}

// A field that reads an asset's label on a form: typed, from a hand
// scanner (wedge.js fills the field through data-scan="fill" instead of
// opening the asset), or from the camera. Each tag read is checked, looked
// up among the assets on the device, and handed to the screen.

import { cameraElements, startCamera } from '../camera.js';
import { byIndex } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { tagErrorMessage } from '../scan.js';
import { checkTag } from '../tags.js';
import { errorText } from './work-save.js';

/**
 * Builds the field. onAsset(asset) receives each asset read and returns
 * the message to show (kind and text) or nothing. The field itself
 * explains a tag that names no asset on the device, a location label and
 * a misread.
 * @param {{id: string, label: string, hint: string, submitLabel: string,
 *   onAsset: (asset: object) => Promise<{kind: string, text: string}|void>}} spec
 * @returns {{element: HTMLElement, say: (kind: string, text: string) => void}}
 */
export function scanField({ id, label, hint, submitLabel, onAsset }) {
  const status = h('p', { id: `${id}-status`, class: 'scan-status', role: 'status', 'aria-live': 'polite' });
  const say = (kind, text) => {
    status.dataset.kind = kind;
    status.textContent = text;
  };
  const input = h('input', {
    id: `${id}-tag`, name: 'tag', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    enterkeyhint: 'done', 'aria-describedby': `${id}-hint ${id}-status`, dataset: { scan: 'fill' },
    // A hand scan fills the field and fires a synthetic input event,
    // which typing never does: it is read at once.
    oninput: (event) => {
      if (!event.isTrusted) input.form.requestSubmit();
    },
  });

  const read = async (text) => {
    const parsed = checkTag(text);
    if (parsed.error) return say('invalid', tagErrorMessage(parsed.error));
    const tag = parsed.tag.text;
    if (parsed.tag.kind === 'location') return say('location', t('scan_field_location', { tag }));
    const [asset] = (await byIndex('assets', 'tag', tag)).filter((a) => !a.archived_at);
    if (!asset) return say('unknown', t('scan_field_unknown', { tag }));
    const message = await onAsset(asset);
    if (message) say(message.kind, message.text);
  };

  const form = h('form', { id, class: 'card scan-field', onsubmit: async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    input.value = '';
    input.focus();
    if (!text) return;
    try {
      await read(text);
    } catch (err) {
      say('error', errorText(err));
    }
  } },
  h('label', { for: `${id}-tag` }, label),
  h('p', { id: `${id}-hint`, class: 'detail' }, hint),
  h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'button primary' }, submitLabel)),
  cameraToggle(id, read, say),
  status);
  return { element: form, say };
}

/** Builds the camera, opened on request: every code it reads goes to read. */
function cameraToggle(id, read, say) {
  const section = h('div', { id: `${id}-camera`, hidden: '' });
  const open = h('button', { id: `${id}-camera-open`, type: 'button', class: 'button' }, t('inventory_camera_open'));
  open.addEventListener('click', () => {
    const ui = cameraElements(`${id}-camera`);
    const close = h('button', { id: `${id}-camera-close`, type: 'button', class: 'button' }, t('inventory_camera_close'));
    // Taking the video out of the page stops the camera.
    close.addEventListener('click', () => {
      section.replaceChildren();
      section.hidden = true;
      open.hidden = false;
      open.focus();
    });
    const onCode = async (text) => {
      try {
        await read(text);
      } catch (err) {
        say('error', errorText(err));
      }
    };
    ui.restart.addEventListener('click', () => startCamera(ui, { onCode }));
    section.replaceChildren(
      h('div', { class: 'scan-frame' }, ui.video), ui.status, ui.focusHint,
      h('div', { class: 'scan-actions' }, ui.torch, ui.restart, close));
    section.hidden = false;
    open.hidden = true;
    startCamera(ui, { onCode });
  });
  return [h('div', { class: 'scan-actions' }, open), section];
}

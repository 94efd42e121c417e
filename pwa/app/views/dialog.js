// Questions asked in the page with a modal <dialog>. window.confirm would
// stop the page's scripts, and the browser tests' driver with them.

import { h } from '../dom.js';

/**
 * Asks a yes-or-no question and resolves to true when the user picks
 * confirmLabel. Escape and cancelLabel resolve to false. The focus starts
 * on cancelLabel, the choice that loses nothing.
 * @param {{id: string, title: string, text: string|Node, confirmLabel: string,
 *   cancelLabel: string, danger?: boolean}} spec
 * @returns {Promise<boolean>}
 */
export function confirmDialog({ id, title, text, confirmLabel, cancelLabel, danger = false }) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { id, class: 'dialog', 'aria-labelledby': `${id}-title`, 'aria-describedby': `${id}-text` },
      h('h2', { id: `${id}-title` }, title),
      h('div', { id: `${id}-text` }, typeof text === 'string' ? h('p', null, text) : text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button', dataset: { choice: 'cancel' }, onclick: () => dialog.close('cancel') }, cancelLabel),
        h('button', { type: 'button', class: danger ? 'button danger' : 'button primary', dataset: { choice: 'confirm' }, onclick: () => dialog.close('confirm') }, confirmLabel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

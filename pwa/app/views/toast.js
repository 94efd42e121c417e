// Short messages that no screen owns, such as a failed background refresh.

import { h } from '../dom.js';

const SHOW_MS = 6000;

/** Shows a message at the bottom of the screen for a few seconds. */
export function showToast(message) {
  const toast = h('div', { class: 'toast', role: 'alert' }, message);
  document.body.append(toast);
  setTimeout(() => toast.remove(), SHOW_MS);
}

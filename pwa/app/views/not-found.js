// The screen for a path the app does not know, or a record that is not on
// this device.

import { h } from '../dom.js';
import { t } from '../i18n.js';

export async function notFoundScreen() {
  return missing(t('not_found_title'), t('not_found_text'));
}

/** A screen that says what is missing, with a way back home. */
export function missing(title, text) {
  const offline = !navigator.onLine;
  return {
    title,
    body: [
      h('h1', null, title),
      h('p', null, text),
      offline ? h('p', { class: 'note' }, t('not_found_offline')) : null,
      h('p', null, h('a', { href: '/', class: 'button' }, t('back_home'))),
    ],
  };
}

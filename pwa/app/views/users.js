// User administration: list, create, edit, reset a password, export and
// erase a person's data.

import { h } from '../dom.js';
import { t } from '../i18n.js';

export async function usersScreen() {
  const title = t('users_title');
  return { title, body: [h('h1', null, title)] };
}

export async function userScreen() {
  const title = t('users_title');
  return { title, body: [h('h1', null, title)] };
}

// The login screen, with the demo accounts on a demo server.

import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { login } from '../session.js';
import { roleName } from './names.js';

export async function loginScreen({ query }) {
  const title = t('login_title');
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' });
  const email = h('input', {
    id: 'login-email', name: 'email', type: 'email', autocomplete: 'username', required: true,
    inputmode: 'email', autocapitalize: 'none', spellcheck: 'false',
  });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('login_submit'));

  const form = h('form', { id: 'login-form', class: 'form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'login-email' }, t('login_email')), email),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login_password')), password),
    error,
    submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (!email.value.trim() || !password.value) {
      error.textContent = t('login_missing');
      return;
    }
    submit.disabled = true;
    try {
      await login(email.value.trim(), password.value);
      document.dispatchEvent(new CustomEvent('parc:login'));
      await navigate(safeNext(query.get('next')), { replace: true });
    } catch (err) {
      error.textContent = err.message;
      submit.disabled = false;
    }
  });

  const fill = (account, demoPassword) => {
    email.value = account.email;
    password.value = demoPassword;
    submit.focus();
  };

  return {
    title,
    body: [
      h('h1', null, title),
      navigator.onLine ? null : h('p', { class: 'note' }, t('login_offline')),
      form,
      await demoAccounts(fill),
    ],
    refresh: null,
  };
}

/** Keeps a return path inside the app: never another site or the API. */
function safeNext(next) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/api/') || next === '/login') return '/';
  return next;
}

/** Lists the demo accounts when the server runs the demo, else nothing. */
async function demoAccounts(fill) {
  let demo;
  try {
    demo = await api('/api/v1/demo');
  } catch (err) {
    if (err instanceof ApiError && err.status !== 404) console.warn('demo accounts', err);
    return null;
  }
  return h('section', { class: 'card', 'aria-labelledby': 'demo-title' },
    h('h2', { id: 'demo-title' }, t('demo_title')),
    h('p', null, t('demo_text', { password: demo.password })),
    h('ul', { id: 'demo-accounts', class: 'list' }, demo.accounts.map((account) => h('li', null,
      h('button', { type: 'button', class: 'list-button', dataset: { email: account.email }, onclick: () => fill(account, demo.password) },
        h('span', { class: 'list-text' },
          h('span', { class: 'list-title' }, account.name),
          h('span', { class: 'list-detail' }, `${roleName(account.role)} · ${account.email}`)))))));
}

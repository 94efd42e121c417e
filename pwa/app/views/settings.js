// Settings: language, theme, the local data and its sync, and the session.

import { NetworkError } from '../api.js';
import { h, facts } from '../dom.js';
import { language, resolveLanguage, setLanguage, t } from '../i18n.js';
import { forgetDevice } from '../notifications.js';
import { syncCounts } from '../outbox.js';
import { LANGUAGE_CHOICES, THEME_CHOICES, languageChoice, setLanguageChoice, setThemeChoice, themeChoice } from '../prefs.js';
import { navigate, rerender } from '../router.js';
import { currentUser, logout, saveLanguage } from '../session.js';
import { sync, syncState } from '../sync.js';
import { calendarSection } from './calendar-feed.js';
import { confirmDialog } from './dialog.js';
import { notificationsSection } from './notifications.js';
import { roleName } from './names.js';
import { syncSummary } from './sync-status.js';
import { showToast } from './toast.js';

export async function settingsScreen() {
  const user = currentUser();
  const title = t('settings_title');
  const message = h('p', { id: 'settings-message', role: 'status', class: 'detail' });

  return {
    title,
    body: [
      h('h1', null, title),
      user.role === 'correspondent' ? null : h('p', null, h('a', { href: '/admin', class: 'button', id: 'admin-link' }, t('settings_admin_link'))),
      h('section', { class: 'card', 'aria-labelledby': 'display-title' },
        h('h2', { id: 'display-title' }, t('settings_display')),
        select('settings-language', t('settings_language'), LANGUAGE_CHOICES, languageChoice(), (c) => t(`language_${c}`), changeLanguage),
        select('settings-theme', t('settings_theme'), THEME_CHOICES, themeChoice(), (c) => t(`theme_${c}`), setThemeChoice)),
      notificationsSection(),
      h('section', { class: 'card', 'aria-labelledby': 'data-title' },
        h('h2', { id: 'data-title' }, t('settings_data')),
        await syncSummary('settings-sync'),
        h('div', { class: 'actions' },
          h('button', { id: 'refresh-now', type: 'button', class: 'button', onclick: (event) => refreshNow(event.currentTarget, message) }, t('settings_refresh')),
          h('a', { id: 'settings-sync-link', href: '/sync', class: 'button' }, t('sync_open')),
          h('a', { id: 'settings-transfer-link', href: '/import', class: 'button' }, t('transfer_link'))),
        message),
      calendarSection(),
      h('section', { class: 'card', 'aria-labelledby': 'account-title' },
        h('h2', { id: 'account-title' }, t('settings_account')),
        facts([
          [t('settings_name'), user.name],
          [t('settings_email'), user.email],
          [t('settings_role'), roleName(user.role)],
          [t('settings_version'), document.documentElement.dataset.version],
        ]),
        h('button', { id: 'logout', type: 'button', class: 'button danger', onclick: (event) => leave(event.currentTarget) }, t('settings_logout'))),
    ],
  };
}

function select(id, label, choices, value, name, onChange) {
  const el = h('select', { id, onchange: (event) => onChange(event.currentTarget.value) },
    choices.map((choice) => h('option', { value: choice, selected: choice === value }, name(choice))));
  return h('div', { class: 'field' }, h('label', { for: id }, label), el);
}

async function changeLanguage(choice) {
  setLanguageChoice(choice);
  setLanguage(resolveLanguage(choice, navigator.languages));
  document.dispatchEvent(new CustomEvent('parc:language'));
  await rerender();

  // The account keeps the language for push texts and e-mails.
  try {
    await saveLanguage(language());
  } catch (err) {
    if (!(err instanceof NetworkError)) showToast(err.message);
  }
}

async function refreshNow(button, message) {
  button.disabled = true;
  message.textContent = t('settings_refreshing');
  const done = await sync();
  message.textContent = done ? t('settings_refreshed') : t('sync_failed', { message: syncState().lastError });
  button.disabled = false;
}

/**
 * Logs out. Changes not sent yet, or rejected and not dealt with, would
 * be lost with the local data: the sync tries once more, then the user
 * confirms.
 */
async function leave(button) {
  button.disabled = true;
  if (!(await mayLeave())) {
    button.disabled = false;
    return;
  }
  try {
    await forgetDevice();
    await logout();
  } catch (err) {
    showToast(err instanceof NetworkError ? t('logout_offline') : err.message);
    button.disabled = false;
    return;
  }
  document.dispatchEvent(new CustomEvent('parc:logout'));
  await navigate('/login', { replace: true });
}

async function mayLeave() {
  let counts = await syncCounts();
  if (counts.pending > 0 && navigator.onLine) {
    await sync();
    counts = await syncCounts();
  }
  const unsent = counts.pending + counts.rejected;
  if (unsent === 0) return true;
  return confirmDialog({
    id: 'logout-dialog',
    title: t('logout_unsent_title'),
    text: t('logout_unsent_text', { count: unsent }),
    confirmLabel: t('logout_unsent_confirm'),
    cancelLabel: t('cancel'),
    danger: true,
  });
}

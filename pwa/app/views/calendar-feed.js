// The calendar feed in the settings: whether the user has a feed link,
// and a button that creates or renews it and shows the new link once, to
// copy into a calendar app.

import { api, NetworkError } from '../api.js';
import { h } from '../dom.js';
import { formatDate, t } from '../i18n.js';
import { showToast } from './toast.js';

/** Builds the calendar section of the settings. */
export function calendarSection() {
  const state = h('p', { id: 'calendar-state', class: 'detail', role: 'status' });
  const link = h('div', { id: 'calendar-link' });
  const button = h('button', { id: 'calendar-renew', type: 'button', class: 'button' }, t('calendar_create'));
  button.addEventListener('click', () => renew(button, state, link));
  loadState(button, state);

  return h('section', { class: 'card', 'aria-labelledby': 'calendar-title' },
    h('h2', { id: 'calendar-title' }, t('calendar_title')),
    h('p', { class: 'detail' }, t('calendar_hint')),
    state,
    h('div', { class: 'actions' }, button),
    link);
}

async function loadState(button, state) {
  try {
    const token = await api('/api/v1/me/ics-token');
    showState(token, button, state);
  } catch (err) {
    state.textContent = err instanceof NetworkError ? t('calendar_offline') : err.message;
  }
}

function showState(token, button, state) {
  state.textContent = token.exists ? t('calendar_exists', { date: formatDate(token.created_at) }) : t('calendar_none');
  button.textContent = t(token.exists ? 'calendar_renew' : 'calendar_create');
}

async function renew(button, state, link) {
  button.disabled = true;
  try {
    const token = await api('/api/v1/me/ics-token', { method: 'POST', body: {} });
    showState(token, button, state);
    state.textContent = t('calendar_created');
    link.replaceChildren(linkField(token.url));
  } catch (err) {
    showToast(err instanceof NetworkError ? t('calendar_offline') : err.message);
  }
  button.disabled = false;
}

function linkField(url) {
  const input = h('input', { id: 'calendar-url', type: 'url', readonly: true, value: url, 'aria-describedby': 'calendar-url-hint' });
  const copy = h('button', { id: 'calendar-copy', type: 'button', class: 'button' }, t('calendar_copy'));
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      showToast(t('calendar_copied'));
    } catch {
      // Without clipboard access the link stays selected for a manual copy.
    }
  });
  return h('div', { class: 'field' },
    h('label', { for: 'calendar-url' }, t('calendar_url')),
    h('p', { id: 'calendar-url-hint', class: 'detail' }, t('calendar_url_hint')),
    input,
    h('div', { class: 'actions' }, copy));
}

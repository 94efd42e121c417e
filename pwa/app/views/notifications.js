// The « Notifications » section of the settings screen. It turns Web Push
// on or off for this device and explains what to do when the browser
// cannot or may not show notifications. It also edits the user's choice
// of events and e-mail, which the server keeps, so it needs the network.

import { api, ApiError, NetworkError } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import {
  PREFERENCES_PATH, currentSubscription, disablePush, enablePush, fetchServerKey, permission, pushSupport,
  resendSubscription, saveFallbackTexts,
} from '../notifications.js';
import { currentUser } from '../session.js';

// Every event the server may list, in the order the switches show them.
// The server sends only those of the user's role.
const EVENTS = ['request_created', 'request_planned', 'request_started', 'request_done', 'request_refused', 'loan_overdue', 'visit_planned'];

// The subscription goes to the server again once per page load, not at
// every redraw of the settings screen.
let resent = false;

/**
 * Builds the section. It shows at once and fills in when the server's
 * preferences arrive. data-state on the section is then 'ready',
 * 'offline' or 'error', or 'none' for the committee, which gets no
 * notification.
 */
export function notificationsSection() {
  // The server sends the committee no event (its preferences list none),
  // so the section shows one sentence instead of offering to turn them on.
  if (currentUser()?.role === 'committee') {
    return h('section', { id: 'notifications', class: 'card', 'aria-labelledby': 'notifications-title', dataset: { state: 'none' } },
      h('h2', { id: 'notifications-title' }, t('notifications_title')),
      h('p', { id: 'notifications-none' }, t('notifications_committee')));
  }

  const body = h('div', { id: 'notifications-body' }, h('p', { class: 'detail' }, t('notifications_loading')));
  const section = h('section', { id: 'notifications', class: 'card', 'aria-labelledby': 'notifications-title', dataset: { state: 'loading' } },
    h('h2', { id: 'notifications-title' }, t('notifications_title')),
    h('p', null, t('notifications_intro')),
    body,
    h('p', { id: 'notifications-message', role: 'status', class: 'detail' }));
  load(section);
  return section;
}

async function load(section) {
  let prefs;
  try {
    prefs = await api(PREFERENCES_PATH);
  } catch (err) {
    showFailure(section, err);
    return;
  }
  const subscription = await deviceSubscription();
  // Keeps the service worker's generic texts in the language of the moment.
  if (subscription) await saveFallbackTexts().catch((err) => console.warn('store the notification texts', err));
  // Fetched now so that the button's handler reaches the permission
  // request without waiting for the network.
  const serverKey = pushSupport() === 'supported' ? await fetchServerKey().catch(() => null) : null;
  draw(section, { prefs, subscription, serverKey });
}

async function deviceSubscription() {
  try {
    if (resent) return await currentSubscription();
    resent = true;
    return await resendSubscription();
  } catch (err) {
    console.warn('read the push subscription', err);
    return null;
  }
}

function showFailure(section, err) {
  const offline = err instanceof NetworkError;
  section.dataset.state = offline ? 'offline' : 'error';
  const retry = h('button', { id: 'notifications-retry', type: 'button', class: 'button', onclick: () => {
    section.dataset.state = 'loading';
    load(section);
  } }, t('notifications_retry'));
  section.querySelector('#notifications-body').replaceChildren(
    h('p', { id: 'notifications-offline', class: 'note' }, offline ? t('notifications_offline') : err.message),
    h('div', { class: 'actions' }, retry));
}

/** Fills the section from the server's preferences and this device's state. */
function draw(section, state) {
  section.querySelector('#notifications-body').replaceChildren(
    deviceBlock(section, state),
    eventsBlock(section, state),
    emailBlock(section, state));
  section.dataset.state = 'ready';
}

// deviceState names what the device block shows.
function deviceState(subscription) {
  const support = pushSupport();
  if (support !== 'supported') return support;
  const current = permission();
  if (current === 'denied') return 'denied';
  return subscription && current === 'granted' ? 'on' : 'off';
}

function deviceBlock(section, state) {
  const name = deviceState(state.subscription);
  const help = {
    'ios-home-screen': t('notifications_ios_steps'),
    denied: t('notifications_denied_help'),
    unsupported: t('notifications_unsupported_help'),
  }[name];
  let button = null;
  if (name === 'off') {
    button = h('button', { id: 'notifications-enable', type: 'button', class: 'button primary', onclick: (event) => enable(event.currentTarget, section, state) },
      t('notifications_enable'));
  } else if (name === 'on') {
    button = h('button', { id: 'notifications-disable', type: 'button', class: 'button', onclick: (event) => disable(event.currentTarget, section, state) },
      t('notifications_disable'));
  }
  return h('div', { id: 'notifications-device', dataset: { device: name } },
    h('p', { id: 'notifications-state' }, h('strong', null, t(`notifications_state_${name.replace(/-/g, '_')}`))),
    help ? h('p', { id: 'notifications-help', class: 'note' }, help) : null,
    button ? h('div', { class: 'actions' }, button) : null,
    h('p', { id: 'notifications-devices', class: 'detail' }, t('notifications_devices', { count: state.prefs.push_devices ?? 0 })));
}

async function enable(button, section, state) {
  const message = section.querySelector('#notifications-message');
  button.disabled = true;
  message.textContent = t('notifications_enabling');
  try {
    const result = await enablePush(state.serverKey);
    message.textContent = result === 'subscribed' ? t('notifications_enabled') : t('notifications_not_granted');
  } catch (err) {
    message.textContent = failure(err, 'notifications_subscribe_failed');
  }
  await reload(section);
}

async function disable(button, section) {
  const message = section.querySelector('#notifications-message');
  button.disabled = true;
  try {
    await disablePush();
    message.textContent = t('notifications_disabled');
  } catch (err) {
    message.textContent = failure(err, 'notifications_unsubscribe_failed');
  }
  await reload(section);
}

// failure returns the text for an error of the browser or the server.
function failure(err, key) {
  if (err instanceof NetworkError) return t('notifications_offline');
  if (err instanceof ApiError) return err.message;
  return t(key, { message: err?.message ?? String(err) });
}

// reload draws the section again with the server's count of devices.
async function reload(section) {
  try {
    const prefs = await api(PREFERENCES_PATH);
    const subscription = await currentSubscription().catch(() => null);
    const serverKey = pushSupport() === 'supported' ? await fetchServerKey().catch(() => null) : null;
    draw(section, { prefs, subscription, serverKey });
  } catch (err) {
    showFailure(section, err);
  }
}

function eventsBlock(section, state) {
  const events = state.prefs.events ?? {};
  const listed = EVENTS.filter((name) => typeof events[name] === 'boolean');
  return h('fieldset', { id: 'notifications-events', class: 'plain' },
    h('legend', null, t('notifications_events')),
    listed.map((name) => toggle(`notifications-event-${name}`, t(`notifications_event_${name}`), events[name], null,
      (input) => save(section, state, input, { events: { [name]: input.checked } }))));
}

function emailBlock(section, state) {
  const hint = state.prefs.smtp_configured ? t('notifications_email_hint') : `${t('notifications_email_hint')} ${t('notifications_smtp_off')}`;
  return toggle('notifications-email', t('notifications_email'), state.prefs.email, hint,
    (input) => save(section, state, input, { email: input.checked }));
}

// toggle builds a labelled switch whose change calls onChange(input).
function toggle(id, label, checked, hint, onChange) {
  const input = h('input', { id, type: 'checkbox', role: 'switch', checked: Boolean(checked), 'aria-describedby': hint ? `${id}-hint` : undefined,
    onchange: (event) => onChange(event.currentTarget) });
  return h('div', { class: 'field checkbox' },
    h('label', { for: id }, input, h('span', null, label)),
    hint ? h('p', { id: `${id}-hint`, class: 'detail' }, hint) : null);
}

/**
 * Sends one change with PUT, after the changes before it, and keeps the
 * server's response. A change that fails is undone on the screen, with the
 * reason. The switches stay enabled and in place, so the focus stays on
 * the one the user changed.
 */
function save(section, state, input, change) {
  const message = section.querySelector('#notifications-message');
  state.saving = (state.saving ?? Promise.resolve()).then(async () => {
    try {
      const prefs = await api(PREFERENCES_PATH, { method: 'PUT', body: change });
      if (prefs) state.prefs = prefs;
      message.textContent = t('notifications_saved');
    } catch (err) {
      input.checked = !input.checked;
      message.textContent = failure(err, 'notifications_save_failed');
    }
  });
  return state.saving;
}

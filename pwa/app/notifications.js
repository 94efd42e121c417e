// Web Push on this device: whether the browser can receive notifications,
// the permission, and the device's push subscription kept in step with the
// server. pwa/app/push.js is the other "push", the sync's upload of the
// outbox. The settings screen (views/notifications.js) drives this module.

import { api, ApiError, NetworkError } from './api.js';
import { t } from './i18n.js';
import { navigate } from './router.js';

const KEY_PATH = '/api/v1/push/vapid-public-key';
const SUBSCRIPTIONS_PATH = '/api/v1/push/subscriptions';
export const PREFERENCES_PATH = '/api/v1/me/notifications';

// The service worker reads the generic title and body that it shows for a
// push it cannot read from this cache, in the user's language.
const TEXTS_CACHE = 'parc-notification-texts';
const TEXTS_URL = '/notification-texts.json';

// The message type the service worker sends to an open page when the user
// taps a notification: the page goes to data.url within the app.
const OPEN_MESSAGE = 'parc-open';

/**
 * Returns what this browser supports. 'ios-home-screen' is an iPhone or
 * iPad, where Web Push works only in the app added to the home screen
 * (iOS 16.4 and later).
 * @returns {'supported'|'ios-home-screen'|'unsupported'}
 */
export function pushSupport() {
  const apis = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (isIOS() && !isStandalone()) return 'ios-home-screen';
  if (!apis) return isIOS() ? 'ios-home-screen' : 'unsupported';
  return 'supported';
}

// iPadOS 13 and later reports itself as a Mac, but a Mac has no touch screen.
function isIOS() {
  const ua = navigator.userAgent;
  return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
}

function isStandalone() {
  return window.matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;
}

/** @returns {'default'|'granted'|'denied'} the notification permission. */
export function permission() {
  return 'Notification' in window ? Notification.permission : 'denied';
}

/**
 * Decodes a base64url string (padded or not, "+" and "/" accepted too)
 * into bytes, as PushManager.subscribe takes the applicationServerKey.
 * @param {string} text
 * @returns {Uint8Array}
 */
export function base64UrlToBytes(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Fetches the server's VAPID public key as bytes. */
export async function fetchServerKey() {
  const { key } = await api(KEY_PATH);
  if (typeof key !== 'string' || key === '') throw new ApiError(500, 'vapid_key', t('notifications_key_missing'));
  return base64UrlToBytes(key);
}

/** Returns this device's push subscription, or null. */
export async function currentSubscription() {
  if (pushSupport() !== 'supported') return null;
  const registration = await workerRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

// workerRegistration returns the service worker's registration, or null.
// Unlike navigator.serviceWorker.ready, it settles when the worker failed
// to register, so that neither the settings nor the logout wait for ever.
async function workerRegistration() {
  return (await navigator.serviceWorker.getRegistration('/')) ?? null;
}

/**
 * Turns notifications on for this device. It must run from a user
 * gesture: it requests the permission first, before any network wait,
 * because Safari accepts the request only within the gesture. It then
 * subscribes with the server's key (serverKey when the caller fetched it
 * beforehand) and sends the subscription to the server.
 * @param {Uint8Array|null} serverKey
 * @returns {Promise<'subscribed'|'denied'|'default'>}
 */
export async function enablePush(serverKey) {
  const answer = await Notification.requestPermission();
  if (answer !== 'granted') return answer;

  const key = serverKey ?? (await fetchServerKey());
  const registration = await workerRegistration();
  if (!registration) throw new Error(t('notifications_no_worker'));
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    // Made with an older server key: the push service would reject the server.
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await withTimeout(
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
    SUBSCRIBE_TIMEOUT_MS, t('notifications_push_service_timeout'));
  await saveFallbackTexts();
  await api(SUBSCRIPTIONS_PATH, { method: 'POST', body: subscription.toJSON() });
  return 'subscribed';
}

// SUBSCRIBE_TIMEOUT_MS bounds the wait for the browser's push service.
// A browser that cannot reach it (Chromium without Google's service, for
// example) never settles the subscription, and the button would wait for
// ever.
const SUBSCRIBE_TIMEOUT_MS = 30 * 1000;

function withTimeout(promise, ms, message) {
  let timer;
  const expired = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

function sameKey(current, key) {
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

/**
 * Turns notifications off for this device: the server deletes the
 * endpoint, then the browser ends the subscription. A server that had
 * already deleted it (404) is fine.
 */
export async function disablePush() {
  const subscription = await currentSubscription();
  if (!subscription) return;
  try {
    await api(SUBSCRIPTIONS_PATH, { method: 'DELETE', body: { endpoint: subscription.endpoint } });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  await subscription.unsubscribe();
}

/**
 * Turns notifications off for this device at logout, so that the next
 * user of a shared device does not get the previous user's messages. A
 * network failure is thrown, because the logout needs the network too.
 * Any other failure is logged and ignored, so it does not block the logout.
 */
export async function forgetDevice() {
  try {
    await disablePush();
  } catch (err) {
    if (err instanceof NetworkError) throw err;
    console.warn('turn notifications off at logout', err);
  }
}

/**
 * Sends this device's subscription to the server again, when there is
 * one, so that a server that dropped it (after a restore, for example)
 * learns it back. The server keeps one record per endpoint.
 */
export async function resendSubscription() {
  const subscription = await currentSubscription();
  if (subscription && permission() === 'granted') {
    await api(SUBSCRIPTIONS_PATH, { method: 'POST', body: subscription.toJSON() });
  }
  return subscription;
}

/**
 * Stores the generic title and body in the user's language, which the
 * service worker shows for a push whose payload it cannot read.
 */
export async function saveFallbackTexts() {
  if (!('caches' in window)) return;
  const texts = { title: t('notifications_generic_title'), body: t('notifications_generic_body') };
  const cache = await caches.open(TEXTS_CACHE);
  await cache.put(TEXTS_URL, new Response(JSON.stringify(texts), { headers: { 'Content-Type': 'application/json' } }));
}

/**
 * Follows the service worker's message when the user taps a notification
 * while the app is open: the page goes to the notification's screen.
 * Only same-origin paths are followed.
 */
export function startNotificationLinks() {
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type !== OPEN_MESSAGE || typeof event.data.url !== 'string') return;
    const url = new URL(event.data.url, location.origin);
    if (url.origin !== location.origin) return;
    navigate(url.pathname + url.search + url.hash);
  });
}

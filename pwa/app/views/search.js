// Search by tag, serial number or model, answered from the local store so
// that it works without signal. An exact tag comes first.

import { api, NetworkError } from '../api.js';
import { eachAsset } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { fold } from '../text.js';
import { assetList } from './fleet.js';

const MAX_RESULTS = 100;
const TYPING_DELAY_MS = 120;

export async function searchScreen({ query }) {
  const q = query.get('q') ?? '';
  const title = t('search_title');
  const input = h('input', {
    id: 'search-q', name: 'q', type: 'search', value: q, enterkeyhint: 'search',
    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', 'aria-describedby': 'search-hint',
  });
  const status = h('p', { id: 'search-count', role: 'status', class: 'detail' });
  const results = h('div', { id: 'search-output' });

  let timer = 0;
  const run = async () => {
    // A hand scan may open another screen while a search is pending.
    if (!input.isConnected) return;
    const text = input.value.trim();
    const url = text ? `/search?q=${encodeURIComponent(text)}` : '/search';
    history.replaceState(null, '', url);
    await showResults(text, status, results);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, TYPING_DELAY_MS);
  });
  const form = h('form', { class: 'form', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  } },
  h('div', { class: 'field' },
    h('label', { for: 'search-q' }, t('search_label')),
    h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'button primary' }, t('search_submit'))),
    h('p', { id: 'search-hint', class: 'detail' }, t('search_hint'))));

  await showResults(q.trim(), status, results);
  return {
    title,
    body: [h('h1', null, title), form, status, results],
    // New local data updates the results and leaves the field alone.
    refresh: () => showResults(input.value.trim(), status, results),
  };
}

async function showResults(text, status, results) {
  if (!text) {
    status.textContent = '';
    results.replaceChildren();
    return;
  }
  let found = await searchLocal(text);
  if (!found.length) found = await searchServerByTag(text);

  status.textContent = found.length > MAX_RESULTS
    ? t('search_too_many', { count: MAX_RESULTS })
    : t('search_count', { count: found.length });
  results.replaceChildren(found.length ? assetList('search-results', found.slice(0, MAX_RESULTS)) : '');
}

/**
 * Returns the assets whose tag, serial or model contains the text, folded
 * for case, accents and spaces; an exact tag match comes first.
 */
export async function searchLocal(text) {
  const needle = fold(text);
  const exact = [];
  const partial = [];
  await eachAsset((asset) => {
    if (fold(asset.tag) === needle) {
      exact.push(asset);
    } else if ([asset.tag, asset.serial, asset.model, `${asset.brand} ${asset.model}`].some((field) => fold(field).includes(needle))) {
      partial.push(asset);
    }
  });
  return [...exact, ...partial];
}

/** Asks the server for a tag that is not on this device yet, when online. */
async function searchServerByTag(text) {
  if (!navigator.onLine || !/^[A-Za-z]{1,4}\d{5,6}[0-9A-Za-z]$/.test(text.replace(/\s/g, ''))) return [];
  try {
    return [await api(`/api/v1/assets/by-tag/${encodeURIComponent(text.replace(/\s/g, ''))}`)];
  } catch (err) {
    if (err instanceof NetworkError || err.status === 404 || err.status === 400 || err.status === 422) return [];
    throw err;
  }
}

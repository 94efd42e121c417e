// The home screen: what needs doing (requests, work orders, loans, the
// maintenance round), the time of the communes against their allowance,
// the state of the local data and a quick search.

import { all, count, eachAsset } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { isBeforeXP } from '../os.js';
import { navigate } from '../router.js';
import { currentUser, isTechnician } from '../session.js';
import { syncSummary } from './sync-status.js';
import { communeTimeCard } from './commune-time.js';
import { reportsCard } from './reports.js';
import { todoCard } from './home-todo.js';

export async function homeScreen() {
  const user = currentUser();
  const title = t('home_title', { name: user.name });
  const [communes, assets, beforeXP, summary] = await Promise.all([count('communes'), count('assets'), countBeforeXP(), syncSummary('home-sync')]);

  return {
    title,
    body: [
      h('h1', null, title),
      h('p', { class: 'scan-cta' },
        h('a', { id: 'home-scan', href: '/scan', class: 'button primary' }, t('home_scan')),
        h('span', { class: 'detail' }, t('home_scan_detail'))),
      await todoCard(),
      await homeTimeCard(user),
      reportsCard(),
      searchForm(),
      h('section', { class: 'card', 'aria-labelledby': 'fleet-title' },
        h('h2', { id: 'fleet-title' }, t('home_fleet_title')),
        h('ul', { class: 'stats' },
          h('li', null, t('home_communes', { count: communes })),
          h('li', null, t('home_assets', { count: assets })),
          beforeXP > 0 ? h('li', { class: 'warning-text' }, t('home_before_xp', { count: beforeXP })) : null),
        h('p', null, h('a', { href: '/communes', class: 'button' }, t('home_browse')))),
      h('section', { class: 'card', 'aria-labelledby': 'home-sync-title' },
        h('h2', { id: 'home-sync-title' }, t('sync_title')),
        summary,
        h('p', null, h('a', { id: 'home-sync-link', href: '/sync', class: 'button' }, t('sync_open')))),
    ],
  };
}

/**
 * Builds the card of the communes' time against their allowance: those
 * at 80 % or more for a technician, and every commune of a correspondent.
 */
async function homeTimeCard(user) {
  if (isTechnician()) return communeTimeCard('home-time', null);
  if (user.role !== 'correspondent') return null;
  return communeTimeCard('home-time', (await all('communes')).map((c) => c.id));
}

function searchForm() {
  const submit = (event) => {
    event.preventDefault();
    const q = event.currentTarget.elements.q.value.trim();
    navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search');
  };
  return h('form', { class: 'card search-form', role: 'search', action: '/search', method: 'get', onsubmit: submit },
    h('label', { for: 'home-search' }, t('search_label')),
    h('div', { class: 'inline' },
      h('input', { id: 'home-search', name: 'q', type: 'search', enterkeyhint: 'search', autocomplete: 'off' }),
      h('button', { type: 'submit', class: 'button primary' }, t('search_submit'))));
}

async function countBeforeXP() {
  let n = 0;
  await eachAsset((asset) => {
    if (isBeforeXP(asset.os)) n++;
  });
  return n;
}

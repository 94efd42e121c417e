// The home screen: what needs doing, the state of the local data and a
// quick search. Requests and work orders will fill "to do" once they exist.

import { count, eachAsset } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { isBeforeXP } from '../os.js';
import { navigate } from '../router.js';
import { currentUser, isTechnician } from '../session.js';
import { syncSummary } from './sync-status.js';

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
      h('section', { class: 'card', 'aria-labelledby': 'todo-title' },
        h('h2', { id: 'todo-title' }, t('home_todo_title')),
        h('p', null, t('home_todo_empty')),
        isTechnician() ? h('p', null, h('a', { id: 'home-inventory', href: '/inventory', class: 'button' }, t('home_inventory'))) : null),
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

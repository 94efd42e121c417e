// The home screen's « À faire » card: the counts of what waits, with the
// buttons that lead to it. For a technician, it counts the requests to
// handle, the open work orders and the loans, and leads to the round too.
// For a correspondent, it counts the requests of their communes and the
// problems reported from labels.

import { all } from '../db.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { loanStatus } from '../loans.js';
import { OPEN_STATUSES } from '../requests.js';
import { currentUser, isTechnician } from '../session.js';

export async function todoCard() {
  const [requests, orders, loans, reports] = await Promise.all([all('requests'), all('work_orders'), all('loans'), all('problem_reports')]);
  const fresh = requests.filter((r) => r.status === 'new');
  const open = requests.filter((r) => OPEN_STATUSES.includes(r.status));
  const counts = {
    new: fresh.length,
    blocking: fresh.filter((r) => r.urgency === 'blocking').length,
    open: open.length,
    orders: orders.filter((o) => o.status !== 'done').length,
    loans: loans.filter((l) => loanStatus(l) !== 'closed').length,
    overdue: loans.filter((l) => loanStatus(l) === 'overdue').length,
    reports: reports.filter((r) => r.status === 'new').length,
  };
  const technician = isTechnician();
  const lines = technician
    ? [
      t('home_todo_new_requests', { count: counts.new }),
      counts.blocking ? h('strong', { class: 'warning-text' }, t('home_todo_blocking', { count: counts.blocking })) : null,
      t('home_todo_work_orders', { count: counts.orders }),
      counts.overdue ? h('strong', { class: 'warning-text' }, t('home_todo_overdue', { count: counts.overdue })) : t('home_todo_loans', { count: counts.loans }),
    ]
    : [t('home_todo_open_requests', { count: counts.open })];
  if (counts.reports) lines.push(t('home_todo_reports', { count: counts.reports }));

  const link = (id, href, key, primary = false) => h('a', { id, href, class: primary ? 'button primary' : 'button' }, t(key));
  const mayRequest = currentUser()?.role !== 'committee';
  return h('section', { id: 'home-todo', class: 'card', 'aria-labelledby': 'todo-title', dataset: { newRequests: counts.new } },
    h('h2', { id: 'todo-title' }, t('home_todo_title')),
    h('ul', { class: 'stats' }, lines.filter(Boolean).map((line) => h('li', null, line))),
    h('div', { class: 'actions' },
      link('home-requests', '/requests', 'requests_title', technician),
      !technician && mayRequest ? link('home-request-new', '/requests/new', 'request_new_title', true) : null,
      counts.reports || !technician ? link('home-reports', '/problem-reports', 'problem_reports_title') : null,
      technician ? [
        link('home-work-orders', '/work-orders', 'work_orders_title'),
        link('home-loans', '/loans', 'loans_title'),
        link('home-maintenance', '/maintenance', 'maintenance_title'),
        link('home-inventory', '/inventory', 'home_inventory'),
      ] : null));
}

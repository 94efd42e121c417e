// The administration menu, for technicians; committee members see the
// parts they may read.

import { h, linkList } from '../dom.js';
import { t } from '../i18n.js';
import { currentUser } from '../session.js';

export async function adminScreen() {
  const role = currentUser().role;
  const title = t('admin_title');
  if (role === 'correspondent') {
    return { title, body: [h('h1', null, title), h('p', { class: 'note' }, t('admin_refused'))] };
  }
  const items = [
    role === 'technician' ? { href: '/communes/new', title: t('commune_new_title'), detail: t('admin_fleet_detail') } : null,
    { href: '/archives', title: t('archives_title'), detail: t('admin_archives_detail') },
    { href: '/admin/users', title: t('users_title'), detail: t('admin_users_detail') },
    { href: '/admin/settings', title: t('service_settings_title'), detail: t('admin_settings_detail') },
    { href: '/reports/tariffs', title: t('tariffs_title'), detail: t('admin_tariffs_detail') },
    { href: '/privacy', title: t('privacy_title'), detail: t('admin_privacy_detail') },
    { href: '/accessibility', title: t('accessibility_title'), detail: t('admin_accessibility_detail') },
  ].filter(Boolean);
  return { title, body: [h('h1', null, title), linkList('admin-list', items)] };
}

// The service's settings: organisation, labels, e-mail, holidays, loans
// and retention.

import { h } from '../dom.js';
import { t } from '../i18n.js';

export async function serviceSettingsScreen() {
  const title = t('service_settings_title');
  return { title, body: [h('h1', null, title)] };
}

// The privacy notice and the accessibility statement that French public
// bodies publish. Both are open without a login.

import { h } from '../dom.js';
import { t } from '../i18n.js';

/** A page of sections, each a heading and paragraphs from the catalogue. */
function page(titleKey, sections) {
  const title = t(titleKey);
  return {
    title,
    body: [
      h('h1', null, title),
      sections.map(([heading, ...paragraphs]) => h('section', null,
        h('h2', null, t(heading)),
        paragraphs.map((key) => (Array.isArray(key)
          ? h('ul', null, key.map((item) => h('li', null, t(item))))
          : h('p', null, t(key)))))),
    ],
  };
}

export async function privacyScreen() {
  return page('privacy_title', [
    ['privacy_who_title', 'privacy_who'],
    ['privacy_what_title', 'privacy_what', ['privacy_what_accounts', 'privacy_what_sessions', 'privacy_what_audit', 'privacy_what_requests', 'privacy_what_device']],
    ['privacy_why_title', 'privacy_why'],
    ['privacy_how_long_title', ['privacy_keep_accounts', 'privacy_keep_sessions', 'privacy_keep_audit', 'privacy_keep_reports', 'privacy_keep_erasure']],
    ['privacy_shared_title', 'privacy_shared'],
    ['privacy_rights_title', 'privacy_rights', 'privacy_complaint'],
  ]);
}

export async function accessibilityScreen() {
  return page('accessibility_title', [
    ['accessibility_commitment_title', 'accessibility_commitment'],
    ['accessibility_state_title', 'accessibility_state'],
    ['accessibility_tests_title', 'accessibility_tests', ['accessibility_test_axe', 'accessibility_test_targets', 'accessibility_test_keyboard', 'accessibility_test_contrast']],
    ['accessibility_gaps_title', ['accessibility_gap_audit', 'accessibility_gap_screenreader', 'accessibility_gap_pdf']],
    ['accessibility_date_title', 'accessibility_date'],
    ['accessibility_contact_title', 'accessibility_contact'],
    ['accessibility_remedy_title', 'accessibility_remedy'],
  ]);
}

// User administration: list, create, edit, reset a password, export and
// erase a person's data. Users are not kept on the device, so these
// screens need the network. Committee members see the same data
// read-only; correspondents get the server's refusal.

import { api, ApiError, apiFile, listAll, NetworkError } from '../api.js';
import { all } from '../db.js';
import { facts, h } from '../dom.js';
import { changes, field, formActions, onSubmit, showErrors } from '../forms.js';
import { compareNames, formatDate, t } from '../i18n.js';
import { navigate } from '../router.js';
import { dropNotice, setNotice, takeNotice } from '../notice.js';
import { currentUser, isTechnician } from '../session.js';
import { dataTable } from '../table.js';
import { backLink } from './fleet.js';
import { roleName } from './names.js';
import { missing } from './not-found.js';
import { showToast } from './toast.js';

const ROLES = ['technician', 'correspondent', 'committee'];
const LANGUAGES = ['fr', 'en'];

export async function usersScreen({ query }) {
  const title = t('users_title');
  const top = [
    backLink('/admin', t('admin_title')),
    h('h1', null, title),
    isTechnician() ? h('div', { class: 'actions' }, h('a', { href: '/admin/users/new', class: 'button primary', id: 'user-new' }, t('user_new_title'))) : null,
  ];

  let users;
  try {
    users = await listAll('/api/v1/users');
  } catch (err) {
    return { title, body: [top, loadError(err)], refresh: null };
  }

  const communeNames = await communeNamesByID();
  const communesOf = (user) => user.commune_ids.map((id) => communeNames.get(id) ?? t('user_commune_unknown')).sort(compareNames).join(', ');
  const table = dataTable({
    id: 'user-table',
    caption: t('users_caption'),
    query,
    rows: users,
    searchLabel: t('users_search'),
    count: (shown, total) => t('users_count', { count: shown, total }),
    empty: t('users_none_match'),
    filters: [{
      key: 'role',
      label: t('user_role'),
      options: [['', t('users_all_roles')], ...ROLES.map((role) => [role, roleName(role)])],
      test: (user, role) => user.role === role,
    }],
    columns: [
      { key: 'name', label: t('user_name'), value: (user) => user.name, cell: (user) => h('a', { href: `/admin/users/${user.id}` }, user.name) },
      { key: 'email', label: t('user_email'), value: (user) => user.email },
      { key: 'role', label: t('user_role'), value: (user) => roleName(user.role) },
      { key: 'communes', label: t('user_communes'), value: communesOf, cell: (user) => communesOf(user) || '—' },
      { key: 'status', label: t('user_status'), value: statusText, cell: (user) => (user.disabled_at ? h('span', { class: 'badge' }, statusText(user)) : statusText(user)) },
    ],
    item: (user) => ({
      href: `/admin/users/${user.id}`,
      title: user.name,
      detail: `${roleName(user.role)} · ${user.email}`,
      badge: user.disabled_at ? t('user_disabled_badge') : undefined,
    }),
  });
  // The users are not part of the local data, so a refresh of it leaves
  // the screen and the filter being typed alone.
  return { title, body: [top, table], refresh: null };
}

export async function userScreen({ params }) {
  const path = location.pathname;
  return params.id ? editScreen(path, params.id) : createScreen(path);
}

/** Builds the creation form. The one-time password of the response shows on the new user's screen. */
async function createScreen(path) {
  const title = t('user_new_title');
  const back = backLink('/admin/users', t('users_title'));
  const heading = h('h1', null, title);
  if (!isTechnician()) {
    return { title, body: [back, heading, h('p', { class: 'note', id: 'user-read-only' }, t('user_create_technicians'))] };
  }

  const communes = await communeChoices([], false);
  const roleField = field({ name: 'role', label: t('user_role'), kind: 'select', value: 'correspondent', required: true, options: ROLES.map((role) => [role, roleName(role)]) });
  const form = h('form', { id: 'user-form', class: 'form', novalidate: true },
    field({ name: 'email', label: t('user_email'), kind: 'email', required: true, hint: t('user_email_hint'), attrs: { maxlength: 254, autocomplete: 'off', inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' } }),
    field({ name: 'name', label: t('user_name'), required: true, hint: t('user_name_hint'), attrs: { maxlength: 200, autocomplete: 'off' } }),
    roleField,
    field({ name: 'language', label: t('user_language'), kind: 'select', value: 'fr', hint: t('user_language_hint'), options: LANGUAGES.map((code) => [code, t(`language_${code}`)]) }),
    communes,
    formActions(t('create')));
  showCommunesFor(roleField, communes);

  onSubmit(form, async (v) => {
    const body = { email: v.email, name: v.name, role: v.role, language: v.language };
    if (v.role === 'correspondent') body.commune_ids = checkedCommunes(form);
    const created = await api('/api/v1/users', { method: 'POST', body });
    const userPath = `/admin/users/${created.user.id}`;
    setNotice(userPath, passwordNotice(created.user, created.one_time_password, 'created'));
    await navigate(userPath, { replace: true });
  });

  return { title, body: [back, heading, form], refresh: null };
}

/** Builds the edit form for technicians, and the same data read-only for others. */
async function editScreen(path, id) {
  let user;
  try {
    user = await api(`/api/v1/users/${encodeURIComponent(id)}`);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return missing(t('user_missing_title'), t('record_missing_text'));
    const title = t('users_title');
    return { title, body: [backLink('/admin/users', t('users_title')), h('h1', null, title), loadError(err)] };
  }

  const communes = await communeChoices(user.commune_ids, !isTechnician());
  const editable = isTechnician();
  const title = user.name;
  const heading = h('h1', null, title);
  const before = {
    name: user.name,
    role: user.role,
    language: user.language,
    commune_ids: [...user.commune_ids].sort(),
    disabled: Boolean(user.disabled_at),
  };

  const roleField = field({ name: 'role', label: t('user_role'), kind: 'select', value: user.role, required: true, options: ROLES.map((role) => [role, roleName(role)]) });
  const conflict = h('div', { class: 'conflict', hidden: true });
  const form = h('form', { id: 'user-form', class: 'form', novalidate: true },
    h('fieldset', { class: 'plain', disabled: !editable },
      h('legend', { class: 'visually-hidden' }, t('user_account_legend')),
      field({ name: 'name', label: t('user_name'), value: user.name, required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
      roleField,
      field({ name: 'language', label: t('user_language'), kind: 'select', value: user.language, hint: t('user_language_hint'), options: LANGUAGES.map((code) => [code, t(`language_${code}`)]) }),
      communes,
      field({ name: 'disabled', label: t('user_disabled_field'), kind: 'checkbox', value: before.disabled, hint: t('user_disabled_hint') })),
    editable ? formActions(t('save')) : null);
  showCommunesFor(roleField, communes);

  form.onConflict = () => {
    conflict.hidden = false;
    conflict.replaceChildren(
      h('p', null, t('form_conflict')),
      h('button', { type: 'button', class: 'button', onclick: () => reload(path) }, t('form_conflict_reload')));
  };
  onSubmit(form, async (v) => {
    const next = {
      name: v.name,
      role: v.role,
      language: v.language,
      commune_ids: v.role === 'correspondent' ? checkedCommunes(form).sort() : [],
      disabled: v.disabled,
    };
    const changed = changes(before, next);
    if (!Object.keys(changed).length) {
      form.querySelector('.form-summary').textContent = t('user_nothing_changed');
      return;
    }
    await api(`/api/v1/users/${user.id}`, { method: 'PATCH', body: { version: user.version, ...changed } });
    showToast(t('user_saved'));
    await reload(path);
  });

  return {
    title,
    // The users are not part of the local data, so a refresh of it leaves
    // the form and what the user typed alone.
    refresh: null,
    body: [
      backLink('/admin/users', t('users_title')),
      heading,
      takeNotice(path),
      editable ? null : h('p', { class: 'note', id: 'user-read-only' }, t('user_read_only')),
      facts([
        [t('user_email'), user.email, 'user-email'],
        [t('user_created'), formatDate(user.created_at)],
        [t('user_status'), statusText(user), 'user-status'],
      ]),
      conflict,
      form,
      editable ? passwordSection(user) : null,
      editable ? personalDataSection(user, path) : null,
    ],
  };
}

/** Draws the screen again from the server, dropping unsaved input. */
function reload(path) {
  return navigate(path, { replace: true });
}

/** Explains why the users could not be read: no signal, a role the server refuses, or its message. */
function loadError(err) {
  if (err instanceof NetworkError) return h('p', { class: 'note', id: 'users-error' }, t('users_offline'));
  if (err instanceof ApiError && err.status === 403) {
    return h('div', { class: 'note', id: 'users-error' }, h('p', null, t('users_forbidden')), h('p', { class: 'detail' }, err.message));
  }
  return h('p', { class: 'note error', id: 'users-error', role: 'alert' }, err.message);
}

function statusText(user) {
  return user.disabled_at ? t('user_status_disabled', { date: formatDate(user.disabled_at) }) : t('user_status_active');
}

async function communeNamesByID() {
  return new Map((await all('communes')).map((commune) => [commune.id, commune.name]));
}

/**
 * Builds the choice of the communes a correspondent follows: a checkbox
 * per commune on the device. Its error line is named after the API's field
 * commune_ids, so that showErrors puts the 422 message there.
 */
async function communeChoices(selected, disabled) {
  const communes = (await all('communes')).sort((a, b) => compareNames(a.name, b.name));
  const chosen = new Set(selected);
  // A commune the device does not have yet stays chosen.
  const unknown = selected.filter((id) => !communes.some((c) => c.id === id));
  const boxes = [
    ...communes.map((commune) => [commune.id, commune.name]),
    ...unknown.map((id) => [id, t('user_commune_unknown')]),
  ].map(([id, name], i) => h('label', { for: `commune-${i}` },
    h('input', { id: `commune-${i}`, type: 'checkbox', name: 'commune_ids', value: id, checked: chosen.has(id), disabled, 'aria-describedby': 'field-commune_ids-error' }),
    h('span', null, name)));
  return h('fieldset', { class: 'field check-list', id: 'user-communes' },
    h('legend', null, t('user_communes'), h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
    h('p', { class: 'detail' }, t('user_communes_hint')),
    boxes.length ? h('div', { class: 'check-grid' }, boxes) : h('p', { class: 'note' }, t('user_communes_none')),
    h('p', { id: 'field-commune_ids-error', class: 'error', role: 'alert' }));
}

function checkedCommunes(form) {
  return [...form.querySelectorAll('input[name=commune_ids]:checked')].map((box) => box.value);
}

/** Shows the commune choice only while the role is correspondent. */
function showCommunesFor(roleField, communes) {
  const select = roleField.querySelector('select');
  const sync = () => {
    communes.hidden = select.value !== 'correspondent';
  };
  select.addEventListener('change', sync);
  sync();
}

/**
 * Builds the notice that shows a one-time password in large type, with a
 * copy button and the instruction to hand it over. reason is 'created' or
 * 'reset'.
 */
function passwordNotice(user, password, reason) {
  const message = h('p', { class: 'detail', role: 'status', id: 'password-copy-status' });
  const code = h('p', { class: 'one-time-password', id: 'one-time-password', translate: 'no' }, password);
  const ownSession = reason === 'reset' && user.id === currentUser()?.id;
  const copy = h('button', {
    type: 'button',
    class: 'button',
    id: 'password-copy',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(password);
        message.textContent = t('password_copied');
      } catch {
        // No clipboard access, such as outside HTTPS: select the text.
        window.getSelection().selectAllChildren(code);
        message.textContent = t('password_copy_failed');
      }
    },
  }, t('password_copy'));
  const headingID = 'password-notice-title';
  return h('section', { class: 'card password-notice', id: 'password-notice', 'aria-labelledby': headingID },
    h('h2', { id: headingID, tabindex: '-1' }, t(reason === 'created' ? 'password_created_title' : 'password_reset_title', { name: user.name })),
    code,
    h('p', { class: 'warning' }, t('password_hand_over', { name: user.name, email: user.email })),
    ownSession ? h('p', { class: 'note' }, t('password_own_session')) : null,
    h('div', { class: 'actions' },
      copy,
      h('button', { type: 'button', class: 'button', id: 'password-dismiss', onclick: () => dropNotice() }, t('password_dismiss'))),
    message);
}

/** Resets the password after a confirmation and shows the new one. */
function passwordSection(user) {
  const error = h('p', { class: 'error', role: 'alert', id: 'reset-error' });
  const button = h('button', {
    type: 'button',
    class: 'button',
    id: 'password-reset',
    onclick: async () => {
      error.textContent = '';
      if (!window.confirm(t('password_reset_confirm', { name: user.name }))) return;
      button.disabled = true;
      try {
        const answer = await api(`/api/v1/users/${user.id}/reset-password`, { method: 'POST' });
        const notice = passwordNotice(user, answer.one_time_password, 'reset');
        dropNotice();
        setNotice(location.pathname, notice);
        document.getElementById('password-notice')?.remove();
        document.querySelector('main h1').after(takeNotice(location.pathname));
        notice.querySelector('h2').focus();
      } catch (err) {
        error.textContent = err instanceof NetworkError ? t('form_offline') : err.message;
      } finally {
        button.disabled = false;
      }
    },
  }, t('password_reset'));
  return h('section', { class: 'card', 'aria-labelledby': 'password-title' },
    h('h2', { id: 'password-title' }, t('password_title')),
    h('p', null, t('password_reset_text')),
    button,
    error);
}

/** Builds the section that exports a person's data and erases them after a typed confirmation. */
function personalDataSection(user, path) {
  const status = h('p', { class: 'detail', role: 'status', id: 'export-status' });
  const exportButton = h('button', {
    type: 'button',
    class: 'button',
    id: 'user-export',
    onclick: async () => {
      exportButton.disabled = true;
      status.textContent = t('user_export_running');
      try {
        const file = await apiFile(`/api/v1/users/${user.id}/personal-data`, t('user_export_filename', { id: user.id }));
        saveFile(file.blob, file.filename);
        status.textContent = t('user_export_done', { file: file.filename });
      } catch (err) {
        status.textContent = err instanceof NetworkError ? t('form_offline') : err.message;
      } finally {
        exportButton.disabled = false;
      }
    },
  }, t('user_export'));

  const eraseArea = h('div', { id: 'erase-area' });
  const openButton = h('button', {
    type: 'button',
    class: 'button danger',
    id: 'user-erase-open',
    'aria-expanded': 'false',
    'aria-controls': 'erase-area',
    onclick: () => {
      const open = openButton.getAttribute('aria-expanded') !== 'true';
      openButton.setAttribute('aria-expanded', String(open));
      eraseArea.replaceChildren(open ? eraseForm(user, path, () => openButton.click()) : '');
      if (open) eraseArea.querySelector('input').focus();
    },
  }, t('user_erase'));

  return h('section', { class: 'card', 'aria-labelledby': 'personal-data-title' },
    h('h2', { id: 'personal-data-title' }, t('user_personal_data_title')),
    h('p', null, t('user_export_text')),
    exportButton,
    status,
    h('p', null, t('user_erase_text')),
    openButton,
    eraseArea);
}

/** Saves a downloaded file through a temporary a[download] link. */
function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob when the download starts. Revoking the URL
  // a minute later leaves slow devices time and costs nothing.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Builds the inline confirmation of an erasure, where the user types the person's e-mail. */
function eraseForm(user, path, cancel) {
  const form = h('form', { id: 'erase-form', class: 'form erase-form', novalidate: true },
    h('h3', null, t('user_erase_title', { name: user.name })),
    h('p', null, t('user_erase_explain')),
    h('p', { class: 'warning' }, t('user_erase_final')),
    field({ name: 'confirm', label: t('user_erase_confirm_label', { email: user.email }), required: true, attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', inputmode: 'email' } }),
    formActions(t('user_erase_submit'), h('button', { type: 'button', class: 'button', onclick: cancel }, t('cancel'))));
  form.querySelector('button[type=submit]').className = 'button danger';

  onSubmit(form, async (v) => {
    if (v.confirm.toLowerCase() !== user.email.toLowerCase()) {
      showErrors(form, new ApiError(422, 'confirm_mismatch', t('user_erase_mismatch'), { confirm: t('user_erase_mismatch_field', { email: user.email }) }));
      return;
    }
    let erased;
    try {
      erased = await api(`/api/v1/users/${user.id}/erase`, { method: 'POST', body: { confirm: v.confirm } });
    } catch (err) {
      // The server puts its reason under the field "id" when it rejects
      // the erasure itself, such as of one's own account or of the last
      // technician. No control has that name, so the reason becomes the
      // summary.
      if (err instanceof ApiError && err.fields?.id) throw new ApiError(err.status, err.code, err.fields.id, {});
      throw err;
    }
    setNotice(path, erasedNotice(user, erased));
    await navigate(path, { replace: true });
  });
  return form;
}

/** Builds the notice of a done erasure, shown above the user's pseudonymised record. */
function erasedNotice(user, after) {
  return h('section', { class: 'card', id: 'erase-result', role: 'status', 'aria-labelledby': 'erase-result-title' },
    h('h2', { id: 'erase-result-title' }, t('user_erased_title')),
    h('p', null, t('user_erased_text')),
    after.name && after.name !== user.name ? h('p', null, t('user_erased_pseudonym', { name: after.name })) : null,
    h('button', { type: 'button', class: 'button', onclick: () => dropNotice() }, t('notice_close')));
}

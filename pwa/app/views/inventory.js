// The inventory round screen: choose a site, then a room, and scan every
// tag in it with a hand scanner, the camera or the keyboard. The screen
// counts what was seen and lists what is missing.
// It reads and writes IndexedDB only, so it works without signal.

import { cameraElements, startCamera } from '../camera.js';
import { all, byIndex, get } from '../db.js';
import { h } from '../dom.js';
import { compareNames, formatDateTime, t } from '../i18n.js';
import { confirmMove, finishRound, lastFinishedRound, openRound, recordScan, roundSummary, setRoom, startRound } from '../inventory.js';
import { navigate } from '../router.js';
import { isTechnician } from '../session.js';
import { missing } from './not-found.js';
import { assetTitle } from './names.js';

const byName = (a, b) => compareNames(a.name, b.name);

export async function inventoryScreen() {
  if (!isTechnician()) return missing(t('technician_only_title'), t('technician_only_text'));
  const round = await openRound();
  return round ? roundScreen(round) : startScreen();
}

/** The choice of a site, and the report of the round finished last. */
async function startScreen() {
  const [sites, communes, last] = await Promise.all([all('sites'), all('communes'), lastFinishedRound()]);
  const communeNames = new Map(communes.map((c) => [c.id, c.name]));
  const choices = sites.filter((site) => !site.archived_at)
    .map((site) => ({ id: site.id, name: `${site.name} — ${communeNames.get(site.commune_id) ?? ''}` }))
    .sort(byName);
  const title = t('inventory_title');

  const start = async (event) => {
    event.preventDefault();
    const siteId = event.currentTarget.elements.site_id.value;
    if (!siteId) {
      event.currentTarget.querySelector('.error').textContent = t('inventory_site_missing');
      return;
    }
    await startRound(siteId);
    await navigate('/inventory', { replace: true });
  };

  return {
    title,
    body: [
      h('h1', null, title),
      h('p', null, t('inventory_intro')),
      choices.length
        ? h('form', { id: 'inventory-start', class: 'card', onsubmit: start },
          h('div', { class: 'field' },
            h('label', { for: 'inventory-site' }, t('inventory_site')),
            h('select', { id: 'inventory-site', name: 'site_id', 'aria-describedby': 'inventory-site-error' },
              h('option', { value: '' }, t('choose')),
              choices.map((c) => h('option', { value: c.id }, c.name))),
            h('p', { id: 'inventory-site-error', class: 'error', role: 'alert' })),
          h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, t('inventory_start'))))
        : h('p', { class: 'note' }, t('fleet_empty_offline')),
      last ? await finishedReport(last) : null,
    ],
    refresh: null,
  };
}

/** The report of a finished round: what the whole site is missing. */
async function finishedReport(round) {
  const [site, summary] = await Promise.all([get('sites', round.site_id), roundSummary(round)]);
  const rooms = await roomNames(round.site_id);
  return h('section', { id: 'inventory-last', class: 'card', 'aria-labelledby': 'inventory-last-title' },
    h('h2', { id: 'inventory-last-title' }, t('inventory_last_title', { site: site?.name ?? '', when: formatDateTime(round.finished_at) })),
    h('p', null, t('inventory_site_progress', { count: summary.site.seen, expected: summary.site.expected })),
    reportLists('inventory-last', summary.site, rooms),
    h('p', { class: 'note' }, t('inventory_local_note')));
}

async function roomNames(siteId) {
  const rooms = await byIndex('rooms', 'site_id', siteId);
  return new Map(rooms.map((room) => [room.id, room.name]));
}

/** The open round: the current room, the scan field, progress and lists. */
async function roundScreen(round) {
  const site = await get('sites', round.site_id);
  const rooms = (await byIndex('rooms', 'site_id', round.site_id)).filter((room) => !room.archived_at).sort(byName);
  const names = new Map(rooms.map((room) => [room.id, room.name]));
  const title = t('inventory_round_title', { site: site?.name ?? '' });

  const status = h('p', { id: 'inventory-status', role: 'status', 'aria-live': 'polite' });
  const progress = h('section', { id: 'inventory-progress', 'aria-label': t('inventory_progress') });
  const moves = h('div', { id: 'inventory-moves' });
  const report = h('div', { id: 'inventory-report' });
  const scanList = h('ul', { id: 'inventory-scans', class: 'list' });
  const unknownList = h('ul', { id: 'inventory-unknown', class: 'list' });
  const input = h('input', {
    id: 'inventory-tag', name: 'tag', type: 'text', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', enterkeyhint: 'done', 'aria-describedby': 'inventory-tag-hint',
    // The global hand-scanner listener (wedge.js) swallows the Enter of a
    // scan: with data-scan="fill" it puts the tag in this field instead and
    // dispatches a synthetic input event, which typing never does.
    dataset: { scan: 'fill' },
    oninput: (event) => {
      if (!event.isTrusted) input.form.requestSubmit();
    },
  });

  const say = (kind, text) => {
    status.dataset.kind = kind;
    status.textContent = text;
  };

  const update = async () => {
    const summary = await roundSummary(round);
    const room = round.room_id ? summary.room(round.room_id) : null;
    progress.replaceChildren(...[
      progressLine('inventory-site-progress', t('inventory_site_progress', { count: summary.site.seen, expected: summary.site.expected }), summary.site),
      room ? progressLine('inventory-room-progress', t('inventory_room_progress', { count: room.seen, expected: room.expected, room: names.get(round.room_id) ?? '' }), room) : null,
    ].filter(Boolean));
    scanList.replaceChildren(...summary.scans.slice().reverse().map((scan) => scanItem(scan, summary.assets, names)));
    unknownList.replaceChildren(...summary.unknown.map((scan) => h('li', { class: 'inventory-item', dataset: { tag: scan.tag } },
      h('span', { class: 'list-title tag' }, scan.tag), ' ',
      h('span', { class: 'list-detail' }, t('inventory_scanned_in', { room: names.get(scan.room_id) ?? '', when: formatDateTime(scan.scanned_at) })))));
    return summary;
  };

  const askMove = (verdict) => {
    const from = placeName(verdict.asset, names);
    const item = h('div', { class: 'card', role: 'group', 'aria-labelledby': `move-${verdict.tag}`, dataset: { tag: verdict.tag } },
      h('p', { id: `move-${verdict.tag}` }, t('inventory_move_question', {
        tag: verdict.tag, asset: assetTitle(verdict.asset), from: from, room: names.get(round.room_id) ?? '',
      })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button primary move-confirm', onclick: async () => {
          item.remove();
          const scan = await confirmMove(round, verdict);
          say(scan.duplicate ? 'duplicate' : 'moved', t(scan.duplicate ? 'inventory_duplicate' : 'inventory_moved', {
            tag: verdict.tag, room: names.get(scan.room_id) ?? '' }));
          await update();
          input.focus();
        } }, t('inventory_move_confirm')),
        h('button', { type: 'button', class: 'button move-cancel', onclick: () => {
          item.remove();
          say('cancelled', t('inventory_move_cancelled', { tag: verdict.tag }));
          input.focus();
        } }, t('inventory_move_cancel'))));
    moves.querySelector(`[data-tag="${CSS.escape(verdict.tag)}"]`)?.remove();
    moves.append(item);
  };

  const scan = async (text) => {
    const verdict = await recordScan(round, text);
    say(verdict.kind, verdictMessage(verdict, names));
    if (verdict.kind === 'elsewhere') askMove(verdict);
    if (verdict.scan) await update();
  };

  const submit = async (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = '';
    input.focus();
    if (text.trim()) await scan(text);
  };

  // The camera view of the scanner screen, opened on request: every code
  // it reads is recorded as a scan, several labels of one frame included.
  const camera = h('section', { id: 'inventory-camera', class: 'card', hidden: '', 'aria-label': t('inventory_camera_open') });
  const openCamera = h('button', { id: 'inventory-camera-open', type: 'button', class: 'button' }, t('inventory_camera_open'));
  const showCamera = () => {
    const ui = cameraElements('inventory-camera');
    const close = h('button', { id: 'inventory-camera-close', type: 'button', class: 'button' }, t('inventory_camera_close'));
    // Taking the video out of the page stops the camera.
    close.addEventListener('click', () => {
      camera.replaceChildren();
      camera.hidden = true;
      openCamera.hidden = false;
      openCamera.focus();
    });
    const onCode = async (text) => {
      try {
        await scan(text);
      } catch (err) {
        say('error', err.message);
      }
    };
    ui.restart.addEventListener('click', () => startCamera(ui, { onCode, all: true }));
    camera.replaceChildren(
      h('p', { class: 'detail' }, t('inventory_camera_hint')),
      h('div', { class: 'scan-frame' }, ui.video),
      ui.status,
      ui.focusHint,
      h('div', { class: 'scan-actions' }, ui.torch, ui.restart, close));
    camera.hidden = false;
    openCamera.hidden = true;
    startCamera(ui, { onCode, all: true });
  };
  openCamera.addEventListener('click', showCamera);

  const chooseRoom = async (event) => {
    await setRoom(round, event.currentTarget.value);
    report.replaceChildren();
    say('room', round.room_id ? t('inventory_room_chosen', { room: names.get(round.room_id) }) : '');
    await update();
  };

  const finishRoom = async () => {
    if (!round.room_id) {
      say('no-room', t('inventory_no_room'));
      return;
    }
    const summary = await update();
    const heading = t('inventory_room_report', { room: names.get(round.room_id) ?? '' });
    showReport(report, 'inventory-room-report', heading, summary.room(round.room_id), names);
  };

  const finishSite = async () => {
    const summary = await update();
    showReport(report, 'inventory-site-report', t('inventory_site_report', { site: site?.name ?? '' }), summary.site, names,
      h('div', { class: 'actions' }, h('button', { id: 'inventory-close', type: 'button', class: 'button primary', onclick: async () => {
        await finishRound(round);
        await navigate('/inventory', { replace: true });
      } }, t('inventory_close'))));
  };

  await update();
  return {
    title,
    body: [
      h('h1', null, title),
      h('p', { class: 'note' }, t('inventory_local_note')),
      h('div', { class: 'field' },
        h('label', { for: 'inventory-room' }, t('inventory_room')),
        h('select', { id: 'inventory-room', onchange: chooseRoom },
          h('option', { value: '', selected: !round.room_id }, t('choose')),
          rooms.map((room) => h('option', { value: room.id, selected: room.id === round.room_id }, room.name)))),
      progress,
      // Pending moves and the last verdict are above the field, so that a
      // technician who keeps scanning reads them without scrolling.
      status,
      moves,
      h('form', { id: 'inventory-form', class: 'card', onsubmit: submit },
        h('label', { for: 'inventory-tag' }, t('inventory_tag')),
        h('p', { id: 'inventory-tag-hint', class: 'detail' }, t('inventory_tag_hint')),
        h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'button primary' }, t('inventory_record'))),
        h('div', { class: 'scan-actions' }, openCamera)),
      camera,
      report,
      h('div', { class: 'actions' },
        h('button', { id: 'inventory-finish-room', type: 'button', class: 'button', onclick: finishRoom }, t('inventory_finish_room')),
        h('button', { id: 'inventory-finish-site', type: 'button', class: 'button', onclick: finishSite }, t('inventory_finish_site'))),
      h('section', { 'aria-labelledby': 'inventory-scans-title' },
        h('h2', { id: 'inventory-scans-title' }, t('inventory_scans')), scanList),
      h('section', { 'aria-labelledby': 'inventory-unknown-title' },
        h('h2', { id: 'inventory-unknown-title' }, t('inventory_unknown_title')),
        h('p', { class: 'detail' }, t('inventory_unknown_hint')), unknownList),
    ],
    // A refresh of the fleet changes the expected assets but must keep
    // what the technician is typing.
    refresh: () => update(),
  };
}

function progressLine(id, text, counts) {
  return h('p', { id, class: 'inventory-progress', dataset: { seen: counts.seen, expected: counts.expected } },
    h('span', { id: `${id}-text` }, text), ' ',
    h('progress', { max: Math.max(counts.expected, 1), value: counts.seen, 'aria-labelledby': `${id}-text` }));
}

function scanItem(scan, assets, names) {
  const asset = scan.asset_id ? assets.get(scan.asset_id) : null;
  let badge = null;
  if (scan.duplicate) badge = t('inventory_badge_duplicate');
  else if (!asset) badge = t('inventory_badge_unknown');
  else if (scan.moved_from_site_id) badge = t('inventory_badge_moved');
  return h('li', { class: 'inventory-item', dataset: { tag: scan.tag, duplicate: String(scan.duplicate) } },
    h('span', { class: 'list-title tag' }, scan.tag), ' ',
    h('span', { class: 'list-detail' }, [asset ? assetTitle(asset) : null, names.get(scan.room_id)].filter(Boolean).join(' · ')),
    badge ? [' ', h('span', { class: 'badge' }, badge)] : null);
}

function placeName(asset, names) {
  if (asset.room_id && names.has(asset.room_id)) return names.get(asset.room_id);
  return asset.room_id ? t('inventory_other_site') : t('inventory_no_room_recorded');
}

function verdictMessage(verdict, names) {
  const tag = verdict.tag ?? verdict.text.trim();
  switch (verdict.kind) {
    case 'invalid':
      return verdict.error.reason === 'check'
        ? t('inventory_invalid_check', { text: tag, found: verdict.error.found, expected: verdict.error.expected })
        : t('inventory_invalid', { text: tag });
    case 'location': return t('inventory_location', { tag });
    case 'no-room': return t('inventory_no_room');
    case 'duplicate': return t('inventory_duplicate', { tag, room: names.get(verdict.first.room_id) ?? '' });
    case 'unknown': return t('inventory_unknown', { tag });
    case 'elsewhere': return t('inventory_elsewhere', { tag, from: placeName(verdict.asset, names) });
    default: return t('inventory_seen', { tag, asset: assetTitle(verdict.asset) });
  }
}

/** Shows the missing and untagged assets of a room or of the site. */
function showReport(container, id, heading, progress, names, ...extra) {
  container.replaceChildren(h('section', { id, class: 'card', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, tabindex: '-1' }, heading),
    reportLists(id, progress, names),
    ...extra));
  container.querySelector('h2').focus();
}

function reportLists(id, progress, names) {
  const item = (asset) => h('li', { dataset: { assetId: asset.id } },
    h('a', { href: `/assets/${asset.id}` },
      h('span', { class: 'list-text' },
        h('span', { class: 'list-title' }, assetTitle(asset)),
        h('span', { class: 'list-detail' }, [asset.tag, names.get(asset.room_id) ?? t('inventory_no_room_recorded')].filter(Boolean).join(' · ')))));
  return [
    h('h3', null, t('inventory_missing', { count: progress.missing.length })),
    h('ul', { id: `${id}-missing`, class: 'list' }, progress.missing.map(item)),
    h('h3', null, t('inventory_untagged', { count: progress.untagged.length })),
    h('ul', { id: `${id}-untagged`, class: 'list' }, progress.untagged.map(item)),
  ];
}

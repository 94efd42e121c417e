// The card of a commune's time against its yearly allowance, with the
// warnings at 80 % and 100 %. The screen draws at once and the card fills
// in when the server responds, or from the last response without signal.

import { ApiError } from '../api.js';
import { communeTimes, warningLevel } from '../commune-time.js';
import { h } from '../dom.js';
import { formatDateTime, formatDuration, formatNumber, t } from '../i18n.js';

// A redraw within this time reuses the last response instead of requesting the report again.
const FRESH_MS = 30 * 1000;
let last = null;

async function cachedTimes() {
  if (last && Date.now() - last.at < FRESH_MS && !last.value.offline) return last.value;
  const value = await communeTimes();
  last = { at: Date.now(), value };
  return value;
}

/** Forgets the last response, after a change that adds time. */
export function forgetCommuneTimes() {
  last = null;
}

/**
 * Builds the card of the communes communeIds, or, with communeIds null,
 * of every commune the user sees that reached 80 % of its allowance.
 * @param {string} id the card's id
 * @param {string[]|null} communeIds
 */
export function communeTimeCard(id, communeIds) {
  const body = h('div', { id: `${id}-lines`, 'aria-busy': 'true' }, h('p', { class: 'detail' }, t('time_loading')));
  const card = h('section', { id, class: 'card commune-time', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, t('time_title')), body);
  fill(body, communeIds).catch((err) => {
    body.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : t('time_failed')));
  }).finally(() => body.removeAttribute('aria-busy'));
  return card;
}

async function fill(body, communeIds) {
  const answer = await cachedTimes();
  let lines = answer.items;
  if (communeIds) {
    lines = lines.filter((line) => communeIds.includes(line.commune_id));
  } else {
    lines = lines.filter((line) => warningLevel(line));
  }
  const note = answer.offline
    ? h('p', { class: 'note' }, answer.read_at ? t('time_offline', { when: formatDateTime(answer.read_at) }) : t('time_offline_never'))
    : null;
  if (!lines.length) {
    body.replaceChildren(...[h('p', { class: 'detail' }, communeIds ? t('time_none') : t('time_no_warning', { year: String(answer.year) })), note].filter(Boolean));
    return;
  }
  body.replaceChildren(...[h('ul', { class: 'list time-lines' }, lines.map((line) => timeLine(line, answer.year))), note].filter(Boolean));
}

function timeLine(line, year) {
  const level = warningLevel(line);
  const spent = formatDuration(line.minutes_spent);
  const text = line.allowance_minutes
    ? t('time_line', { commune: line.commune_name, spent, allowance: formatDuration(line.allowance_minutes), percent: formatNumber(line.percent ?? 0), year: String(year) })
    : t('time_line_no_allowance', { commune: line.commune_name, spent, year: String(year) });
  const textID = `time-${line.commune_id}`;
  return h('li', { class: 'time-line', dataset: { communeId: line.commune_id, minutes: line.minutes_spent, warning: level } },
    h('span', { id: textID }, text),
    line.allowance_minutes
      ? h('progress', { max: line.allowance_minutes, value: Math.min(line.minutes_spent, line.allowance_minutes), 'aria-labelledby': textID })
      : null,
    level ? h('span', { class: 'warning time-warning', role: 'note' }, t(`time_warning_${level}`)) : null);
}

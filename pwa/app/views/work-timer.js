// The timer card of a work order: the time on a large display, the buttons
// that drive it (Démarrer, Pause, Reprendre, Terminer), the correction of
// the time with a reason, and the list of its entries. Each press records
// a time entry at the device's time, through the outbox.

import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { field, localFormActions, onSubmit } from '../forms.js';
import { formatDateTime, formatDuration, t } from '../i18n.js';
import { clock, elapsedMs, entryFault, nextEvents, replay, workMinutes } from '../timer.js';
import { entriesOf, timeEntryChange } from '../work-orders.js';
import { forgetCommuneTimes } from './commune-time.js';
import { timeKindName } from './work-names.js';
import { errorText, refreshAfterSave, saveChanges } from './work-save.js';

/**
 * Builds the timer card of order, whose entries are those of entriesOf.
 * With editable false (a done work order, or a user who only reads), it
 * shows the time without the buttons.
 */
export function timerCard(order, entries, editable) {
  const timer = replay(entries);
  const minutes = workMinutes(timer);
  const display = h('p', { id: 'timer-display', class: 'timer-display', dataset: { state: timer.state }, 'aria-live': 'off' },
    clock(elapsedMs(timer, Date.now())));
  tick(display, timer);
  const message = h('p', { id: 'timer-message', class: 'error', role: 'alert' });

  return h('section', { id: 'work-timer', class: 'card timer', 'aria-labelledby': 'work-timer-title' },
    h('h2', { id: 'work-timer-title' }, t('timer_title')),
    display,
    h('p', { id: 'timer-state', class: 'detail' }, t(`timer_state_${timer.state}`)),
    h('p', { id: 'timer-minutes', dataset: { minutes: minutes } }, t('timer_work_minutes', { time: formatDuration(minutes) })),
    editable ? h('div', { class: 'timer-buttons' }, nextEvents(timer.state).map((kind) => h('button', {
      id: `timer-${kind}`, type: 'button', class: kind === 'stop' ? 'button timer-button' : 'button primary timer-button',
      onclick: (event) => press(event.currentTarget, order, kind, message),
    }, t(`timer_${kind}`)))) : null,
    message,
    editable ? correctionForm(order) : null,
    entriesList(entries));
}

/** Updates the display every second while the timer runs and the card is on screen. */
function tick(display, timer) {
  if (timer.state !== 'running') return;
  const interval = setInterval(() => {
    if (!display.isConnected) {
      clearInterval(interval);
      return;
    }
    display.textContent = clock(elapsedMs(timer, Date.now()));
  }, 1000);
}

async function press(button, order, kind, message) {
  button.disabled = true;
  message.textContent = '';
  try {
    const entries = await entriesOf(order.id);
    const fault = entryFault(replay(entries), { kind, at: new Date().toISOString() });
    if (fault) throw new Error(t(`timer_fault_${fault}`));
    await saveChanges([timeEntryChange(order, entries, { kind })]);
    forgetCommuneTimes();
  } catch (err) {
    message.textContent = errorText(err);
    button.disabled = false;
    return;
  }
  await refreshAfterSave();
  // The pressed button is gone from the new screen: the next one takes
  // the focus, unless the user moved it meanwhile.
  if (!document.activeElement || document.activeElement === document.body) {
    document.querySelector('#work-timer .timer-buttons button')?.focus();
  }
}

/** Builds the correction form: signed minutes and a reason, such as time forgotten before the timer started. */
function correctionForm(order) {
  const form = h('form', { id: 'time-correction', class: 'form', novalidate: true },
    field({ name: 'minutes', label: t('timer_correction_minutes'), kind: 'number', hint: t('timer_correction_hint'),
      attrs: { step: 1, min: -1440, max: 1440, inputmode: 'numeric' } }),
    field({ name: 'reason', label: t('timer_correction_reason'), required: true, attrs: { maxlength: 500 } }),
    localFormActions(t('timer_correction_add')));
  onSubmit(form, async (v) => {
    const entries = await entriesOf(order.id);
    const entry = { kind: 'correction', minutes: v.minutes, reason: v.reason };
    const fault = entryFault(replay(entries), entry);
    if (fault) {
      const name = fault === 'reason' ? 'reason' : 'minutes';
      throw new ApiError(422, 'invalid_fields', t('work_fix_fields'), { [name]: t(`timer_fault_${fault}`) });
    }
    await saveChanges([timeEntryChange(order, entries, entry)]);
    forgetCommuneTimes();
    await refreshAfterSave(form, { clear: true });
  });
  return h('details', { class: 'disclosure' }, h('summary', { id: 'time-correction-open', class: 'button' }, t('timer_correction_title')), form);
}

function entriesList(entries) {
  if (!entries.length) return h('p', { class: 'detail' }, t('timer_no_entry'));
  return h('details', { class: 'disclosure' },
    h('summary', { id: 'timer-entries-toggle', class: 'button' }, t('timer_entries', { count: entries.length })),
    h('ul', { id: 'timer-entries', class: 'history' }, entries.map((entry) => h('li', { dataset: { kind: entry.kind, synced: String(entry.ordinal != null) } },
      `${formatDateTime(entry.at)} · ${timeKindName(entry.kind)}`,
      entry.minutes != null ? ` · ${t('timer_entry_minutes', { minutes: entry.minutes > 0 ? `+${entry.minutes}` : String(entry.minutes) })}` : '',
      entry.reason ? ` · ${entry.reason}` : ''))));
}

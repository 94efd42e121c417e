// A work order's timer, replayed from its time entries as the server does
// (server/workorders/timer.go), so that the device shows the same work
// time before and after a sync. It needs no browser: pwa/work_test.go runs
// its tests under Node.

export const IDLE = 'idle';
export const RUNNING = 'running';
export const PAUSED = 'paused';
export const STOPPED = 'stopped';

/** Kinds of time entry that drive the timer. */
export const TIMER_EVENTS = ['start', 'pause', 'resume', 'stop'];

// The server's bounds of one correction or manual entry, in minutes.
export const MAX_ENTRY_MINUTES = 24 * 60;

/**
 * Returns the timer after entries, applied in the order given: {state,
 * runningMs (the closed running intervals), runningSince (ms since the
 * epoch, or null), lastEventAt, firstStartAt, adjustment (minutes)}.
 * An entry that the server would reject is skipped and listed in
 * skipped, so that a bad entry never hides the good ones.
 * @param {{kind: string, at?: string, minutes?: number|null, reason?: string}[]} entries
 */
export function replay(entries) {
  const timer = { state: IDLE, runningMs: 0, runningSince: null, lastEventAt: null, firstStartAt: null, adjustment: 0, skipped: [] };
  for (const entry of entries) {
    const fault = entryFault(timer, entry);
    if (fault) {
      timer.skipped.push({ entry, fault });
    } else {
      apply(timer, entry);
    }
  }
  return timer;
}

/**
 * Returns why the server would reject entry after timer, as a short
 * code, or '' when it accepts it. The codes are keys of the catalogue
 * under timer_fault_.
 */
export function entryFault(timer, entry) {
  if (TIMER_EVENTS.includes(entry.kind)) {
    const at = Date.parse(entry.at);
    if (Number.isNaN(at)) return 'at';
    if (timer.lastEventAt !== null && at < timer.lastEventAt) return 'before_previous';
    const allowed = {
      start: [IDLE, STOPPED], pause: [RUNNING], resume: [PAUSED], stop: [RUNNING, PAUSED],
    }[entry.kind];
    return allowed.includes(timer.state) ? '' : `${entry.kind}_${timer.state}`;
  }
  const minutes = entry.minutes;
  if (!Number.isInteger(minutes)) return 'minutes';
  if (entry.kind === 'manual') return minutes < 1 || minutes > MAX_ENTRY_MINUTES ? 'manual_range' : '';
  if (entry.kind !== 'correction') return 'kind';
  if (minutes === 0 || Math.abs(minutes) > MAX_ENTRY_MINUTES) return 'correction_range';
  if (!String(entry.reason ?? '').trim()) return 'reason';
  if (workMinutes(timer) + minutes < 0) return 'negative_total';
  return '';
}

function apply(timer, entry) {
  if (!TIMER_EVENTS.includes(entry.kind)) {
    timer.adjustment += entry.minutes;
    return;
  }
  const at = Date.parse(entry.at);
  if (entry.kind === 'start' || entry.kind === 'resume') {
    timer.state = RUNNING;
    timer.runningSince = at;
    if (timer.firstStartAt === null) timer.firstStartAt = at;
  } else {
    if (timer.state === RUNNING) timer.runningMs += at - timer.runningSince;
    timer.runningSince = null;
    timer.state = entry.kind === 'pause' ? PAUSED : STOPPED;
  }
  timer.lastEventAt = at;
}

/**
 * Returns the work time in minutes, as the server counts it: the closed
 * running intervals rounded once to the nearest minute, 30 seconds
 * rounding up, plus the corrections and manual entries. A running
 * interval counts once it is closed.
 */
export function workMinutes(timer) {
  return Math.floor((timer.runningMs + 30000) / 60000) + timer.adjustment;
}

/**
 * Returns the milliseconds the timer has run at the time now (ms since
 * the epoch), the open interval included, for the live display.
 */
export function elapsedMs(timer, now) {
  const open = timer.state === RUNNING && timer.runningSince !== null ? Math.max(0, now - timer.runningSince) : 0;
  return timer.runningMs + open;
}

/** Returns the timer events that may follow in the timer's state, in the order the screen shows them. */
export function nextEvents(state) {
  switch (state) {
    case RUNNING: return ['pause', 'stop'];
    case PAUSED: return ['resume', 'stop'];
    default: return ['start'];
  }
}

/** Formats milliseconds as h:mm:ss, the timer's display. */
export function clock(ms) {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

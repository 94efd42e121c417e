// Unit tests of the rules of the daily work that need no browser: the
// timer's replay (app/timer.js), the charter's scope (app/charter.js), the
// order of requests and the status of loans. Run by work_test.go with
// node --test.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { categoriesFor, IN_SCOPE, levelsFor, OUT_OF_SCOPE, siteOutOfScope } from '../app/charter.js';
import { addDays, parisDay } from '../app/days.js';
import { loanStatus } from '../app/loans.js';
import { byUrgency } from '../app/requests.js';
import { clock, elapsedMs, entryFault, nextEvents, replay, workMinutes } from '../app/timer.js';
import { effectiveStatus } from '../app/work-orders.js';

const at = (seconds) => new Date(Date.UTC(2026, 11, 7, 9, 0, seconds)).toISOString();

test('replay closes running intervals and rounds once, 30 seconds up', () => {
  const timer = replay([
    { kind: 'start', at: at(0) }, { kind: 'pause', at: at(20) },
    { kind: 'resume', at: at(100) }, { kind: 'stop', at: at(110) },
  ]);
  assert.equal(timer.state, 'stopped');
  assert.equal(timer.runningMs, 30000);
  assert.equal(workMinutes(timer), 1, '30 seconds round up to a minute');
  assert.equal(workMinutes(replay([{ kind: 'start', at: at(0) }, { kind: 'stop', at: at(29) }])), 0);
});

test('replay adds corrections and manual minutes', () => {
  const timer = replay([
    { kind: 'start', at: at(0) }, { kind: 'stop', at: at(2) },
    { kind: 'correction', minutes: 37, reason: 'diagnostic' }, { kind: 'manual', minutes: 5 },
  ]);
  assert.equal(workMinutes(timer), 42);
  assert.deepEqual(timer.skipped, []);
});

test('a running interval counts for the display, not for the minutes', () => {
  const timer = replay([{ kind: 'start', at: at(0) }]);
  assert.equal(timer.state, 'running');
  assert.equal(workMinutes(timer), 0);
  assert.equal(elapsedMs(timer, Date.parse(at(90))), 90000);
  assert.equal(clock(elapsedMs(timer, Date.parse(at(3725)))), '1:02:05');
});

test('entryFault names what the server would reject', () => {
  const idle = replay([]);
  const running = replay([{ kind: 'start', at: at(10) }]);
  const paused = replay([{ kind: 'start', at: at(0) }, { kind: 'pause', at: at(10) }]);
  assert.equal(entryFault(idle, { kind: 'pause', at: at(20) }), 'pause_idle');
  assert.equal(entryFault(idle, { kind: 'stop', at: at(20) }), 'stop_idle');
  assert.equal(entryFault(running, { kind: 'start', at: at(20) }), 'start_running');
  assert.equal(entryFault(running, { kind: 'stop', at: at(5) }), 'before_previous');
  assert.equal(entryFault(paused, { kind: 'start', at: at(20) }), 'start_paused');
  assert.equal(entryFault(paused, { kind: 'stop', at: at(20) }), '');
  assert.equal(entryFault(idle, { kind: 'correction', minutes: 0, reason: 'x' }), 'correction_range');
  assert.equal(entryFault(idle, { kind: 'correction', minutes: 5, reason: ' ' }), 'reason');
  assert.equal(entryFault(idle, { kind: 'correction', minutes: -1, reason: 'x' }), 'negative_total');
  assert.equal(entryFault(idle, { kind: 'correction', minutes: 1.5, reason: 'x' }), 'minutes');
  assert.equal(entryFault(idle, { kind: 'manual', minutes: 1441 }), 'manual_range');
});

test('replay skips an impossible entry and keeps the others', () => {
  const timer = replay([{ kind: 'stop', at: at(0) }, { kind: 'manual', minutes: 3 }]);
  assert.equal(timer.skipped.length, 1);
  assert.equal(timer.skipped[0].fault, 'stop_idle');
  assert.equal(workMinutes(timer), 3);
});

test('nextEvents offers the buttons of each state', () => {
  assert.deepEqual(nextEvents('idle'), ['start']);
  assert.deepEqual(nextEvents('running'), ['pause', 'stop']);
  assert.deepEqual(nextEvents('paused'), ['resume', 'stop']);
  assert.deepEqual(nextEvents('stopped'), ['start']);
});

test('a timer start makes a planned work order in progress', () => {
  assert.equal(effectiveStatus({ status: 'planned' }, replay([{ kind: 'start', at: at(0) }])), 'in_progress');
  assert.equal(effectiveStatus({ status: 'planned' }, replay([])), 'planned');
  assert.equal(effectiveStatus({ status: 'done' }, replay([{ kind: 'start', at: at(0) }])), 'done');
});

test('the charter widens the scope and the levels for the CCBE and libraries', () => {
  const school = categoriesFor('school');
  assert.deepEqual(school.groups.flatMap((g) => g.codes), IN_SCOPE);
  assert.deepEqual(school.excluded, OUT_OF_SCOPE);
  const library = categoriesFor('library');
  assert.ok(library.groups.flatMap((g) => g.codes).includes('copier'));
  assert.ok(!library.excluded.includes('printer_repair'));
  assert.equal(library.excluded.length, OUT_OF_SCOPE.length - 3);
  assert.deepEqual(levelsFor('school'), [1]);
  assert.deepEqual(levelsFor('ccbe_office'), [1, 2, 3]);
  assert.equal(siteOutOfScope({ kind: 'town_hall' }, { has_server: true }), true);
  assert.equal(siteOutOfScope({ kind: 'school' }, { has_server: true }), false);
});

test('byUrgency puts new requests first, blocking ones first among them', () => {
  const requests = [
    { id: 'a', status: 'planned', urgency: 'blocking', created_at: '2026-12-01' },
    { id: 'b', status: 'new', urgency: 'normal', created_at: '2026-12-01' },
    { id: 'c', status: 'new', urgency: 'blocking', created_at: '2026-12-03' },
    { id: 'd', status: 'new', urgency: 'blocking', created_at: '2026-12-02' },
    { id: 'e', status: 'done', urgency: 'blocking', created_at: '2026-12-04' },
  ];
  assert.deepEqual(byUrgency(requests).map((r) => r.id), ['d', 'c', 'b', 'a', 'e']);
});

test('loanStatus turns a loan overdue the day after its due date, in Paris', () => {
  const loan = { due_date: '2026-12-12', returned_at: null, return_condition: null };
  assert.equal(loanStatus(loan, '2026-12-12'), 'open');
  assert.equal(loanStatus(loan, '2026-12-13'), 'overdue');
  assert.equal(loanStatus({ ...loan, return_condition: 'ok' }, '2026-12-13'), 'closed');
  // 23:30 UTC on 12 December is already 13 December in Paris.
  assert.equal(parisDay(new Date(Date.UTC(2026, 11, 12, 23, 30))), '2026-12-13');
  assert.equal(addDays('2026-12-30', 3), '2027-01-02');
});

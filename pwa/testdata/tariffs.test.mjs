// Unit tests of the amounts of the tariff form (app/tariff-amounts.js):
// the checks in euros and hours made on the device. Run by
// tariffs_test.go with node --test.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readAmounts } from '../app/tariff-amounts.js';

// The catalogue is French until setLanguage, which needs a document.

const valid = { pc_fee: '42,50', commune_fee: '', hourly_rate: '38', included_hours: '10,5' };

test('valid amounts become cents and minutes', () => {
  const { members, faults } = readAmounts(valid);
  assert.deepEqual(faults, {});
  assert.deepEqual(members, { pc_fee_cents: 4250, commune_fee_cents: 0, hourly_rate_cents: 3800, included_minutes: 630 });
});

test('an unreadable rate is named in euros', () => {
  const { members, faults } = readAmounts({ ...valid, hourly_rate: 'abc' });
  assert.equal(members.hourly_rate_cents, undefined, 'nothing is sent for a field at fault');
  assert.match(faults.hourly_rate, /« abc »/);
  assert.match(faults.hourly_rate, /euros/);
  assert.doesNotMatch(faults.hourly_rate, /centime/);
});

test('hours written with an exponent are named in hours', () => {
  const { faults } = readAmounts({ ...valid, included_hours: '1e9' });
  assert.match(faults.included_hours, /« 1e9 »/);
  assert.match(faults.included_hours, /heures/);
  assert.doesNotMatch(faults.included_hours, /minute/);
});

test('amounts out of range give the limit in the field unit', () => {
  const { faults } = readAmounts({ ...valid, pc_fee: '-5', included_hours: '9000' });
  assert.match(faults.pc_fee, /« -5 »/);
  assert.match(faults.pc_fee, /1\s000\s000,00\s€/);
  assert.match(faults.included_hours, /« 9000 »/);
  assert.match(faults.included_hours, /8\s784 heures/);
});

test('empty required amounts are required, an empty commune fee is none', () => {
  const { members, faults } = readAmounts({ pc_fee: '', commune_fee: ' ', hourly_rate: '', included_hours: '' });
  assert.deepEqual(Object.keys(faults).sort(), ['hourly_rate', 'included_hours', 'pc_fee']);
  for (const message of Object.values(faults)) assert.match(message, /obligatoire/);
  assert.equal(members.commune_fee_cents, 0);
});

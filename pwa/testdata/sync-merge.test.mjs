// Unit tests of app/sync-merge.js, run by sync_test.go with node --test.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  applyOp, applyPending, fileIdsIn, firstStatus, mayRebase, planResults, rekeyOp, retryDelay, settleUpload, swapFileId, writableFields,
} from '../app/sync-merge.js';

const asset = { id: 'a1', model: 'OptiPlex 3080', status: 'in_service', site_id: 's1', room_id: 'r1', version: 4, archived_at: null };

test('applyOp merges the fields of an upsert', () => {
  const got = applyOp(asset, { entity_id: 'a1', action: 'upsert', fields: { model: 'OptiPlex 7010', room_id: null } });
  assert.deepEqual(got, { ...asset, model: 'OptiPlex 7010', room_id: null });
  assert.equal(asset.model, 'OptiPlex 3080', 'the record given is not changed');
});

test('applyOp creates a record the device lacks', () => {
  assert.deepEqual(applyOp(undefined, { entity_id: 'n1', action: 'upsert', fields: { name: 'BCD', site_id: 's1' } }),
    { id: 'n1', name: 'BCD', site_id: 's1' });
});

test('applyOp removes an archived record', () => {
  assert.equal(applyOp(asset, { entity_id: 'a1', action: 'delete', fields: {} }), null);
  assert.equal(applyOp(asset, { entity_id: 'a1', action: 'upsert', fields: { archived: true } }), null);
  const restored = applyOp({ ...asset, archived_at: '2026-12-01T10:00:00Z' }, { entity_id: 'a1', action: 'upsert', fields: { archived: false } });
  assert.equal(restored.archived_at, null);
  assert.equal(restored.model, asset.model);
});

test('applyPending applies the queued ops oldest first', () => {
  const ops = [
    { entity_id: 'a1', action: 'upsert', fields: { model: 'first' } },
    { entity_id: 'a1', action: 'upsert', fields: { model: 'second', status: 'broken' } },
  ];
  assert.deepEqual(applyPending(asset, ops), { ...asset, model: 'second', status: 'broken' });
  assert.deepEqual(applyPending(asset, []), asset);
  assert.equal(applyPending(null, []), null);
});

test('applyPending restores from the record before an archive', () => {
  const ops = [
    { entity_id: 'a1', action: 'delete', fields: {} },
    { entity_id: 'a1', action: 'upsert', fields: { archived: false } },
  ];
  assert.deepEqual(applyPending(asset, ops), { ...asset, archived_at: null });
  assert.equal(applyPending(asset, ops.slice(0, 1)), null);
});

test('retryDelay stays within the doubling ceiling and the cap', () => {
  const top = () => 0.999999;
  for (const [attempt, ceiling] of [[0, 2000], [1, 4000], [2, 8000], [7, 256000], [8, 300000], [40, 300000], [5000, 300000]]) {
    const delay = retryDelay(attempt, top);
    assert.ok(delay <= ceiling, `attempt ${attempt}: ${delay}, want at most ${ceiling}`);
    assert.ok(delay >= ceiling - 1, `attempt ${attempt}: ${delay}, want just under ${ceiling}`);
    assert.equal(retryDelay(attempt, () => 0), 0, `attempt ${attempt} with random 0`);
  }
  for (let i = 0; i < 1000; i++) {
    const delay = retryDelay(3);
    assert.ok(Number.isInteger(delay), `retryDelay(3) = ${delay}, want an integer`);
    assert.ok(delay >= 0, `retryDelay(3) = ${delay}, want at least 0`);
    assert.ok(delay < 16000, `retryDelay(3) = ${delay}, want below 16000`);
  }
});

test('rekeyOp moves the entity id and the fields that name it', () => {
  const scan = { id: 'op1', entity: 'inventory_scan', entity_id: 'sc1', fields: { asset_id: 'old', tag: 'BE000001F' } };
  assert.deepEqual(rekeyOp(scan, 'old', 'new'), { ...scan, fields: { asset_id: 'new', tag: 'BE000001F' } });
  const edit = { id: 'op2', entity: 'asset', entity_id: 'old', fields: { model: 'x' } };
  assert.deepEqual(rekeyOp(edit, 'old', 'new'), { ...edit, entity_id: 'new' });
  assert.equal(rekeyOp(edit, 'other', 'new'), null);
});

test('planResults matches results by op id and skips ops without one', () => {
  const ops = [
    { id: 'o1', entity: 'asset', entity_id: 'a1', action: 'upsert', fields: { model: 'x' } },
    { id: 'o2', entity: 'asset', entity_id: 'a2', action: 'upsert', fields: { tag: 'BE000001F' } },
    { id: 'o3', entity: 'inventory_scan', entity_id: 'sc1', action: 'upsert', fields: {} },
    { id: 'o4', entity: 'room', entity_id: 'r1', action: 'upsert', fields: { name: 'BCD' } },
    { id: 'o5', entity: 'asset', entity_id: 'a3', action: 'upsert', fields: { model: 'y' } },
  ];
  const results = [
    { id: 'o4', status: 'rejected', entity: 'room', entity_id: 'r1', error: { code: 'invalid_fields', message: 'taken', fields: { name: 'taken' } } },
    { id: 'o1', status: 'conflict', entity: 'asset', entity_id: 'a1', version: 6, fields: { id: 'a1', model: 'x', version: 6 }, server_fields: { model: 'z' } },
    { id: 'o2', status: 'applied', entity: 'asset', entity_id: 'a9', version: 2, fields: { id: 'a9', tag: 'BE000001F', version: 2 } },
    { id: 'o3', status: 'duplicate', entity: 'inventory_scan', entity_id: 'sc1', version: 1, fields: { tag: 'BE000001F' } },
    { id: 'o5', status: 'surprise' },
  ];
  const plans = planResults(ops, results);
  assert.deepEqual(plans.map((p) => p.op.id), ['o1', 'o2', 'o3', 'o4'], 'plans follow the order of the ops; o5 has no known status');

  const [conflict, rekeyed, scan, rejected] = plans;
  assert.equal(conflict.conflict, true);
  assert.deepEqual(conflict.record, { id: 'a1', model: 'x', version: 6 });
  assert.equal(conflict.newId, null);
  assert.equal(rekeyed.newId, 'a9');
  assert.equal(rekeyed.conflict, false);
  assert.equal(scan.record, null, 'a scan is no record of the local fleet');
  assert.deepEqual(rejected.rejected, { code: 'invalid_fields', message: 'taken', fields: { name: 'taken' } });
  assert.equal(rejected.record, null);
  assert.equal(rejected.newId, null);

  assert.deepEqual(planResults(ops, []), []);
});

test('planResults reads a replay by its first status', () => {
  const ops = ['o1', 'o2', 'o3'].map((id) => ({ id, entity: 'asset', entity_id: 'a1', action: 'upsert', fields: { model: 'x' } }));
  const results = [
    { id: 'o1', status: 'duplicate', first_status: 'rejected', error: { code: 'invalid_fields', message: 'no' } },
    { id: 'o2', status: 'duplicate', first_status: 'conflict', version: 3, fields: { id: 'a1', version: 3 }, server_fields: { model: 'z' } },
    { id: 'o3', status: 'duplicate', version: 3, fields: { id: 'a1', version: 3 } },
  ];
  const [rejected, conflict, applied] = planResults(ops, results);
  assert.equal(rejected.rejected.message, 'no');
  assert.equal(conflict.conflict, true);
  assert.equal(applied.conflict, false);
  assert.equal(applied.rejected, null);
  assert.deepEqual(applied.record, { id: 'a1', version: 3 });
  assert.equal(firstStatus({ status: 'applied' }), 'applied');
});

test('mayRebase only after our own change moved the version by one', () => {
  const sent = { entity_id: 'a1', base_version: 4, sent: true };
  const queued = { entity_id: 'a1', base_version: 4, sent: false };
  assert.equal(mayRebase(queued, sent, { status: 'applied', version: 5 }), true);
  assert.equal(mayRebase(queued, sent, { status: 'applied', version: 6 }), false, 'someone else wrote in between');
  assert.equal(mayRebase(queued, sent, { status: 'conflict', version: 5 }), false);
  assert.equal(mayRebase({ ...queued, sent: true }, sent, { status: 'applied', version: 5 }), false, 'the server may have read it');
  assert.equal(mayRebase({ ...queued, entity_id: 'a2' }, sent, { status: 'applied', version: 5 }), false);
  assert.equal(mayRebase({ ...queued, base_version: 3 }, sent, { status: 'applied', version: 5 }), false);
  assert.equal(mayRebase({ entity_id: 'a1', sent: false }, { entity_id: 'a1', sent: true }, { status: 'applied', version: 1 }), false, 'a creation has no base');
});

test('writableFields keeps the members of a POST body', () => {
  const record = { ...asset, tag: 'BE000001F', kind: 'pc', commune_id: 'c1', created_at: 'x' };
  assert.deepEqual(writableFields('asset', record), { tag: 'BE000001F', kind: 'pc', model: 'OptiPlex 3080', status: 'in_service', site_id: 's1', room_id: 'r1' });
  assert.deepEqual(writableFields('room', { id: 'r1', name: 'BCD', site_id: 's1', version: 2 }), { name: 'BCD', site_id: 's1' });
});

test('fileIdsIn lists the ids of the file members', () => {
  assert.deepEqual(fileIdsIn('request', { photo_ids: ['p1', 'local1'], description: 'local2' }), ['p1', 'local1']);
  assert.deepEqual(fileIdsIn('work_order', { signature_file_id: 'local1', summary: 'x' }), ['local1']);
  assert.deepEqual(fileIdsIn('work_order', { signature_file_id: null }), []);
  assert.deepEqual(fileIdsIn('asset', { notes: 'local1' }), []);
});

test('swapFileId puts the server id in place of the local one', () => {
  assert.deepEqual(swapFileId('request', { photo_ids: ['p1', 'local1', 'local2'] }, 'local1', 'f9'), { photo_ids: ['p1', 'f9', 'local2'] });
  assert.deepEqual(swapFileId('work_order', { status: 'done', signature_file_id: 'local1' }, 'local1', 'f9'), { status: 'done', signature_file_id: 'f9' });
  assert.equal(swapFileId('work_order', { signature_file_id: 'other' }, 'local1', 'f9'), null);
  assert.equal(swapFileId('asset', { notes: 'local1' }, 'local1', 'f9'), null, 'only file members change');
});

test('swapFileId drops a rejected file', () => {
  assert.deepEqual(swapFileId('request', { photo_ids: ['p1', 'local1'] }, 'local1', null), { photo_ids: ['p1'] });
  assert.deepEqual(swapFileId('work_order', { signature_file_id: 'local1' }, 'local1', null), { signature_file_id: null });
});

test('settleUpload clears the wait and swaps the id', () => {
  const op = { id: 'o1', entity: 'request', entity_id: 'r1', fields: { photo_ids: ['local0', 'local1'] }, waits: ['local0', 'local1'] };
  assert.deepEqual(settleUpload(op, 'local1', 'f1'), { ...op, fields: { photo_ids: ['local0', 'f1'] }, waits: ['local0'] });
  assert.deepEqual(op.waits, ['local0', 'local1'], 'the op given is not changed');
  assert.equal(settleUpload(op, 'local7', 'f7'), null);
  const waitsOnly = { id: 'o2', entity: 'work_order', entity_id: 'w1', fields: { status: 'done' }, waits: ['local3'] };
  assert.deepEqual(settleUpload(waitsOnly, 'local3', 'f3'), { ...waitsOnly, waits: [] });
});

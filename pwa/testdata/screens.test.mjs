// Unit tests of screen texts that need no browser: plural agreement of
// the visit's progress and the fitting of the reports chart's labels.
// Run by screens_test.go with node --test.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fitLabel, textWidth } from '../app/charts.js';
import { t } from '../app/i18n.js';

test('visit progress agrees with the number of PCs checked', () => {
  assert.equal(t('visit_progress', { count: 0, total: 3 }), '0 PC vérifié sur 3 dans ce site.');
  assert.equal(t('visit_progress', { count: 1, total: 3 }), '1 PC vérifié sur 3 dans ce site.');
  assert.equal(t('visit_progress', { count: 2, total: 3 }), '2 PC vérifiés sur 3 dans ce site.');
});

test('chart labels that fit are kept whole', () => {
  for (const name of ['Apprieu', 'Saint-Didier-de-Bizonnes', 'Le Grand-Lemps']) {
    assert.equal(fitLabel(name, 188), name);
  }
});

test('long chart labels are cut with an ellipsis', () => {
  const name = 'Communauté de communes de Bièvre Est';
  const shown = fitLabel(name, 188);
  assert.ok(shown.endsWith('…'), shown);
  assert.ok(name.startsWith(shown.slice(0, -1)), `${shown} keeps the start of the name`);
  assert.ok(textWidth(shown) <= 188, `${shown} is ${textWidth(shown)} wide`);
});

// The editor of the setting fleet_growth_percent on the service settings
// screen: the yearly growth of the fleet by which the reports project
// the number of PCs.

import { field, parseDecimal } from '../forms.js';
import { t } from '../i18n.js';

// Bounds the server enforces (server/settings/growth.go).
const MIN_GROWTH = -50;
const MAX_GROWTH = 50;

/**
 * Builds the editor: a decimal field that takes a comma or a point. A
 * value that is not a number goes to the server as typed, so that the
 * server's message quotes it. An empty field is missing.
 */
export function growthEditor(key, item, locked) {
  const node = field({
    name: key, label: t('setting_fleet_growth_percent'), kind: 'decimal', value: item.value, disabled: locked,
    hint: t('setting_fleet_growth_percent_hint', { min: MIN_GROWTH, max: MAX_GROWTH }), attrs: { class: 'short' },
  });
  const input = node.querySelector('input');
  const read = () => {
    const value = parseDecimal(input.value);
    if (value === null) return undefined;
    return Number.isNaN(value) ? input.value.trim() : value;
  };
  return { node, locked, before: item.value, read };
}

// Display names of the codes the API uses (asset kinds, statuses, site
// kinds, roles), from the message catalogue.

import { t } from '../i18n.js';

/** Names a code through the catalogue key prefix_code; unknown codes show as is. */
function named(prefix, code) {
  const key = `${prefix}_${code}`;
  const text = t(key);
  return text === key ? code : text;
}

export const assetKindName = (code) => named('asset_kind', code);
export const assetStatusName = (code) => named('asset_status', code);
export const siteKindName = (code) => named('site_kind', code);
export const communeKindName = (code) => named('commune_kind', code);
export const roleName = (code) => named('role', code);

/** Names an asset for lists and titles: brand and model, else its kind. */
export function assetTitle(asset) {
  const name = [asset.brand, asset.model].filter(Boolean).join(' ');
  return name || assetKindName(asset.kind);
}

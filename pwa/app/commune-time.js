// The time each commune used this year against the allowance its committee
// granted, from GET /api/v1/reports/communes. The server sums the work
// orders, so the device requests the report when online and keeps the last
// response for offline use, with the time it was read.

import { api, ApiError } from './api.js';
import { getMeta, setMeta } from './db.js';
import { parisYear } from './days.js';

const KEY = 'commune_times';

/**
 * Returns {year, items, read_at, offline}: the lines of the communes the
 * user may see (commune_id, commune_name, minutes_spent,
 * allowance_minutes, percent, warning), from the server, or as last read
 * when the request fails (offline true, and items empty when never read).
 * An error of the server itself (ApiError) is thrown.
 */
export async function communeTimes(year = parisYear()) {
  try {
    const answer = await api(`/api/v1/reports/communes?year=${year}&view=time`);
    const saved = { year, items: answer?.items ?? [], read_at: new Date().toISOString() };
    await setMeta(KEY, saved);
    return { ...saved, offline: false };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const saved = await getMeta(KEY);
    if (saved?.year !== year) return { year, items: [], read_at: null, offline: true };
    return { ...saved, offline: true };
  }
}

/**
 * Returns the warning level of a line: '100' from the allowance, '80'
 * from 80 % of it, '' below or without an allowance. The server sends the
 * same as warning; the device works it out for lines it computed itself.
 */
export function warningLevel(line) {
  if (line.warning) return line.warning;
  if (!line.allowance_minutes) return '';
  const share = line.minutes_spent / line.allowance_minutes;
  if (share >= 1) return '100';
  return share >= 0.8 ? '80' : '';
}

// The service charter leaves out PCs that run a Windows older than XP.

const BEFORE_XP = /^(microsoft\s+)?windows\s*(3(\.\d+)?|95|98|me|2000|nt(\s*[34](\.\d+)?)?)(?![\w.]|\s*\d)/;

/**
 * Reports whether an operating system name is a Windows older than XP.
 * @param {string|null|undefined} os
 */
export function isBeforeXP(os) {
  return BEFORE_XP.test((os ?? '').trim().toLowerCase());
}

// Text helpers shared by the local search and the lists.

/**
 * Folds text for matching: lower case, accents and spacing removed, so
 * that "chabons" finds "Châbons" and "be 000123" finds "BE000123".
 * @param {string|null|undefined} text
 */
export function fold(text) {
  return (text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s-]+/g, '');
}

// Asset and location tags, as the Go package parc/labels defines them. A
// tag is a prefix of 1 to 3 letters, a zero-padded serial (6 digits for an
// asset, "L" and 5 digits for a site or a room) and one check character.
// The check character is ISO/IEC 7064 MOD 37,36 over everything before it,
// as in BE000123W. parseTag returns the same verdicts as labels.Parse, which
// pwa/tags_test.go checks by running both on the same inputs.

export const DEFAULT_PREFIX = 'BE';
export const MAX_PREFIX_LENGTH = 3;

const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CHECK_MODULUS = CHECK_ALPHABET.length;
const ASSET_SERIAL_DIGITS = 6;
const LOCATION_SERIAL_DIGITS = 5;
const LOCATION_MARKER = 'L';

/**
 * Computes the MOD 37,36 check character of payload (digits and upper-case
 * letters A to Z), or returns null when payload is empty or has another
 * character.
 * @param {string} payload
 * @returns {string|null}
 */
export function checkCharacter(payload) {
  if (!payload) return null;
  let product = CHECK_MODULUS;
  for (const c of payload) {
    const value = CHECK_ALPHABET.indexOf(c);
    if (value < 0 || c.length !== 1) return null;
    // One step of the hybrid system: add, reduce modulo M with 0 taken as
    // M, then double modulo M+1.
    const sum = (product + value) % CHECK_MODULUS || CHECK_MODULUS;
    product = (sum * 2) % (CHECK_MODULUS + 1);
  }
  // The tag is valid when the last sum (product + check) is 1 modulo M.
  return CHECK_ALPHABET[(CHECK_MODULUS + 1 - product) % CHECK_MODULUS];
}

/** Reports whether prefix is 1 to MAX_PREFIX_LENGTH letters A to Z. */
export function validPrefix(prefix) {
  return typeof prefix === 'string' && new RegExp(`^[A-Z]{1,${MAX_PREFIX_LENGTH}}$`).test(prefix);
}

/**
 * Parses an asset or location tag that must start with prefix, as
 * labels.Parse does: it trims white space and upper-cases ASCII letters
 * first. It returns {tag} for a valid tag, where tag is {text, prefix,
 * kind: 'asset'|'location', serial, check}, and otherwise {error}, where
 * error.reason is the first problem found, with the values a message needs:
 *   empty; charset {character}; prefix {prefix, found?}; length {length,
 *   expected}; serial {serial}; check {found, expected}.
 * An invalid prefix argument throws a TypeError.
 * @param {string} input
 * @param {string} [prefix]
 */
export function parseTag(input, prefix = DEFAULT_PREFIX) {
  if (!validPrefix(prefix)) throw new TypeError(`tag prefix ${JSON.stringify(prefix)}: expected 1 to ${MAX_PREFIX_LENGTH} letters A to Z`);
  const fail = (reason, details = {}) => ({ error: { reason, input, prefix, ...details } });

  const trimmed = trimSpace(input);
  if (!trimmed) return fail('empty');

  const upper = upperAlphanumeric(trimmed);
  if (upper.bad !== undefined) return fail('charset', { character: upper.bad });
  const text = upper.text;

  if (!text.startsWith(prefix)) return fail('prefix');

  // Asset and location tags with the same prefix have the same length.
  const expected = prefix.length + ASSET_SERIAL_DIGITS + 1;
  const rest = text.slice(prefix.length);
  if (!rest) return fail('length', { length: text.length, expected });

  let kind = 'asset';
  if (rest[0] === LOCATION_MARKER) {
    kind = 'location';
  } else if (!isDigit(rest[0])) {
    return fail('prefix', { found: rest[0] });
  }

  if (text.length !== expected) return fail('length', { length: text.length, expected });

  let digits = rest.slice(0, -1);
  if (kind === 'location') digits = digits.slice(1);
  if (![...digits].every(isDigit)) return fail('serial', { serial: digits });
  const serial = Number(digits);
  if (serial === 0) return fail('serial', { serial: digits });

  const payload = text.slice(0, -1);
  const want = checkCharacter(payload);
  const got = text[text.length - 1];
  if (got !== want) return fail('check', { found: got, expected: want });

  return { tag: { text, prefix, kind, serial, check: got } };
}

/**
 * Returns the prefix that input shows if it has the shape of a tag of
 * either kind, else '' (labels.PrefixOf). The serial and the check
 * character are not checked.
 */
export function prefixOf(input) {
  const upper = upperAlphanumeric(trimSpace(input));
  if (upper.bad !== undefined) return '';
  const text = upper.text;
  let letters = 0;
  while (letters < text.length && text[letters] >= 'A' && text[letters] <= 'Z') letters++;

  if (letters >= 1 && letters <= MAX_PREFIX_LENGTH && text.length === letters + ASSET_SERIAL_DIGITS + 1) {
    return text.slice(0, letters);
  }
  if (letters >= 2 && letters - 1 <= MAX_PREFIX_LENGTH && text[letters - 1] === LOCATION_MARKER
    && text.length === letters + LOCATION_SERIAL_DIGITS + 1) {
    return text.slice(0, letters - 1);
  }
  return '';
}

/**
 * Parses a tag of any prefix (labels.ParseAnyPrefix): with the prefix its
 * shape shows when the tag is valid with it, else with prefix, which the
 * error then names.
 */
export function parseAnyPrefix(input, prefix = DEFAULT_PREFIX) {
  const fromShape = prefixOf(input);
  if (fromShape && fromShape !== prefix) {
    const parsed = parseTag(input, fromShape);
    if (parsed.tag) return parsed;
  }
  return parseTag(input, prefix);
}

/**
 * Checks a text that a person typed or a scanner read as a tag without
 * knowing the deployment's prefix: the prefix is the one its shape shows,
 * else its leading letters when they can be a prefix, else
 * DEFAULT_PREFIX. So "BE000123X" is judged on its check character and
 * "BE00012" on its length.
 */
export function checkTag(input) {
  let prefix = prefixOf(input);
  if (!prefix) {
    const leading = /^[A-Za-z]+/.exec(trimSpace(input));
    const letters = leading ? leading[0].toUpperCase() : '';
    prefix = validPrefix(letters) ? letters : DEFAULT_PREFIX;
  }
  return parseTag(input, prefix);
}

/**
 * Reports whether text looks like a tag rather than a serial number: 1 to
 * 4 letters, then 4 to 7 digits, then at most one digit or letter. Such a
 * text is checked as a tag, so that a typing mistake gets a message
 * instead of a search.
 */
export function looksLikeTag(input) {
  return /^[A-Z]{1,4}\d{4,7}[0-9A-Z]?$/i.test(trimSpace(input));
}

// Unicode White_Space, which Go's strings.TrimSpace removes. String.trim
// differs: it keeps U+0085 and removes U+FEFF.
const EDGE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function trimSpace(input) {
  return String(input ?? '').replace(EDGE_SPACE, '');
}

/**
 * Returns text with ASCII letters upper-cased as {text}, or {bad} with the
 * first character that is not an ASCII letter or digit. Non-ASCII letters
 * are rejected rather than upper-cased, because some of them, such as the
 * dotless "ı", upper-case to ASCII.
 */
function upperAlphanumeric(text) {
  let out = '';
  for (const c of text) {
    if (c >= 'a' && c <= 'z') {
      out += c.toUpperCase();
    } else if (isDigit(c) || (c >= 'A' && c <= 'Z')) {
      out += c;
    } else {
      return { bad: c };
    }
  }
  return { text: out };
}

function isDigit(c) {
  return c >= '0' && c <= '9';
}

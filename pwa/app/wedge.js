// Hand scanners that type like a keyboard ("keyboard wedge"), on every
// screen. A scanner types a whole code within a few milliseconds and ends
// it with Enter or Tab. A burst of keys counts as a scan only when all of
// these hold, so that a fast typist is never taken for a scanner:
//   - it ends with Enter or Tab;
//   - its keys came on average less than MAX_AVERAGE_GAP_MS apart;
//   - it reads as a tag, by the characters typed or by the keys pressed.
//
// The keys pressed (KeyboardEvent.code, the physical key) matter for a
// scanner set up for a QWERTY keyboard and used on a French AZERTY layout.
// It presses the keys where QWERTY has the characters, so the digits come
// out as &é"'(-è_çà, and A/Q, Z/W and M/; are swapped. Reading event.code
// undoes that. A scanner set up for AZERTY types the right characters, which
// event.key gives, so both readings are tried, characters first. The check
// character of a tag makes a wrong reading fail.
//
// When the burst went into a text field, the field gets its previous value
// back, since the scan opens another screen; a field marked data-scan="fill"
// (the tag of the asset form) keeps the tag instead, and nothing opens.

import { parseAnyPrefix, prefixOf } from './tags.js';

const MAX_AVERAGE_GAP_MS = 50;
// A pause longer than this starts a new burst.
const MAX_GAP_MS = 150;
const MIN_LENGTH = 4;
const MAX_LENGTH = 32;

// Characters of the physical keys, as on a US QWERTY keyboard.
const KEY_CODES = {
  Minus: '-', Period: '.', Slash: '/', Space: ' ', NumpadDecimal: '.', NumpadSubtract: '-',
};
for (let i = 0; i <= 9; i++) {
  KEY_CODES[`Digit${i}`] = String(i);
  KEY_CODES[`Numpad${i}`] = String(i);
}
for (let c = 65; c <= 90; c++) {
  const letter = String.fromCharCode(c);
  KEY_CODES[`Key${letter}`] = letter;
}

/**
 * Returns the tag that a burst reads as, or '' when it reads as none:
 * first by the characters typed (keys), then by the physical keys (codes).
 * A label's QR code URL, such as https://parc.example/t/BE000123W, which a
 * 2D scanner types, reads as its tag.
 * @param {string[]} keys KeyboardEvent.key of each key
 * @param {string[]} codes KeyboardEvent.code of each key
 */
export function burstTag(keys, codes) {
  const typed = keys.map((k) => (k.length === 1 ? k : '')).join('');
  const physical = codes.map((c) => KEY_CODES[c] ?? '').join('');
  for (const reading of [typed, physical]) {
    const url = /\/t\/([0-9A-Z]+)$/i.exec(reading);
    const text = url ? url[1] : reading;
    const prefix = prefixOf(text);
    if (!prefix) continue;
    const parsed = parseAnyPrefix(text, prefix);
    if (parsed.tag) return parsed.tag.text;
  }
  return '';
}

/**
 * Listens for hand scanners on the whole document and calls onScan with
 * the tag of each scan. Returns a function that stops listening.
 * @param {(tag: string) => void} onScan
 */
export function startWedge(onScan) {
  let burst = [];
  let field = null;
  let fieldValue = '';

  const reset = () => {
    burst = [];
    field = null;
  };

  const onKeyDown = (event) => {
    if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) {
      reset();
      return;
    }
    if (['Shift', 'CapsLock'].includes(event.key)) return;
    const now = event.timeStamp;
    const last = burst[burst.length - 1];
    if (last && now - last.at > MAX_GAP_MS) reset();

    if (event.key === 'Enter' || event.key === 'Tab') {
      const tag = scanOf(burst, now);
      const target = field;
      const before = fieldValue;
      reset();
      if (!tag) return;
      event.preventDefault();
      event.stopPropagation();
      if (target && target.dataset.scan === 'fill') {
        setValue(target, tag);
        return;
      }
      if (target) setValue(target, before);
      onScan(tag);
      return;
    }

    if (event.key.length !== 1 && !KEY_CODES[event.code]) {
      reset();
      return;
    }
    if (!burst.length) {
      const active = document.activeElement;
      field = active && (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA') ? active : null;
      fieldValue = field ? field.value : '';
    }
    burst.push({ key: event.key, code: event.code, at: now });
    if (burst.length > MAX_LENGTH) burst.shift();
  };

  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}

/** Returns the tag of a finished burst, or '' when it is no scan. */
function scanOf(burst, endAt) {
  if (burst.length < MIN_LENGTH) return '';
  const gaps = (endAt - burst[0].at) / burst.length;
  if (gaps >= MAX_AVERAGE_GAP_MS) return '';
  return burstTag(burst.map((k) => k.key), burst.map((k) => k.code));
}

/** Sets a field's value as typing does, so that its listeners see it. */
function setValue(field, value) {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

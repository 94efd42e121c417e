// Identifiers made on the device, for records created without signal.

/**
 * Returns a new UUID version 7 (RFC 9562) as 36 lower-case characters: 48
 * bits of Unix time in milliseconds, then 74 random bits from
 * crypto.getRandomValues, so ids made later sort after earlier ones.
 * @param {number} [now] Unix time in milliseconds
 */
export function uuidv7(now = Date.now()) {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let time = Math.floor(now);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Decrypts Web Push messages (RFC 8291, aes128gcm) with http_ece, an
// implementation independent of the server's, for the Go tests.
// Input on stdin: a JSON array of {body, privateKey, authSecret}, where
// body is the standard base64 of the POST body and the keys are the
// subscription's P-256 private scalar and auth secret in base64url.
// Output on stdout: a JSON array of {text} or {error}, in the same order.
'use strict';

const crypto = require('node:crypto');
const ece = require('http_ece');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((m) => {
    try {
      const receiver = crypto.createECDH('prime256v1');
      receiver.setPrivateKey(Buffer.from(m.privateKey, 'base64url'));
      const plain = ece.decrypt(Buffer.from(m.body, 'base64'), {
        version: 'aes128gcm',
        privateKey: receiver,
        authSecret: m.authSecret,
      });
      return { text: plain.toString('utf8') };
    } catch (err) {
      return { error: String(err && err.message ? err.message : err) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});

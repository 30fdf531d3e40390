import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Signer } from '../../app/ports/signer.js';

/** HMAC-SHA256 with `secret`; signatures in base64url, checked in constant time. */
export function createHmacSigner(secret: string): Signer {
  const mac = (text: string): Buffer => createHmac('sha256', secret).update(text, 'utf8').digest();
  return {
    sign: (text) => mac(text).toString('base64url'),
    verifies(text, signature) {
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(text);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

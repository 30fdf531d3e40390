import { timingSafeEqual } from 'node:crypto';
import { pagerDutyHmac } from './sign.js';

const SIGNATURE_BYTES = 32;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/i;

/**
 * Verifies `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`, where each signature is
 * hex(HMAC-SHA256(secret as UTF-8, raw body)). During secret rotation PagerDuty sends several
 * signatures and Warroom may hold several secrets: any v1 signature matching any secret wins.
 * Entries of other versions are ignored; a missing or malformed header, an empty body or no
 * secrets refuse the delivery (as go-pagerduty does).
 */
export function verifyPagerDutySignature(rawBody: Buffer, header: string | string[] | undefined, secrets: readonly string[]): boolean {
  if (rawBody.length === 0) return false;
  const signatures = v1Signatures(Array.isArray(header) ? header.join(',') : header);
  if (signatures.length === 0) return false;
  let valid = false;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const expected = pagerDutyHmac(secret, rawBody);
    // No early exit: the time taken does not reveal which entry matched.
    for (const signature of signatures) {
      if (timingSafeEqual(expected, signature)) valid = true;
    }
  }
  return valid;
}

/**
 * Whether the header carries at least one well-formed `v1=` signature: checked before the body
 * is read, so a request that cannot pass the HMAC check is refused without buffering its body.
 */
export function hasPagerDutySignature(header: string | string[] | undefined): boolean {
  return v1Signatures(Array.isArray(header) ? header.join(',') : header).length > 0;
}

/** The decoded `v1=` signatures of the header; malformed entries are skipped. */
function v1Signatures(header: string | undefined): Buffer[] {
  if (header === undefined) return [];
  const signatures: Buffer[] = [];
  for (const entry of header.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed.startsWith('v1=')) continue;
    const hex = trimmed.slice('v1='.length);
    if (!HEX_SIGNATURE.test(hex)) continue;
    const bytes = Buffer.from(hex, 'hex');
    if (bytes.length === SIGNATURE_BYTES) signatures.push(bytes);
  }
  return signatures;
}

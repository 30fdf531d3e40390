import type { RequestListener } from 'node:http';

/** The only spelling Slack sends: version 0, a lowercase hex HMAC-SHA256. */
const SLACK_SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * Refuses (401) a POST to the Slack endpoint whose X-Slack-Signature is not exactly `v0=<64 hex>`,
 * before Bolt reads it. Bolt accepts `v0=<hex>=anything` (it splits on '='), so a captured
 * request could otherwise be resent under endless spellings of one valid signature.
 */
export function refuseMalformedSlackSignatures(endpoint: string, next: RequestListener): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    const signature = req.headers['x-slack-signature'];
    if (req.method === 'POST' && path === endpoint && !(typeof signature === 'string' && SLACK_SIGNATURE.test(signature))) {
      // Drain what was sent so the connection stays usable, then answer as Bolt does for a bad signature.
      req.resume();
      res.writeHead(401, { 'content-length': 0 });
      res.end();
      return;
    }
    next(req, res);
  };
}

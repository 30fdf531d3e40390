import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { domainError } from '../../src/core/errors.js';
import { sendDomainError } from '../../src/ingress/http/respond.js';

test('a reopen refused because the alert has a newer open incident is 409 with its code and message', async () => {
  const error = domainError('incident.reopen_conflict', 'INC-7 is already open for this alert; work in INC-7, or resolve it before reopening INC-3.');
  const server = createServer((_req, res) => sendDomainError(res, error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    assert.equal(res.status, 409);
    assert.deepEqual(await res.json(), { error: error.message, code: 'incident.reopen_conflict' });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

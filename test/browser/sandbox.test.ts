/**
 * The sandbox in a real browser: Debian's Chromium driven by playwright-core opens /sandbox,
 * types `/incident declare Checkout down`, sees the incident channel with its pinned summary,
 * scope card and chart, changes the status from the summary, resolves, and saves a screenshot
 * (to $SANDBOX_SCREENSHOT, e.g. docs/sandbox.png for the README, else to the temp directory);
 * then posts a stakeholder update through its modal, reads the postmortem draft, and declares
 * a second incident through the declare modal.
 * Without Chromium the test is skipped and says how to enable it.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningWarroom } from '../../src/main.js';
import { SANDBOX_BROWSER_SKIP, startSandboxInBrowser, type SandboxInBrowser } from '../helpers/sandbox-browser.js';

const SCREENSHOT = resolve(process.env.SANDBOX_SCREENSHOT ?? join(tmpdir(), 'warroom-sandbox.png'));

let sandbox: SandboxInBrowser | undefined;
let warroom: RunningWarroom;
let page: Page;

void describe('the sandbox page in Chromium', { skip: SANDBOX_BROWSER_SKIP }, () => {
  before(async () => {
    sandbox = await startSandboxInBrowser();
    ({ warroom, page } = sandbox);
  });

  after(async () => {
    await sandbox?.stop();
  });

  void test('declare, follow the incident channel, change status, resolve', async () => {
    await page.goto(`http://127.0.0.1:${warroom.port}/sandbox`);
    assert.match(await page.locator('#banner').innerText(), /SANDBOX/, 'the page says it is a sandbox');

    await page.locator('#message-box').fill('/incident declare Checkout down');
    await page.locator('#message-box').press('Enter');
    // The page follows the person into the new channel, as Slack's invitation does.
    await page.locator('#channel-name', { hasText: 'inc-1-checkout-down' }).waitFor();
    const summary = page.locator('li.msg', { has: page.locator('.pin') });
    await summary.locator('h3', { hasText: 'Checkout down' }).waitFor();
    await page.locator('li.msg', { hasText: 'Scope of INC-1' }).waitFor();
    await page.locator('li[data-kind="file"] img').waitFor();

    await summary.locator(`select[data-action="incident.change_status"]`).selectOption('INC-1:identified');
    await page.locator('#channel-topic', { hasText: 'identified' }).waitFor();
    await page.screenshot({ path: SCREENSHOT });

    await page.locator('#message-box').fill('/incident resolve Rolled back the checkout deploy');
    await page.locator('#message-box').press('Enter');
    await page.locator('#channel-topic', { hasText: 'resolved' }).waitFor();
    assert.ok(existsSync(SCREENSHOT), `the screenshot was saved to ${SCREENSHOT}`);
  });

  /** Posts a stakeholder update from the current (incident) channel through the update modal. */
  async function postUpdate(text: string): Promise<void> {
    await page.locator('#message-box').fill('/incident update');
    await page.locator('#message-box').press('Enter');
    const modal = page.locator('#modal');
    await modal.locator('textarea').waitFor();
    await modal.locator('textarea').fill(text);
    await modal.locator('#modal-submit').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });
  }

  void test('a stakeholder update through the modal, then the postmortem draft', async () => {
    await postUpdate('Checkout is back to normal in eu-west-1 after a rollback.');

    await page.locator('#message-box').fill('/incident postmortem');
    await page.locator('#message-box').press('Enter');
    await page.locator('.block.markdown h1, .block.markdown h2').first().waitFor();

    await page.locator('#channels li', { hasText: 'incident-updates' }).click();
    // The incident channel also carries the update: look only once the page shows #incident-updates.
    await page.locator('#channel-name', { hasText: 'incident-updates' }).waitFor();
    await page.locator('li.msg', { hasText: 'back to normal in eu-west-1' }).first().waitFor();
    // A later update of the same incident posts after the first one's task is done (one channel's
    // messages keep their order): once the page shows it, a second copy of the first would show too.
    await page.locator('#channels li', { hasText: 'inc-1-checkout-down' }).click();
    await page.locator('#channel-name', { hasText: 'inc-1-checkout-down' }).waitFor();
    await postUpdate('Postmortem review booked for Thursday.');
    await page.locator('#channels li', { hasText: 'incident-updates' }).click();
    await page.locator('#channel-name', { hasText: 'incident-updates' }).waitFor();
    await page.locator('li.msg', { hasText: 'Postmortem review booked for Thursday' }).waitFor();
    assert.equal(await page.locator('li.msg', { hasText: 'back to normal in eu-west-1' }).count(), 1, 'the update is in #incident-updates once');
  });

  void test('declare through the modal: title, severity and services', async () => {
    await page.locator('#channels li', { hasText: 'general' }).click();
    await page.locator('#message-box').fill('/incident declare');
    await page.locator('#message-box').press('Enter');
    const modal = page.locator('#modal');
    await modal.locator('input[data-block="title"]').fill('Payments latency');
    await modal.locator('select[data-block="severity"]').selectOption('SEV2');
    await modal.locator('select[data-block="services"]').selectOption(['payments']);
    await modal.locator('#modal-submit').click();
    await page.locator('#channel-name', { hasText: 'inc-2-payments-latency' }).waitFor();
    await page.locator('#channel-topic', { hasText: 'SEV2' }).waitFor();
  });
});

/**
 * What people read, walked through in Chromium as a person would (issue 18): declare, raise the
 * severity, send a stakeholder update, resolve; then read #incident-updates and the postmortem by
 * their visible text. People show by name (the sandbox's Alice Moreau), never as a `U0…` id; the
 * announcement was kept current (SEV2, resolved); the resolution was announced.
 * With $STAKEHOLDER_SCREENSHOT set (docs/stakeholder-update.png for the README), it saves a
 * screenshot of #incident-updates. Without Chromium the test is skipped and says how to enable it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { SANDBOX_BROWSER_SKIP, startSandboxInBrowser, type SandboxInBrowser } from '../helpers/sandbox-browser.js';

const SCREENSHOT = process.env.STAKEHOLDER_SCREENSHOT ? resolve(process.env.STAKEHOLDER_SCREENSHOT) : null;
/** A Slack user id as it would leak into text: U or W, then 8+ capitals and digits. */
const BARE_ID = /\b[UW][0-9A-Z]{8,}\b/;

let sandbox: SandboxInBrowser;
let page: Page;

async function command(text: string): Promise<void> {
  await page.locator('#message-box').fill(text);
  await page.locator('#message-box').press('Enter');
}

async function openChannel(name: string): Promise<void> {
  await page.locator('#channels li', { hasText: name }).first().click();
  await page.locator('#channel-name', { hasText: name }).waitFor();
}

void describe('what people read, in the sandbox page', { skip: SANDBOX_BROWSER_SKIP }, () => {
  before(async () => {
    sandbox = await startSandboxInBrowser();
    page = sandbox.page;
  });
  after(async () => {
    await sandbox?.stop();
  });

  void test('declare → raise severity → update → resolve: the stakeholder channel and the postmortem name people', async () => {
    await page.goto(`http://127.0.0.1:${sandbox.warroom.port}/sandbox`);
    await command('/incident declare Checkout down');
    await page.locator('#channel-name', { hasText: 'inc-1-checkout-down' }).waitFor();

    await command('/incident sev 2');
    await page.locator('#channel-topic', { hasText: 'SEV2' }).waitFor();

    await command('/incident update');
    const modal = page.locator('#modal');
    const draft = modal.locator('textarea').first();
    await draft.waitFor();
    const drafted = await draft.inputValue();
    assert.match(drafted, /What is affected:/, 'the draft is written from state');
    assert.match(drafted, /Severity: SEV2/, 'with the current severity');
    await draft.fill(`${drafted}\nCheckout is failing for some customers; a rollback is under way.`);
    await modal.locator('#modal-submit').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });

    await command('/incident resolve Rolled back the checkout deploy');
    await page.locator('#channel-topic', { hasText: 'resolved' }).waitFor();

    await openChannel('incident-updates');
    const messages = page.locator('#messages');
    await messages.locator('li.msg', { hasText: 'INC-1 resolved' }).waitFor();
    await messages.locator('li.msg', { hasText: 'rollback is under way' }).waitFor();
    // The announcement is edited in place: it ends up saying SEV2 and resolved.
    const announcement = messages.locator('li.msg', { hasText: 'join #inc-1-checkout-down' }).first();
    await announcement.filter({ hasText: 'Status: resolved' }).waitFor();
    assert.match(await announcement.innerText(), /SEV2/, 'the announcement shows the raised severity');
    const stakeholderText = await messages.innerText();
    assert.match(stakeholderText, /Alice Moreau/, 'the commander is shown by name');
    assert.doesNotMatch(stakeholderText, BARE_ID, 'no bare user id in #incident-updates');
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT });

    await openChannel('inc-1-checkout-down');
    await command('/incident postmortem');
    const postmortem = page.locator('.block.markdown').last();
    await postmortem.locator('h1, h2').first().waitFor();
    const postmortemText = await postmortem.innerText();
    assert.match(postmortemText, /Alice Moreau/, 'the postmortem names who declared and who led');
    assert.doesNotMatch(postmortemText, BARE_ID, 'no bare user id in the postmortem');
  });
});

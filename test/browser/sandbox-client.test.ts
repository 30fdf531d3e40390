/**
 * The sandbox page as a person's Slack client, in Debian's Chromium (playwright-core): a title
 * with `<b>` and `&` shows as typed in the header block, emoji codes render in selects and
 * modals, Add note comes back after its modal is cancelled, `@bob` typed in the composer becomes
 * a mention, a reaction shows on the message, and the App Home tab lists the incident with its
 * channel's name and opens the declare modal, whose Private box declares a private incident.
 * Without Chromium the test is skipped.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import type { RunningWarroom } from '../../src/main.js';
import { SANDBOX_BROWSER_SKIP, startSandboxInBrowser, type SandboxInBrowser } from '../helpers/sandbox-browser.js';

const TITLE = 'Checkout <b> & co';

let sandbox: SandboxInBrowser | undefined;
let warroom: RunningWarroom;
let page: Page;

const send = async (text: string) => {
  await page.locator('#message-box').fill(text);
  await page.locator('#message-box').press('Enter');
};

void describe('the sandbox page as a Slack client, in Chromium', { skip: SANDBOX_BROWSER_SKIP }, () => {
  before(async () => {
    sandbox = await startSandboxInBrowser();
    ({ warroom, page } = sandbox);
  });

  after(async () => {
    await sandbox?.stop();
  });

  void test('the header shows the title as typed; the status select shows its emoji', async () => {
    await page.goto(`http://127.0.0.1:${warroom.port}/sandbox`);
    await send(`/incident declare ${TITLE}`);
    await page.locator('#channel-name', { hasText: 'inc-1-' }).waitFor();
    const summary = page.locator('li.msg', { has: page.locator('.pin') });
    const header = summary.locator('h3').first();
    await header.waitFor();
    assert.equal(await header.innerText(), `INC-1: ${TITLE}`, 'what Slack shows for the plain_text header: no &lt; or &amp;');
    const identified = summary.locator(`select[data-action="${ACTIONS.changeStatus}"] option[value="INC-1:identified"]`);
    assert.equal(await identified.innerText(), '💡 Identified', ':bulb: renders in the select');
  });

  void test('Add note opens its modal (emoji in the modal’s select too) and is usable again after Cancel', async () => {
    const summary = page.locator('li.msg', { has: page.locator('.pin') });
    const addNote = summary.locator(`button[data-action="${ACTIONS.addNote}"]`);
    await addNote.click();
    await page.locator('#modal-backdrop').waitFor({ state: 'visible' });
    await page.locator('#modal-cancel').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });
    assert.equal(await addNote.isEnabled(), true, 'the button is back after Cancel');
    await addNote.click();
    await page.locator('#modal textarea, #modal input').first().waitFor();
    await page.locator('#modal-cancel').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });

    await page.locator('#channels li', { hasText: 'general' }).click();
    await send('/incident declare');
    const severity = page.locator('#modal select[data-block="severity"] option[value="SEV2"]');
    assert.match(await severity.innerText(), /^\S+ SEV2$/u, 'the severity option shows an emoji, not a :code:');
    assert.doesNotMatch(await page.locator('#modal').innerText(), /:[a-z_]+:/, 'no emoji code is left in the modal');
    await page.locator('#modal-cancel').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });
  });

  void test('@bob typed in the composer becomes a mention; a reaction shows on the message', async () => {
    await page.locator('#channels li', { hasText: 'inc-1-' }).click();
    await page.locator('#channel-name', { hasText: 'inc-1-' }).waitFor();
    await send('Paging @bob for the checkout database');
    const message = page.locator('li.msg', { hasText: 'for the checkout database' });
    assert.equal(await message.locator('.mention').innerText(), '@Bob Okafor', 'a mention of Bob, drawn with his name');
    await message.hover();
    await message.locator('button[data-react="eyes"]').click();
    await message.locator('.reactions', { hasText: '👀 1' }).waitFor();
  });

  void test('the App Home lists the incident with its channel name and opens the declare modal', async () => {
    await page.locator('#apps [data-home]').click();
    const home = page.locator('#messages .home-tab');
    await home.locator('h3', { hasText: 'Warroom' }).waitFor();
    await home.locator('a.mention', { hasText: '#inc-1-' }).waitFor();
    assert.equal(await page.locator('#composer').isVisible(), false, 'a Home tab has no composer');
    await home.locator(`button[data-action="${ACTIONS.declare}"]`).click();
    await page.locator('#modal input[data-block="title"]').waitFor();
    await page.locator('#modal-cancel').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });
  });

  void test('the declare modal\'s Private box declares a private incident: a private channel without the title in its name', async () => {
    await page.locator('#apps [data-home]').click();
    await page.locator(`#messages .home-tab button[data-action="${ACTIONS.declare}"]`).click();
    await page.locator('#modal input[data-block="title"]').fill('Payroll export leaked');
    await page.locator('#modal input[type="checkbox"][data-block="private"]').check();
    await page.locator('#modal-submit').click();
    await page.locator('#modal-backdrop').waitFor({ state: 'hidden' });
    await page.locator('#channels li', { hasText: /# inc-\d+-private/ }).waitFor();
  });
});

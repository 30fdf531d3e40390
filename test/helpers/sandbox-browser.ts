/**
 * A sandbox Warroom (real PostgreSQL) and Debian's Chromium driven by playwright-core, as the
 * browser tests use them; `SANDBOX_BROWSER_SKIP` says why they are skipped when Chromium is absent.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SANDBOX_BROWSER_SKIP = existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH to run the browser test`;
const STEP_MS = 60_000;

export interface SandboxInBrowser {
  readonly warroom: RunningWarroom;
  readonly page: Page;
  stop(): Promise<void>;
}

/** Debian's Chromium with one page, as every browser test drives it (check SANDBOX_BROWSER_SKIP first). */
export async function openChromium(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(STEP_MS);
  // Slack asks before the confirm-carrying buttons; a person says yes.
  page.on('dialog', (dialog) => void dialog.accept());
  return { browser, page };
}

export async function startSandboxInBrowser(): Promise<SandboxInBrowser> {
  const db = await createTestDatabase();
  const warroom = await startWarroom(testConfig({ WARROOM_SANDBOX: 'on', DATABASE_URL: db.url }, { port: 0 }), silentLogger());
  await warroom.ready;
  const { browser, page } = await openChromium();
  return {
    warroom,
    page,
    async stop() {
      await browser.close();
      await warroom.stop();
      await db.close();
    },
  };
}

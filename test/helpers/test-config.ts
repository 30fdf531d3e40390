import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../src/config.js';

/**
 * A resolved Config for in-process tests, from env variables as a user would set them. The
 * sandbox is off unless a test asks for it: without Slack credentials these tests mean "Slack off".
 */
export function testConfig(env: Record<string, string>, overrides: Partial<Config> = {}): Config {
  const loaded = loadConfig({ LOG_LEVEL: 'silent', WARROOM_SANDBOX: 'off', ...env }, { cwd: process.cwd(), readFile: () => null });
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.problems));
  return { ...loaded.config, ...overrides };
}

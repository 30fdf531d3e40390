/**
 * The size limits of issue 17 (lint/size-limits.js, applied by eslint.config.js): a file under src/
 * over MAX_LINES lines or a function over MAX_LINES_PER_FUNCTION lines fails `npm run lint`, unless
 * the allow-list excuses it; and the allow-list may only shrink.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ALLOWED_AT_MOST, MAX_LINES, MAX_LINES_PER_FUNCTION, OVERSIZED, SIZE_RULES as PROJECT_SIZE_RULES } from '../../lint/size-limits.js';
import { REPO_ROOT } from '../helpers/warroom-process.js';

type SizeRule = 'max-lines' | 'max-lines-per-function';
const SIZE_RULES: readonly SizeRule[] = ['max-lines', 'max-lines-per-function'];
const eslint = new ESLint({ cwd: REPO_ROOT });

/** The size rules exactly as the project's config sets them for `file` (which need not exist). */
async function sizeRulesFor(file: string): Promise<Linter.RulesRecord> {
  const config = (await eslint.calculateConfigForFile(file)) as { rules?: Linter.RulesRecord };
  return Object.fromEntries(SIZE_RULES.map((rule) => [rule, config.rules?.[rule] ?? 'off']));
}

/** The rule ids that fire on `code` under `rules` (the size rules need no type information). */
function firing(code: string, rules: Linter.RulesRecord): string[] {
  const messages = new Linter().verify(code, { rules });
  assert.deepEqual(messages.filter((m) => m.fatal), [], 'the probe parses');
  return [...new Set(messages.map((m) => m.ruleId ?? ''))].sort();
}

const longFile = Array.from({ length: MAX_LINES + 1 }, (_, i) => `export const line${i} = ${i};`).join('\n');
const longFunction = `export function tooLong() {\n${Array.from({ length: MAX_LINES_PER_FUNCTION }, (_, i) => `  void ${i};`).join('\n')}\n}\n`;
const withinLimits = `export function fine() {\n${Array.from({ length: MAX_LINES_PER_FUNCTION - 2 }, (_, i) => `  void ${i};`).join('\n')}\n}\n`;

void describe('size limits (lint/size-limits.js)', () => {
  test('a new file under src/ over the limits fails lint; one within them passes', async () => {
    const rules = await sizeRulesFor('src/app/room/new-probe.ts');
    assert.deepEqual(firing(longFile, rules), ['max-lines'], `a file of ${MAX_LINES + 1} lines`);
    assert.deepEqual(firing(longFunction, rules), ['max-lines-per-function'], `a function of ${MAX_LINES_PER_FUNCTION + 2} lines`);
    assert.deepEqual(firing(withinLimits, rules), [], 'a file and a function within the limits');
  });

  test('tests and benchmarks are not held to the limits', async () => {
    for (const file of ['test/flows/new-probe.test.ts', 'bench/new-probe.ts']) {
      assert.deepEqual(firing(longFile + '\n' + longFunction, await sizeRulesFor(file)), [], file);
    }
  });

  test('an allow-listed file is excused from exactly the limits listed for it', async () => {
    for (const [file, excused] of Object.entries(OVERSIZED)) {
      const rules = await sizeRulesFor(file);
      for (const rule of SIZE_RULES) {
        const setting = rules[rule];
        const severity = Array.isArray(setting) ? setting[0] : setting;
        const off = severity === 'off' || severity === 0;
        assert.equal(off, excused.includes(rule), `${file}: ${rule} ${excused.includes(rule) ? 'excused' : 'enforced'}`);
      }
    }
  });

  test('the allow-list only shrinks: every entry still breaks what it is excused from, and it is no longer than before', () => {
    const files = Object.keys(OVERSIZED);
    assert.ok(files.length <= ALLOWED_AT_MOST, `${files.length} allow-listed files; at most ${ALLOWED_AT_MOST} (lower it when entries go, never raise it)`);
    if (files.length === 0) return;
    // Lint each listed file with both limits on, to see which it still breaks (no type information needed).
    const strict: Linter.Config = {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      rules: PROJECT_SIZE_RULES,
    };
    for (const file of files) {
      const messages = new Linter().verify(readFileSync(join(REPO_ROOT, file), 'utf8'), strict, file);
      const broken = new Set(messages.map((m) => m.ruleId));
      for (const rule of OVERSIZED[file] ?? []) {
        assert.ok(broken.has(rule), `${file} no longer breaks ${rule}: remove it from OVERSIZED in lint/size-limits.js and lower ALLOWED_AT_MOST`);
      }
    }
  });
});

/**
 * The layer rules of DESIGN §2 (.dependency-cruiser.cjs) catch violations: a throw-away project
 * breaks each rule once, and the repo's own dependency-cruiser must name every break (and only those).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../helpers/warroom-process.js';

const DEPCRUISE = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const RULES = join(REPO_ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

interface Cruise {
  status: number | null;
  output: string;
  violations: Violation[];
  totalCruised: number;
}

/**
 * Runs dependency-cruiser exactly as `npm run lint` does (default `err` reporter, whose exit code
 * is the number of errors) and reads its lines: `error <rule>: <from> → <to>`.
 */
function cruise(cwd: string): Cruise {
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', RULES, 'src', 'migrations'], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' },
    timeout: 30_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const violations = [...output.matchAll(/^\s*error ([\w-]+): (\S+) → (\S+)\s*$/gm)].map(([, rule = '', from = '', to = '']) => ({ rule, from, to }));
  const cruised = /(\d+) modules, \d+ dependencies cruised/.exec(output);
  assert.ok(cruised, `no summary line in dependency-cruiser's output (exit ${run.status}):\n${output.slice(0, 3000)}`);
  return { status: run.status, output, violations, totalCruised: Number(cruised[1]) };
}

/** A throw-away project with these files (path → text), in a fresh temporary directory. */
function writeFixture(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const FIXTURE: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
    include: ['src', 'migrations'],
  }),
  'src/adapters/x/b.ts': 'export const b = 1;\n',
  'src/core/a.ts': "import { b } from '../adapters/x/b.js';\nexport const a = b;\n",
  'src/core/c.ts': "import { readFileSync } from 'node:fs';\nexport const c = readFileSync;\n",
  'src/core/ok.ts': "import { a } from './a.js';\nexport const ok = a;\n",
  'src/app/d.ts': "import { b } from '../adapters/x/b.js';\nexport const d = b;\n",
  'src/ingress/e.ts': "import { b } from '../adapters/x/b.js';\nexport const e = b;\n",
  'src/main.ts': "import { b } from './adapters/x/b.js';\nexport const main = b;\n",
  'migrations/m.ts': "import { ok } from '../src/core/ok.js';\nexport const m = ok;\n",
};

void describe('layer rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  let result: Cruise;

  before(() => {
    dir = writeFixture('warroom-layers-', FIXTURE);
    result = cruise(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const rulesFrom = (from: string): string[] =>
    [...new Set(result.violations.filter((v) => v.from === from).map((v) => v.rule))].sort();

  void test('the fixture is really cruised (tsconfig found, imports resolved)', () => {
    assert.equal(result.totalCruised, 9, `expected all 9 modules:\n${result.output}`);
    const resolved = result.violations.find((v) => v.from === 'src/core/a.ts');
    assert.equal(resolved?.to, 'src/adapters/x/b.ts', 'the .js specifier resolves to the .ts source');
  });

  void test('every break fails the run (non-zero exit, all errors)', () => {
    assert.notEqual(result.status, 0);
    assert.equal(result.violations.length, 8, result.output);
    assert.equal(result.status, 8, 'the exit code counts the errors');
    assert.match(result.output, /8 dependency violations \(8 errors, 0 warnings\)/);
  });

  void test('core may import only core: no adapters, no node builtins', () => {
    assert.ok(rulesFrom('src/core/a.ts').includes('core-is-pure'));
    assert.deepEqual(
      result.violations.filter((v) => v.from === 'src/core/c.ts').map((v) => [v.rule, v.to]),
      [['core-is-pure', 'fs']],
    );
  });

  void test('app may import only core (and app)', () => {
    assert.ok(rulesFrom('src/app/d.ts').includes('app-imports-core-only'));
    assert.ok(rulesFrom('src/app/d.ts').includes('adapters-only-from-main'));
  });

  void test('ingress never reaches adapters; only main.ts imports adapters', () => {
    assert.deepEqual(rulesFrom('src/ingress/e.ts'), ['adapters-only-from-main', 'ingress-not-adapters']);
    assert.ok(rulesFrom('src/core/a.ts').includes('adapters-only-from-main'));
  });

  void test('migrations never import from src', () => {
    assert.deepEqual(
      result.violations.filter((v) => v.from === 'migrations/m.ts').map((v) => [v.rule, v.to]),
      [['migrations-stand-alone', 'src/core/ok.ts']],
    );
  });

  void test('allowed imports are not flagged: main.ts → adapters, core → core', () => {
    assert.deepEqual(rulesFrom('src/main.ts'), []);
    assert.deepEqual(rulesFrom('src/core/ok.ts'), []);
    assert.deepEqual(rulesFrom('src/adapters/x/b.ts'), []);
    const flagged = [...new Set(result.violations.map((v) => v.from))].sort();
    assert.deepEqual(flagged, ['migrations/m.ts', 'src/app/d.ts', 'src/core/a.ts', 'src/core/c.ts', 'src/ingress/e.ts']);
  });
});

/** Issue 17: the simulated world (src/sandbox) and the browser code (src/web) stay in their corners. */
const SANDBOX_WEB_FIXTURE: Record<string, string> = {
  'tsconfig.json': FIXTURE['tsconfig.json'] ?? '',
  'src/sandbox/world.ts': 'export const world = 1;\n',
  'src/sandbox/routes.ts': "import { world } from './world.js';\nimport { page } from '../web/page.js';\nexport const routes = world + page;\n",
  'src/adapters/x/b.ts': 'export const b = 1;\n',
  'src/app/ports.ts': 'export interface Port { readonly name: string }\n',
  'src/app/use-case.ts': 'export const useCase = 1;\n',
  'src/web/page.ts': "import type { Port } from '../app/ports.js';\nexport const page: Port['name'] extends string ? number : never = 1;\n",
  'src/web/reads-sandbox.ts': "import { world } from '../sandbox/world.js';\nexport const w = world;\n",
  'src/web/reads-adapter.ts': "import { useCase } from '../app/use-case.js';\nexport const w = useCase;\n",
  'src/ingress/serves-sandbox.ts': "import { world } from '../sandbox/world.js';\nimport { page } from '../web/page.js';\nexport const s = world + page;\n",
  'src/main.ts': "import { routes } from './sandbox/routes.js';\nexport const main = routes;\n",
  'migrations/m.ts': 'export const m = 1;\n',
};

void describe('layer rules for src/sandbox and src/web', () => {
  let dir: string;
  let result: Cruise;

  before(() => {
    dir = writeFixture('warroom-layers-sandbox-', SANDBOX_WEB_FIXTURE);
    result = cruise(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const broken = (): string[] => result.violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`).sort();

  void test('src/sandbox may be imported only by main.ts (and by itself); src/web by anyone', () => {
    assert.equal(result.totalCruised, 11, result.output);
    assert.ok(broken().includes('sandbox-only-from-main: src/ingress/serves-sandbox.ts → src/sandbox/world.ts'), result.output);
    assert.ok(broken().includes('sandbox-only-from-main: src/web/reads-sandbox.ts → src/sandbox/world.ts'), result.output);
    assert.equal(result.violations.filter((v) => v.from === 'src/main.ts' || v.from === 'src/sandbox/routes.ts').length, 0, 'main.ts → sandbox, sandbox → sandbox and sandbox → web are allowed');
  });

  void test('src/web imports nothing from sandbox, adapters, ingress or app internals (app/ports types are fine)', () => {
    assert.deepEqual(broken(), [
      'sandbox-only-from-main: src/ingress/serves-sandbox.ts → src/sandbox/world.ts',
      'sandbox-only-from-main: src/web/reads-sandbox.ts → src/sandbox/world.ts',
      'web-is-neutral: src/web/reads-adapter.ts → src/app/use-case.ts',
      'web-is-neutral: src/web/reads-sandbox.ts → src/sandbox/world.ts',
    ]);
    assert.equal(result.status, 4, 'each break counts as an error');
  });
});

void test("the repo's own src and migrations follow the layer rules (exit 0)", () => {
  const result = cruise(REPO_ROOT);
  assert.ok(result.totalCruised > 20, `only ${result.totalCruised} modules cruised`);
  assert.deepEqual(
    result.violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`),
    [],
  );
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /no dependency violations found/);
});

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
import { REPO_ROOT, SOURCE_ROOT } from '../helpers/warroom-process.js';

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
    // Generous: a loaded CI machine can take a minute to cruise; the runner's own timeout still bounds it.
    timeout: 240_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const violations = [...output.matchAll(/^\s*error ([\w-]+): (\S+) → (\S+)\s*$/gm)].map(([, rule = '', from = '', to = '']) => ({ rule, from, to }));
  const cruised = /(\d+) modules, \d+ dependencies cruised/.exec(output);
  assert.ok(cruised, `no summary line in dependency-cruiser's output (exit ${run.status}):\n${output.slice(0, 3000)}`);
  return { status: run.status, output, violations, totalCruised: Number(cruised[1]) };
}

/** Writes a throw-away project (path → text) into a new temporary directory and returns it. */
function writeProject(prefix: string, files: Record<string, string>): string {
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
  'src/main.ts': "import { b } from './adapters/x/b.js';\nimport { f } from './compose/f.js';\nexport const main = b + f;\n",
  'src/compose/f.ts': "import { b } from '../adapters/x/b.js';\nexport const f = b;\n",
  'src/ingress/g.ts': "import { f } from '../compose/f.js';\nexport const g = f;\n",
  'migrations/m.ts': "import { ok } from '../src/core/ok.js';\nexport const m = ok;\n",
};

void describe('layer rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  let result: Cruise;

  before(() => {
    dir = writeProject('warroom-layers-', FIXTURE);
    result = cruise(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const rulesFrom = (from: string): string[] =>
    [...new Set(result.violations.filter((v) => v.from === from).map((v) => v.rule))].sort();

  void test('the fixture is really cruised (tsconfig found, imports resolved)', () => {
    assert.equal(result.totalCruised, 11, `expected all 11 modules:\n${result.output}`);
    const resolved = result.violations.find((v) => v.from === 'src/core/a.ts');
    assert.equal(resolved?.to, 'src/adapters/x/b.ts', 'the .js specifier resolves to the .ts source');
  });

  void test('every break fails the run (non-zero exit, all errors)', () => {
    assert.notEqual(result.status, 0);
    assert.equal(result.violations.length, 9, result.output);
    assert.equal(result.status, 9, 'the exit code counts the errors');
    assert.match(result.output, /9 dependency violations \(9 errors, 0 warnings\)/);
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

  void test('src/compose (the composition root in groups) is imported by main.ts only', () => {
    assert.deepEqual(
      result.violations.filter((v) => v.from === 'src/ingress/g.ts').map((v) => [v.rule, v.to]),
      [['compose-only-from-main', 'src/compose/f.ts']],
    );
  });

  void test('migrations never import from src', () => {
    assert.deepEqual(
      result.violations.filter((v) => v.from === 'migrations/m.ts').map((v) => [v.rule, v.to]),
      [['migrations-stand-alone', 'src/core/ok.ts']],
    );
  });

  void test('allowed imports are not flagged: main.ts → adapters and compose, compose → adapters, core → core', () => {
    assert.deepEqual(rulesFrom('src/main.ts'), []);
    assert.deepEqual(rulesFrom('src/compose/f.ts'), []);
    assert.deepEqual(rulesFrom('src/core/ok.ts'), []);
    assert.deepEqual(rulesFrom('src/adapters/x/b.ts'), []);
    const flagged = [...new Set(result.violations.map((v) => v.from))].sort();
    assert.deepEqual(flagged, ['migrations/m.ts', 'src/app/d.ts', 'src/core/a.ts', 'src/core/c.ts', 'src/ingress/e.ts', 'src/ingress/g.ts']);
  });
});

const pkg = (name: string): Record<string, string> => ({
  [`node_modules/@slack/${name}/package.json`]: JSON.stringify({ name: `@slack/${name}`, version: '0.0.0', main: 'index.js', types: 'index.d.ts' }),
  [`node_modules/@slack/${name}/index.js`]: 'export class WebClient {}\n',
  [`node_modules/@slack/${name}/index.d.ts`]: 'export interface KnownBlock { type: string }\nexport declare class WebClient {}\n',
});

/** src/slack-ui: pure (core and Slack's types only), imported only by the Slack edges and main.ts. */
const SLACK_UI_FIXTURE: Record<string, string> = {
  'tsconfig.json': FIXTURE['tsconfig.json'] ?? '',
  ...pkg('types'),
  ...pkg('web-api'),
  'migrations/m.ts': 'export const m = 1;\n',
  'src/core/text.ts': 'export const text = 1;\n',
  'src/app/use-case.ts': "import { text } from '../core/text.js';\nexport const useCase = text;\n",
  'src/slack-ui/ok.ts':
    "import type { KnownBlock } from '@slack/types';\nimport type { WebClient } from '@slack/web-api';\nimport { text } from '../core/text.js';\nexport const ok = text;\nexport type Ok = KnownBlock | WebClient;\n",
  'src/slack-ui/io.ts': "import { readFileSync } from 'node:fs';\nexport const io = readFileSync;\n",
  'src/slack-ui/up.ts': "import { useCase } from '../app/use-case.js';\nexport const up = useCase;\n",
  'src/slack-ui/client.ts': "import { WebClient } from '@slack/web-api';\nexport const client = WebClient;\n",
  'src/app/d.ts': "import { ok } from '../slack-ui/ok.js';\nexport const d = ok;\n",
  'src/adapters/pagerduty/p.ts': "import { ok } from '../../slack-ui/ok.js';\nexport const p = ok;\n",
  'src/ingress/webhooks/w.ts': "import { ok } from '../../slack-ui/ok.js';\nexport const w = ok;\n",
  'src/adapters/slack/chat.ts': "import { ok } from '../../slack-ui/ok.js';\nexport const chat = ok;\n",
  'src/ingress/slack/listener.ts': "import { ok } from '../../slack-ui/ok.js';\nexport const listener = ok;\n",
  'src/main.ts': "import { chat } from './adapters/slack/chat.js';\nimport { listener } from './ingress/slack/listener.js';\nimport { ok } from './slack-ui/ok.js';\nexport const main = [chat, listener, ok];\n",
};

void describe('slack-ui rules (.dependency-cruiser.cjs)', () => {
  let dir: string;
  let result: Cruise;

  before(() => {
    dir = writeProject('warroom-slack-ui-', SLACK_UI_FIXTURE);
    result = cruise(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const breaks = (from: string): string[][] => result.violations.filter((v) => v.from === from).map((v) => [v.rule, v.to]).sort();

  void test('slack-ui may import only core: no node builtins, no app', () => {
    assert.deepEqual(breaks('src/slack-ui/io.ts'), [['slack-ui-is-pure', 'fs']]);
    assert.deepEqual(breaks('src/slack-ui/up.ts'), [['slack-ui-is-pure', 'src/app/use-case.ts']]);
  });

  void test("from @slack/web-api slack-ui takes types only, never the client", () => {
    assert.deepEqual(breaks('src/slack-ui/client.ts'), [['slack-ui-web-api-types-only', 'node_modules/@slack/web-api/index.js']]);
  });

  void test('only the Slack edges and main.ts import slack-ui', () => {
    assert.deepEqual(breaks('src/app/d.ts'), [['app-imports-core-only', 'src/slack-ui/ok.ts'], ['slack-ui-only-from-slack-edges', 'src/slack-ui/ok.ts']]);
    assert.deepEqual(breaks('src/adapters/pagerduty/p.ts'), [['slack-ui-only-from-slack-edges', 'src/slack-ui/ok.ts']]);
    assert.deepEqual(breaks('src/ingress/webhooks/w.ts'), [['slack-ui-only-from-slack-edges', 'src/slack-ui/ok.ts']]);
  });

  void test('allowed: slack-ui → core and Slack types; adapters/slack, ingress/slack, main.ts → slack-ui', () => {
    const flagged = [...new Set(result.violations.map((v) => v.from))].sort();
    assert.deepEqual(flagged, ['src/adapters/pagerduty/p.ts', 'src/app/d.ts', 'src/ingress/webhooks/w.ts', 'src/slack-ui/client.ts', 'src/slack-ui/io.ts', 'src/slack-ui/up.ts'], result.output);
    assert.equal(result.status, 7, 'the run fails with one error per break');
  });
});

/** Issue 17: the simulated world (src/sandbox) and the browser code (src/web) stay in their corners. */
const SANDBOX_WEB_FIXTURE: Record<string, string> = {
  'tsconfig.json': FIXTURE['tsconfig.json'] ?? '',
  'src/sandbox/world.ts': 'export const world = 1;\n',
  'src/sandbox/routes.ts': "import { world } from './world.js';\nimport { page } from '../web/page.js';\nexport const routes = world + page;\n",
  'src/adapters/x/b.ts': 'export const b = 1;\n',
  'src/app/ports/port.ts': 'export interface Port { readonly name: string }\n',
  'src/app/use-case.ts': 'export const useCase = 1;\n',
  'src/web/page.ts': "import type { Port } from '../app/ports/port.js';\nexport const page: Port['name'] extends string ? number : never = 1;\n",
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
    dir = writeProject('warroom-layers-sandbox-', SANDBOX_WEB_FIXTURE);
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

const PORTS_FIXTURE: Record<string, string> = {
  'tsconfig.json': FIXTURE['tsconfig.json'] ?? '',
  'src/app/ports/incidents.ts': 'export interface IncidentStore { readonly name: string }\n',
  'src/app/ports-like.ts': 'export const notAPort = 1;\n',
  'src/app/declare.ts': 'export const declare = 1;\n',
  'src/adapters/y/store.ts': "import type { IncidentStore } from '../../app/ports/incidents.js';\nexport const store: IncidentStore = { name: 'pg' };\n",
  'src/adapters/y/uses-case.ts': "import { declare } from '../../app/declare.js';\nexport const u = declare;\n",
  'src/adapters/y/near-miss.ts': "import { notAPort } from '../../app/ports-like.js';\nexport const n = notAPort;\n",
  'migrations/m.ts': 'export const m = 1;\n',
};

void describe('adapters see only the ports (src/app/ports/*)', () => {
  let dir: string;
  let result: Cruise;
  before(() => {
    dir = writeProject('warroom-ports-', PORTS_FIXTURE);
    result = cruise(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('an adapter may import a port file; a use case, or a file merely named like ports, is a break', () => {
    assert.equal(result.totalCruised, 7, result.output);
    assert.deepEqual(result.violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`).sort(), [
      'adapters-use-core-and-ports: src/adapters/y/near-miss.ts → src/app/ports-like.ts',
      'adapters-use-core-and-ports: src/adapters/y/uses-case.ts → src/app/declare.ts',
    ]);
  });
});

void test("the repo's own src and migrations follow the layer rules (exit 0)", () => {
  const result = cruise(SOURCE_ROOT);
  assert.ok(result.totalCruised > 20, `only ${result.totalCruised} modules cruised`);
  assert.deepEqual(
    result.violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`),
    [],
  );
  assert.equal(result.status, 0, result.output);
  assert.match(result.output, /no dependency violations found/);
});

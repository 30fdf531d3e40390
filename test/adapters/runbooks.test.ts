import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNBOOKS_DIR, loadRunbooks } from '../../src/adapters/runbooks/file-runbooks.js';
import { matchRunbooks } from '../../src/core/runbook-match.js';

const REPO_RUNBOOKS = fileURLToPath(new URL('../../runbooks', import.meta.url));

void describe("the repository's runbooks", () => {
  test('RUNBOOKS_DIR is the repository runbooks/ directory', () => {
    assert.equal(RUNBOOKS_DIR, REPO_RUNBOOKS, 'RUNBOOKS_DIR');
  });

  test('exactly the three runbooks load, without problems', async () => {
    const { runbooks, problems } = await loadRunbooks(RUNBOOKS_DIR);
    assert.deepEqual(problems, [], 'no problems in runbooks/');
    assert.deepEqual(
      runbooks.map((r) => ({ ...r })),
      [
        {
          id: 'database-replication-lag',
          title: 'Database replication lag',
          services: [],
          alerts: ['*replication lag*', '*ReplicationLag*', 'pg_replication_*', '*replica lag*'],
          path: 'runbooks/database-replication-lag.md',
          url: null,
        },
        {
          id: 'operating-warroom',
          title: 'Operating Warroom',
          services: ['warroom'],
          alerts: ['*Warroom*'],
          path: 'runbooks/operating-warroom.md',
          url: null,
        },
        {
          id: 'third-party-communication-provider-outage',
          title: 'SMS, voice or verification-code provider outage',
          services: [],
          alerts: ['*SMS*', '*verification code*', '*OTP*', '*Twilio*', '*voice call*'],
          path: 'runbooks/third-party-communication-provider-outage.md',
          url: null,
        },
      ],
      'the three runbooks with their front matter, in file-name order (README.md is not a runbook)',
    );
  });

  test('each runbook is 80 to 200 lines long and has a heading', async () => {
    const { runbooks } = await loadRunbooks(RUNBOOKS_DIR);
    assert.equal(runbooks.length, 3, 'three runbooks');
    for (const r of runbooks) {
      const text = await readFile(join(REPO_RUNBOOKS, `${r.id}.md`), 'utf8');
      const lines = text.trimEnd().split('\n').length;
      assert.ok(lines >= 80, `${r.path} has ${lines} lines; at least 80 expected`);
      assert.ok(lines <= 200, `${r.path} has ${lines} lines; at most 200 expected`);
      assert.match(text, /^# .+/m, `${r.path} has a top-level heading`);
    }
  });

  test('realistic incidents find the right runbook', async () => {
    const { runbooks } = await loadRunbooks(RUNBOOKS_DIR);
    const ids = (services: string[], alertTitles: string[], title: string) => matchRunbooks(runbooks, { services, alertTitles, title }).map((r) => r.id);
    assert.deepEqual(ids(['checkout'], ['PostgresReplicationLag'], 'Checkout slow'), ['database-replication-lag'], 'Alertmanager alert name');
    assert.deepEqual(ids([], ['pg_replication_lag_seconds > 30'], 'x'), ['database-replication-lag'], 'metric-named alert');
    assert.deepEqual(ids([], ['Twilio SMS delivery rate below 80%'], 'Login codes missing'), ['third-party-communication-provider-outage'], 'SMS alert');
    assert.deepEqual(ids([], [], 'Users do not get their verification code'), ['third-party-communication-provider-outage'], 'from the incident title');
    assert.deepEqual(ids(['warroom'], [], 'Slack outbox backlog'), ['operating-warroom'], 'by service');
    assert.deepEqual(ids([], ['WarroomNotReady'], 'x'), ['operating-warroom'], 'by alert');
    assert.deepEqual(ids(['search'], ['Disk full'], 'Disk full on search-3'), [], 'nothing for an unrelated incident');
  });
});

void describe('loadRunbooks on bad input', () => {
  let dir = '';
  const good = '---\ntitle: Good one\nservices: [checkout]\nalerts: ["*5xx*"]\nurl: https://wiki.example.com/good\n---\n# Good\n';
  const files: Record<string, string> = {
    'good.md': good,
    'crlf.md': '---\r\ntitle: Windows line ends\r\n---\r\n# CRLF\r\n',
    'defaults.md': '---\ntitle: Only a title\n---\nbody\n',
    'no-front-matter.md': '# Just Markdown\n\ntitle: not front matter\n',
    'unclosed.md': '---\ntitle: Never closed\n# Body\n',
    'empty.md': '',
    'empty-front-matter.md': '---\n---\n# x\n',
    'bad-yaml.md': '---\ntitle: [unclosed\n---\n',
    'duplicate-key.md': '---\ntitle: One\ntitle: Two\n---\n',
    'unknown-key.md': '---\ntitle: Has an owner\nowner: team-db\nservice: checkout\n---\n',
    'missing-title.md': '---\nservices: [checkout]\n---\n',
    'bad-types.md': '---\ntitle: Bad types\nservices: checkout\nalerts: [1, ""]\nurl: ftp://files.example.com/x\n---\n',
    'not-a-mapping.md': '---\n- a list\n---\n',
    'README.md': '# Not a runbook, no front matter\n',
    'notes.txt': 'not markdown\n',
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-runbooks-'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    await mkdir(join(dir, 'folder.md'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const problemFor = (problems: string[], file: string) => problems.filter((p) => p.startsWith(`${basename(dir)}/${file}: `));

  test('valid files load; README.md, non-Markdown files and folders are ignored', async () => {
    const { runbooks } = await loadRunbooks(dir);
    assert.deepEqual(runbooks.map((r) => r.id), ['crlf', 'defaults', 'good'], 'only the valid runbooks, by file name');
    const [crlf, defaults, goodOne] = runbooks;
    assert.deepEqual(goodOne, { id: 'good', title: 'Good one', services: ['checkout'], alerts: ['*5xx*'], path: `${basename(dir)}/good.md`, url: 'https://wiki.example.com/good' }, 'every field of good.md');
    assert.equal(crlf?.title, 'Windows line ends', 'CRLF front matter is read');
    assert.deepEqual([defaults?.services, defaults?.alerts, defaults?.url], [[], [], null], 'services and alerts default to [] and url to null');
  });

  test('each bad file gives a problem naming the file and the field', async () => {
    const { problems } = await loadRunbooks(dir);
    const expect = (file: string, pattern: RegExp) => {
      const found = problemFor(problems, file);
      assert.ok(found.length > 0, `a problem for ${file} in ${JSON.stringify(problems)}`);
      assert.ok(found.some((p) => pattern.test(p)), `${file}: ${JSON.stringify(found)} should match ${String(pattern)}`);
    };
    expect('no-front-matter.md', /front matter: missing/);
    expect('unclosed.md', /front matter: missing/);
    expect('empty.md', /front matter: missing/);
    expect('empty-front-matter.md', /title: is required/);
    expect('bad-yaml.md', /front matter: invalid YAML at line \d+/);
    expect('duplicate-key.md', /front matter: invalid YAML/);
    expect('unknown-key.md', /owner: unknown key; expected one of title, services, alerts, url/);
    expect('unknown-key.md', /service: unknown key/);
    expect('missing-title.md', /title: is required/);
    expect('bad-types.md', /services: must be a list of service names/);
    expect('bad-types.md', /alerts\.0: must be text/);
    expect('bad-types.md', /alerts\.1: must not contain empty alert patterns/);
    expect('bad-types.md', /url: must be an http\(s\) URL/);
    expect('not-a-mapping.md', /front matter: must be a mapping/);
    assert.deepEqual(problemFor(problems, 'README.md'), [], 'README.md is not checked');
    assert.ok(problems.every((p) => !p.includes('good.md') && !p.includes('crlf.md')), `no problem for valid files: ${JSON.stringify(problems)}`);
  });

  test('path is relative to the given root', async () => {
    const { runbooks } = await loadRunbooks(dir, { root: dir });
    assert.equal(runbooks.find((r) => r.id === 'good')?.path, 'good.md', 'relative to root');
  });

  test('a missing directory has no runbooks and no problems', async () => {
    const result = await loadRunbooks(join(dir, 'does-not-exist'));
    assert.deepEqual(result, { runbooks: [], problems: [] }, 'empty, not an error');
  });

  test('a file given as the directory is a problem, not a throw', async () => {
    const result = await loadRunbooks(join(dir, 'good.md'));
    assert.deepEqual(result.runbooks, [], 'no runbooks');
    assert.equal(result.problems.length, 1, `one problem: ${JSON.stringify(result.problems)}`);
    assert.match(result.problems[0] ?? '', /good\.md: cannot be read \(ENOTDIR\)/, 'names the path and the reason');
  });
});

/**
 * `incidentTypes` in warroom.yml (issue 21): absent gives the one `default` type (today's behaviour);
 * each type's keys are checked when the config loads, with a message naming the key, like the rest
 * of the config.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblems, loadConfig } from '../../src/config.js';
import { incidentTypeNamed, typeOfIncident } from '../../src/core/incident-type.js';

const load = (yaml: string) => loadConfig({ LOG_LEVEL: 'silent' }, { cwd: '/srv/warroom', readFile: (path) => (path === '/srv/warroom/warroom.yml' ? yaml : null) });

function problemsOf(yaml: string): string[] {
  const result = load(yaml);
  assert.equal(result.ok, false, 'must be refused');
  return result.ok ? [] : result.problems.map((p) => `${p.name}: ${p.message}`);
}

const TWO_TYPES = `
services:
  auth: {}
  api:
    type: platform
incidentTypes:
  - name: security
    description: Breaches, leaked secrets
    channelPrefix: sec
    private: true
    stakeholderChannels: ['#security-leads']
    roles: [commander, comms, security-lead]
    updateCadence: { SEV1: 15, SEV2: 30 }
    services: [auth]
    runbooks: [runbooks/leaked-credentials.md]
  - name: platform
    default: true
`;

test('no incidentTypes: one default type with the global settings and the four roles', () => {
  const result = load('channelPrefix: inc\n');
  assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
  const [only, ...rest] = result.config.settings.incidentTypes;
  assert.equal(rest.length, 0);
  assert.deepEqual(only, { name: 'default', description: '', channelPrefix: null, private: false, stakeholderChannels: null, roles: ['commander', 'comms', 'scribe', 'ops'], updateCadence: {}, services: [], runbooks: [], default: true });
});

test('two types load with every key, private exposed, and the marked default chosen for an untyped incident', () => {
  const result = load(TWO_TYPES);
  assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
  const { incidentTypes, services } = result.config.settings;
  const security = incidentTypeNamed(incidentTypes, 'security');
  assert.deepEqual(security, {
    name: 'security',
    description: 'Breaches, leaked secrets',
    channelPrefix: 'sec',
    private: true,
    stakeholderChannels: ['#security-leads'],
    roles: ['commander', 'comms', 'security-lead'],
    updateCadence: { SEV1: 15, SEV2: 30 },
    services: ['auth'],
    runbooks: ['runbooks/leaked-credentials.md'],
    default: false,
  });
  assert.equal(typeOfIncident(incidentTypes, { type: null }).name, 'platform');
  assert.equal(typeOfIncident(incidentTypes, { type: 'gone-since' }).name, 'platform', 'a type no longer configured falls back to the default');
  assert.equal(services.api?.type, 'platform');
});

test('without default: true the first type is the default', () => {
  const result = load('incidentTypes:\n  - name: security\n  - name: platform\n');
  assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
  assert.deepEqual(
    result.config.settings.incidentTypes.map((t) => [t.name, t.default]),
    [
      ['security', true],
      ['platform', false],
    ],
  );
});

test('bad types are refused with a message naming the key', () => {
  const cases: [string, RegExp][] = [
    ['incidentTypes:\n  - name: Security Team\n', /incidentTypes\[0\]\.name: must be a type name such as security: 1 to 40 characters/],
    ['incidentTypes:\n  - name: a\n  - name: a\n', /incidentTypes\[1\]\.name: another type already has this name/],
    ['incidentTypes:\n  - name: a\n    default: true\n  - name: b\n    default: true\n', /incidentTypes\[1\]\.default: only one type may be default \(a already is\)/],
    ['incidentTypes:\n  - name: a\n    roles: [commander, Security Lead]\n', /incidentTypes\[0\]\.roles\[1\]: must be one of commander, comms, scribe, ops or a role name of its own \(a slug such as security-lead\)/],
    ['incidentTypes:\n  - name: a\n    roles: [comms]\n', /incidentTypes\[0\]\.roles: must include commander/],
    ['incidentTypes:\n  - name: a\n    colour: red\n', /incidentTypes\[0\]\.colour: unknown setting; expected one of name, description/],
    ['incidentTypes:\n  - name: a\n    privat: true\n', /incidentTypes\[0\]\.privat: unknown setting; did you mean private\?/],
    ['incidentTypes:\n  - name: a\n    updateCadence: { SEV9: 5 }\n', /incidentTypes\[0\]\.updateCadence/],
    ['incidentTypes:\n  - name: a\n    services: [nope]\n', /incidentTypes\[0\]\.services\[0\]: is not a configured service \(configured: none\)/],
    ['services:\n  api:\n    type: securty\nincidentTypes:\n  - name: security\n', /services\.api\.type: is not a configured incident type \(configured: security\)/],
    ['incidentTypes: []\n', /incidentTypes: must name at least one type/],
  ];
  for (const [yaml, expected] of cases) {
    const problems = problemsOf(yaml);
    assert.ok(problems.some((p) => expected.test(p)), `${yaml}\n→ ${problems.join('\n')}`);
  }
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { CONFIG_ENV_NAMES, SECRET_ENV_NAMES } from '../../src/config.js';

const docs = parseAllDocuments(readFileSync(new URL('../../deploy/warroom.yaml', import.meta.url), 'utf8')).map((d) => d.toJS());
const byKind = (kind: string) => docs.find((d) => d.kind === kind);

test('the Deployment runs 3 replicas with probes on the routes the code serves', () => {
  const deployment = byKind('Deployment');
  assert.equal(deployment.spec.replicas, 3, 'three replicas');
  const container = deployment.spec.template.spec.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
  const port = container.ports.find((p: any) => p.name === 'http');
  assert.equal(String(port.containerPort), env.PORT.value, 'the container port is PORT');
  assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  assert.equal(container.livenessProbe.httpGet.path, '/healthz');
  for (const probe of [container.readinessProbe, container.livenessProbe]) assert.equal(probe.httpGet.port, 'http', 'probes use the named port');
  const delay = Number(env.SHUTDOWN_DELAY_SECONDS?.value ?? 0);
  assert.ok(deployment.spec.template.spec.terminationGracePeriodSeconds >= delay + 25, 'room for the shutdown delay, the 10 s drain and the 10 s job release');
});

test('every variable is one the code reads, and every secret comes from the Secret', () => {
  const container = byKind('Deployment').spec.template.spec.containers[0];
  const secret = byKind('Secret');
  for (const e of container.env) {
    assert.ok((CONFIG_ENV_NAMES as readonly string[]).includes(e.name), `${e.name} is a variable of INTERFACE §2`);
    if (SECRET_ENV_NAMES.includes(e.name)) {
      assert.ok(e.valueFrom?.secretKeyRef, `${e.name} is a secret: it must come from a Secret, not a literal`);
      assert.equal(e.valueFrom.secretKeyRef.name, secret.metadata.name, `${e.name} refers to the warroom Secret`);
      assert.equal(e.valueFrom.secretKeyRef.key, e.name, `${e.name} uses the key of the same name`);
    }
  }
  for (const key of Object.keys(secret.stringData)) assert.ok(SECRET_ENV_NAMES.includes(key), `the Secret holds only secrets (${key})`);
  assert.ok(container.env.some((e: any) => e.name === 'DATABASE_URL'), 'replicas need a shared DATABASE_URL (the embedded PostgreSQL is per pod)');
});

test('the Service targets the named port and the PodDisruptionBudget keeps a majority', () => {
  assert.equal(byKind('Service').spec.ports[0].targetPort, 'http');
  assert.equal(byKind('PodDisruptionBudget').spec.minAvailable, 2);
  assert.deepEqual(byKind('PodDisruptionBudget').spec.selector.matchLabels, byKind('Deployment').spec.selector.matchLabels);
});

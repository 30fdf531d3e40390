import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { CONFIG_ENV_NAMES, SECRET_ENV_NAMES } from '../../src/config.js';
import { kustomizeBuild, type K8sObject } from './kustomize-build.js';

const dir = (path: string) => fileURLToPath(new URL(`../../deploy/kustomize/${path}`, import.meta.url));
const base = kustomizeBuild(dir('base'));
const production = kustomizeBuild(dir('overlays/production'));
const byKind = (objects: K8sObject[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0]!;
};
const prod = (kind: string) => byKind(production, kind);
const container = () => prod('Deployment').spec.template.spec.containers[0];
const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e]));

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

test('every object of the base and the production overlay is valid against its Kubernetes schema', () => {
  for (const object of [...base, ...production]) {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    assert.ok(Model, `a schema for ${object.apiVersion} ${object.kind}`);
    assert.doesNotThrow(() => new Model(object).validate(), `${object.kind} ${object.metadata.name}`);
  }
  assert.throws(() => new Deployment({ ...prod('Deployment'), spec: { ...prod('Deployment').spec, replicas: 'three' } }).validate(), 'the schemas do reject');
});

test('production runs 3 replicas of the released image, non-root, with probes on the routes the code serves', () => {
  const deployment = prod('Deployment');
  assert.equal(deployment.spec.replicas, 3, 'three replicas');
  assert.equal(deployment.metadata.namespace, 'warroom');
  const c = container();
  assert.equal(c.image, 'registry.example.com/warroom:0.2.0');
  const env = envOf(c);
  const port = c.ports.find((p: any) => p.name === 'http');
  assert.equal(String(port.containerPort), env.PORT.value, 'the container port is PORT');
  assert.equal(c.readinessProbe.httpGet.path, '/readyz');
  assert.equal(c.livenessProbe.httpGet.path, '/healthz');
  for (const probe of [c.readinessProbe, c.livenessProbe]) assert.equal(probe.httpGet.port, 'http', 'probes use the named port');
  assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, 'requests and a memory limit');
  const delay = Number(env.SHUTDOWN_DELAY_SECONDS?.value ?? 0);
  assert.ok(deployment.spec.template.spec.terminationGracePeriodSeconds >= delay + 10 + 10 + 5, 'room for the shutdown delay, the 10 s drain, the 10 s job release and a margin');
  const pod = deployment.spec.template.spec.securityContext;
  assert.equal(pod.runAsNonRoot, true);
  assert.ok(pod.runAsUser > 0);
  assert.equal(c.securityContext.allowPrivilegeEscalation, false);
});

test('the image the Dockerfile builds matches the Deployment: user, port, health route', () => {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const pod = prod('Deployment').spec.template.spec.securityContext;
  assert.match(dockerfile, new RegExp(`^USER ${pod.runAsUser}:${pod.runAsGroup}$`, 'm'), 'the numeric user runAsUser names');
  assert.match(dockerfile, new RegExp(`^EXPOSE ${container().ports[0].containerPort}$`, 'm'));
  assert.match(dockerfile, /^HEALTHCHECK .*\n.*\/healthz/m);
});

test('every variable is one the code reads, and every secret comes from the generated Secret', () => {
  const c = container();
  const secret = prod('Secret');
  const keys = Object.keys(secret.stringData);
  for (const e of c.env) {
    assert.ok((CONFIG_ENV_NAMES as readonly string[]).includes(e.name), `${e.name} is a variable of INTERFACE §2`);
    if (SECRET_ENV_NAMES.includes(e.name)) {
      assert.ok(e.valueFrom?.secretKeyRef, `${e.name} is a secret: it must come from a Secret, not a literal`);
      assert.equal(e.valueFrom.secretKeyRef.name, secret.metadata.name, `${e.name} refers to the warroom Secret`);
      assert.equal(e.valueFrom.secretKeyRef.key, e.name, `${e.name} uses the key of the same name`);
      assert.ok(keys.includes(e.name), `warroom.env.example lists ${e.name}`);
    }
  }
  for (const key of keys) assert.ok(SECRET_ENV_NAMES.includes(key), `the Secret holds only secrets (${key})`);
  for (const key of keys) assert.equal(secret.stringData[key], '', `the example holds no value (${key})`);
  assert.ok(c.env.some((e: any) => e.name === 'DATABASE_URL'), 'replicas need a shared DATABASE_URL (the image has no embedded PostgreSQL)');
  assert.ok(!base.some((o) => o.kind === 'Secret'), 'the base ships no Secret: applying it never overwrites the real one');
});

test('the Service, the PodDisruptionBudget and the ServiceMonitor select the pods', () => {
  const podLabels = prod('Deployment').spec.template.metadata.labels;
  const service = prod('Service');
  assert.equal(service.spec.ports[0].targetPort, 'http');
  assert.deepEqual(service.spec.selector, podLabels);
  const pdb = prod('PodDisruptionBudget');
  assert.deepEqual(pdb.spec.selector.matchLabels, prod('Deployment').spec.selector.matchLabels);
  assert.equal(pdb.spec.maxUnavailable, 1, 'one replica down at a time');

  const monitor = prod('ServiceMonitor');
  for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels)) assert.equal(service.metadata.labels?.[k], v, 'it selects the Service');
  const endpoint = monitor.spec.endpoints[0];
  assert.ok(service.spec.ports.some((p: any) => p.name === endpoint.port), 'on a port the Service names');
  assert.equal(endpoint.path, '/metrics');
  assert.deepEqual(endpoint.authorization, { type: 'Bearer', credentials: { name: 'warroom', key: 'WARROOM_METRICS_TOKEN', optional: true } });
});

test('the NetworkPolicy lets the pods reach DNS, their PostgreSQL, Prometheus and HTTPS, and nothing else', () => {
  const policy = prod('NetworkPolicy');
  assert.deepEqual(policy.spec.podSelector.matchLabels, prod('Deployment').spec.template.metadata.labels);
  assert.deepEqual(policy.spec.policyTypes, ['Egress']);
  const rules = policy.spec.egress.map((r: any) => ({ to: r.to ?? 'anywhere', ports: r.ports.map((p: any) => `${p.protocol}/${p.port}`) }));
  assert.deepEqual(rules, [
    { to: 'anywhere', ports: ['UDP/53', 'TCP/53'] },
    { to: [{ ipBlock: { cidr: '10.20.0.0/24' } }], ports: ['TCP/5432'] },
    { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: ['TCP/9090'] },
    { to: 'anywhere', ports: ['TCP/443'] },
  ], 'the overlay replaced the base placeholder 192.0.2.0/32 with the database network');
  const prometheus = new URL(envOf(container()).PROMETHEUS_URL.value);
  assert.equal(prometheus.hostname.split('.')[1], 'monitoring', 'PROMETHEUS_URL lives in the namespace the policy opens');
  assert.ok(rules[2]!.ports.includes(`TCP/${prometheus.port}`), 'on the port the policy opens');
});

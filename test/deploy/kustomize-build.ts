/**
 * `kustomize build` for the few fields deploy/kustomize uses, so the test needs no binary:
 * resources (files and directories), JSON 6902 patches, replicas, images, namespace and
 * secretGenerator. A field it does not know is an error, never silently skipped: a kustomization
 * that outgrows this builder fails the test instead of being checked half-built.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [key: string]: any };
type JsonPatchOp = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'patches', 'replicas', 'images', 'secretGenerator']);

export function kustomizeBuild(dir: string): K8sObject[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  const unknown = Object.keys(k).filter((f) => !KNOWN_FIELDS.has(f));
  if (unknown.length > 0) throw new Error(`${dir}: kustomization fields this builder does not implement: ${unknown.join(', ')}`);

  const objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (statSync(path).isDirectory()) objects.push(...kustomizeBuild(path));
    else objects.push(...parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as K8sObject));
  }
  for (const generator of k.secretGenerator ?? []) objects.push(generateSecret(dir, generator));
  for (const patch of k.patches ?? []) {
    const ops = parse(readFileSync(resolve(dir, patch.path), 'utf8'));
    if (!Array.isArray(ops) || !patch.target) throw new Error(`${patch.path}: only JSON 6902 patches with a target are implemented`);
    const targets = objects.filter((o) => o.kind === patch.target.kind && o.metadata.name === patch.target.name);
    if (targets.length === 0) throw new Error(`${patch.path}: no ${patch.target.kind} ${patch.target.name} to patch`);
    for (const target of targets) for (const op of ops as JsonPatchOp[]) applyJsonPatch(target, op);
  }
  for (const { name, count } of k.replicas ?? []) {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    if (!deployment) throw new Error(`replicas: no Deployment ${name}`);
    deployment.spec.replicas = count;
  }
  for (const image of k.images ?? []) {
    for (const o of objects.filter((x) => x.kind === 'Deployment')) {
      for (const c of o.spec.template.spec.containers) {
        if (c.image.split(/[:@]/)[0] === image.name) c.image = `${image.newName ?? image.name}${image.newTag ? `:${image.newTag}` : ''}`;
      }
    }
  }
  if (k.namespace) for (const o of objects) o.metadata.namespace = k.namespace;
  return objects;
}

/** The Secret from its env files; a file not present (it is git-ignored) is read from its `.example`. */
function generateSecret(dir: string, generator: { name: string; envs?: string[]; options?: { disableNameSuffixHash?: boolean } }): K8sObject {
  if (!generator.options?.disableNameSuffixHash) throw new Error(`secretGenerator ${generator.name}: name suffix hashes are not implemented`);
  const stringData: Record<string, string> = {};
  for (const env of generator.envs ?? []) {
    const path = resolve(dir, env);
    const text = readFileSync(existsSync(path) ? path : `${path}.example`, 'utf8');
    for (const line of text.split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m) stringData[m[1]!] = m[2]!;
    }
  }
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name }, type: 'Opaque', stringData };
}

/** RFC 6902 add/replace/remove; replace and remove insist the path exists (a drifted base fails). */
function applyJsonPatch(target: unknown, { op, path, value }: JsonPatchOp): void {
  const keys = path.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop()!;
  let node: any = target;
  for (const key of keys) {
    if (node?.[key] === undefined) throw new Error(`patch ${op} ${path}: ${key} does not exist`);
    node = node[key];
  }
  if (op !== 'add' && !(last in node)) throw new Error(`patch ${op} ${path}: nothing there`);
  if (op === 'remove') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (op === 'add' && Array.isArray(node)) node.splice(last === '-' ? node.length : Number(last), 0, value);
  else node[last] = value;
}

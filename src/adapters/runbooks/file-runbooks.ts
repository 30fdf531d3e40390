import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Runbook } from '../../core/runbook-match.js';

// From src/adapters/runbooks/ (tsx) or dist/src/adapters/runbooks/ (built): the repository (runbooks/, drills/).
const HERE = fileURLToPath(new URL('.', import.meta.url));
export const REPO_DIR = resolve(HERE, HERE.includes(`${sep}dist${sep}src${sep}`) ? '../../../..' : '../../..');

/** The repository's own `runbooks/` directory. */
export const RUNBOOKS_DIR = join(REPO_DIR, 'runbooks');

const KEYS = ['title', 'services', 'alerts', 'url'] as const;
const list = (what: string) => z.array(z.string('must be text').trim().min(1, `must not contain empty ${what}`), `must be a list of ${what}`).default(() => []);

const frontMatterSchema = z.strictObject(
  {
    title: z.string('is required and must be text').trim().min(1, 'must not be empty'),
    services: list('service names'),
    alerts: list('alert patterns'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  },
  'must be a mapping of title, services, alerts and url',
);

export interface LoadedRunbooks {
  readonly runbooks: Runbook[];
  /** One line per skipped file: `<path>: <field>: <what is wrong>`. */
  readonly problems: string[];
}

/**
 * Reads every `*.md` runbook (README.md excepted) in `dir`, in file-name order. A bad file is
 * skipped with a problem naming it and the field; nothing here throws. A missing directory has no
 * runbooks. `path` is relative to `root` (default: the directory's parent).
 */
export async function loadRunbooks(dir: string, options: { root?: string } = {}): Promise<LoadedRunbooks> {
  const root = resolve(options.root ?? dirname(resolve(dir)));
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    return { runbooks: [], problems: codeOf(err) === 'ENOENT' ? [] : [`${dir}: cannot be read (${codeOf(err)})`] };
  }
  const names = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.md$/i.test(e.name) && e.name.toLowerCase() !== 'readme.md')
    .map((e) => e.name)
    .sort();
  const runbooks: Runbook[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = resolve(dir, name);
    const path = relative(root, file).split(sep).join('/');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      problems.push(`${path}: cannot be read (${codeOf(err)})`);
      continue;
    }
    const parsed = parseRunbook(text);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => `${path}: ${p}`));
      continue;
    }
    const { title, services, alerts, url } = parsed.frontMatter;
    runbooks.push({ id: name.replace(/\.md$/i, ''), title, services, alerts, path, url: url ?? null });
  }
  return { runbooks, problems };
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

type FrontMatter = z.output<typeof frontMatterSchema>;

function parseRunbook(text: string): { ok: true; frontMatter: FrontMatter } | { ok: false; problems: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const end = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (lines[0]?.trimEnd() !== '---' || end < 0) {
    return { ok: false, problems: ["front matter: missing (the file must start with a '---' line, the YAML, then a closing '---' line)"] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join('\n'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    // +1: the front matter starts on the file's second line.
    const line = lineCounter.linePos(yamlError.pos[0]).line + 1;
    return { ok: false, problems: [`front matter: invalid YAML at line ${line} (${yamlError.message.split('\n')[0] ?? ''})`] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    return { ok: false, problems: [`front matter: invalid YAML (${err instanceof Error ? err.message : 'cannot be read'})`] };
  }
  const result = frontMatterSchema.safeParse(data);
  if (result.success) return { ok: true, frontMatter: result.data };
  return {
    ok: false,
    problems: result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${key}: unknown key; expected one of ${KEYS.join(', ')}`)
        : [`${issue.path.length > 0 ? issue.path.map(String).join('.') : 'front matter'}: ${issue.message}`],
    ),
  };
}

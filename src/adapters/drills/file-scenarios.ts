import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ALERT_PROVIDERS } from '../../core/alert.js';
import type { DrillScenario } from '../../core/drill-scenario.js';
import { parseSeverity } from '../../core/severity.js';
import { REPO_DIR } from '../runbooks/file-runbooks.js';

/** The repository's own `drills/` directory. */
export const DRILLS_DIR = join(REPO_DIR, 'drills');

const text = (what: string) => z.string(`is required and must be text (${what})`).trim().min(1, 'must not be empty');
const labelValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const scenarioSchema = z.strictObject({
  title: text('the incident title'),
  description: text('what happens'),
  severity: z.union([z.string(), z.number()], 'must be SEV1 to SEV4').transform((value, ctx) => {
    const severity = parseSeverity(value);
    if (severity === null) ctx.addIssue({ code: 'custom', message: 'must be SEV1 to SEV4' });
    return severity ?? 'SEV3';
  }),
  service: text('a service name from warroom.yml'),
  provider: z.enum(ALERT_PROVIDERS, `must be one of ${ALERT_PROVIDERS.join(', ')}`),
  alerts: z
    .array(z.strictObject({ title: text('the alert title'), labels: z.record(z.string(), labelValue, 'must be a mapping of label names to values').default(() => ({})) }), 'must be a list of alerts')
    .min(1, 'must list at least one alert'),
  metrics: z.record(z.string(), z.unknown(), 'must be a mapping').default(() => ({})),
  expectedSteps: z.array(text('a step'), 'must be a list of steps').default(() => []),
});

export interface LoadedScenarios {
  readonly scenarios: DrillScenario[];
  /** One line per skipped file: `drills/<file>: <field>: <what is wrong>`. */
  readonly problems: string[];
}

/** Every `*.yml` / `*.yaml` scenario in `dir`, by name; a bad file is skipped with a problem naming it and the field. */
export async function loadDrillScenarios(dir: string = DRILLS_DIR): Promise<LoadedScenarios> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    return { scenarios: [], problems: code === 'ENOENT' ? [] : [`${dir}: cannot be read (${String(code)})`] };
  }
  const scenarios: DrillScenario[] = [];
  const problems: string[] = [];
  for (const file of names) {
    const label = `drills/${file}`;
    const parsed = parseScenario(await readFile(join(dir, file), 'utf8'), file.replace(/\.ya?ml$/i, ''));
    if (parsed.ok) scenarios.push(parsed.scenario);
    else problems.push(...parsed.problems.map((p) => `${label}: ${p}`));
  }
  return { scenarios, problems };
}

export function parseScenario(source: string, name: string): { ok: true; scenario: DrillScenario } | { ok: false; problems: string[] } {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) return { ok: false, problems: [`invalid YAML (${yamlError.message.split('\n')[0] ?? 'syntax error'})`] };
  const result = scenarioSchema.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? {});
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => `${key}: unknown field; expected one of ${Object.keys(scenarioSchema.shape).join(', ')}`)
          : [`${issue.path.length > 0 ? issue.path.map(String).join('.') : 'scenario'}: ${issue.message}`],
      ),
    };
  }
  return { ok: true, scenario: { name, ...result.data } };
}

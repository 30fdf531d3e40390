import type { Config } from '../config.js';
import { parseIncidentRef } from '../core/incident.js';
import { describeDrill, type DrillIncident } from '../app/drills/run-drill.js';
import { createDrillRunner } from '../main.js';

/**
 * `warroom drill [scenario]`: fires the scenario's alerts at a running Warroom (WARROOM_URL,
 * default http://127.0.0.1:$PORT) through its webhook routes, authenticated from this same
 * environment, then names the drill incident (read from /api with WARROOM_API_TOKEN).
 */
export async function runDrillCli(config: Config, env: NodeJS.ProcessEnv, scenario: string | null, out: { log(line: string): void; error(line: string): void }): Promise<number> {
  const base = (env.WARROOM_URL?.trim() || `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  const findIncident = async (key: string): Promise<DrillIncident | null> => {
    if (config.apiToken === null) return null;
    try {
      const response = await fetch(`${base}/api/incidents?status=open`, { headers: { authorization: `Bearer ${config.apiToken}` }, signal: AbortSignal.timeout(5000) });
      if (!response.ok) return null;
      const body = (await response.json()) as { incidents?: { ref: string; drill?: boolean; alerts?: { key: string }[] }[] };
      const found = body.incidents?.find((i) => i.drill === true && i.alerts?.some((a) => a.key === key));
      const id = found ? parseIncidentRef(found.ref) : null;
      return found && id !== null ? { ref: found.ref, id } : null;
    } catch {
      return null;
    }
  };
  const outcome = await createDrillRunner(config, () => base, findIncident)(scenario);
  const lines = describeDrill(outcome, { run: 'npx warroom drill' });
  const ok = outcome.kind === 'list' || outcome.kind === 'started';
  for (const line of lines) {
    if (ok) out.log(line);
    else out.error(line);
  }
  if (outcome.kind === 'started' && outcome.incident === null && config.apiToken === null) out.log('Set WARROOM_API_TOKEN to see the incident ref here.');
  return ok ? 0 : outcome.kind === 'unknown' ? 2 : 1;
}

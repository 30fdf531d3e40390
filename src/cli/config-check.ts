/** `npx warroom config check`: validates env + config file and prints the resolved config, secrets masked. */
import { describeConfig, formatProblems, loadConfig } from '../config.js';

export interface CheckOutput {
  log(s: string): void;
  error(s: string): void;
}

/** Returns the exit code: 0 when the configuration is valid, 1 listing every problem otherwise. */
export function runConfigCheck(env: Record<string, string | undefined>, out: CheckOutput, cwd: string): number {
  try {
    const result = loadConfig(env, { cwd });
    if (!result.ok) {
      out.error(formatProblems(result.problems));
      return 1;
    }
    out.log('Configuration OK');
    out.log(JSON.stringify(describeConfig(result.config), null, 2));
    return 0;
  } catch (err) {
    // loadConfig never throws; this guards the printing. Only the error's class: no stack, no values.
    out.error(`Warroom config check failed unexpectedly (${err instanceof Error ? err.name : typeof err}).`);
    return 1;
  }
}

/** `warroom <command>`: serve, migrate, config check, postmortem, drill, prune, paging-check. */
// Each command loads only the modules it runs, with `await import()`: the composition root and its
// clients (Bolt, pg-boss, knex …) take seconds to load, and `help`, a usage error or `config check`
// need none of them. Types are erased, so importing them costs nothing.
import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';

const USAGE = `Usage: warroom <command>

Commands:
  serve                 run the bot (the same as npm start)
  migrate               apply pending database migrations and exit
  config check          validate the environment and config file; print the resolved config, secrets masked
  postmortem <ref>      print the postmortem draft of an incident (e.g. INC-12) as Markdown
  drill [scenario]      fire a drill scenario's alerts at the running Warroom (no scenario: list them)
  prune [--dry-run]     delete what the retention settings let go now, counts per table (--dry-run: only count)
  paging-check          send a test page through each provider of paging.check.target, time the ack, resolve it (--help)
  help                  this text

Environment and config: see README.md ("Configuration").`;

export async function runCli(argv: readonly string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  const env = process.env;
  switch (command) {
    case 'serve':
      return withConfig(env, async (config, log) => (await import('./serve.js')).runServe(config, log));
    case 'migrate':
      return withConfig(env, async (config, log) => (await import('./migrate.js')).runMigrate(config, log));
    case 'config':
      if (rest[0] !== 'check') break;
      return (await import('./config-check.js')).runConfigCheck(env, console, process.cwd());
    case 'postmortem': {
      const ref = rest[0];
      if (ref === undefined) {
        console.error('Usage: warroom postmortem <ref>   (for example: warroom postmortem INC-12)');
        return 2;
      }
      return withConfig(env, async (config, log) => (await import('./postmortem.js')).runPostmortem(config, log, ref, process.stdout));
    }
    case 'drill':
      return withConfig(env, async (config) => (await import('./drill.js')).runDrillCli(config, env, rest.join(' ').trim() || null, console));
    case 'prune': {
      const dryRun = rest[0] === '--dry-run';
      if (rest.length > (dryRun ? 1 : 0)) break;
      return withConfig(env, async (config, log) => (await import('./prune.js')).runPrune(config, log, dryRun, process.stdout));
    }
    case 'paging-check':
      if (rest[0] === '--help' || rest[0] === '-h') {
        console.log((await import('./paging-check-help.js')).PAGING_CHECK_HELP);
        return 0;
      }
      if (rest.length > 0) break;
      // A wrong config exits 2 here: 1 means a provider did not reach a person.
      return withConfig(env, async (config, log) => (await import('./paging-check.js')).runPagingCheckCli(config, log, process.stdout, process.stderr), 2);
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
  }
  console.error(`Unknown command: ${[command, ...rest].join(' ')}\n\n${USAGE}`);
  return 2;
}

async function withConfig(env: NodeJS.ProcessEnv, run: (config: Config, log: AppLogger) => Promise<number>, badConfigExit = 1): Promise<number> {
  const { loadConfig, formatProblems, SECRET_ENV_NAMES } = await import('../config.js');
  const loaded = loadConfig(env, { cwd: process.cwd() });
  if (!loaded.ok) {
    console.error(formatProblems(loaded.problems));
    return badConfigExit;
  }
  const secrets = SECRET_ENV_NAMES.flatMap((name) => (env[name] ?? '').split(',').map((v) => v.trim())).filter((v) => v.length > 0);
  const { createLogger } = await import('../logger.js');
  const log = createLogger({ level: loaded.config.logLevel, secrets });
  try {
    return await run(loaded.config, log);
  } catch (err) {
    log.fatal({ err: err instanceof Error ? err.message : String(err) }, 'warroom stopped on an error');
    console.error(`warroom: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    log.flush();
  }
}

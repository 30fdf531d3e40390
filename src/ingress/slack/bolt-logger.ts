import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../app/ports/runtime.js';

/** Bolt's logger interface over ours, so Bolt's lines are JSON like the rest. */
export function boltLogger(log: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const text = (args: unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return {
    debug: (...args: unknown[]) => log.debug({ source: 'bolt' }, text(args)),
    info: (...args: unknown[]) => log.info({ source: 'bolt' }, text(args)),
    warn: (...args: unknown[]) => log.warn({ source: 'bolt' }, text(args)),
    error: (...args: unknown[]) => log.error({ source: 'bolt' }, text(args)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

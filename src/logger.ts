import pino, { type Logger as PinoLogger } from 'pino';

export type AppLogger = PinoLogger;

// Field names that carry secrets wherever they appear in a log object (DESIGN §5).
const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-slack-signature"]',
  'headers["x-pagerduty-signature"]',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
];

/**
 * JSON-lines logger on stdout. Besides the redacted paths, every string in a log line is scrubbed
 * of the configured secret values, so a token echoed inside an error message never reaches the log.
 */
export function createLogger(options: { level: string; secrets?: readonly string[]; destination?: pino.DestinationStream }): AppLogger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const scrub = (value: string): string => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), value);
  const scrubDeep = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrub(value);
    // An Error's message and stack are not enumerable: rebuild it scrubbed, so pino's error
    // serializer still prints type, message and stack.
    if (value instanceof Error) {
      const copy = new Error(scrub(value.message));
      copy.name = value.name;
      if (value.stack !== undefined) copy.stack = scrub(value.stack);
      return copy;
    }
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
  };
  return pino(
    {
      level: options.level,
      base: { service: 'warroom' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks:
        secrets.length === 0
          ? {}
          : {
              logMethod(args, method) {
                method.apply(this, args.map((a) => scrubDeep(a, 0)) as Parameters<typeof method>);
              },
            },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

import type { Logger } from '../../src/app/ports/runtime.js';

export interface RecordingLogger extends Logger {
  readonly lines: { level: string; obj: object; msg: string | undefined }[];
}

/** A logger for tests: keeps lines in memory (to assert on) and prints nothing. */
export function silentLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

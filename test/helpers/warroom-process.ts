/** Runs Warroom as a real child process, the way an operator does, and collects its output. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface WarroomProcess {
  readonly child: ChildProcess;
  readonly base: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  alive(): boolean;
}

/**
 * `how: 'bin'` runs `node bin/warroom.js` (the npm start path, building dist/ when stale);
 * `how: 'source'` runs the CLI from TypeScript sources through tsx (faster to start).
 */
export function spawnWarroom(args: string[], env: Record<string, string>, how: 'bin' | 'source' = 'source'): WarroomProcess {
  const entry = how === 'bin' ? ['bin/warroom.js'] : ['--import', 'tsx', 'test/helpers/warroom-cli.ts'];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: REPO_ROOT,
    // The sandbox is off unless asked for: without Slack credentials these tests mean "Slack off".
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', WARROOM_SANDBOX: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let ended = false;
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { child, base: `http://127.0.0.1:${env.PORT ?? '3000'}`, output: () => out, exited, alive: () => !ended };
}

export async function stopWarroom(p: WarroomProcess, timeoutMs = 20_000): Promise<number | string> {
  if (!p.alive()) return p.exited;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}

/** `warroom <args>` as an operator runs it: a real child process (the CLI from source through tsx) with only PATH, HOME and `env`. */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './warroom-process.js';
import { WARROOM_CLI } from './warroom-cli-entry.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx test/helpers/warroom-cli.ts <args>`; killed after `killAfterMs` (the file's timeout then names it). */
export function runWarroomCli(args: string[], env: Record<string, string> = {}, killAfterMs = 240_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...WARROOM_CLI, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const showRun = (r: CliRun): string => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;

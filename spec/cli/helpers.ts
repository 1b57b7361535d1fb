import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main';

export const ROOT = join(__dirname, '..', '..');

export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command from its TypeScript source in a child process, as a user would. */
export function spawnCli(args: readonly string[], stdin = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Runs the command in this process on in-memory streams (fast; for the finer points). */
export async function runCli(args: readonly string[], stdin = ''): Promise<Result> {
  const input = new PassThrough();
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  err.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  input.end(stdin);
  const code = await main(args, { stdin: input, stdout: out, stderr: err });
  return { code, stdout, stderr };
}

export const ndjson = (records: readonly unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
export const lines = (text: string) => text.split('\n').filter((l) => l !== '');
export const parsed = (text: string) => lines(text).map((l) => JSON.parse(l) as unknown);

/** One expected output line, written out in full. */
export function pane(
  key: unknown,
  start: string,
  end: string,
  value: unknown,
  timing: string,
  index: number,
  onTimeIndex: number,
  isFirst: boolean,
  isLast: boolean,
) {
  return { key, window_start: start, window_end: end, value, pane: { timing, index, onTimeIndex, isFirst, isLast } };
}

/** The tutorial's seven purchase events, event time in epoch seconds, in arrival order. */
export const TUTORIAL = [
  { user_id: 'u1', amount: 20, event_time: 1704067205 },
  { user_id: 'u1', amount: 15, event_time: 1704067220 },
  { user_id: 'u2', amount: 8, event_time: 1704067235 },
  { user_id: 'u1', amount: -5, event_time: 1704067262 },
  { user_id: 'u2', amount: 12, event_time: 1704067270 },
  { user_id: 'u3', amount: 9, event_time: 1704067275 },
  { user_id: 'u2', amount: 3, event_time: 1704067250 },
];

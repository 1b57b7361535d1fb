/**
 * `kill -9` proof: the command runs as a child process with `--checkpoint`, is killed with SIGKILL at
 * seeded points of its work (before its first checkpoint, at a record, halfway through writing a
 * checkpoint's temporary file, with a complete temporary file not yet renamed, just after the rename,
 * with output lines written but not flushed, halfway through an output write), and is started again each
 * time with the same command; the output file it ends with equals, line for line, that of an
 * uninterrupted run. The child stops at the chosen point and waits there (spec/fixtures/crashPoint.cjs)
 * until the test's SIGKILL ends it, so where it dies depends on the seed only, never on timing.
 *
 * The same for a coGroupByKey of two branches of one input, which the command cannot express: a small
 * program over the library (spec/fixtures/checkpointedCoGroup.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
// mulberry32, seeded: every run of the spec kills at the same points.
import { random } from '../../bench/workload';

const ROOT = join(__dirname, '..', '..');
const CRASH_POINT = join(ROOT, 'spec', 'fixtures', 'crashPoint.cjs');

jest.setTimeout(240_000);

let work: string;
let cli: string;
let coGroup: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rxjs-event-time-kill-'));
  // Bundled once, so that each of the many child processes starts in a fraction of a second.
  cli = join(work, 'cli.cjs');
  coGroup = join(work, 'coGroup.cjs');
  const common = { bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' } as const;
  buildSync({ ...common, entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], outfile: cli });
  buildSync({ ...common, entryPoints: [join(ROOT, 'spec', 'fixtures', 'checkpointedCoGroup.ts')], outfile: coGroup });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));


/**
 * `n` events of five users, a record every 0-400 ms, most of them out of order by up to 2 s (within the
 * watermark's bound), one in 40 late by 2-5 s (late panes, within the allowed lateness) and one in 200
 * by 5-10 s (dropped); a blank line and a bad line among them.
 */
function events(seed: number, n: number): string {
  const next = random(seed);
  let t = Date.UTC(2024, 0, 1);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    t += Math.floor(next() * 400);
    const r = next();
    const behind = r < 0.005 ? 5_000 + next() * 5_000 : r < 0.03 ? 2_000 + next() * 3_000 : next() * 2_000;
    lines.push(JSON.stringify({ u: `u${Math.floor(next() * 5)}`, t: Math.round(t - behind), a: Math.floor(next() * 100) }));
    if (i === 1000) lines.push('');
    if (i === 2000) lines.push('{"u":"u1","t":');
  }
  return lines.join('\n') + '\n';
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** What the crash point said before the kill. */
  readonly stopped: string;
  readonly pid: number | undefined;
}

/** Runs `args` under node with the crash point; a child that reaches it is killed with SIGKILL. */
function runChild(args: readonly string[], crashAt: CrashAt | undefined, output: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', CRASH_OUTPUT: output };
    if (crashAt === undefined) delete env.CRASH_AT;
    else env.CRASH_AT = JSON.stringify(crashAt);
    const child = spawn(process.execPath, ['--require', CRASH_POINT, ...args], { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stopped = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: string) => {
      stopped += d;
      child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stopped, pid: child.pid }));
  });
}

type CrashKind = 'record' | 'checkpoint-temp' | 'checkpoint-rename' | 'checkpoint-renamed' | 'sink-torn' | 'sink-unflushed';

interface CrashAt {
  readonly kind: CrashKind;
  readonly n: number;
}

const EVERY = 250;

/**
 * The seeded kill points: first a record before the first checkpoint (a restart from nothing over a
 * half-written output), then each other kind once and a second record, in a seeded order. Each run gets
 * at most about 600 records further, so every kill point is reached before the input ends.
 */
function crashPlan(seed: number): CrashAt[] {
  const next = random(seed);
  const pick = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const rest: CrashAt[] = [
    { kind: 'record', n: pick(EVERY + 1, 600) },
    { kind: 'checkpoint-temp', n: pick(1, 2) },
    { kind: 'checkpoint-rename', n: pick(1, 2) },
    { kind: 'checkpoint-renamed', n: pick(1, 2) },
    { kind: 'sink-torn', n: pick(1, 2) },
    // The sink's open syncs too: from the second sync on, it is a checkpoint's flush.
    { kind: 'sink-unflushed', n: pick(2, 3) },
  ];
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [{ kind: 'record', n: pick(2, EVERY - 1) }, ...rest];
}

interface Scenario {
  readonly name: string;
  readonly seed: number;
  /** The child's arguments for an input, output and checkpoint directory. */
  readonly args: (input: string, output: string, checkpoint: string) => string[];
  /** The arguments of a run without checkpoints, when the command can make one. */
  readonly plain?: (input: string, output: string) => string[];
}

const window = (flags: string) => ({
  args: (input: string, output: string, checkpoint: string) => [cli, 'window', ...flags.split(' '), '--quiet', '--input', input, '--output', output, '--checkpoint', checkpoint, '--checkpoint-every', String(EVERY)],
  plain: (input: string, output: string) => [cli, 'window', ...flags.split(' '), '--quiet', '--input', input, '--output', output],
});

const scenarios: Scenario[] = [
  {
    name: 'fixed windows with early and late firings (count-based), accumulating, count, sum, max and a percentile',
    seed: 11,
    ...window('-k u -t t --size 10s --max-out-of-orderness 2s --allowed-lateness 5s --early-count 7 --late-count 2 --accumulation accumulating --count --sum a --max a --percentile 90:a'),
  },
  { name: 'sliding windows with a late pane for each late record', seed: 22, ...window('-k u -t t --size 30s --period 10s --max-out-of-orderness 2s --allowed-lateness 3s --count --mean a') },
  { name: 'sessions listing their records, with early firings', seed: 33, ...window('-k u -t t --gap 1500ms --max-out-of-orderness 2s --allowed-lateness 4s --early-count 5 --group') },
  { name: 'coGroupByKey of two branches of one input (library program)', seed: 44, args: (input, output, checkpoint) => [coGroup, input, output, checkpoint, String(EVERY)] },
];

describe('a checkpointed run killed with SIGKILL and started again ends with the uninterrupted output', () => {
  it.each(scenarios)('$name', async ({ seed, args, plain }) => {
    const dir = mkdtempSync(join(work, 'run-'));
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, events(seed, 6_000));

    const expectedFile = join(dir, 'expected.ndjson');
    const uninterrupted = await runChild(args(input, expectedFile, join(dir, 'expected-checkpoints')), undefined, expectedFile);
    expect(uninterrupted).toMatchObject({ code: 0, signal: null, stopped: '', stderr: expect.not.stringContaining('Error') });
    const expected = readFileSync(expectedFile, 'utf8');
    expect(expected.split('\n').length).toBeGreaterThan(200);
    if (plain !== undefined) {
      // Checkpointing changes nothing in the output: the same lines as a run without it.
      const plainFile = join(dir, 'plain.ndjson');
      expect(await runChild(plain(input, plainFile), undefined, plainFile)).toMatchObject({ code: 0, signal: null });
      expect(readFileSync(plainFile, 'utf8')).toBe(expected);
    }

    const output = join(dir, 'out.ndjson');
    const checkpoints = join(dir, 'checkpoints');
    const kills: string[] = [];
    for (const crashAt of crashPlan(seed)) {
      const exit = await runChild(args(input, output, checkpoints), crashAt, output);
      expect({ crashAt, signal: exit.signal, stderr: exit.stderr }).toEqual({ crashAt, signal: 'SIGKILL', stderr: expect.not.stringContaining('Error') });
      expect(exit.stopped).toBe(`crash-point ${crashAt.kind} ${crashAt.n}\n`);
      if (crashAt.kind === 'checkpoint-temp' || crashAt.kind === 'checkpoint-rename') {
        // Killed during a checkpoint write: its temporary file (named with the process id) is there,
        // not yet a checkpoint; the restart must not take it for one.
        expect(readdirSync(checkpoints).filter((f) => f.endsWith('.tmp') && f.includes(`.${exit.pid}.`))).toHaveLength(1);
      }
      kills.push(crashAt.kind);
    }
    expect(kills.length).toBeGreaterThanOrEqual(5);
    // The output is not complete yet: the kills left part of the input unread.
    expect(existsSync(output) ? readFileSync(output, 'utf8') : '').not.toBe(expected);

    const last = await runChild(args(input, output, checkpoints), undefined, output);
    expect({ code: last.code, signal: last.signal }).toEqual({ code: 0, signal: null });
    expect(readFileSync(output, 'utf8')).toBe(expected);
    // Started again once finished, it leaves the output as it is.
    expect(await runChild(args(input, output, checkpoints), undefined, output)).toMatchObject({ code: 0, signal: null });
    expect(readFileSync(output, 'utf8')).toBe(expected);
  });
});

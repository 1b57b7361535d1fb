/**
 * Drives a cluster of worker processes (`rxjs-event-time worker`) over a NATS server: loads a seeded
 * stream of events with `rxjs-event-time produce`, kills workers (and the server) with SIGKILL on a
 * seeded schedule, restarts them, and compares the output stream with one process's panes. Used by
 * `npm run demo:cluster` and by the chaos spec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { from } from 'rxjs';
import { KeyGroupBatcher } from '../src/nats/index';
import { decodeMessage } from '../src/nats/wireFormat';
import type { EventTimeRecord } from '../src/index';
import { random as seeded } from '../bench/workload';
import { pipeline, type Spend } from './clusterPipeline';

export interface ClusterRunOptions {
  readonly url: string;
  /** Kills the server with SIGKILL and starts it again (when the run owns it). */
  readonly restartServer?: (() => Promise<void>) | undefined;
  readonly events: number;
  readonly workers: number;
  readonly seed: number;
  /** Worker kills (SIGKILL, then a restart) spread over the load. */
  readonly kills: number;
  readonly killServer: boolean;
  readonly keyGroups: number;
  /** Events of a key group between checkpoints (default 2 000). */
  readonly checkpointEvery?: number | undefined;
  /**
   * Two kills placed by a hook rather than by timing (spec/fixtures/clusterCrashPoint.cjs), before the
   * seeded ones: worker 0 right before the KV update of its `checkpointKill`-th checkpoint, and worker 1
   * right before the KV update of its first checkpoint marked released, which the rebalance after worker
   * 0's death makes it write.
   */
  readonly checkpointKill?: number | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

const ROOT = resolve(__dirname, '..');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));


export function spends(seed: number, n: number): Spend[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => ({
    user: `u${Math.floor(random() * 500)}`,
    t: 1_704_067_200_000 + i * 20 + (random() < 0.05 ? -Math.floor(random() * 20_000) : Math.floor(random() * 1_000)),
    amount: Math.floor(random() * 100),
  }));
}

const BATCH = { batchSize: 500, markerEvery: 5_000, watermark: 2_000 };

/** The panes of one process, canonical and sorted. */
export function referencePanes(events: readonly Spend[]): string[] {
  const records: EventTimeRecord<Spend>[] = [];
  const batcher = new KeyGroupBatcher<Spend>('demo', { key: (e) => e.user, eventTime: (e) => e.t, keyGroups: 1, ...BATCH }, (_, __, body) => {
    const m = decodeMessage<Spend>(body, 'demo');
    if ('e' in m) for (const [timestamp, value] of m.e) records.push({ kind: 'element', value, timestamp });
    else records.push({ kind: 'watermark', watermark: m.w });
  });
  for (const e of events) batcher.add(e);
  batcher.finish();
  const panes: string[] = [];
  pipeline(from(records)).subscribe((p) => panes.push(canonical(p)));
  return panes.sort();
}

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

const CRASH_POINT = join(ROOT, 'spec/fixtures/clusterCrashPoint.cjs');

interface CrashAt {
  readonly kind: 'checkpoint' | 'release';
  readonly n: number;
}

function cli(args: string[], crashAt?: CrashAt): ChildProcess {
  if (crashAt === undefined) return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return spawn(process.execPath, ['--require', CRASH_POINT, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, CLUSTER_CRASH_AT: JSON.stringify(crashAt) },
  });
}

/** Resolves with the crash point's line once the process stopped there; rejects if it exits or 120 s pass first. */
function crashPoint(p: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('clusterRun: the worker did not reach its crash point within 90 s')), 90_000);
    (p.stdio[3] as NodeJS.ReadableStream).once('data', (c: Buffer) => {
      clearTimeout(guard);
      resolve(c.toString().trim());
    });
    p.once('exit', () => {
      clearTimeout(guard);
      reject(new Error('clusterRun: the worker exited before its crash point'));
    });
  });
}

const exited = (p: ChildProcess) => (p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once('exit', () => r())));

export interface ClusterRunResult {
  readonly equal: boolean;
  readonly panes: number;
  readonly reference: number;
  /**
   * Pane publishes the output stream refused as already stored, summed over the workers that stopped
   * cleanly at the end: the replays of key groups from their last committed checkpoints.
   */
  readonly duplicates: number;
  readonly seconds: number;
  readonly checkpointOwners: Record<string, string>;
  readonly finalOwners: Record<string, string>;
}

export async function runCluster(o: ClusterRunOptions): Promise<ClusterRunResult> {
  const log = o.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-cluster-'));
  const random = seeded(o.seed);
  const started = performance.now();
  // Everything this run started, ended in `finally` whatever happened, so a failed run leaves nothing behind.
  const children: ChildProcess[] = [];
  const own = (p: ChildProcess) => (children.push(p), p);
  let nc: Awaited<ReturnType<typeof connect>> | undefined;
  try {
    const events = spends(o.seed, o.events);
    writeFileSync(join(dir, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n'));
    const reference = referencePanes(events);
    const common = ['--nats', o.url, '--key-groups', String(o.keyGroups)];
    const workers = new Map<string, ChildProcess>();
    const ids = new Map<string, string>();
    const reports: string[] = [];
    let incarnation = 0;
    const startWorker = (slot: number, crashAt?: CrashAt) => {
      const id = `w${slot}-${++incarnation}`;
      const p = own(cli(['worker', ...common, '--pipeline', join(ROOT, 'demos/clusterPipeline.ts'), '--id', id, '--checkpoint-every', String(o.checkpointEvery ?? 2_000), '--heartbeat', '150'], crashAt));
      p.stderr?.on('data', (c: Buffer) => log(`[${id}] ${c.toString().trim()}`));
      let out = '';
      p.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      // 'close': the stdout of a clean stop is complete only once its pipes closed.
      p.once('close', () => reports.push(out));
      workers.set(String(slot), p);
      ids.set(String(slot), id);
      return id;
    };
    const hooked = o.checkpointKill !== undefined && o.workers >= 3;
    const crashes: Promise<string>[] = [];
    for (let i = 0; i < o.workers; i++) {
      const crashAt: CrashAt | undefined = !hooked ? undefined : i === 0 ? { kind: 'checkpoint', n: o.checkpointKill! } : i === 1 ? { kind: 'release', n: 1 } : undefined;
      startWorker(i, crashAt);
      if (crashAt !== undefined) crashes.push(crashPoint(workers.get(String(i))!));
    }
    crashes.forEach((c) => c.catch(() => undefined));
    await pause(1_500);
    const producer = own(cli(['produce', ...common, '--input', join(dir, 'events.ndjson'), '--key', 'user', '--time', 't', '--batch', String(BATCH.batchSize), '--marker-every', String(BATCH.markerEvery), '--watermark', String(BATCH.watermark)]));
    producer.stderr?.on('data', (c: Buffer) => log(`[producer] ${c.toString().trim()}`));
    nc = await connect({ servers: o.url, maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    const count = async (): Promise<number> => (await jsm.streams.info('PANES').catch(() => undefined))?.state.messages ?? 0;
    const { Kvm } = await import('@nats-io/kv');
    const js = jetstream(nc);
    // The workers make the membership bucket as they start: opened once one has.
    const members = await (async () => {
      for (let polls = 0; ; polls++) {
        try {
          return await new Kvm(js).open('EVENTS-members');
        } catch (e) {
          if (polls === 600) throw e;
          await pause(100);
        }
      }
    })();
    const assignment = async () => JSON.parse((await members.get('assignment'))?.string() ?? '{"epoch":0,"owners":{}}') as { epoch: number; owners: Record<string, [number, number]> };
    /** Waits until the cluster's assignment has left out a dead worker, so that its key groups were moved. */
    const reassignedWithout = async (id: string) => {
      for (let polls = 0; id in (await assignment()).owners; polls++) {
        if (polls === 600) throw new Error(`clusterRun: the cluster still assigns key groups to ${id} 60 s after its SIGKILL`);
        await pause(100);
      }
    };
    if (hooked) {
      // Worker 0 dies in a checkpoint write; the rebalance that follows makes worker 1 hand key groups
      // over, and it dies in that released checkpoint's write. Each is started again only once the
      // cluster has moved its key groups: a restart that came first would take back the same range, and
      // worker 1 would have nothing to hand over.
      for (const slot of [0, 1]) {
        log(`${await crashes[slot]!}: SIGKILL worker slot ${slot}`);
        const victim = workers.get(String(slot))!;
        victim.kill('SIGKILL');
        await exited(victim);
        await reassignedWithout(ids.get(String(slot))!);
        startWorker(slot);
      }
    }
    // The seeded kills, spread over the run; the server's in the middle.
    const chaos = Array.from({ length: o.kills }, (_, i) => i);
    let serverKilled = !o.killServer;
    for (const i of chaos) {
      await pause(500 + random() * 1_500);
      const slot = String(Math.floor(random() * o.workers));
      const victim = workers.get(slot)!;
      log(`SIGKILL worker slot ${slot}`);
      victim.kill('SIGKILL');
      await exited(victim);
      if (i % 2 === 1) {
        // Killed again while the rebalance after its restart is under way.
        const id = startWorker(Number(slot));
        await pause(300);
        log(`SIGKILL ${id} during its rebalance`);
        workers.get(slot)!.kill('SIGKILL');
        await exited(workers.get(slot)!);
      }
      if (!serverKilled && i >= o.kills / 2 && o.restartServer !== undefined) {
        serverKilled = true;
        log('SIGKILL the server');
        await o.restartServer();
      }
      startWorker(Number(slot));
    }
    await exited(producer);
    if (producer.exitCode !== 0) {
      // A producer cut off by the server's restart is run again: its message ids make the re-run store nothing twice.
      log('the producer failed; running it again');
      const again = own(cli(['produce', ...common, '--input', join(dir, 'events.ndjson'), '--key', 'user', '--time', 't', '--batch', String(BATCH.batchSize), '--marker-every', String(BATCH.markerEvery), '--watermark', String(BATCH.watermark)]));
      await exited(again);
    }
    let last = -1;
    for (let stable = 0; stable < 6; ) {
      await pause(500);
      const n = await count();
      stable = n === last && n >= reference.length ? stable + 1 : 0;
      last = n;
      log(`output: ${n} of ${reference.length} panes`);
    }
    const consumer = await js.consumers.get('PANES', { filter_subjects: 'panes.all' });
    const out: string[] = [];
    const messages = await consumer.consume();
    for await (const m of messages) {
      out.push(canonical(JSON.parse(m.string())));
      if (m.info.pending === 0) break;
    }
    await messages.close();
    out.sort();
    const kv = await new Kvm(js).open('EVENTS-checkpoints');
    const ownersNow = async () => {
      const current = await assignment();
      const finalOwners: Record<string, string> = {};
      for (const [id, [a, b]] of Object.entries(current.owners)) for (let kg = a; kg < b; kg++) finalOwners[kg] = id;
      const checkpointOwners: Record<string, string> = {};
      for (let kg = 0; kg < o.keyGroups; kg++) checkpointOwners[kg] = (JSON.parse((await kv.get(`kg.${kg}`))?.string() ?? '{}') as { owner?: string }).owner ?? '';
      const again = await assignment();
      return { epoch: current.epoch, stable: again.epoch === current.epoch, finalOwners, checkpointOwners };
    };
    // Taking a key group over writes the new owner into its checkpoint key; wait until every key group
    // of the last assignment has been taken over (a new owner may still be waiting for a release).
    let owners = await ownersNow();
    for (let polls = 0; polls < 600 && !(owners.stable && canonical(owners.checkpointOwners) === canonical(owners.finalOwners)); polls++) {
      if (polls % 20 === 0) log(`waiting for the take-overs of assignment ${owners.epoch}`);
      await pause(100);
      owners = await ownersNow();
    }
    const { checkpointOwners, finalOwners } = owners;
    // Read before the workers leave: a clean stop hands key groups over once more.
    for (const p of workers.values()) p.kill('SIGTERM');
    await Promise.all(
      [...workers.values()].map(async (p) => {
        const lingering = setTimeout(() => p.kill('SIGKILL'), 30_000);
        await exited(p);
        if (p.stdout !== null && !p.stdout.closed) await new Promise((r) => p.once('close', r));
        clearTimeout(lingering);
      }),
    );
    await nc.close();
    let duplicates = 0;
    for (const line of reports.join('\n').split('\n')) if (line.startsWith('{')) duplicates += (JSON.parse(line) as { duplicates?: number }).duplicates ?? 0;
    return {
      equal: out.length === reference.length && out.every((p, i) => p === reference[i]),
      panes: out.length,
      reference: reference.length,
      duplicates,
      seconds: (performance.now() - started) / 1000,
      checkpointOwners,
      finalOwners,
    };
  } finally {
    for (const p of children) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await Promise.all(children.map(exited));
    if (nc !== undefined && !nc.isClosed()) await nc.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

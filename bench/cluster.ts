/**
 * What scaling out over NATS JetStream costs on this machine: `npm run bench:cluster` (EVENTS, default
 * 200 000). Starts a nats-server on a free loopback port, loads the demo's generated spends (batches of
 * 500 events, a marker every 5 000) and prints
 *
 * 1. the producer's rate and the input's bytes per message and per event;
 * 2. events/s through 1 and 2 worker processes (`runWorker`, `until: 'end'`, the demo's pipeline) over
 *    the loaded input, without checkpoints, and the output's bytes per message (one pane a message);
 * 3. the same with `kvStateStore` checkpoints every 10 000 events of a key group: the time of one
 *    checkpoint write (barrier to committed compare-and-set, panes before it acknowledged) and its bytes.
 *
 * Reported, not asserted; the figures are in docs/scaling-out.md ("What it costs").
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { pipeline, type Spend } from '../demos/clusterPipeline.js';
import { spends } from '../demos/clusterRun.js';
import { startNatsServer } from '../spec/helpers/natsServer.js';
import { createProducer, ensureStream, keyGroupRange, kvStateStore, runWorker, type KeyGroupStateStore, type WorkerStats } from '../src/nats/index.js';

const K = 24;
const CHECKPOINT_EVERY = 10_000;

interface WorkerReport {
  readonly stats: WorkerStats;
  readonly seconds: number;
  /** Per checkpoint write: ms from the save call to its committed compare-and-set. */
  readonly saves: readonly number[];
}

/** Times each save of a store. */
function timed(store: KeyGroupStateStore, saves: number[]): KeyGroupStateStore {
  return {
    start: async (keyGroup) => {
      const start = await store.start(keyGroup);
      const save = start.save;
      if (save === undefined) return start;
      return {
        ...start,
        save: async (c) => {
          const t = performance.now();
          await save(c);
          saves.push(performance.now() - t);
        },
      };
    },
  };
}

/** One worker process: worker `index` of `n` over the loaded input, to `subject`. */
async function worker(url: string, index: number, n: number, subject: string, checkpoints: boolean): Promise<void> {
  const nc = await connect({ servers: url });
  const js = jetstream(nc);
  const saves: number[] = [];
  const state = checkpoints ? timed(kvStateStore({ kv: await new Kvm(js).open('CHECKPOINTS'), owner: `bench-${index}`, keyPrefix: subject.replace(/\./g, '-') }), saves) : undefined;
  const t = performance.now();
  const stats = await runWorker(js, {
    input: { stream: 'EVENTS', subjectPrefix: 'events' },
    output: { subject },
    keyGroups: keyGroupRange(index, n, K),
    pipeline,
    until: 'end',
    state,
    checkpointEvery: CHECKPOINT_EVERY,
  }).done;
  const report: WorkerReport = { stats, seconds: (performance.now() - t) / 1000, saves };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  await nc.close();
}

function child(url: string, index: number, n: number, subject: string, checkpoints: boolean): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [__filename, 'worker', url, String(index), String(n), subject, String(checkpoints)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as WorkerReport) : reject(new Error(`bench worker ${index} of ${n} exited with ${code}`))));
  });
}

async function streamBytes(js: JetStreamClient, name: string, subject?: string): Promise<{ messages: number; bytes: number }> {
  const jsm = await js.jetstreamManager();
  const info = await jsm.streams.info(name, subject === undefined ? undefined : { subjects_filter: subject });
  if (subject === undefined) return { messages: info.state.messages, bytes: info.state.bytes };
  // Bytes of one subject: read them (the output is small next to the input).
  const consumer = await js.consumers.get(name, { filter_subjects: subject });
  let messages = 0;
  let bytes = 0;
  const iter = await consumer.consume();
  for await (const m of iter) {
    messages++;
    bytes += m.data.length + m.subject.length + (m.headers?.toString().length ?? 0);
    if (m.info.pending === 0) break;
  }
  await iter.close();
  return { messages, bytes };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const events = Number(process.env.EVENTS ?? 200_000);
  const server = await startNatsServer();
  try {
    const nc = await connect({ servers: server.url });
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, { name: 'EVENTS', subjectPrefix: 'events', duplicateWindow: 3_600_000 });
    await ensureStream(jsm, { name: 'PANES', subjectPrefix: 'panes', duplicateWindow: 3_600_000 });
    await new Kvm(js).create('CHECKPOINTS');
    const data = spends(7, events);
    const producer = createProducer<Spend>(js, { subjectPrefix: 'events', key: (e) => e.user, eventTime: (e) => e.t, keyGroups: K, batchSize: 500, markerEvery: 5_000, watermark: 2_000 });
    let t = performance.now();
    for (const e of data) await producer.send(e);
    await producer.finish();
    const produceSeconds = (performance.now() - t) / 1000;
    const input = await streamBytes(js, 'EVENTS');
    console.log(`cluster bench: ${fmt(events)} events, ${K} key groups, nats-server on loopback, ${process.platform} ${process.arch}, node ${process.version}`);
    console.log(`producer: ${fmt(events / produceSeconds)} events/s; input ${fmt(input.messages)} messages, ${fmt(input.bytes / input.messages)} bytes per message, ${fmt(input.bytes / events, 1)} bytes per event`);
    for (const checkpoints of [false, true]) {
      for (const n of [1, 2]) {
        const subject = `panes.${checkpoints ? 'kv' : 'none'}.${n}`;
        t = performance.now();
        const reports = await Promise.all(Array.from({ length: n }, (_, i) => child(server.url, i, n, subject, checkpoints)));
        const seconds = (performance.now() - t) / 1000;
        const stored = reports.reduce((s, r) => s + r.stats.stored, 0);
        const counted = reports.reduce((s, r) => s + r.stats.events, 0);
        let line = `${n} worker${n > 1 ? 's' : ''}, ${checkpoints ? `KV checkpoints every ${fmt(CHECKPOINT_EVERY)} events` : 'no checkpoints'}: ${fmt(counted / seconds)} events/s (${seconds.toFixed(1)} s, start-up included), ${fmt(stored)} panes`;
        if (!checkpoints && n === 1) {
          const output = await streamBytes(js, 'PANES', subject);
          line += `, ${fmt(output.bytes / output.messages)} bytes per output message`;
        }
        if (checkpoints) {
          const saves = reports.flatMap((r) => r.saves).sort((a, b) => a - b);
          const kv = await new Kvm(js).open('CHECKPOINTS');
          let bytes = 0;
          for (let kg = 0; kg < K; kg++) bytes += (await kv.get(`${subject.replace(/\./g, '-')}.${kg}`))?.length ?? 0;
          line += `; ${saves.length} checkpoints, median ${saves[saves.length >> 1]?.toFixed(1)} ms, max ${saves[saves.length - 1]?.toFixed(1)} ms each, ${fmt(bytes / K)} bytes per key group's checkpoint`;
        }
        console.log(line);
      }
    }
    await nc.close();
  } finally {
    await server.stop();
  }
}

if (process.argv[2] === 'worker') {
  const [, , , url, index, n, subject, checkpoints] = process.argv;
  worker(url!, Number(index), Number(n), subject!, checkpoints === 'true').catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

/**
 * The scale-out commands of `rxjs-event-time`: `worker` runs a pipeline module as a member of a cluster
 * over NATS JetStream, `produce` loads an NDJSON file into the key-grouped input stream. Loaded only
 * when one of them is asked for, so the window command never loads the NATS clients.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { CliStreams } from './main.js';
import { UsageError } from './usage.js';

const WORKER_FLAGS = ['nats', 'pipeline', 'id', 'stream', 'prefix', 'output', 'output-stream', 'key-groups', 'checkpoint-every', 'mode', 'heartbeat'];
const PRODUCE_FLAGS = ['nats', 'input', 'key', 'time', 'stream', 'prefix', 'key-groups', 'batch', 'marker-every', 'watermark'];

function flags(argv: readonly string[], allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name === undefined || !allowed.includes(name)) throw new UsageError(`unknown argument '${arg}' (flags: ${allowed.map((f) => `--${f}`).join(' ')})`);
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

function required(f: Map<string, string>, name: string): string {
  const v = f.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

function integer(f: Map<string, string>, name: string, fallback: number): number {
  const v = f.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got '${v}'`);
  return n;
}

async function setup(url: string, f: Map<string, string>) {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
  const nats = await import('../nats/index.js');
  const nc = await connect({ servers: url, maxReconnectAttempts: -1 });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const stream = f.get('stream') ?? 'EVENTS';
  const prefix = f.get('prefix') ?? 'events';
  await nats.ensureStream(jsm, { name: stream, subjectPrefix: prefix, duplicateWindow: 3_600_000 });
  return { nc, js, nats, stream, prefix };
}

/** `rxjs-event-time worker --nats URL --pipeline FILE`: a cluster member until SIGTERM or SIGINT. */
export async function workerCommand(argv: readonly string[], io: CliStreams): Promise<number> {
  const f = flags(argv, WORKER_FLAGS);
  const url = required(f, 'nats');
  const file = required(f, 'pipeline');
  const mode = f.get('mode') ?? 'immediate';
  if (mode !== 'immediate' && mode !== 'afterCommit') throw new UsageError(`--mode must be immediate or afterCommit, got '${mode}'`);
  const loaded = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown; pipeline?: unknown };
  const pipeline = loaded.pipeline ?? loaded.default;
  if (typeof pipeline !== 'function') throw new UsageError(`${file} must export a pipeline function (export default or export const pipeline)`);
  const { nc, js, nats, stream, prefix } = await setup(url, f);
  const { Kvm } = await import('@nats-io/kv');
  const { Objm } = await import('@nats-io/obj');
  // The output stream holds `<first token>.>`: `panes.all` by default in stream PANES.
  const output = f.get('output') ?? 'panes.all';
  await nats.ensureStream(await (await import('@nats-io/jetstream')).jetstreamManager(nc), { name: f.get('output-stream') ?? 'PANES', subjectPrefix: output.split('.')[0]!, duplicateWindow: 3_600_000 });
  const kvm = new Kvm(js);
  const id = f.get('id') ?? `worker-${process.pid}`;
  const worker = nats.runClusterWorker(js, {
    input: { stream, subjectPrefix: prefix },
    output: { subject: output, mode },
    pipeline: pipeline as never,
    checkpointEvery: integer(f, 'checkpoint-every', 10_000),
    state: nats.kvStateStore({ kv: await kvm.create(`${stream}-checkpoints`), objects: await new Objm(js).create(`${stream}-blobs`), owner: id, handoverWait: 3_000 }),
    cluster: {
      kv: await kvm.create(`${stream}-members`),
      id,
      keyGroups: integer(f, 'key-groups', nats.DEFAULT_KEY_GROUPS),
      heartbeat: integer(f, 'heartbeat', 250),
      onError: (e) => io.stderr.write(`rxjs-event-time worker ${id}: ${e instanceof Error ? e.message : String(e)}\n`),
    },
  });
  io.stderr.write(`rxjs-event-time worker ${id}: joined\n`);
  await new Promise<void>((done) => {
    process.once('SIGTERM', () => done());
    process.once('SIGINT', () => done());
  });
  const stats = await worker.stop();
  io.stdout.write(`${JSON.stringify({ id, ...stats })}\n`);
  await nc.close();
  return 0;
}

/** `rxjs-event-time produce --nats URL --input FILE --key FIELD --time FIELD`: loads NDJSON into the input stream, then the final marker. */
export async function produceCommand(argv: readonly string[], io: CliStreams): Promise<number> {
  const f = flags(argv, PRODUCE_FLAGS);
  const url = required(f, 'nats');
  const input = required(f, 'input');
  const keyField = required(f, 'key');
  const timeField = required(f, 'time');
  const { nc, js, nats, prefix } = await setup(url, f);
  const producer = nats.createProducer<Record<string, unknown>>(js, {
    subjectPrefix: prefix,
    key: (e) => e[keyField],
    eventTime: (e) => e[timeField] as number,
    keyGroups: integer(f, 'key-groups', nats.DEFAULT_KEY_GROUPS),
    batchSize: integer(f, 'batch', 500),
    markerEvery: integer(f, 'marker-every', 10_000),
    watermark: integer(f, 'watermark', 0),
  });
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    await producer.send(JSON.parse(line) as Record<string, unknown>);
    n++;
  }
  const stats = await producer.finish();
  io.stdout.write(`${JSON.stringify({ events: n, ...stats })}\n`);
  await nc.close();
  return 0;
}

/**
 * The published package, as a user gets it (see installPacked): load it from CommonJS and from an
 * ES module in child processes, typecheck a consumer of both entry points under each module
 * resolution, and run the command-line tool.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPacked, type PackedInstall } from './installPacked';

jest.setTimeout(180_000);

/** The tutorial's batch run, written once and pasted into both consumers. */
const TUTORIAL = `
const events = [
  ['u1', 20, 5], ['u1', 15, 20], ['u2', 8, 35], ['u1', -5, 62], ['u2', 12, 70], ['u3', 9, 75], ['u2', 3, 50],
].map(([user_id, amount, s]) => ({ user_id, amount, event_time: 1704067200 + s }));
from(events)
  .pipe(
    et.assignEventTime((e) => e.event_time * 1000),
    et.fixedWindow(60_000),
    et.afterWatermark({
      early: et.afterProcessingTime(10_000),
      late: et.afterProcessingTime(10_000),
      allowedLateness: 120_000,
      accumulation: 'accumulating',
    }),
    et.combinePerKey(
      (e) => e.user_id,
      et.combineFields({ count: et.Combine.count(), sum_amount: et.Combine.sum((e) => e.amount) }),
    ),
  )
  .subscribe((p) => console.log(JSON.stringify([p.key, et.formatUtc(p.window.start, 'HH:mm'), p.value, p.pane])));
`;

const CJS = `
const { from } = require('rxjs');
const et = require('rxjs-event-time');
const testing = require('rxjs-event-time/testing');
const core = require('rxjs-event-time/core');
console.log('main ' + require.resolve('rxjs-event-time').replace(/\\\\/g, '/'));
console.log('testing ' + require.resolve('rxjs-event-time/testing').replace(/\\\\/g, '/') + ' ' + typeof testing.testStream);
console.log('core ' + require.resolve('rxjs-event-time/core').replace(/\\\\/g, '/') + ' ' + typeof core.Reducer + ' ' + typeof et.Reducer);
const otel = require('rxjs-event-time/otel');
console.log('otel ' + require.resolve('rxjs-event-time/otel').replace(/\\\\/g, '/') + ' ' + typeof otel.otelMetrics(require('@opentelemetry/api').metrics.getMeter('x')).next + ' ' + typeof et.otelMetrics);
const node = require('rxjs-event-time/node');
console.log('node ' + require.resolve('rxjs-event-time/node').replace(/\\\\/g, '/') + ' ' + typeof node.ndjsonFileSource + ' ' + typeof et.ndjsonFileSource);
const natsLoaded = Object.keys(require.cache).some((p) => p.replace(/\\\\/g, '/').includes('/dist/cjs/nats/'));
const nats = require('rxjs-event-time/nats');
console.log('nats ' + require.resolve('rxjs-event-time/nats').replace(/\\\\/g, '/') + ' ' + typeof nats.runWorker + ' ' + typeof et.runWorker + ' ' + natsLoaded);
${TUTORIAL}`;

const ESM = `
import { from } from 'rxjs';
import * as et from 'rxjs-event-time';
import { testStream } from 'rxjs-event-time/testing';
import * as core from 'rxjs-event-time/core';
console.log('main ' + import.meta.resolve('rxjs-event-time'));
console.log('testing ' + import.meta.resolve('rxjs-event-time/testing') + ' ' + typeof testStream);
console.log('core ' + import.meta.resolve('rxjs-event-time/core') + ' ' + typeof core.Reducer + ' ' + typeof et.Reducer);
const { otelMetrics } = await import('rxjs-event-time/otel');
const { metrics } = await import('@opentelemetry/api');
console.log('otel ' + import.meta.resolve('rxjs-event-time/otel') + ' ' + typeof otelMetrics(metrics.getMeter('x')).next + ' ' + typeof et.otelMetrics);
const node = await import('rxjs-event-time/node');
console.log('node ' + import.meta.resolve('rxjs-event-time/node') + ' ' + typeof node.ndjsonFileSource + ' ' + typeof et.ndjsonFileSource);
const nats = await import('rxjs-event-time/nats');
console.log('nats ' + import.meta.resolve('rxjs-event-time/nats') + ' ' + typeof nats.runWorker + ' ' + typeof et.runWorker + ' ' + nats.keyGroupOf('user-a'));
${TUTORIAL}`;

/** Uses the declared types of both entry points; a wrong `types` path or export makes tsc fail. */
const TYPED = (from: string) => `
import { fixedWindow, combinePerKey, Combine, type Pane, type Window } from 'rxjs-event-time';
import { testStream, timestamped, type TimestampedValue } from 'rxjs-event-time/testing';
import { Reducer, recordsOf, DEFAULT_STRATEGY, type ReducerSink } from 'rxjs-event-time/core';
import { otelMetrics, METRIC_NAMES, type OtelMetricsSink } from 'rxjs-event-time/otel';
import { metrics } from '@opentelemetry/api';
import { ndjsonFileSource, directoryCheckpointStore, ndjsonFileSink, fromReplayableSource, type CheckpointStore, type ReplayableSource } from 'rxjs-event-time/node';
${from}
const telemetry: OtelMetricsSink = otelMetrics(metrics.getMeter('x'), { attributes: { pipeline: METRIC_NAMES.windowsOpen } });
const w: Window = { start: 0, end: 1, maxTimestamp: 0 };
const v: TimestampedValue<number> = timestamped(1, 0);
const panes$: Observable<Pane<number, string>> = testStream<number>().addElements(v).build().pipe(
  fixedWindow(60_000),
  combinePerKey((n: number) => String(n), Combine.count<number>(), { metrics: telemetry.with({ step: 'count' }) }),
);
const sink: ReducerSink<string, number, number> = { pane: () => undefined, dropped: () => undefined };
const reducer = new Reducer<number, string, number, number>({ strategy: DEFAULT_STRATEGY, key: String, combineFn: Combine.count<number>(), now: () => 0 }, sink);
const source: ReplayableSource<{ n: number }> = ndjsonFileSource<{ n: number }>('in.ndjson', { onInvalid: 'drop' });
const store: CheckpointStore = directoryCheckpointStore('checkpoints', { keep: 3 });
export const used = [w, panes$, reducer, recordsOf(panes$), fromReplayableSource(source, 0), store, ndjsonFileSink<number>('out.ndjson')];
`;

/**
 * What the types accept and refuse, as a user with `strict` and `exactOptionalPropertyTypes` meets
 * them. Each `@ts-expect-error` line must stay an error: tsc reports the directive once it compiles.
 */
const GUIDED = `
import { from, pipe, queueScheduler, type Observable, type SchedulerLike } from 'rxjs';
import {
  afterCount, afterProcessingTime, afterWatermark, assignEventTime, Combine, combinePerKey, fixedWindow, mergeEventTime,
  repeatedly, triggering, type CombineFn, type EventTimeStream, type Pane,
} from 'rxjs-event-time';
import { testStream } from 'rxjs-event-time/testing';

interface Reading { sensor: string; celsius: number; t: number }
interface Click { user: string; t: number }
const readings$ = from<Reading[]>([]);
const clicks$ = from<Click[]>([]);

// Options built from values that may be undefined (exactOptionalPropertyTypes).
const scheduler: SchedulerLike | undefined = Math.random() > 2 ? queueScheduler : undefined;
const early = Math.random() > 2 ? afterCount(2) : undefined;
const stamped$ = readings$.pipe(assignEventTime((r) => r.t, { scheduler, watermark: undefined }));
testStream<Reading>().build({ scheduler });
stamped$.pipe(
  fixedWindow(60_000, { offset: undefined }),
  afterWatermark({ early, late: undefined, allowedLateness: undefined, accumulation: 'discarding' }),
  combinePerKey((r) => r.sensor, Combine.count(), { scheduler, onDropped: undefined }),
);

// Early or late firings, or a trigger that can fire more than once, need an accumulation mode.
afterWatermark();
afterWatermark({ allowedLateness: 60_000 });
afterWatermark({ early: afterProcessingTime(10_000), accumulation: 'accumulating' });
// @ts-expect-error accumulation is required with early firings
afterWatermark({ early: afterProcessingTime(10_000) });
// @ts-expect-error accumulation is required with late firings
afterWatermark({ late: afterCount(1), allowedLateness: 60_000 });
// @ts-expect-error accumulation is required when early may be set
afterWatermark({ early });
triggering(afterCount(10));
triggering(repeatedly(afterCount(10)), { accumulation: 'discarding' });
// @ts-expect-error accumulation is required with a repeating trigger
triggering(repeatedly(afterCount(10)), { allowedLateness: 0 });

// The element type flows through the window and trigger operators and through a reusable fragment.
const perMinute = pipe(fixedWindow(60_000), afterWatermark({ allowedLateness: 0 }));
const means$: Observable<Pane<number, string>> = stamped$.pipe(
  perMinute,
  combinePerKey((r) => r.sensor, Combine.mean((r) => r.celsius)),
);
stamped$.pipe(
  fixedWindow(60_000),
  // @ts-expect-error a key of the wrong element type is reported on the grouping
  combinePerKey((r) => r.user, Combine.count()),
);

// A combiner on its own takes its input type from the selector's annotation or a type argument.
const meanOfReadings: CombineFn<Reading, unknown, number> = Combine.mean((r: Reading) => r.celsius);
const sumOfReadings: CombineFn<Reading, unknown, number> = Combine.sum<Reading>((r) => r.celsius);
// @ts-expect-error without either, the input is unknown
Combine.mean((r) => r.celsius);
const meanOfNumbers: CombineFn<number, unknown, number> = Combine.mean();

// Merging streams of two element types gives their union.
const clicksStamped$ = clicks$.pipe(assignEventTime((c) => c.t));
const merged$: EventTimeStream<Reading | Click> = mergeEventTime(stamped$, clicksStamped$);
// @ts-expect-error the merged stream holds clicks too
const readingsOnly$: EventTimeStream<Reading> = mergeEventTime(stamped$, clicksStamped$);

export const guided = [means$, meanOfReadings, sumOfReadings, meanOfNumbers, merged$, readingsOnly$];
`;

const pane = (key: string, start: string, count: number, sum_amount: number) =>
  JSON.stringify([key, start, { count, sum_amount }, { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }]);

/** The batch tutorial's five panes: one ON_TIME, first and last pane per key and window. */
const PANES = [pane('u1', '00:00', 2, 35), pane('u2', '00:00', 2, 11), pane('u1', '00:01', 1, -5), pane('u2', '00:01', 1, 12), pane('u3', '00:01', 1, 9)];

describe('the npm package', () => {
  let packed: PackedInstall;
  const node = (...args: string[]) => packed.node(...args);
  /** tsc writes its errors to stdout and exits non-zero; the errors are what a failure should show. */
  const compilerErrors = (...args: string[]) => {
    try {
      return node(...args);
    } catch (e) {
      return String((e as { stdout?: unknown }).stdout ?? e);
    }
  };

  beforeAll(() => {
    packed = installPacked();
    const { app } = packed;
    writeFileSync(join(app, 'tutorial.cjs'), CJS);
    writeFileSync(join(app, 'tutorial.mjs'), ESM);
    for (const file of ['typed.cts', 'typed.mts', 'typed.ts']) writeFileSync(join(app, file), TYPED("import type { Observable } from 'rxjs';"));
    for (const file of ['guided.cts', 'guided.mts', 'guided.ts']) writeFileSync(join(app, file), GUIDED);
  });

  afterAll(() => packed?.remove());

  it('npm pack builds dist first, from sources without dist/ (prepack)', () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        'dist/cjs/index.js',
        'dist/cjs/testing/index.js',
        'dist/cjs/core.js',
        'dist/cjs/node/index.js',
        'dist/cjs/cli/main.js',
        'dist/cjs/package.json',
        'dist/esm/index.js',
        'dist/esm/testing/index.js',
        'dist/esm/core.js',
        'dist/esm/node/index.js',
        'dist/esm/package.json',
        'dist/types/index.d.ts',
        'dist/types/testing/index.d.ts',
        'dist/types/core.d.ts',
        'dist/cjs/otel/index.js',
        'dist/esm/otel/index.js',
        'dist/types/otel/index.d.ts',
        'dist/types/node/index.d.ts',
        'dist/cjs/nats/index.js',
        'dist/esm/nats/index.js',
        'dist/types/nats/index.d.ts',
        'bin/rxjs-event-time.js',
      ]),
    );
  });

  it('require() loads the CommonJS build of both entry points and runs the batch tutorial', () => {
    const [main, testing, core, otel, nodeEntry, natsEntry, ...panes] = node('tutorial.cjs').trim().split('\n');
    expect(main).toMatch(/^main .*\/node_modules\/rxjs-event-time\/dist\/cjs\/index\.js$/);
    expect(testing).toMatch(/^testing .*\/node_modules\/rxjs-event-time\/dist\/cjs\/testing\/index\.js function$/);
    // The Reducer is in the core entry only: the main entry is the surface a pipeline needs.
    expect(core).toMatch(/^core .*\/node_modules\/rxjs-event-time\/dist\/cjs\/core\.js function undefined$/);
    // The OpenTelemetry adapter is in the otel entry only (bundle.spec.ts: the main entry brings no @opentelemetry/api).
    expect(otel).toMatch(/^otel .*\/node_modules\/rxjs-event-time\/dist\/cjs\/otel\/index\.js function undefined$/);
    // The file-system parts are in the node entry only, so the main entry stays free of fs.
    expect(nodeEntry).toMatch(/^node .*\/node_modules\/rxjs-event-time\/dist\/cjs\/node\/index\.js function undefined$/);
    // The scale-out parts are in the nats entry only, and loading the others never loads them.
    expect(natsEntry).toMatch(/^nats .*\/node_modules\/rxjs-event-time\/dist\/cjs\/nats\/index\.js function undefined false$/);
    expect(panes).toEqual(PANES);
  });

  it('import loads the ES module build of both entry points and runs the batch tutorial', () => {
    const [main, testing, core, otel, nodeEntry, natsEntry, ...panes] = node('tutorial.mjs').trim().split('\n');
    expect(main).toMatch(/^main file:\/\/.*\/node_modules\/rxjs-event-time\/dist\/esm\/index\.js$/);
    expect(testing).toMatch(/^testing file:\/\/.*\/node_modules\/rxjs-event-time\/dist\/esm\/testing\/index\.js function$/);
    expect(core).toMatch(/^core file:\/\/.*\/node_modules\/rxjs-event-time\/dist\/esm\/core\.js function undefined$/);
    expect(otel).toMatch(/^otel file:\/\/.*\/node_modules\/rxjs-event-time\/dist\/esm\/otel\/index\.js function undefined$/);
    expect(nodeEntry).toMatch(/^node file:\/\/.*\/node_modules\/rxjs-event-time\/dist\/esm\/node\/index\.js function undefined$/);
    // Without the optional @nats-io peers installed: the entry needs them for its types only.
    expect(natsEntry).toMatch(/^nats file:\/\/.*\/node_modules\/rxjs-event-time\/dist\/esm\/nats\/index\.js function undefined 44$/);
    expect(panes).toEqual(PANES);
  });

  // node16 reads the `exports` map (a .cts and a .mts consumer), bundler reads it without file
  // extensions, node10 (jest with ts-jest, older setups) ignores it and needs `types` and `typesVersions`.
  // The consumers compile with `strict` and `exactOptionalPropertyTypes`, as `tsc --init` sets them up.
  it.each([
    ['node16', ['--module', 'node16', 'typed.cts', 'typed.mts', 'guided.cts', 'guided.mts']],
    ['bundler', ['--module', 'esnext', 'typed.ts', 'guided.ts']],
    ['node10', ['--module', 'commonjs', 'typed.ts', 'guided.ts']],
  ])('the declared types serve both entry points and guide a strict consumer under moduleResolution %s', (resolution, args) => {
    const tsc = require.resolve('typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--exactOptionalPropertyTypes', '--moduleResolution', resolution, '--target', 'es2022', '--skipLibCheck'];
    expect(compilerErrors(tsc, ...flags, ...args)).toBe('');
  });

  it('installs the command-line tool', () => {
    const input = '{"k":"a","t":1000}\n{"k":"a","t":2000}\nnot json\n';
    const run = execFileSync(join(packed.app, 'node_modules', '.bin', 'rxjs-event-time'), ['window', '-k', 'k', '-t', 't', '--size', '1m'], {
      cwd: packed.app,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    expect(JSON.parse(run)).toEqual({
      key: 'a',
      window_start: '1970-01-01T00:00:00.000Z',
      window_end: '1970-01-01T00:01:00.000Z',
      value: { count: 2 },
      pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
    });
  });
});

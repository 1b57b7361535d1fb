/**
 * What a browser bundle of the published package weighs: esbuild bundles small programs against the
 * installed tarball (ES modules, minified, rxjs external), and each program's gzip size is held to a
 * budget. date-fns belongs only in bundles that use calendar windows or formatting.
 */
import { buildSync, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { installPacked, type PackedInstall } from './installPacked';

jest.setTimeout(180_000);

interface Bundle {
  /** Minified and gzipped size in bytes. */
  readonly gzip: number;
  /** The modules whose code is in the bundle, by path. */
  readonly inputs: readonly string[];
  /** The largest inputs with their minified bytes, one a line. */
  readonly largest: string;
}

const usesDateFns = (b: Bundle) => b.inputs.some((path) => /(^|\/)(date-fns|@date-fns\/tz)\//.test(path));

const largest = (meta: Metafile) =>
  Object.entries(Object.values(meta.outputs)[0].inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 8)
    .map(([path, { bytesInOutput }]) => `${bytesInOutput} ${path.replace(/^.*node_modules\//, '')}`)
    .join('\n');

/** Over budget, the failure lists where the bytes went. */
const expectWithin = (b: Bundle, budget: number) => {
  try {
    expect(b.gzip).toBeLessThanOrEqual(budget);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n\nlargest inputs, minified bytes:\n${b.largest}`);
  }
};

describe('bundles of the published package', () => {
  let packed: PackedInstall;

  const bundle = (program: string, external: readonly string[] = []): Bundle => {
    const result = buildSync({
      stdin: { contents: program, resolveDir: packed.app, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      external: ['rxjs', ...external],
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    const meta = result.metafile;
    const inputs = Object.keys(Object.values(meta.outputs)[0].inputs);
    // Without the package in the bundle, every budget below would hold for the wrong reason.
    expect(inputs.some((path) => path.includes('rxjs-event-time/dist/esm/'))).toBe(true);
    return { gzip: gzipSync(result.outputFiles[0].contents).length, inputs, largest: largest(meta) };
  };

  beforeAll(() => {
    packed = installPacked();
  });

  afterAll(() => packed?.remove());

  it('afterCount alone is at most 1 KB and brings no date-fns', () => {
    const b = bundle(`import { afterCount } from 'rxjs-event-time'; export const trigger = afterCount(2);`);
    expectWithin(b, 1024);
    expect(usesDateFns(b)).toBe(false);
  });

  // The goal is 10 KB. What remains is the engine itself: the reducer, the trigger state machine (every
  // trigger kind, since a trigger is data chosen at run time), the window store and the grouping shell,
  // plus what makes it safe on hostile input: the trigger-tree check, key encoding by value, the record
  // check at the edge, the one-step-at-a-time gate and TestStream's clock records (12.2 KB before those,
  // 18.6 KB with them; 19.1 KB once a grouping may emit retractions, since the accumulation mode is
  // data chosen at run time; 19.6 KB with the reducer split into one module a concept; 21.1 KB with
  // the accumulator coder every combiner carries and the checkpoint records every operator passes on,
  // the code that stores state coming only with a checkpointed run; 23.3 KB with the speed work listed in
  // docs/performance.md, "Bundle size"; 23.8 KB with the fast paths of settled states; 24.0 KB with the
  // element path in a class of its own, the one-pass timer refile and the strategy record of a shared
  // stream; 24.9 KB with the slices of sliding windows and the exact merges of the combiners they need).
  // This budget holds today's size with a little room, so that growth is noticed.
  it('a fixed-window watermark pipeline with one combiner stays within 25.5 KB and brings no date-fns', () => {
    const b = bundle(`
      import { assignEventTime, fixedWindow, afterWatermark, combinePerKey, sum } from 'rxjs-event-time';
      export const perMinute = (events) => events.pipe(
        assignEventTime((e) => e.t),
        fixedWindow(60_000),
        afterWatermark(),
        combinePerKey((e) => e.k, sum((e) => e.v)),
      );`);
    expectWithin(b, 25.5 * 1024);
    expect(usesDateFns(b)).toBe(false);
  });

  it('the main entry, all of it, brings no @opentelemetry/api; the otel entry alone is at most 3 KB', () => {
    const all = bundle(`export * from 'rxjs-event-time'; export * from 'rxjs-event-time/core'; export * from 'rxjs-event-time/testing';`);
    expect(all.inputs.filter((path) => path.includes('@opentelemetry/'))).toEqual([]);
    const otel = bundle(`import { otelMetrics } from 'rxjs-event-time/otel'; export const sink = (meter) => otelMetrics(meter);`, ['@opentelemetry/api']);
    // 2.6 KB today: the adapter, its argument checks and value descriptions, none of the engine.
    expectWithin(otel, 3 * 1024);
    expect(otel.inputs.some((path) => path.includes('/core/'))).toBe(false);
  });

  it('calendar windows and formatting bring date-fns', () => {
    expect(usesDateFns(bundle(`import { calendarWindow } from 'rxjs-event-time'; export const daily = calendarWindow('day');`))).toBe(true);
    expect(usesDateFns(bundle(`import { formatUtc } from 'rxjs-event-time'; export const t = formatUtc(0, 'HH:mm');`))).toBe(true);
  });
});

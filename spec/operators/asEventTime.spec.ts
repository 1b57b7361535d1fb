import { filter, map, VirtualTimeScheduler, type Observable } from 'rxjs';
import { afterCount, asEventTime, Combine, combinePerKey, fixedWindow, repeatedly, sum, triggering, type EventTimeRecord, type Pane } from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';

interface Click {
  readonly user: string;
  readonly t: number;
}

const s = 1000;
const win = (start: number, end: number) => ({ start, end, maxTimestamp: end - 1 });
const onTimeOnly = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true };

function run<T>(build: (scheduler: VirtualTimeScheduler) => Observable<T>): T[] {
  const scheduler = new VirtualTimeScheduler();
  const out: T[] = [];
  let error: unknown;
  build(scheduler).subscribe({ next: (v) => out.push(v), error: (e: unknown) => (error = e) });
  scheduler.flush();
  if (error !== undefined) throw error;
  return out;
}

const clicks = (scheduler: VirtualTimeScheduler): Observable<EventTimeRecord<Click>> => {
  const at = (user: string, t: number) => timestamped({ user, t }, t);
  return testStream<Click>()
    .addElements(at('u1', 10 * s), at('u1', 70 * s), at('u2', 130 * s), at('u1', 310 * s))
    .advanceWatermarkTo(200 * s)
    .advanceProcessingTime(1)
    .advanceWatermarkTo(301 * s)
    .advanceProcessingTime(1)
    .advanceWatermarkToInfinity()
    .build({ scheduler });
};

const perMinute = (source: Observable<EventTimeRecord<Click>>) =>
  source.pipe(fixedWindow(60 * s), combinePerKey((c: Click) => c.user, Combine.count<Click>()));

describe('asEventTime: grouping again after a grouping', () => {
  it('re-windows per-minute counts into five-minute totals, firing as the upstream output watermark passes', () => {
    const emitted: { at: number; pane: Pane<number, string> }[] = [];
    const scheduler = new VirtualTimeScheduler();
    perMinute(clicks(scheduler))
      .pipe(asEventTime(), fixedWindow(300 * s), combinePerKey((p: Pane<number, string>) => p.key, sum((p: Pane<number, string>) => p.value)))
      .subscribe((pane) => emitted.push({ at: scheduler.now(), pane }));
    scheduler.flush();
    const first5 = win(0, 300 * s);
    const second5 = win(300 * s, 600 * s);
    expect(emitted).toEqual([
      // Watermark 301 s: the first five minutes are complete downstream; lateness 0 makes the pane last.
      { at: 1, pane: { key: 'u1', window: first5, value: 2, pane: onTimeOnly, timestamp: first5.maxTimestamp } },
      { at: 1, pane: { key: 'u2', window: first5, value: 1, pane: onTimeOnly, timestamp: first5.maxTimestamp } },
      // Watermark +infinity: the rest.
      { at: 2, pane: { key: 'u1', window: second5, value: 1, pane: onTimeOnly, timestamp: second5.maxTimestamp } },
    ]);
  });

  it('an explicit trigger downstream replaces the continuation trigger', () => {
    const scheduler = new VirtualTimeScheduler();
    const emitted: { at: number; key: string; total: number; timing: string }[] = [];
    perMinute(clicks(scheduler))
      .pipe(
        asEventTime(),
        fixedWindow(300 * s),
        triggering(repeatedly(afterCount(2)), { accumulation: 'discarding' }),
        combinePerKey(() => 'all', sum((p: Pane<number, string>) => p.value)),
      )
      .subscribe((p) => emitted.push({ at: scheduler.now(), key: p.key, total: p.value, timing: p.pane.timing }));
    scheduler.flush();
    // Frame 0 (watermark 200 s): upstream emits three minute panes of [0, 300); the count trigger fires
    // after two of them and the third waits. Frame 1 (watermark 301 s): [0, 300) ends with the third.
    // Frame 2 (+infinity): [300, 600) ends with the last minute pane.
    expect(emitted).toEqual([
      { at: 0, key: 'all', total: 2, timing: 'EARLY' },
      { at: 1, key: 'all', total: 1, timing: 'ON_TIME' },
      { at: 2, key: 'all', total: 1, timing: 'ON_TIME' },
    ]);
  });

  it('keeps the carried windows when no window operator follows (a second grouping of the same panes)', () => {
    const out = run((scheduler) =>
      perMinute(clicks(scheduler)).pipe(
        asEventTime(),
        combinePerKey((p: Pane<number, string>) => (p.value > 0 ? 'any' : 'none'), Combine.count<Pane<number, string>>()),
      ),
    );
    expect(out.map((p) => [p.key, p.window.start / s, p.value])).toEqual([
      ['any', 0, 1],
      ['any', 60, 1],
      ['any', 120, 1],
      ['any', 300, 1],
    ]);
  });

  it('a pane stream that went through a plain RxJS operator loses its watermarks: everything fires at completion', () => {
    const out = run((scheduler) =>
      perMinute(clicks(scheduler)).pipe(
        filter(() => true),
        asEventTime(),
        fixedWindow(300 * s),
        combinePerKey((p: Pane<number, string>) => p.key, sum((p: Pane<number, string>) => p.value)),
      ),
    );
    expect(out).toEqual([
      { key: 'u1', window: win(0, 300 * s), value: 2, pane: onTimeOnly, timestamp: 300 * s - 1 },
      { key: 'u2', window: win(0, 300 * s), value: 1, pane: onTimeOnly, timestamp: 300 * s - 1 },
      { key: 'u1', window: win(300 * s, 600 * s), value: 1, pane: onTimeOnly, timestamp: 600 * s - 1 },
    ]);
  });

  it('rejects values that are neither panes nor records, naming the operator and the value', () => {
    expect(() =>
      run((scheduler) =>
        perMinute(clicks(scheduler)).pipe(
          map(() => 42 as unknown as Pane<number, string>),
          asEventTime(),
          combinePerKey((p: Pane<number, string>) => p.key, Combine.count<Pane<number, string>>()),
        ),
      ),
    ).toThrow('asEventTime: each value must be a pane or an event-time record, got 42');
  });
});

import { Subject, share } from 'rxjs';
import { assignEventTime, fixedWindow, MAX_TIMESTAMP, mergeEventTime, type EventTimeRecord } from '../../src/index';
import { errorOf, observe, testScheduler } from '../helpers/virtualTime';

const wm = (watermark: number): EventTimeRecord<string> => ({ kind: 'watermark', watermark });
const el = (value: string, timestamp: number): EventTimeRecord<string> => ({ kind: 'element', value, timestamp });

describe('mergeEventTime', () => {
  it('passes elements through and emits the minimum of the inputs’ watermarks; a completed input stops holding it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = cold<EventTimeRecord<string>>('a 4ms b 4ms c|', { a: wm(10), b: el('x', 12), c: wm(30) });
      const b = cold<EventTimeRecord<string>>('5ms d 4ms e 4ms f|', { d: wm(20), e: el('y', 22), f: wm(25) });
      // 0: a at 10, b at -inf -> nothing. 5: min(10, 20) = 10. 10: min(30, 20) = 20. 11: a completes.
      // 15: b at 25 -> 25. 16: b completes -> +inf, complete.
      expectObservable(mergeEventTime(a, b)).toBe('5ms (bp) 1ms (qe) 1ms r (s|)', {
        b: el('x', 12),
        p: wm(10),
        q: wm(20),
        e: el('y', 22),
        r: wm(25),
        s: wm(MAX_TIMESTAMP),
      });
    });
  });

  it('never passes on the fastest input’s watermark while another input has none yet', () => {
    const out = observe(({ cold }) =>
      mergeEventTime(cold<EventTimeRecord<string>>('a 9ms |', { a: wm(1_000) }), cold<EventTimeRecord<string>>('5ms b 9ms |', { b: el('y', 3) })),
    );
    // The second input never sends a watermark: the merged one stays at -infinity until both complete.
    expect(out).toEqual([
      [5, { next: el('y', 3) }],
      [15, { next: wm(MAX_TIMESTAMP) }],
      [15, 'complete'],
    ]);
  });

  it('with no inputs, completes at once at +infinity', () => {
    const out = observe(() => mergeEventTime<string>());
    expect(out).toEqual([
      [0, { next: wm(MAX_TIMESTAMP) }],
      [0, 'complete'],
    ]);
  });

  it('rejects inputs with different windowing strategies', () => {
    const out = observe(({ cold }) =>
      mergeEventTime(cold<EventTimeRecord<string>>('|').pipe(fixedWindow(10)), cold<EventTimeRecord<string>>('|').pipe(fixedWindow(20))),
    );
    expect(errorOf(out).message).toBe(
      'mergeEventTime: inputs must share one windowing strategy, got fixed(10, 0), DefaultTrigger, allowedLateness 0, discarding and fixed(20, 0), DefaultTrigger, allowedLateness 0, discarding',
    );
  });

  it('an input shared with share() after its windowing operator keeps its strategy for every subscriber that came before its first record', () => {
    const source = new Subject<{ t: number }>();
    const shared$ = source.pipe(assignEventTime((e: { t: number }) => e.t), fixedWindow(10), share());
    // The first subscriber subscribes the shared stream; the merge's two inputs join it before any element.
    const first: EventTimeRecord<{ t: number }>[] = [];
    shared$.subscribe((r) => first.push(r));
    const merged: EventTimeRecord<{ t: number }>[] = [];
    mergeEventTime(shared$, shared$).subscribe((r) => merged.push(r));
    source.next({ t: 1 });
    source.complete();
    const strategy = { kind: 'strategy', strategy: expect.objectContaining({ windowFn: expect.objectContaining({ description: 'fixed(10, 0)' }) }) };
    const one = { kind: 'element', value: { t: 1 }, timestamp: 1 };
    expect(first).toEqual([strategy, one, { kind: 'watermark', watermark: MAX_TIMESTAMP }]);
    expect(merged).toEqual([strategy, one, one, { kind: 'watermark', watermark: MAX_TIMESTAMP }]);
  });

  it('says why when an input joined a stream shared after its windowing operator too late for its strategy record', () => {
    const source = new Subject<{ t: number }>();
    const shared$ = source.pipe(assignEventTime((e: { t: number }) => e.t), fixedWindow(10), share());
    // An earlier subscriber has the shared stream started; a later one joins after its first record.
    shared$.subscribe();
    source.next({ t: 1 });
    const other$ = new Subject<{ t: number }>().pipe(assignEventTime((e: { t: number }) => e.t), fixedWindow(10));
    let error: Error | undefined;
    mergeEventTime(other$, shared$).subscribe({ error: (e: Error) => (error = e) });
    source.next({ t: 2 });
    expect(error?.message).toBe(
      'mergeEventTime: inputs must share one windowing strategy, got fixed(10, 0), DefaultTrigger, allowedLateness 0, discarding and carried windows, DefaultTrigger, allowedLateness 0, discarding: ' +
        'an input without a strategy record next to one with a window function was most likely shared (share()) after its windowing operator and joined after its first record, so it missed the strategy record; subscribe every consumer before the stream starts, or share before the windowing operator',
    );
  });
});

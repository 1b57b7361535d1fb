import {
  afterAll,
  afterCount,
  afterEach,
  afterFirst,
  afterProcessingTime,
  afterWatermark,
  afterWatermarkTrigger,
  continuationTrigger,
  defaultTrigger,
  isOnceTrigger,
  neverTrigger,
  orFinally,
  repeatedly,
  triggering,
  assignEventTime,
  combinePerKey,
  Combine,
  DEFAULT_STRATEGY,
  END_OF_GLOBAL_WINDOW,
  MIN_TIMESTAMP,
  globalWindow,
  groupByKey,
  MAX_TRIGGER_DEPTH,
  MAX_TRIGGER_NODES,
  type EventTimeRecord,
  type OnceTrigger,
  type TriggerSpec,
} from '../../src/index';
import { from, VirtualTimeScheduler } from 'rxjs';

describe('trigger rules checked when a trigger is built', () => {
  it('knows which triggers fire at most once (Beam Java OnceTrigger)', () => {
    expect(
      [
        afterWatermarkTrigger(),
        afterProcessingTime(5),
        afterCount(2),
        afterFirst(afterCount(1)),
        afterAll(afterCount(1)),
        neverTrigger(),
      ].map(isOnceTrigger),
    ).toEqual([true, true, true, true, true, true]);
    expect(
      [defaultTrigger(), repeatedly(afterCount(1)), afterEach(afterCount(1)), orFinally(afterCount(1), afterCount(2)), afterWatermarkTrigger({ early: afterCount(1) })].map(
        isOnceTrigger,
      ),
    ).toEqual([false, false, false, false, false]);
  });

  it('afterFirst and afterAll take only triggers that fire at most once', () => {
    expect(() => afterFirst(afterCount(1), repeatedly(afterCount(2)))).toThrow(
      new TypeError(
        'afterFirst: trigger 1 must fire at most once (a count, processing-time, watermark, afterFirst, afterAll or never trigger), got Repeatedly(AfterCount(2))',
      ),
    );
    expect(() => afterAll(defaultTrigger())).toThrow(
      new TypeError('afterAll: trigger 0 must fire at most once (a count, processing-time, watermark, afterFirst, afterAll or never trigger), got DefaultTrigger'),
    );
  });

  it('orFinally needs an until trigger that fires at most once, or the whole would never finish', () => {
    expect(() => orFinally(repeatedly(afterCount(1)), repeatedly(afterCount(5)))).toThrow(
      new TypeError(
        'orFinally: until must fire at most once (a count, processing-time, watermark, afterFirst, afterAll or never trigger), got Repeatedly(AfterCount(5))',
      ),
    );
    expect(orFinally(repeatedly(afterCount(1)), afterWatermarkTrigger())).toEqual({
      kind: 'orFinally',
      trigger: { kind: 'repeatedly', trigger: { kind: 'afterCount', count: 1 } },
      until: { kind: 'afterWatermark', early: undefined, late: undefined },
    });
  });

  it('the continuation of a sequence of repeating triggers is still built (Beam bypasses the rule there)', () => {
    expect(continuationTrigger(afterEach(repeatedly(afterCount(3)), afterCount(2)))).toEqual({
      kind: 'repeatedly',
      trigger: { kind: 'afterFirst', triggers: [{ kind: 'repeatedly', trigger: { kind: 'afterCount', count: 1 } }, { kind: 'afterCount', count: 1 }] },
    });
  });

  it('late firings with no allowed lateness can never happen, so afterWatermark and triggering reject them', () => {
    expect(() => afterWatermark({ late: afterCount(1), accumulation: 'discarding' })).toThrow(
      new RangeError(
        'afterWatermark: late firings need an allowedLateness greater than 0 (later data is dropped), got allowedLateness 0 with AfterWatermark.pastEndOfWindow().withLateFirings(AfterCount(1))',
      ),
    );
    expect(() => triggering(afterWatermarkTrigger({ late: afterCount(1) }), { allowedLateness: 0, accumulation: 'discarding' })).toThrow(
      'triggering: late firings need an allowedLateness greater than 0',
    );
    expect(() => afterWatermark({ late: afterCount(1), allowedLateness: 1, accumulation: 'discarding' })).not.toThrow();
  });

  it('a trigger that can fire more than once needs an explicit accumulation mode (Beam Window.validate)', () => {
    // @ts-expect-error the types require accumulation with early firings; the run-time check serves untyped callers
    expect(() => afterWatermark({ early: afterCount(1) })).toThrow(
      new TypeError(
        "afterWatermark: accumulation must be given ('discarding' or 'accumulating') when the trigger can fire more than once, got undefined for AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(1)) with allowedLateness 0",
      ),
    );
    expect(() => triggering(afterCount(3), { allowedLateness: 1000 })).toThrow(
      "triggering: accumulation must be given ('discarding' or 'accumulating') when the trigger can fire more than once, got undefined for AfterCount(3) with allowedLateness 1000",
    );
    // One firing only: no mode needed.
    expect(() => [afterWatermark(), triggering(afterCount(3))]).not.toThrow();
  });
});

describe('every trigger tree is checked whole when it is set, hand-made nodes included', () => {
  const KINDS =
    "'default', 'afterWatermark', 'afterProcessingTime', 'afterSynchronizedProcessingTime', 'afterCount', 'repeatedly', 'afterEach', 'afterFirst', 'afterAll', 'orFinally', 'never'";
  const ONCE = 'must fire at most once (a count, processing-time, watermark, afterFirst, afterAll or never trigger)';
  const bad = (t: unknown) => t as OnceTrigger;

  it.each<[string, () => unknown, ErrorConstructor, string]>([
    ['an unknown kind', () => triggering(bad({ kind: 'bogus' })), TypeError, `triggering: trigger.kind must be one of ${KINDS}, got "bogus"`],
    [
      'an unknown kind as early firings',
      () => afterWatermark({ early: bad({ kind: 'bogus' }), accumulation: 'discarding' }),
      TypeError,
      `afterWatermark: early.kind must be one of ${KINDS}, got "bogus"`,
    ],
    ['a negative count', () => triggering(bad({ kind: 'afterCount', count: -1 })), RangeError, 'triggering: trigger.count must be a positive integer, got -1'],
    ['a count that is not a number', () => triggering(bad({ kind: 'afterCount' })), RangeError, 'triggering: trigger.count must be a positive integer, got undefined'],
    [
      'a bad node under a factory-made one',
      () => repeatedly(bad({ kind: 'afterCount', count: 0 })),
      RangeError,
      'repeatedly: trigger.count must be a positive integer, got 0',
    ],
    [
      'a bad node deep inside early firings',
      () => afterWatermark({ early: bad({ kind: 'repeatedly', trigger: { kind: 'afterFirst', triggers: [afterCount(1), { kind: 'afterCount', count: 1.5 }] } }), accumulation: 'discarding' }),
      RangeError,
      'afterWatermark: early.trigger.triggers[1].count must be a positive integer, got 1.5',
    ],
    ['a missing sub-trigger', () => triggering(bad({ kind: 'repeatedly' })), TypeError, 'triggering: trigger.trigger must be a trigger (built by a Trigger factory), got undefined'],
    ['a missing list of sub-triggers', () => triggering(bad({ kind: 'afterEach' })), TypeError, 'triggering: trigger.triggers must be an array of triggers, got undefined'],
    ['an empty list of sub-triggers', () => triggering(bad({ kind: 'afterAll', triggers: [] })), RangeError, 'triggering: trigger.triggers must hold at least one trigger, got none'],
    [
      'a repeating trigger where one firing is required',
      () => triggering(bad({ kind: 'afterFirst', triggers: [afterCount(2), { kind: 'repeatedly', trigger: afterCount(1) }] })),
      TypeError,
      `triggering: trigger.triggers[1] ${ONCE}, got Repeatedly(AfterCount(1))`,
    ],
    [
      'a repeating until',
      () => triggering(bad({ kind: 'orFinally', trigger: afterCount(1), until: { kind: 'default' } }), { accumulation: 'discarding' }),
      TypeError,
      `triggering: trigger.until ${ONCE}, got DefaultTrigger`,
    ],
    [
      'a negative processing-time delay',
      () => triggering(bad({ kind: 'afterProcessingTime', delay: -5 })),
      RangeError,
      'triggering: trigger.delay must be a non-negative finite number of ms, got -5',
    ],
    [
      'an alignment that is not an object',
      () => triggering(bad({ kind: 'afterProcessingTime', delay: 5, alignTo: null })),
      TypeError,
      'triggering: trigger.alignTo must be an object { period, offset }, got null',
    ],
    [
      'an alignment without an offset',
      () => triggering(bad({ kind: 'afterProcessingTime', delay: 5, alignTo: { period: 10 } })),
      RangeError,
      'triggering: trigger.alignTo.offset must be a finite number of ms, got undefined',
    ],
    ['no trigger at all', () => triggering(bad(null)), TypeError, 'triggering: trigger must be a trigger (built by a Trigger factory), got null'],
    ['options that are not an object', () => afterWatermarkTrigger(null as never), TypeError, 'afterWatermark: options must be an object, got null'],
    ['processing-time options that are not an object', () => afterProcessingTime(5, 7 as never), TypeError, 'afterProcessingTime: options must be an object, got 7'],
    [
      'an alignTo that is not an object',
      () => afterProcessingTime(5, { alignTo: null as never }),
      TypeError,
      'afterProcessingTime: alignTo must be an object, got null',
    ],
  ])('refuses %s, naming the operator, the node and the value', (_what, build, type, message) => {
    expect(build).toThrow(new type(message));
    expect(build).toThrow(type);
  });

  it('accepts a correct hand-made tree, and runs it as the factory-made equal', () => {
    const handMade = bad({ kind: 'repeatedly', trigger: { kind: 'afterFirst', triggers: [{ kind: 'afterCount', count: 2 }, { kind: 'afterProcessingTime', delay: 10 }] } });
    expect(() => triggering(handMade, { accumulation: 'discarding' })).not.toThrow();
  });
});

describe('absurd trigger trees are refused when built, not met by a stack overflow when used', () => {
  it('a factory refuses to nest a tree deeper than MAX_TRIGGER_DEPTH levels', () => {
    let t: TriggerSpec = afterCount(1);
    for (let depth = 2; depth <= MAX_TRIGGER_DEPTH; depth++) t = repeatedly(t);
    expect(() => repeatedly(t)).toThrow(new RangeError(`repeatedly: the trigger must nest at most ${MAX_TRIGGER_DEPTH} levels deep, got ${MAX_TRIGGER_DEPTH + 1}`));
  });

  it('a hand-made tree 5,000 levels deep is refused by triggering with a message (it overflowed the stack at subscribe)', () => {
    let t: unknown = { kind: 'afterCount', count: 1 };
    for (let i = 0; i < 5_000; i++) t = { kind: 'repeatedly', trigger: t };
    expect(() => triggering(t as TriggerSpec, { accumulation: 'discarding' })).toThrow(
      new RangeError(`triggering: trigger must nest at most ${MAX_TRIGGER_DEPTH} levels deep, got more than ${MAX_TRIGGER_DEPTH}`),
    );
  });

  it('a cyclic hand-made tree is refused too', () => {
    const cyclic: { kind: string; trigger?: unknown } = { kind: 'repeatedly' };
    cyclic.trigger = cyclic;
    expect(() => triggering(cyclic as TriggerSpec, { accumulation: 'discarding' })).toThrow(
      new RangeError(`triggering: trigger must nest at most ${MAX_TRIGGER_DEPTH} levels deep, got more than ${MAX_TRIGGER_DEPTH}`),
    );
    const wide: { kind: string; triggers: unknown[] } = { kind: 'afterFirst', triggers: [] };
    wide.triggers.push(wide, wide);
    expect(() => triggering(wide as OnceTrigger)).toThrow(RangeError);
  });

  it('a sub-tree shared at every level counts once per use (the compiled tree copies it): at most MAX_TRIGGER_NODES nodes', () => {
    let t: TriggerSpec = afterCount(1);
    let nodes = 1;
    const build = () => {
      for (;;) {
        t = afterFirst(t, t);
        nodes = 2 * nodes + 1;
      }
    };
    expect(build).toThrow(new RangeError(`afterFirst: the trigger must have at most ${MAX_TRIGGER_NODES} nodes, got 16383`));
    expect(nodes).toBe(8191);
  });

  it('a tree at the depth limit still runs', () => {
    let t: TriggerSpec = afterCount(1);
    for (let depth = 2; depth <= MAX_TRIGGER_DEPTH; depth++) t = repeatedly(t);
    const panes: unknown[] = [];
    from([1, 2])
      .pipe(
        assignEventTime((x: number) => x, { scheduler: new VirtualTimeScheduler() }),
        globalWindow(),
        triggering(t, { accumulation: 'discarding' }),
        combinePerKey(() => 'k', Combine.count()),
      )
      .subscribe((p) => panes.push(p));
    const w = { start: MIN_TIMESTAMP, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW };
    const at = (timing: string, index: number, onTimeIndex: number, isFirst: boolean, isLast: boolean) => ({ timing, index, onTimeIndex, isFirst, isLast });
    expect(panes).toEqual([
      { key: 'k', window: w, value: 1, pane: at('EARLY', 0, -1, true, false), timestamp: END_OF_GLOBAL_WINDOW },
      { key: 'k', window: w, value: 1, pane: at('EARLY', 1, -1, false, false), timestamp: END_OF_GLOBAL_WINDOW },
      // Beam's default on-time behaviour (fireAlways): the on-time pane comes out even when empty.
      { key: 'k', window: w, value: 0, pane: at('ON_TIME', 2, 0, false, true), timestamp: END_OF_GLOBAL_WINDOW },
    ]);
  });

  it('a hand-made strategy record that reaches a grouping directly is checked there', () => {
    const errors: string[] = [];
    const strategy = { ...DEFAULT_STRATEGY, trigger: { kind: 'afterCount', count: 0 } as unknown as TriggerSpec };
    from<EventTimeRecord<number>[]>([{ kind: 'strategy', strategy }, { kind: 'element', value: 1, timestamp: 1 }])
      .pipe(groupByKey(() => 'k'))
      .subscribe({ error: (e: Error) => errors.push(e.message) });
    expect(errors).toEqual(['groupByKey: windowing strategy: trigger.count must be a positive integer, got 0']);
  });
});

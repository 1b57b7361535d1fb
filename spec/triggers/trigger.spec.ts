import {
  afterAll,
  afterCount,
  afterEach,
  afterFirst,
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterWatermarkTrigger,
  continuationTrigger,
  defaultTrigger,
  describeTrigger,
  neverTrigger,
  orFinally,
  repeatedly,
  Trigger,
  type TriggerSpec,
} from '../../src/index';
import { canFireRepeatedly } from '../../src/triggers/trigger';

describe('trigger factories', () => {
  it('build frozen tagged data', () => {
    expect(afterCount(2)).toEqual({ kind: 'afterCount', count: 2 });
    expect(afterProcessingTime(10)).toEqual({ kind: 'afterProcessingTime', delay: 10, alignTo: undefined });
    expect(afterProcessingTime(0, { alignTo: { period: 60_000 } })).toEqual({
      kind: 'afterProcessingTime',
      delay: 0,
      alignTo: { period: 60_000, offset: 0 },
    });
    expect(repeatedly(afterCount(1))).toEqual({ kind: 'repeatedly', trigger: { kind: 'afterCount', count: 1 } });
    expect(afterWatermarkTrigger({ early: afterCount(1) })).toEqual({ kind: 'afterWatermark', early: { kind: 'afterCount', count: 1 }, late: undefined });
    expect(Object.isFrozen(afterEach(afterCount(1)))).toBe(true);
    expect(Object.isFrozen(afterEach(afterCount(1)).triggers)).toBe(true);
    expect(Trigger.never()).toBe(neverTrigger());
    expect(Trigger.default()).toBe(defaultTrigger());
    expect(Trigger.afterWatermark()).toEqual({ kind: 'afterWatermark', early: undefined, late: undefined });
  });

  describe('bad arguments throw at build time, naming factory, rule and value', () => {
    it.each([
      [() => afterCount(0), RangeError, 'afterCount: count must be a positive integer, got 0'],
      [() => afterCount(1.5), RangeError, 'afterCount: count must be a positive integer, got 1.5'],
      [() => afterCount('2' as unknown as number), RangeError, 'afterCount: count must be a positive integer, got "2"'],
      [() => afterProcessingTime(-1), RangeError, 'afterProcessingTime: delay must be a non-negative finite number of ms, got -1'],
      [() => afterProcessingTime(Number.NaN), RangeError, 'afterProcessingTime: delay must be a non-negative finite number of ms, got NaN'],
      [
        () => afterProcessingTime(0, { alignTo: { period: 0 } }),
        RangeError,
        'afterProcessingTime: alignTo.period must be a positive finite number of ms, got 0',
      ],
      [
        () => afterProcessingTime(0, { alignTo: { period: 10, offset: Number.POSITIVE_INFINITY } }),
        RangeError,
        'afterProcessingTime: alignTo.offset must be a finite number of ms, got Infinity',
      ],
      [() => repeatedly(5 as unknown as TriggerSpec), TypeError, 'repeatedly: trigger must be a trigger (built by a Trigger factory), got 5'],
      [() => repeatedly(undefined as unknown as TriggerSpec), TypeError, 'repeatedly: trigger must be a trigger (built by a Trigger factory), got undefined'],
      [() => afterEach(), RangeError, 'afterEach: needs at least one trigger, got none'],
      [() => afterAll(), RangeError, 'afterAll: needs at least one trigger, got none'],
      [
        () => afterFirst(afterCount(1), {} as unknown as TriggerSpec),
        TypeError,
        'afterFirst: trigger 1 must be a trigger (built by a Trigger factory), got an object (Object)',
      ],
      [
        () => orFinally(afterCount(1), 'x' as unknown as TriggerSpec),
        TypeError,
        'orFinally: until must be a trigger (built by a Trigger factory), got "x"',
      ],
      [
        () => afterWatermarkTrigger({ early: (() => 1) as unknown as TriggerSpec }),
        TypeError,
        'afterWatermark: early must be a trigger (built by a Trigger factory), got a function (early)',
      ],
      [
        () => afterWatermarkTrigger({ late: [] as unknown as TriggerSpec }),
        TypeError,
        'afterWatermark: late must be a trigger (built by a Trigger factory), got an array of length 0',
      ],
    ])('%#', (build, type, message) => {
      expect(build).toThrow(type);
      expect(build).toThrow(new (type as ErrorConstructor)(message));
    });
  });
});

describe('continuationTrigger (what a grouping output carries downstream)', () => {
  it('counts become afterCount(1)', () => {
    expect(continuationTrigger(afterCount(5))).toEqual(afterCount(1));
  });

  it('processing-time delays become synchronized processing time', () => {
    expect(continuationTrigger(afterProcessingTime(10_000))).toEqual(afterSynchronizedProcessingTime());
    expect(continuationTrigger(afterSynchronizedProcessingTime())).toEqual(afterSynchronizedProcessingTime());
  });

  it('default and never stay as they are', () => {
    expect(continuationTrigger(defaultTrigger())).toBe(defaultTrigger());
    expect(continuationTrigger(neverTrigger())).toBe(neverTrigger());
  });

  it('composites map their parts; a sequence becomes Repeatedly(AfterFirst(parts)) as in Beam', () => {
    expect(continuationTrigger(afterWatermarkTrigger({ early: afterProcessingTime(10), late: afterCount(3) }))).toEqual(
      afterWatermarkTrigger({ early: afterSynchronizedProcessingTime(), late: afterCount(1) }),
    );
    expect(continuationTrigger(afterWatermarkTrigger())).toEqual(afterWatermarkTrigger());
    expect(continuationTrigger(repeatedly(afterCount(3)))).toEqual(repeatedly(afterCount(1)));
    expect(continuationTrigger(afterEach(afterCount(2), afterProcessingTime(5)))).toEqual(
      repeatedly(afterFirst(afterCount(1), afterSynchronizedProcessingTime())),
    );
    expect(continuationTrigger(afterFirst(afterCount(2), afterProcessingTime(5)))).toEqual(
      afterFirst(afterCount(1), afterSynchronizedProcessingTime()),
    );
    expect(continuationTrigger(afterAll(afterCount(2), afterProcessingTime(5)))).toEqual(
      afterAll(afterCount(1), afterSynchronizedProcessingTime()),
    );
    expect(continuationTrigger(orFinally(repeatedly(afterCount(2)), afterProcessingTime(5)))).toEqual(
      orFinally(repeatedly(afterCount(1)), afterSynchronizedProcessingTime()),
    );
  });
});

describe('describeTrigger and canFireRepeatedly', () => {
  it('renders triggers the way Beam prints them', () => {
    expect(describeTrigger(afterWatermarkTrigger({ early: afterCount(2), late: afterProcessingTime(10) }))).toBe(
      'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(2)).withLateFirings(AfterProcessingTime(delay=10))',
    );
    expect(describeTrigger(orFinally(repeatedly(afterCount(1)), neverTrigger()))).toBe('Repeatedly(AfterCount(1)).orFinally(Never)');
    expect(describeTrigger(afterProcessingTime(5, { alignTo: { period: 100, offset: 7 } }))).toBe('AfterProcessingTime(delay=5, alignedTo=100+7)');
  });

  it('knows which triggers can fire more than once', () => {
    expect(canFireRepeatedly(defaultTrigger())).toBe(true);
    expect(canFireRepeatedly(repeatedly(afterCount(1)))).toBe(true);
    expect(canFireRepeatedly(afterWatermarkTrigger())).toBe(false);
    expect(canFireRepeatedly(afterWatermarkTrigger({ late: afterCount(1) }))).toBe(true);
    expect(canFireRepeatedly(afterCount(3))).toBe(false);
    expect(canFireRepeatedly(afterEach(afterCount(1), afterCount(2)))).toBe(true);
    expect(canFireRepeatedly(afterEach(afterCount(1)))).toBe(false);
    expect(canFireRepeatedly(orFinally(repeatedly(afterCount(1)), afterCount(3)))).toBe(true);
    expect(canFireRepeatedly(afterFirst(afterCount(1), afterProcessingTime(5)))).toBe(false);
  });
});

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
} from '../../src/index';

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

import { map, share, Subject, type Observable } from 'rxjs';
import { afterWatermark, assignEventTime, Combine, combinePerKey, DEFAULT_STRATEGY, fixedWindow, type EventTimeRecord, type Pane } from '../../src/index';
import { fusedStream, sendWatermark, subscribeRecords, type RecordSink } from '../../src/operators/fusion';

interface Reading {
  readonly user: string;
  readonly t: number;
}

/** What came out after each input, so that a watermark applied late or not at all shows. */
function run(between: (records: Observable<EventTimeRecord<Reading>>) => Observable<EventTimeRecord<Reading>>): string[] {
  const input = new Subject<Reading>();
  const lines: string[] = [];
  input
    .pipe(
      assignEventTime((r: Reading) => r.t, { watermark: 5, emitWatermark: 'perElement' }),
      between,
      fixedWindow(10),
      afterWatermark({ allowedLateness: 5, accumulation: 'accumulating' }),
      combinePerKey((r: Reading) => r.user, Combine.count<Reading>(), { deadLetters: { next: (d) => lines.push(`dead ${d.reason} ${JSON.stringify(d.value)}`) } }),
    )
    .subscribe((p) => lines.push(`pane ${p.key} [${p.window.start},${p.window.end}) ${p.value} ${p.pane.timing} #${p.pane.index}`));
  const readings: Reading[] = [
    { user: 'a', t: 1 },
    { user: 'b', t: 3 },
    { user: 'a', t: 12 },
    { user: 'a', t: 15 },
    { user: 'b', t: 8 },
    { user: 'a', t: 31 },
    { user: 'b', t: 2 },
    { user: 'a', t: 22 },
  ];
  readings.forEach((r, i) => {
    input.next(r);
    lines.push(`after input ${i}`);
  });
  input.complete();
  return lines;
}

describe('the watermark lane of fused operators', () => {
  it('a per-element watermark through the lane gives what the same watermark records give, at the same inputs', () => {
    const throughLane = run((records) => records);
    // A plain RxJS operator in between: the records travel as values and reach fixedWindow as records.
    const asRecords = run((records) => records.pipe(map((r) => r)));
    const expected = [
      'after input 0',
      'after input 1',
      'after input 2',
      'pane a [0,10) 1 ON_TIME #0',
      'pane b [0,10) 1 ON_TIME #0',
      'after input 3',
      'dead window-closed {"user":"b","t":8}',
      'after input 4',
      'pane a [10,20) 2 ON_TIME #0',
      'after input 5',
      'dead beyond-allowed-lateness {"user":"b","t":2}',
      'after input 6',
      'after input 7',
      'pane a [20,30) 1 ON_TIME #0',
      'pane a [30,40) 1 ON_TIME #0',
    ];
    expect(asRecords).toEqual(expected);
    expect(throughLane).toEqual(expected);
  });

  it('sendWatermark uses the lane when the sink has one, and a watermark record otherwise', () => {
    const calls: string[] = [];
    const base = { element: () => undefined, error: () => undefined, complete: () => undefined };
    const withLane: RecordSink<number> = { ...base, record: (r) => calls.push(`record ${JSON.stringify(r)}`), watermark: (wm) => calls.push(`lane ${wm}`) };
    const without: RecordSink<number> = { ...base, record: (r) => calls.push(`record ${JSON.stringify(r)}`) };
    sendWatermark(withLane, 7);
    sendWatermark(without, 8);
    expect(calls).toEqual(['lane 7', 'record {"kind":"watermark","watermark":8}']);
  });

  it('a fused stream passes the lane on, and not after it completed; subscribed by anyone else, the lane is a watermark record', () => {
    const stream = fusedStream<number>(
      (sink) => {
        sendWatermark(sink, 1);
        sink.complete();
        sendWatermark(sink, 2);
      },
      { strategy: 'none', sharesGate: false },
    );
    const calls: string[] = [];
    subscribeRecords<number>('spec', stream, {
      element: () => undefined,
      record: (r) => calls.push(`record ${JSON.stringify(r)}`),
      watermark: (wm) => calls.push(`lane ${wm}`),
      error: () => undefined,
      complete: () => calls.push('complete'),
    });
    const values: unknown[] = [];
    stream.subscribe((v) => values.push(v));
    expect(calls).toEqual(['lane 1', 'complete']);
    expect(values).toEqual([{ kind: 'watermark', watermark: 1 }]);
  });
});

describe('a stream shared after its strategy operators', () => {
  it('every subscriber that came before its first record gets its strategy: two groupings on one share() give the windowed panes', () => {
    const input = new Subject<Reading>();
    const windowed$ = input.pipe(
      assignEventTime((r: Reading) => r.t, { watermark: 5, emitWatermark: 'perElement' }),
      fixedWindow(10),
      afterWatermark({ accumulation: 'accumulating' }),
      share(),
    );
    const lines: string[] = [];
    const line = (name: string) => (p: Pane<number, string>) => lines.push(`${name} [${p.window.start},${p.window.end}) ${p.value} ${p.pane.timing}`);
    windowed$.pipe(combinePerKey(() => 'all', Combine.count<Reading>())).subscribe(line('count'));
    windowed$.pipe(combinePerKey(() => 'all', Combine.countDistinct((r: Reading) => r.user))).subscribe(line('users'));
    for (const r of [{ user: 'a', t: 1 }, { user: 'b', t: 3 }, { user: 'a', t: 12 }, { user: 'a', t: 21 }]) input.next(r);
    input.complete();
    // Without the strategy record, the second grouping would put all four in the global window.
    expect(lines).toEqual([
      'count [0,10) 2 ON_TIME',
      'users [0,10) 2 ON_TIME',
      // The completion's watermark reaches the first grouping, then the second.
      'count [10,20) 1 ON_TIME',
      'count [20,30) 1 ON_TIME',
      'users [10,20) 1 ON_TIME',
      'users [20,30) 1 ON_TIME',
    ]);
  });

  it('the strategy record goes out on a plain subscription with the first record after it, in order', () => {
    const records: string[] = [];
    const stream = fusedStream<number>(
      (sink) => {
        sink.record({ kind: 'strategy', strategy: DEFAULT_STRATEGY });
        records.push('subscribed');
        sink.element(1, 1, undefined);
        sink.complete();
      },
      { strategy: 'first', sharesGate: false },
    );
    stream.subscribe({ next: (r) => records.push(r.kind), complete: () => records.push('complete') });
    expect(records).toEqual(['subscribed', 'strategy', 'element', 'complete']);
    // An empty stream still says its strategy, before it completes.
    const empty: string[] = [];
    fusedStream<number>(
      (sink) => {
        sink.record({ kind: 'strategy', strategy: DEFAULT_STRATEGY });
        sink.complete();
      },
      { strategy: 'first', sharesGate: false },
    ).subscribe({ next: (r) => empty.push(r.kind), complete: () => empty.push('complete') });
    expect(empty).toEqual(['strategy', 'complete']);
  });
});

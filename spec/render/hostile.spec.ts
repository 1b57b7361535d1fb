import { of, VirtualTimeScheduler } from 'rxjs';
import { explainPane, recordRun, renderTimeline, type EventTimeRecord, type RecordedEvent, type RunRecording } from '../../src/index';
import { clockTime } from '../../src/render/svg';
import { formatUtc } from '../../src/formatUtc';
import { itWithChromium, requireChromium, viewInChromium } from './chromium';
import { xmlCharProblems } from './xmlChars';

const ON_TIME = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true } as const;

function paneEvent(seq: number, key: unknown, value: unknown, start: number, size = 1_000): RecordedEvent<string> {
  const window = { start, end: start + size, maxTimestamp: start + size - 1 };
  return {
    kind: 'pane',
    seq,
    processingTime: seq,
    pane: { key, window, value, pane: ON_TIME, timestamp: window.maxTimestamp },
    firing: { cause: 'watermark', inputWatermark: window.end, outputWatermark: window.maxTimestamp, processingTime: seq, readyTriggers: ['AfterWatermark.pastEndOfWindow()'] },
  };
}

describe('renderTimeline with hostile text', () => {
  // Every C0 control, DEL, C1 CSI, a right-to-left override, a lone surrogate and the two noncharacters.
  const nasty = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u009b\u202e\ud800\ufffe\uffff';
  const recording: RunRecording<string> = {
    events: [
      { kind: 'element', seq: 0, processingTime: 0, eventTime: 5, value: 'x', label: `label${nasty}` },
      paneEvent(1, `key\u0007${nasty}`, { [`field${nasty}`]: `value${nasty}` }, 0),
    ],
  };
  const svg = renderTimeline(recording, { title: `title${nasty}` });

  it('writes control characters in keys, values, labels and the title as visible escapes: the SVG stays valid XML', () => {
    expect(xmlCharProblems(svg)).toEqual([]);
    const label = /<g data-pane="1"[^>]*>.*?<text [^>]*>([^<]*)<\/text>/.exec(svg)![1];
    expect(label.startsWith('#1 ON_TIME key\\u0007\\u0000\\u0001')).toBe(true);
    expect(svg).toContain('<title>title\\u0000\\u0001\\u0002');
    expect(svg).toContain('\\u007f\\u009b\\u202e\\ud800\\ufffe\\uffff');
  });

  it('the check above catches what the old escaping let through', () => {
    expect(xmlCharProblems('<a>\u0007</a>')).toEqual(['character U+0007 at 3']);
    expect(xmlCharProblems('<a>&#x1b;&#7;&#9;</a>')).toEqual(['reference &#x1b; at 3', 'reference &#7; at 9']);
  });

  itWithChromium()(
    'loads in headless Chromium with control characters in its text',
    async () => {
      requireChromium();
      const view = await viewInChromium(svg);
      expect(view.error).toBeUndefined();
      expect(view.panes).toBe(1);
    },
    90_000,
  );
});

describe('keys and values that fight back', () => {
  const throwing = {
    toString(): string {
      throw new Error('toString');
    },
    toJSON(): unknown {
      throw new Error('toJSON');
    },
  };
  const getter = {
    get broken(): number {
      throw new Error('getter');
    },
  };
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const labelOf = (svg: string) => /<g data-pane="1"[^>]*>.*?<text [^>]*>([^<]*)<\/text>/.exec(svg)![1];

  it.each<[string, unknown, unknown, string]>([
    ['a key whose toString and toJSON throw', throwing, 1, 'an object (Object)'],
    ['a null-prototype key', Object.assign(Object.create(null) as object, { a: 1 }), 1, '{"a":1}'],
    ['a BigInt key', 5n, 1, '5n'],
    ['a symbol key', Symbol('s'), 1, 'Symbol("s")'],
  ])('%s: the picture and the explanation name it', (_what, key, value, inExplanation) => {
    const recording: RunRecording<string> = { events: [paneEvent(0, key, value, 0)] };
    expect(() => renderTimeline(recording)).not.toThrow();
    const p = recording.events[0] as Extract<RecordedEvent<string>, { kind: 'pane' }>;
    expect(explainPane(p.pane, p.firing)).toContain(`of key ${inExplanation} in window`);
  });

  it('values with throwing getters, cycles and BigInts are drawn with a short text', () => {
    const svg = renderTimeline({ events: [paneEvent(0, 'a', getter, 0), paneEvent(1, 'b', cyclic, 1_000), paneEvent(2, 'c', 7n, 2_000)] });
    const labels = [...svg.matchAll(/<g data-pane="\d+"[^>]*>.*?<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['#1 ON_TIME a an object (Object)', '#2 ON_TIME b a=1 self=an object (Object)', '#3 ON_TIME c 7n']);
    expect(labelOf(svg)).toBe('#1 ON_TIME a an object (Object)');
  });

  it('recordRun labels a value whose toJSON and toString throw by what it is', () => {
    const recorder = recordRun<unknown>({ scheduler: new VirtualTimeScheduler() });
    of<EventTimeRecord<unknown>>({ kind: 'element', value: throwing, timestamp: 5 }).pipe(recorder.input).subscribe();
    expect(recorder.recording.events).toEqual([{ kind: 'element', seq: 0, processingTime: 0, eventTime: 5, value: throwing, label: 'an object (Object)' }]);
  });
});

describe('renderTimeline on a long run', () => {
  it(
    'draws 100,000 panes in their own windows (the event-time axis overflowed the stack) as counts per cell',
    () => {
      const events = Array.from({ length: 100_000 }, (_, i) => paneEvent(i, 'k', i, i * 1_000));
      const svg = renderTimeline({ events }, { explain: false });
      // Drawn as counts per cell: every pane counted once, in a bounded number of nodes.
      expect([...svg.matchAll(/<g data-panes="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0)).toBe(100_000);
      expect(svg.match(/<[a-z]/g)!.length).toBeLessThan(3_000);
      // The axis spans all windows: the first band starts near the top, the last tick near the bottom.
      const at = svg.indexOf('<rect data-window="0:1000"');
      const top = Number(/ y="([\d.]+)"/.exec(svg.slice(at, at + 200))![1]);
      const height = Number(/height="(\d+)"/.exec(svg)![1]);
      const bottom = height - 34;
      expect(top).toBeCloseTo(bottom - 360 + 360 * (0.03 / 1.06), 1);
      const ticks = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)"[^>]*>(\d\d:\d\d:\d\d)<\/text>/g)];
      expect(Number(ticks[ticks.length - 1][1]) - 3).toBeGreaterThan(bottom - 360 * (0.03 / 1.06) - 14);
    },
    120_000,
  );
});

describe('clockTime (the picture’s fast time of day)', () => {
  it('writes what date-fns writes in UTC, for whole and fractional seconds, before 1970 and in far years', () => {
    const times = [0, 999, 1_000, 61_001, 86_399_999, -1, -86_400_000, 1_704_067_205_000, 1_704_067_205_250, 999.7, 253_402_300_799_999, 4e15, -4e15, -62_198_755_200_000];
    expect(times.map(clockTime)).toEqual(times.map((t) => formatUtc(t, t % 1000 === 0 ? 'HH:mm:ss' : 'HH:mm:ss.SSS')));
  });
});

import { of, VirtualTimeScheduler } from 'rxjs';
import {
  Combine,
  combinePerKey,
  explainPane,
  recordRun,
  renderTimeline,
  slidingWindow,
  type EventTimeRecord,
  type RecordedEvent,
  type RunRecording,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';
import { recordStream } from '../../demos/timeline';
import { runStream } from '../../demos/tutorial';
import { itWithChromium, requireChromium, viewInChromium } from './chromium';
import { retractingRun, smallRun } from './runs';
import { xmlCharProblems } from './xmlChars';

const attrs = (svg: string, tag: string, name: string) => [...svg.matchAll(new RegExp(`<${tag} ${name}="[^"]*"[^>]*>`, 'g'))].map((m) => m[0]);
const paneMarks = (svg: string) =>
  [...svg.matchAll(/<g data-pane="(\d+)" data-timing="(\w+)" data-cause="(\w+)"( data-last="true")?>.*?<text [^>]*>([^<]*)<\/text>/g)].map((m) => ({
    n: Number(m[1]),
    timing: m[2],
    cause: m[3],
    last: m[4] !== undefined,
    label: m[5],
  }));

/**
 * A recording of a sliding-window run with `panes` panes, written out (a pipeline run of this length
 * takes long): each second one element arrives, the watermark follows it, and the 10 s window ending
 * a second later fires ON_TIME.
 */
function slidingRun(panes: number): RunRecording<string> {
  const events: RecordedEvent<string>[] = [];
  for (let i = 0; i < panes; i++) {
    const t = i * 1_000;
    const window = { start: t - 9_000, end: t + 1_000, maxTimestamp: t + 999 };
    events.push({ kind: 'element', seq: events.length, processingTime: t, eventTime: t, value: `r${i}`, label: `r${i}` });
    events.push({ kind: 'watermark', seq: events.length, processingTime: t, watermark: t + 1_000 });
    events.push({
      kind: 'pane',
      seq: events.length,
      processingTime: t,
      pane: { key: 'k', window, value: 10, pane: { timing: i % 7 === 0 ? 'LATE' : 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: t + 999 },
      firing: { cause: 'watermark', inputWatermark: t + 1_000, outputWatermark: t + 999, processingTime: t, readyTriggers: ['AfterWatermark.pastEndOfWindow()'] },
    });
  }
  return { events };
}

describe('renderTimeline', () => {
  const stream = recordStream();
  const svg = renderTimeline(stream.recording, { title: 'tutorial stream run' });

  it('records the same panes as the tutorial stream run', () => {
    expect(stream.panes).toEqual(runStream());
  });

  it('draws the tutorial stream run: six pane marks with their timing, cause, key and value', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" data-timeline="true"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expect(paneMarks(svg)).toEqual([
      { n: 1, timing: 'ON_TIME', cause: 'watermark', last: false, label: '#1 ON_TIME u1 count=2 sum_amount=35' },
      { n: 2, timing: 'ON_TIME', cause: 'watermark', last: false, label: '#2 ON_TIME u2 count=1 sum_amount=8' },
      { n: 3, timing: 'ON_TIME', cause: 'watermark', last: false, label: '#3 ON_TIME u1 count=1 sum_amount=-5' },
      { n: 4, timing: 'ON_TIME', cause: 'watermark', last: false, label: '#4 ON_TIME u2 count=1 sum_amount=12' },
      { n: 5, timing: 'ON_TIME', cause: 'watermark', last: false, label: '#5 ON_TIME u3 count=1 sum_amount=9' },
      { n: 6, timing: 'LATE', cause: 'garbageCollection', last: true, label: '#6 LATE u2 count=2 sum_amount=11' },
    ]);
    expect(attrs(svg, 'g', 'data-pane')).toHaveLength(6);
  });

  it('draws the seven elements (the out-of-order u2 3 hollow, as late), two window bands and the watermark line', () => {
    expect(attrs(svg, 'g', 'data-element')).toHaveLength(7);
    expect([...svg.matchAll(/<g data-element="\d+" data-late="true">.*?<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(['u2 3']);
    expect(svg).not.toContain('data-dropped');
    expect(attrs(svg, 'rect', 'data-window')).toHaveLength(2);
    expect(attrs(svg, 'path', 'data-watermark')).toHaveLength(1);
    expect(svg).toContain('>watermark +inf</text>');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('lists every pane explained under the picture, times as clock time and processing time since the start', () => {
    const unescape = (t: string) => t.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const lines = [...svg.matchAll(/<text data-explanation="true"[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]));
    const paragraphs = lines.join('\n').replace(/\n {4}/g, ' ').split('\n');
    const root = 'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime(delay=10000)).withLateFirings(AfterProcessingTime(delay=10000))';
    const onTime = (n: number, key: string, w: string, iw: string, ow: string, pt: string) =>
      `#${n} The ON_TIME pane 0 (first) of key "${key}" in window ${w} fired when the input watermark passed the end of the window ` +
      `and the trigger was ready, at input watermark ${iw}, output watermark ${ow} and processing time ${pt}.`;
    expect(paragraphs).toEqual([
      `Trigger: ${root}`,
      onTime(1, 'u1', '[00:00:00, 00:01:00)', '00:01:01', '00:00:59.999', '+5s'),
      onTime(2, 'u2', '[00:00:00, 00:01:00)', '00:01:01', '00:00:59.999', '+5s'),
      onTime(3, 'u1', '[00:01:00, 00:02:00)', '00:02:01', '00:01:59.999', '+10s'),
      onTime(4, 'u2', '[00:01:00, 00:02:00)', '00:02:01', '00:01:59.999', '+10s'),
      onTime(5, 'u3', '[00:01:00, 00:02:00)', '00:02:01', '00:01:59.999', '+10s'),
      '#6 The LATE pane 1 (last) of key "u2" in window [00:00:00, 00:01:00) came out at garbage collection (watermark past the ' +
        "window's end plus the allowed lateness), at input watermark +inf, output watermark 00:02:59.999 and processing time +10s.",
    ]);
    // The whole trigger is written once; each tooltip keeps the full sentence.
    expect(svg.split(root.slice(0, 40)).length - 1).toBe(1 + 5);
    expect(renderTimeline(stream.recording, { explain: false })).not.toContain('data-explanation');
  });

  it('draws dropped elements in red', () => {
    const small = renderTimeline(smallRun());
    const dropped = [...small.matchAll(/<g data-element="(\d+)"( data-late="true")? data-dropped="true"><circle [^>]*fill="([^"]+)"[^>]*\/><text [^>]*>([^<]*)<\/text><title>([^<]*)<\/title>/g)];
    expect(dropped.map((m) => [m[1], m[3], m[4], m[5]])).toEqual([
      ['9', '#dc2626', 'd', 'd at event time 00:00:05, arrived +25s, dropped from [00:00:00, 00:01:00)'],
    ]);
    expect(paneMarks(small).map((p) => [p.timing, p.cause, p.last])).toEqual([
      ['EARLY', 'element', false],
      ['ON_TIME', 'watermark', false],
      ['LATE', 'processingTime', false],
      ['ON_TIME', 'garbageCollection', true],
    ]);
  });

  it('draws a retraction as a hollow, struck-through square labelled "retracts", explained as withdrawing its pane, with a legend entry', () => {
    const svg = renderTimeline(retractingRun());
    const marks = [...svg.matchAll(/<g data-pane="(\d+)" data-timing="(\w+)" data-cause="(\w+)"( data-last="true")?( data-retraction="true")?>(.*?)<\/g>/g)];
    expect(marks.map((m) => [m[1], m[2], m[5] !== undefined])).toEqual([
      ['1', 'EARLY', false],
      ['2', 'EARLY', true],
      ['3', 'EARLY', false],
      ['4', 'EARLY', true],
      ['5', 'ON_TIME', false],
    ]);
    const second = marks[1][6];
    expect(second).toMatch(/^<rect [^>]*fill="#ffffff" stroke="#2563eb" stroke-width="2"\/><line [^>]*stroke="#2563eb" stroke-width="2"\/>/);
    expect(second).toContain('>#2 retracts EARLY k 1</text>');
    expect(second).toContain('<title>#2 A retraction withdraws the EARLY pane 0 (first) of key &quot;k&quot; in window [00:00:00, 00:01:00)');
    expect(svg).toContain('>retraction (withdraws a pane)</text>');
    expect(renderTimeline(smallRun())).not.toContain('retraction');
  });

  it('draws an element in a gap between sliding windows as dropped, with no window', () => {
    const scheduler = new VirtualTimeScheduler();
    const recorder = recordRun<string>({ scheduler });
    testStream<string>()
      .addElements(timestamped('a', 5_000), timestamped('g', 15_000))
      .advanceWatermarkToInfinity()
      .build({ scheduler })
      .pipe(recorder.input, slidingWindow(10_000, 20_000), combinePerKey(() => 'k', Combine.count<string>(), { scheduler, ...recorder.hooks }))
      .subscribe();
    scheduler.flush();
    const svg = renderTimeline(recorder.recording);
    const dropped = [...svg.matchAll(/<g data-element="(\d+)"( data-late="true")? data-dropped="true"><circle [^>]*fill="([^"]+)"[^>]*\/><text [^>]*>([^<]*)<\/text><title>([^<]*)<\/title>/g)];
    expect(dropped.map((m) => [m[1], m[3], m[4], m[5]])).toEqual([
      ['1', '#dc2626', 'g', 'g at event time 00:00:15, arrived +0s, dropped: the window function gave it no window'],
    ]);
    expect(paneMarks(svg).map((p) => p.label)).toEqual(['#1 ON_TIME k 1']);
  });

  it('escapes text, and draws an empty recording without failing', () => {
    const window = { start: 0, end: 1_000, maxTimestamp: 999 };
    const recording: RunRecording<string> = {
      events: [
        {
          kind: 'pane',
          seq: 0,
          processingTime: 0,
          pane: { key: 'a<b & "c"', window, value: '</svg>', pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: 999 },
          firing: { cause: 'watermark', inputWatermark: 1_000, outputWatermark: 999, processingTime: 0, readyTriggers: ['AfterWatermark.pastEndOfWindow()'] },
        },
      ],
    };
    const text = renderTimeline(recording, { title: 'x <y>' });
    expect(paneMarks(text).map((p) => p.label)).toEqual(['#1 ON_TIME a&lt;b &amp; &quot;c&quot; &lt;/svg&gt;']);
    expect(text).toContain('<title>x &lt;y&gt;</title>');
    expect(text.match(/<\/svg>/g)).toHaveLength(1);
    const empty = renderTimeline({ events: [] });
    expect(attrs(empty, 'g', 'data-pane')).toHaveLength(0);
    expect(empty).not.toMatch(/NaN|Infinity/);
  });

  it('draws a long run as counts per cell: every pane counted once, the picture within size and a bounded number of nodes', () => {
    const long = slidingRun(5_000);
    expect(long.events.filter((e) => e.kind === 'pane')).toHaveLength(5_000);
    const picture = renderTimeline(long, { width: 1200, height: 600 });
    expect(picture.startsWith('<svg xmlns="http://www.w3.org/2000/svg" data-timeline="true" width="1200" height="600"')).toBe(true);
    const counts = [...picture.matchAll(/<g data-panes="(\d+)"/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect([...picture.matchAll(/<g data-elements="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0)).toBe(5_000);
    expect(picture).not.toContain('data-pane="');
    expect(picture.match(/<[a-z]/g)!.length).toBeLessThan(3_000);
    const lines = [...picture.matchAll(/<text data-explanation="true"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(lines.length).toBeLessThanOrEqual(Math.floor((0.4 * 600) / 14));
    expect(lines[lines.length - 1]).toMatch(/^… and \d+ more panes$/);
  });

  it('refuses a size too small for the title, legend and an axis', () => {
    expect(() => renderTimeline(stream.recording, { width: 1200, height: 100 })).toThrow(
      new RangeError('renderTimeline: height must be at least 215 px for the title, legend and an axis at width 1200, got 100'),
    );
    expect(() => renderTimeline(stream.recording, { width: 200 })).toThrow(new RangeError('renderTimeline: width must be at least 320 px, got 200'));
  });

  itWithChromium()(
    'loads in headless Chromium: the SVG parses as XML and shows six pane marks inside the picture',
    async () => {
      requireChromium();
      const [tutorial, small] = await Promise.all([viewInChromium(svg), viewInChromium(renderTimeline(smallRun()))]);
      expect(tutorial).toEqual({
        panes: 6,
        dropped: 0,
        timings: ['ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'LATE'],
        labels: [
          '#1 ON_TIME u1 count=2 sum_amount=35',
          '#2 ON_TIME u2 count=1 sum_amount=8',
          '#3 ON_TIME u1 count=1 sum_amount=-5',
          '#4 ON_TIME u2 count=1 sum_amount=12',
          '#5 ON_TIME u3 count=1 sum_amount=9',
          '#6 LATE u2 count=2 sum_amount=11',
        ],
        width: expect.any(Number),
        height: expect.any(Number),
        panesInside: true,
        canvas: { width: 1200, height: expect.any(Number) },
        outside: [],
        turned: 0,
        overlaps: [],
        nodes: expect.any(Number),
      });
      expect(tutorial.width).toBeGreaterThan(500);
      expect(tutorial.height).toBeGreaterThan(300);
      expect(small).toMatchObject({ panes: 4, dropped: 1, timings: ['EARLY', 'ON_TIME', 'LATE', 'ON_TIME'], panesInside: true, outside: [], turned: 0, overlaps: [] });
    },
    90_000,
  );

  itWithChromium()(
    'fits every mark, label and sentence inside the requested size, labels horizontal and apart, at 1200x600, 640x480 and for 5,000 panes',
    async () => {
      requireChromium();
      const long = slidingRun(5_000);
      const [wide, narrow, crowded] = await Promise.all([
        viewInChromium(renderTimeline(stream.recording, { title: 'tutorial stream run: spend per user, 60 s windows, 120 s allowed lateness', width: 1200, height: 600 })),
        viewInChromium(renderTimeline(smallRun(), { width: 640, height: 480 })),
        viewInChromium(renderTimeline(long, { width: 1200, height: 600 })),
      ]);
      for (const [view, size] of [[wide, { width: 1200, height: 600 }], [narrow, { width: 640, height: 480 }], [crowded, { width: 1200, height: 600 }]] as const) {
        expect(view).toMatchObject({ canvas: size, outside: [], turned: 0, overlaps: [] });
      }
      expect(wide.panes).toBe(6);
      expect(wide.labels.every((l) => l !== null)).toBe(true);
      expect(narrow.panes).toBe(4);
      expect(crowded.nodes).toBeLessThan(3_000);
    },
    120_000,
  );
});

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

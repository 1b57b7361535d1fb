import { explainPane, renderInspector, type RunRecording } from '../../src/index';
import { scriptJson } from '../../src/render/inspector';
import { inspectorData, type InspectorData } from '../../src/render/inspectorData';
import { SLOT, explanationTemplate, fillExplanation, visibleText } from '../../src/render/inspectorText';
import { clockTime, sinceStart } from '../../src/render/svg';
import { recordStream } from '../../demos/timeline';
import { retractingRun, smallRun } from './runs';

/** A pane's sentence as the page shows it: its template filled with its own texts. */
function explanation(d: InspectorData, i: number): string {
  const p = d.panes;
  const w = p.window[i];
  return fillExplanation(d.explanations[p.explanation[i]], {
    k: d.keys[p.key[i]],
    s: d.windows.startText[w],
    e: d.windows.endText[w],
    i: d.instants[p.inputWatermark[i]],
    o: d.instants[p.outputWatermark[i]],
    p: p.processingTime[i],
  });
}

/** The JSON embedded in a page, parsed back. */
function embedded(html: string): unknown {
  const m = /<script type="application\/json" id="inspector-data">([^<]*)<\/script>/.exec(html);
  if (m === null) throw new Error('no embedded data');
  return JSON.parse(m[1]);
}

const T0 = 1704067200000;

describe('inspectorData', () => {
  const stream = inspectorData(recordStream().recording, { keyOf: (e) => e.user_id, title: 'stream' });

  it('reads the tutorial stream run: keys, windows, watermark, elements (u2 3 late) and the six panes in full', () => {
    expect(stream).toMatchObject({ title: 'stream', steps: 17, keysKnown: true, keys: ['"u1"', '"u2"', '"u3"'] });
    expect(stream.clock).toEqual({ seq: [0, 4, 10], text: ['+0s', '+5s', '+10s'] });
    expect(stream.windows).toEqual({
      start: [T0, T0 + 60_000],
      end: [T0 + 60_000, T0 + 120_000],
      startText: ['00:00:00', '00:01:00'],
      endText: ['00:01:00', '00:02:00'],
    });
    expect(stream.watermark).toEqual({ seq: [0, 4, 11, 15], t: [T0, T0 + 61_000, T0 + 121_000, 8.64e15], last: '+inf' });
    expect(stream.elements).toEqual({
      seq: [1, 2, 3, 7, 8, 9, 10],
      t: [5, 20, 35, 62, 70, 75, 50].map((s) => T0 + s * 1000),
      time: ['00:00:05', '00:00:20', '00:00:35', '00:01:02', '00:01:10', '00:01:15', '00:00:50'],
      label: ['u1 20', 'u1 15', 'u2 8', 'u1 -5', 'u2 12', 'u3 9', 'u2 3'],
      key: [0, 0, 1, 0, 1, 2, 1],
      late: [0, 0, 0, 0, 0, 0, 1],
    });
    expect(stream.drops).toEqual({ seq: [], element: [], window: [], reason: [] });
    const p = stream.panes;
    expect({ seq: p.seq, key: p.key, window: p.window, timing: p.timing, cause: p.cause }).toEqual({
      seq: [5, 6, 12, 13, 14, 16],
      key: [0, 1, 0, 1, 2, 1],
      window: [0, 0, 1, 1, 1, 0],
      timing: [1, 1, 1, 1, 1, 2],
      cause: [1, 1, 1, 1, 1, 3],
    });
    expect(p.timing.map((t) => stream.timings[t])).toEqual(['ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'LATE']);
    expect(p.cause.map((c) => stream.causes[c])).toEqual(['watermark', 'watermark', 'watermark', 'watermark', 'watermark', 'garbageCollection']);
    expect({ index: p.index, onTimeIndex: p.onTimeIndex, first: p.first, last: p.last, previous: p.previous }).toEqual({
      index: [0, 0, 0, 0, 0, 1],
      onTimeIndex: [0, 0, 0, 0, 0, 1],
      first: [1, 1, 1, 1, 1, 0],
      last: [0, 0, 0, 0, 0, 1],
      previous: [-1, -1, -1, -1, -1, 1],
    });
    expect(p.label).toEqual(['count=2 sum_amount=35', 'count=1 sum_amount=8', 'count=1 sum_amount=-5', 'count=1 sum_amount=12', 'count=1 sum_amount=9', 'count=2 sum_amount=11']);
    expect(p.value[5]).toBe('{\n "count": 2,\n "sum_amount": 11\n}');
    const instants = (ix: number[]) => ix.map((i) => stream.instants[i]);
    expect(instants(p.inputWatermark)).toEqual(['00:01:01', '00:01:01', '00:02:01', '00:02:01', '00:02:01', '+inf']);
    expect(instants(p.outputWatermark)).toEqual(['00:00:59.999', '00:00:59.999', '00:01:59.999', '00:01:59.999', '00:01:59.999', '00:02:59.999']);
    expect(instants(p.timestamp)).toEqual(['00:00:59.999', '00:00:59.999', '00:01:59.999', '00:01:59.999', '00:01:59.999', '00:00:59.999']);
    expect(p.processingTime).toEqual(['+5s', '+5s', '+10s', '+10s', '+10s', '+10s']);
  });

  it("explains every pane as explainPane does, from two shared templates", () => {
    const root = 'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime(delay=10000)).withLateFirings(AfterProcessingTime(delay=10000))';
    const onTime = (key: string, w: string, iw: string, ow: string, pt: string) =>
      `The ON_TIME pane 0 (first) of key "${key}" in window ${w} fired when the input watermark passed the end of the window ` +
      `and ${root} was ready, at input watermark ${iw}, output watermark ${ow} and processing time ${pt}.`;
    expect(stream.panes.seq.map((_, i) => explanation(stream, i))).toEqual([
      onTime('u1', '[00:00:00, 00:01:00)', '00:01:01', '00:00:59.999', '+5s'),
      onTime('u2', '[00:00:00, 00:01:00)', '00:01:01', '00:00:59.999', '+5s'),
      onTime('u1', '[00:01:00, 00:02:00)', '00:02:01', '00:01:59.999', '+10s'),
      onTime('u2', '[00:01:00, 00:02:00)', '00:02:01', '00:01:59.999', '+10s'),
      onTime('u3', '[00:01:00, 00:02:00)', '00:02:01', '00:01:59.999', '+10s'),
      'The LATE pane 1 (last) of key "u2" in window [00:00:00, 00:01:00) was emitted at garbage collection, without asking ' +
        "the trigger: the input watermark passed the end of the window plus the allowed lateness, so the window's last pane came out " +
        'and its state was dropped, at input watermark +inf, output watermark 00:02:59.999 and processing time +10s.',
    ]);
    expect(stream.explanations).toHaveLength(2);
  });

  it('marks retractions, each with the pane it withdraws as its previous pane, and explains them as explainPane does', () => {
    const run = retractingRun();
    const d = inspectorData(run);
    const start = run.events[0].processingTime;
    expect(d.panes.retraction).toEqual([0, 1, 0, 1, 0]);
    // #2 withdraws #1, #4 withdraws #3; the panes that replace them follow #1 and #3, not the retractions.
    expect(d.panes.previous).toEqual([-1, 0, 0, 2, 2]);
    const expected = run.events.flatMap((e) =>
      e.kind === 'pane' ? [explainPane(e.pane, e.firing, { formatTime: clockTime, formatProcessingTime: (t) => sinceStart(t, start) })] : [],
    );
    expect(d.panes.seq.map((_, i) => explanation(d, i))).toEqual(expected);
    expect(explanation(d, 1)).toMatch(/^A retraction withdraws the EARLY pane 0 \(first\) of key "k"/);
  });

  it('gives back explainPane exactly for panes of every cause, and a dropped element tied to its window', () => {
    const run = smallRun();
    const d = inspectorData(run);
    const start = run.events[0].processingTime;
    const expected = run.events.flatMap((e) =>
      e.kind === 'pane' ? [explainPane(e.pane, e.firing, { formatTime: clockTime, formatProcessingTime: (t) => sinceStart(t, start) })] : [],
    );
    expect(d.panes.seq.map((_, i) => explanation(d, i))).toEqual(expected);
    expect(d.panes.cause.map((c) => d.causes[c])).toEqual(['element', 'watermark', 'processingTime', 'garbageCollection']);
    expect(d.keysKnown).toBe(false);
    expect(d.elements.key).toEqual([-1, -1, -1, -1, -1]);
    expect(d.drops).toEqual({ seq: [10], element: [3], window: [0], reason: ['beyond-allowed-lateness'] });
    expect(d.elements.label[3]).toBe('d');
  });

  it('keeps a template exact whatever the texts hold, the slot mark itself included', () => {
    const window = { start: 0, end: 1_000, maxTimestamp: 999 };
    const pane = { key: `k${SLOT}k "${SLOT}k"`, window, value: 1, pane: { timing: 'ON_TIME' as const, index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: 999 };
    const firing = { cause: 'element' as const, inputWatermark: 0, outputWatermark: 0, processingTime: 5, readyTriggers: [`T${SLOT}s${SLOT}_`, `"${SLOT}k"`] };
    const time = (t: number) => `t${SLOT}${t}`;
    const processing = (t: number) => `p${t}`;
    const template = explanationTemplate(pane, firing, time, processing);
    const filled = fillExplanation(template, {
      k: visibleText(JSON.stringify(pane.key)),
      s: time(0),
      e: time(1000),
      i: time(0),
      o: time(0),
      p: processing(5),
    });
    expect(filled).toBe(visibleText(explainPane(pane, firing, { formatTime: time, formatProcessingTime: processing })));
  });
});

describe('renderInspector: the HTML', () => {
  const nasty = '</script><script>alert(1)</script><!--';
  const window = { start: 0, end: 60_000, maxTimestamp: 59_999 };
  const recording: RunRecording<string> = {
    events: [
      { kind: 'element', seq: 0, processingTime: 0, eventTime: 1_000, value: nasty, label: `${nasty}\u0000` },
      {
        kind: 'pane',
        seq: 1,
        processingTime: 0,
        pane: { key: `${nasty}\u0000\u001b[31m\u2028\u202e`, window, value: { html: '</SCRIPT>', bell: '\u0007' }, pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 59_999 },
        firing: { cause: 'element', inputWatermark: 0, outputWatermark: 0, processingTime: 0, readyTriggers: ['AfterCount(1)'] },
      },
    ],
  };
  const options = { title: '<b>"run"</b> & \u0007', keyOf: (v: string) => v };
  const html = renderInspector(recording, options);

  it('is one page that loads nothing: inline style and script, a policy against requests, no address', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).not.toMatch(/@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
  });

  it('escapes the data: no </script>, <!-- or control, separator or direction character gets through', () => {
    expect(html).not.toContain('<!--');
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(embedded(html)).toEqual(inspectorData(recording, options));
    const d = inspectorData(recording, options);
    expect(d.keys).toEqual([
      '"</script><script>alert(1)</script><!--"',
      '"</script><script>alert(1)</script><!--\\u0000\\u001b[31m\\u2028\\u202e"',
    ]);
    expect(d.elements.key).toEqual([0]);
    expect(d.elements.label).toEqual(['</script><script>alert(1)</script><!--\\u0000']);
    expect(d.panes.key).toEqual([1]);
    expect(d.panes.value).toEqual(['{\n "html": "</SCRIPT>",\n "bell": "\\u0007"\n}']);
    expect(explanation(d, 0)).toBe(
      'The EARLY pane 0 (first) of key "</script><script>alert(1)</script><!--\\u0000\\u001b[31m\\u2028\\u202e" in window [00:00:00, 00:01:00) ' +
        'fired when an element arrived and AfterCount(1) was ready, at input watermark 00:00:00, output watermark 00:00:00 and processing time +0s.',
    );
  });

  it('escapes the title as HTML text', () => {
    expect(html).toContain('<title>&lt;b&gt;&quot;run&quot;&lt;/b&gt; &amp; \\u0007</title>');
    expect(html).toContain('<h1>&lt;b&gt;&quot;run&quot;&lt;/b&gt; &amp; \\u0007</h1>');
  });

  it('scriptJson writes JSON that reads back the same and cannot close or comment out a script', () => {
    const value = { a: '</script>', b: '<!-- x -->', c: 'a & b', d: '\u2028\u2029', e: '\u0000', f: '\ud800' };
    const text = scriptJson(value);
    expect(text).toBe('{"a":"\\u003c/script\\u003e","b":"\\u003c!-- x --\\u003e","c":"a \\u0026 b","d":"\\u2028\\u2029","e":"\\u0000","f":"\\ud800"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('reads an empty recording', () => {
    const d = inspectorData({ events: [] });
    expect(d).toMatchObject({ steps: 0, tMin: -30, tMax: 1030, keys: [], explanations: [] });
    expect(embedded(renderInspector({ events: [] }))).toEqual(d);
  });

  it('says which element a failing keyOf failed on', () => {
    expect(() => renderInspector(recording, { keyOf: () => { throw new Error('no key'); } })).toThrow(
      'renderInspector: keyOf failed on the element recorded at step 0: no key',
    );
  });
});

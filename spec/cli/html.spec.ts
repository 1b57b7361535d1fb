import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InspectorData } from '../../src/render/inspectorData';
import { ndjson, runCli, TUTORIAL } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The data embedded in an inspector page written by the command. */
function pageData(file: string): InspectorData {
  const m = /<script type="application\/json" id="inspector-data">([^<]*)<\/script>/.exec(readFileSync(file, 'utf8'));
  if (m === null) throw new Error(`${file} holds no inspector data`);
  return JSON.parse(m[1]) as InspectorData;
}

const ARGS = ['window', '--key', 'user_id', '--time', 'event_time', '--time-unit', 's', '--size', '60s', '--allowed-lateness', '2m', '--count', '--sum', 'amount'];
const SUMMARY = 'rxjs-event-time: summary: lines=7 events=7 bad=0 blank=0 dropped=0 panes=6\n';

describe('rxjs-event-time window --html', () => {
  it('writes the inspector page of the run besides the same panes on standard output', async () => {
    const file = join(dir, 'run.html');
    const plain = await runCli(ARGS, ndjson(TUTORIAL));
    const r = await runCli([...ARGS, '--html', file], ndjson(TUTORIAL));
    expect([r.code, r.stdout]).toEqual([0, plain.stdout]);
    expect(r.stderr).toBe(`rxjs-event-time: wrote the inspector page to ${file}\n${SUMMARY}`);
    const d = pageData(file);
    expect(d.title).toBe(`rxjs-event-time ${[...ARGS, '--html', file].join(' ')}`);
    expect(d.keysKnown).toBe(true);
    expect(d.keys).toEqual(['"u1"', '"u2"', '"u3"']);
    expect(d.elements.label).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(d.elements.key).toEqual([0, 0, 1, 0, 1, 2, 1]);
    expect(d.elements.late).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(d.panes.key).toEqual([0, 1, 1, 0, 1, 2]);
    expect(d.panes.timing.map((t) => d.timings[t])).toEqual(['ON_TIME', 'ON_TIME', 'LATE', 'ON_TIME', 'ON_TIME', 'ON_TIME']);
    expect(d.panes.label).toEqual(['count=2 sum_amount=35', 'count=1 sum_amount=8', 'count=1 sum_amount=3', 'count=1 sum_amount=-5', 'count=1 sum_amount=12', 'count=1 sum_amount=9']);
    expect(d.windows.startText).toEqual(['00:00:00', '00:01:00']);
  });

  it('notes drops on the page as well as on standard error', async () => {
    const file = join(dir, 'drops.html');
    const r = await runCli(['window', '-k', 'u', '-t', 't', '--size', '1m', '--html', file], ndjson([
      { u: 'a', t: 5_000 },
      { u: 'a', t: 70_000 },
      { u: 'a', t: 6_000 },
    ]));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('line 3: dropped: too late for window [1970-01-01T00:00:00.000Z, 1970-01-01T00:01:00.000Z)');
    const d = pageData(file);
    expect(d.drops).toEqual({ seq: [6], element: [2], window: [0], reason: ['beyond-allowed-lateness'] });
    expect([d.elements.seq[2], d.elements.label[2]]).toEqual([5, 'line 3']);
  });

  it('says when the page cannot be written (exit 1, the panes still out), and wants a file name', async () => {
    const file = join(dir, 'missing', 'run.html');
    const r = await runCli([...ARGS, '--html', file], ndjson(TUTORIAL));
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toHaveLength(7);
    expect(r.stderr).toMatch(new RegExp(`^rxjs-event-time: cannot write ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ENOENT: no such file or directory`));
    expect(r.stderr.endsWith(SUMMARY)).toBe(true);
    const empty = await runCli([...ARGS, '--html', '']);
    expect([empty.code, empty.stderr]).toEqual([2, "rxjs-event-time: --html needs a file name\nRun 'rxjs-event-time --help' for usage.\n"]);
  });
});

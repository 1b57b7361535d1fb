import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStreamInspector } from '../../demos/timeline';
import { demoArgs } from '../../demos/tutorial';

describe('tutorial demo: --svg and --html', () => {
  it('reads the pictures to write, of the stream run only', () => {
    expect(demoArgs([])).toEqual({ which: 'all' });
    expect(demoArgs(['stream', '--html', 'run.html'])).toEqual({ which: 'stream', html: 'run.html' });
    expect(demoArgs(['--svg', 'a.svg', '--html', 'b.html'])).toEqual({ which: 'all', svg: 'a.svg', html: 'b.html' });
    expect(demoArgs(['--html'])).toBeUndefined();
    expect(demoArgs(['--html', '--svg', 'a.svg'])).toBeUndefined();
    expect(demoArgs(['batch', '--html', 'b.html'])).toBeUndefined();
    expect(demoArgs(['stream', 'batch'])).toBeUndefined();
  });

  it('writes the inspector page of the stream run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-demo-'));
    try {
      const file = join(dir, 'stream.html');
      writeStreamInspector(file);
      const html = readFileSync(file, 'utf8');
      const data = JSON.parse(/<script type="application\/json" id="inspector-data">([^<]*)<\/script>/.exec(html)![1]) as { keys: string[]; panes: { seq: number[] } };
      expect(html).toContain('<title>tutorial stream run: spend per user, 60 s windows, 120 s allowed lateness</title>');
      expect(data.keys).toEqual(['"u1"', '"u2"', '"u3"']);
      expect(data.panes.seq).toHaveLength(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

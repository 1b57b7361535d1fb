import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderInspector, type RunRecording } from '../../src/index';
import { recordStream } from '../../demos/timeline';
import { CHROMIUM, itWithChromium, requireChromium } from './chromium';
import { manyPanesRun } from './inspectorRuns';
import { retractingRun } from './runs';

// Screenshots go to a temporary folder, removed afterwards unless KEEP_INSPECTOR_SCREENSHOTS is set
// (then its path is printed), to be looked at by a person.
const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-inspector-'));
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  if (process.env.KEEP_INSPECTOR_SCREENSHOTS) {
    // eslint-disable-next-line no-console
    console.log(`inspector screenshots kept in ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Opens a page in headless Chromium from a file, noting console errors and warnings, page errors and requests. */
async function open(name: string, html: string): Promise<{ page: Page; problems: string[] }> {
  requireChromium();
  browser ??= await chromium.launch({ executablePath: CHROMIUM });
  const file = join(dir, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const panesShown = (page: Page) => page.$$eval('[data-pane]', (marks) => marks.map((m) => m.getAttribute('data-pane')));
const status = (page: Page) =>
  page.$eval('#status', (s) => ({ matching: Number(s.getAttribute('data-matching')), drawn: Number(s.getAttribute('data-drawn')), clusters: Number(s.getAttribute('data-clusters')) }));

const ROOT = 'AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime(delay=10000)).withLateFirings(AfterProcessingTime(delay=10000))';
const FIRST =
  'The ON_TIME pane 0 (first) of key "u1" in window [00:00:00, 00:01:00) fired when the input watermark passed the end of the window ' +
  `and ${ROOT} was ready, at input watermark 00:01:01, output watermark 00:00:59.999 and processing time +5s.`;
const LAST =
  'The LATE pane 1 (last) of key "u2" in window [00:00:00, 00:01:00) was emitted at garbage collection, without asking ' +
  "the trigger: the input watermark passed the end of the window plus the allowed lateness, so the window's last pane came out " +
  'and its state was dropped, at input watermark +inf, output watermark 00:02:59.999 and processing time +10s.';

describe('renderInspector in headless Chromium', () => {
  const stream = renderInspector(recordStream().recording, { title: 'tutorial stream run', keyOf: (e) => e.user_id });

  itWithChromium()(
    'shows the tutorial stream run: six panes; hovering and clicking a pane explain it; filters by key and window',
    async () => {
      const { page, problems } = await open('stream.html', stream);
      expect(await page.title()).toBe('tutorial stream run');
      expect(await panesShown(page)).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(await page.$$eval('[data-pane]', (m) => m.map((g) => g.getAttribute('data-timing')))).toEqual(['ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'LATE']);
      expect(await page.locator('[data-element]').count()).toBe(7);
      expect(await page.$$eval('[data-late]', (m) => m.map((g) => g.getAttribute('data-element')))).toEqual(['10']);
      expect(await page.textContent('#status')).toBe('6 of 6 panes match · 6 drawn one by one');

      await page.hover('[data-pane="1"]');
      expect(await page.isVisible('#tip')).toBe(true);
      expect(await page.$$eval('#tip > *', (parts) => parts.map((p) => p.textContent))).toEqual([
        '#1 ON_TIME pane 0 of key "u1" in window [00:00:00, 00:01:00)',
        'count=2 sum_amount=35',
        FIRST,
      ]);

      await page.click('[data-pane="6"]');
      expect(await page.textContent('#details h2')).toBe('#6 LATE · key "u2"');
      expect(await page.textContent('#explanation')).toBe(LAST);
      expect(await page.$$eval('#facts > *', (cells) => cells.map((c) => c.textContent))).toEqual([
        'window', '[00:00:00, 00:01:00)',
        'cause', 'garbageCollection',
        'input watermark', '+inf',
        'output watermark', '00:02:59.999',
        'processing time', '+10s',
        'timestamp', '00:00:59.999',
        'pane', 'index 1, onTimeIndex 1, last',
      ]);
      expect(await page.textContent('#value')).toBe('{\n "count": 2,\n "sum_amount": 11\n}');
      expect(await page.$$eval('#details h3', (h) => h.map((e) => e.textContent))).toEqual([
        'Why it fired',
        'Value',
        'Elements: 2 of key "u2" in this window before this pane, 1 new since its previous pane (•)',
      ]);
      expect(await page.$$eval('#details .elements li', (li) => li.map((e) => e.textContent))).toEqual([
        '  u2 8 at 00:00:35, arrived +0s',
        '• u2 3 at 00:00:50, arrived +10s, late',
      ]);
      expect(await page.locator('.selected-element').count()).toBe(2);
      await page.screenshot({ path: join(dir, 'stream-selected.png') });

      await page.fill('#key-filter', '"u1"');
      expect(await panesShown(page)).toEqual(['1', '3']);
      expect(await page.locator('[data-element]').count()).toBe(3);
      expect(await status(page)).toEqual({ matching: 2, drawn: 2, clusters: 0 });
      await page.fill('#key-filter', 'u');
      expect(await panesShown(page)).toEqual(['1', '2', '3', '4', '5', '6']);
      await page.fill('#key-filter', '');
      await page.fill('#window-filter', '[00:01:00');
      expect(await panesShown(page)).toEqual(['3', '4', '5']);
      expect(await page.locator('[data-element]').count()).toBe(3);
      await page.fill('#key-filter', '"u1"');
      expect(await panesShown(page)).toEqual(['3']);
      await page.click('#clear');
      expect(await panesShown(page)).toEqual(['1', '2', '3', '4', '5', '6']);

      // The side panel's buttons filter on the selected pane and move to the next one that matches.
      await page.click('text=only this key');
      expect(await panesShown(page)).toEqual(['2', '4', '6']);
      await page.click('[data-pane="2"]');
      await page.click('text=next pane ›');
      expect(await page.textContent('#details h2')).toBe('#4 ON_TIME · key "u2"');
      await page.click('#clear');
      await page.screenshot({ path: join(dir, 'stream.png') });
      expect(statSync(join(dir, 'stream.png')).size).toBeGreaterThan(20_000);
      expect(problems).toEqual([]);
      await page.close();
    },
    60_000,
  );

  itWithChromium()(
    'zooms with the wheel and the buttons, pans by dragging, and fits everything again',
    async () => {
      const { page, problems } = await open('stream-zoom.html', stream);
      const box = (await page.locator('#plot').boundingBox())!;
      // Zoom in around pane 1 until some panes leave the view.
      const p1 = (await page.locator('[data-pane="1"] rect').boundingBox())!;
      await page.mouse.move(p1.x + 6, p1.y + 6);
      await page.mouse.wheel(0, -600);
      // Wheel zoom and drag redraw on the next frame: wait for it (the spec's types have no DOM, hence strings).
      await page.waitForFunction('document.querySelectorAll("[data-pane]").length < 6');
      const zoomed = await panesShown(page);
      expect(zoomed).toContain('1');
      // Drag to the left: later panes come into view.
      await page.mouse.move(box.x + box.width - 100, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(box.x + 100, box.y + 200, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction(`JSON.stringify([...document.querySelectorAll('[data-pane]')].map((m) => m.getAttribute('data-pane'))) !== ${JSON.stringify(JSON.stringify(zoomed))}`);
      await page.click('#fit');
      expect(await panesShown(page)).toEqual(['1', '2', '3', '4', '5', '6']);
      for (let i = 0; i < 3; i++) await page.click('#zoom-in');
      expect((await panesShown(page)).length).toBeLessThan(6);
      for (let i = 0; i < 3; i++) await page.click('#zoom-out');
      expect(await panesShown(page)).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(problems).toEqual([]);
      await page.close();
    },
    60_000,
  );

  itWithChromium()(
    'shows keys and labels with </script>, control and direction characters as text; filters numbers exactly; shows an empty run',
    async () => {
      const window = { start: 0, end: 60_000, maxTimestamp: 59_999 };
      const key = '</script><script>document.title="owned"</script>\u0000\u202e';
      const recording: RunRecording<string> = {
        events: [
          { kind: 'element', seq: 0, processingTime: 0, eventTime: 1_000, value: key, label: '<!-- x' },
          {
            kind: 'pane',
            seq: 1,
            processingTime: 0,
            pane: { key, window, value: '</script>', pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false }, timestamp: 59_999 },
            firing: { cause: 'element', inputWatermark: 0, outputWatermark: 0, processingTime: 0, readyTriggers: ['AfterCount(1)'] },
          },
        ],
      };
      const { page, problems } = await open('escaping.html', renderInspector(recording, { title: '</title><b>x</b>', keyOf: (v) => v }));
      expect(await page.title()).toBe('</title><b>x</b>');
      expect(await panesShown(page)).toEqual(['1']);
      await page.click('[data-pane="1"]');
      expect(await page.textContent('#details h2')).toBe('#1 EARLY · key "</script><script>document.title=\\"owned\\"</script>\\u0000\\u202e"');
      expect(await page.$$eval('#details .elements li', (li) => li.map((e) => e.textContent))).toEqual(['  <!-- x at 00:00:01, arrived +0s']);
      expect(problems).toEqual([]);
      await page.close();
      // A key written exactly is the only match: 1 is not 10.
      const numbers: RunRecording<number> = {
        events: [1, 10, 21].map((key, seq) => ({
          kind: 'pane' as const,
          seq,
          processingTime: 0,
          pane: { key, window, value: key, pane: { timing: 'ON_TIME' as const, index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: 59_999 },
          firing: { cause: 'watermark' as const, inputWatermark: 60_000, outputWatermark: 59_999, processingTime: 0, readyTriggers: [] },
        })),
      };
      const keys = await open('numbers.html', renderInspector(numbers));
      await keys.page.fill('#key-filter', '1');
      expect(await panesShown(keys.page)).toEqual(['1']);
      await keys.page.fill('#key-filter', '0');
      expect(await panesShown(keys.page)).toEqual(['2']);
      expect(keys.problems).toEqual([]);
      await keys.page.close();
      const empty = await open('empty.html', renderInspector({ events: [] }));
      expect(await empty.page.textContent('#status')).toBe('0 of 0 panes match · 0 drawn one by one');
      expect(empty.problems).toEqual([]);
      await empty.page.close();
    },
    60_000,
  );

  itWithChromium()(
    'stays usable with 4,000 panes: clusters when they do not fit, single panes once zoomed in or filtered',
    async () => {
      const { page, problems } = await open('many.html', renderInspector(manyPanesRun(40, 100), { title: '40 users, 100 minutes', keyOf: (r) => r.user }));
      const start = await status(page);
      expect(start.matching).toBe(4000);
      expect(start.clusters).toBeGreaterThan(0);
      expect(start.clusters).toBeLessThan(200);
      const clustered = await page.$$eval('[data-cluster]', (cs) => cs.reduce((n, c) => n + Number(c.getAttribute('data-cluster')), 0));
      expect(clustered + start.drawn).toBe(4000);
      expect(await page.locator('[data-pane]').count()).toBe(start.drawn);
      expect(await page.$$eval('#plot *', (nodes) => nodes.length)).toBeLessThan(3000);
      await page.screenshot({ path: join(dir, 'many.png') });

      // Clicking a cluster zooms in on it, until the panes in view are drawn one by one.
      for (let i = 0; i < 8 && (await status(page)).clusters > 0; i++) await page.click('[data-cluster] >> nth=0');
      const zoomed = await status(page);
      expect(zoomed.clusters).toBe(0);
      expect(zoomed.drawn).toBeGreaterThan(0);
      expect(zoomed.drawn).toBeLessThan(400);
      await page.screenshot({ path: join(dir, 'many-zoomed.png') });

      await page.fill('#key-filter', '"user-7"');
      await page.click('#fit');
      expect(await status(page)).toEqual({ matching: 100, drawn: 100, clusters: 0 });
      await page.click('[data-pane] >> nth=0');
      expect(await page.textContent('#details h2')).toMatch(/^#\d+ ON_TIME · key "user-7"$/);
      expect(await page.$$eval('#details .elements li', (li) => li.length)).toBe(2);
      await page.screenshot({ path: join(dir, 'many-filtered.png') });
      await page.fill('#key-filter', '"user-');
      expect((await status(page)).matching).toBe(4000);
      expect(problems).toEqual([]);
      await page.close();
    },
    60_000,
  );

  itWithChromium()(
    'shows a retraction as such: a struck-through hollow mark, and a panel that says which pane it withdraws',
    async () => {
      const { page, problems } = await open('retracting.html', renderInspector(retractingRun(), { title: 'retracting run' }));
      expect(await panesShown(page)).toEqual(['1', '2', '3', '4', '5']);
      expect(await page.$$eval('[data-retraction]', (m) => m.map((g) => g.getAttribute('data-pane')))).toEqual(['2', '4']);
      expect(await page.$$eval('[data-retraction] line', (l) => l.length)).toBe(2);
      expect(await page.$eval('[data-pane="2"]', (g) => g.getAttribute('aria-label'))).toBe('#2 retraction of the EARLY pane 0 of key "k" in window [00:00:00, 00:01:00)');
      await page.click('[data-pane="4"]');
      expect(await page.textContent('#details h2')).toBe('#4 retraction of EARLY · key "k"');
      expect(await page.$$eval('#details h3', (h) => h.map((e) => e.textContent))).toEqual(['What it withdraws', 'Value', 'Elements: 2 of every key (pass keyOf to tell keys apart) in this window before this pane']);
      expect(await page.textContent('#explanation')).toMatch(/^A retraction withdraws the EARLY pane 1 of key "k" in window \[00:00:00, 00:01:00\), ahead of the pane of that key that replaces it/);
      expect(await page.textContent('#withdraws')).toBe('It withdraws pane #3.');
      await page.screenshot({ path: join(dir, 'retracting.png') });
      expect(problems).toEqual([]);
      await page.close();
    },
    60_000,
  );
});

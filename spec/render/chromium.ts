import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

/** What the page's script reads back from the SVG once the browser has laid it out. */
export interface BrowserView {
  readonly error?: string;
  readonly panes: number;
  readonly dropped: number;
  readonly timings: string[];
  readonly labels: string[];
  readonly width: number;
  readonly height: number;
  readonly panesInside: boolean;
  /** The picture's declared size. */
  readonly canvas: { width: number; height: number };
  /** Drawn nodes whose box reaches outside the canvas: tag and text. */
  readonly outside: string[];
  /** Texts drawn turned (any transform). */
  readonly turned: number;
  /** Pairs of texts whose boxes overlap by more than half a pixel. */
  readonly overlaps: string[];
  /** Number of nodes in the SVG. */
  readonly nodes: number;
}

/**
 * A page that parses the SVG with the browser's strict XML parser, puts it into the document, and
 * writes what it finds (pane marks, their timings and labels, the laid-out size) into `#result`.
 */
function page(svg: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>timeline</title></head><body>
<pre id="result">script did not run</pre>
<script>
const result = document.getElementById('result');
try {
  const doc = new DOMParser().parseFromString(${JSON.stringify(svg).replace(/</g, '\\u003c')}, 'image/svg+xml');
  const problem = doc.querySelector('parsererror');
  if (problem) throw new Error('the SVG does not parse: ' + problem.textContent);
  const svg = document.importNode(doc.documentElement, true);
  document.body.appendChild(svg);
  const box = svg.getBBox();
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const panes = [...svg.querySelectorAll('[data-pane]')];
  const panesInside = panes.every((g) => {
    const b = g.querySelector('rect').getBBox();
    return b.width > 0 && b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height;
  });
  const drawn = [...svg.querySelectorAll('text, rect, circle, line, path')].filter((n) => n.getAttribute('width') !== '100%');
  const outside = drawn.filter((n) => {
    const b = n.getBBox();
    return b.x < -0.5 || b.y < -0.5 || b.x + b.width > width + 0.5 || b.y + b.height > height + 0.5;
  }).map((n) => n.tagName + ' ' + (n.textContent || '').slice(0, 40));
  const texts = [...svg.querySelectorAll('text')].map((n) => ({ b: n.getBBox(), t: n.textContent }));
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i].b, c = texts[j].b;
    if (Math.min(a.x + a.width, c.x + c.width) - Math.max(a.x, c.x) > 0.5 && Math.min(a.y + a.height, c.y + c.height) - Math.max(a.y, c.y) > 0.5) overlaps.push(texts[i].t + ' / ' + texts[j].t);
  }
  result.textContent = JSON.stringify({
    canvas: { width, height },
    outside,
    turned: [...svg.querySelectorAll('text')].filter((n) => n.hasAttribute('transform')).length,
    overlaps: overlaps.slice(0, 20),
    nodes: svg.querySelectorAll('*').length,
    panes: panes.length,
    dropped: svg.querySelectorAll('[data-dropped]').length,
    timings: panes.map((g) => g.getAttribute('data-timing')),
    labels: panes.map((g) => g.querySelector('text')?.textContent ?? null),
    width: Math.round(box.width),
    height: Math.round(box.height),
    panesInside,
  });
} catch (e) {
  // The SVG did not parse or lay out: the error is all there is to report.
  result.textContent = JSON.stringify({ error: String(e && e.message || e) });
}
</script>
</body></html>
`;
}

const unescapeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Loads the SVG in headless Chromium and returns what the page saw. */
export async function viewInChromium(svg: string): Promise<BrowserView> {
  const dir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-chromium-'));
  try {
    const file = join(dir, 'timeline.html');
    writeFileSync(file, page(svg));
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--dump-dom',
      pathToFileURL(file).href,
    ];
    const dom = await new Promise<string>((resolve, reject) =>
      execFile(CHROMIUM, args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`chromium failed: ${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const m = /<pre id="result">([\s\S]*?)<\/pre>/.exec(dom);
    if (m === null) throw new Error(`chromium returned no result: ${dom.slice(0, 500)}`);
    return JSON.parse(unescapeHtml(m[1])) as BrowserView;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `it` when Chromium is there or under CI (where its absence is a failure), otherwise `it.skip` with
 * a message saying why.
 */
export function itWithChromium(): jest.It {
  if (existsSync(CHROMIUM) || process.env.CI) return it;
  // eslint-disable-next-line no-console
  console.warn(`${CHROMIUM} is missing: the browser test is skipped here (it fails when CI is set). Install it with: apt-get install -y chromium`);
  return it.skip;
}

/** Throws a clear error when Chromium is missing (reached only under CI). */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing and CI is set: the browser test needs Debian's chromium package`);
}

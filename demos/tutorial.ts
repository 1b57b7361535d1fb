/**
 * The user-spend tutorial, run twice: once as a batch (a bounded array) and once as a stream with
 * out-of-order and late events on virtual processing time. Prints one JSON line per pane.
 *
 *   npm run demo          both runs, with headings
 *   npm run demo:batch    the batch run only
 *   npm run demo:stream   the stream run only
 */
import { formatUtc, type Pane } from '../src/index.js';
import { writeStreamInspector, writeStreamTimeline } from './timeline.js';
import { runBatch, runStream, type Spend } from './userSpend.js';

export { runBatch, runStream } from './userSpend.js';

/** The line printed for one pane. */
export function paneLine(p: Pane<Spend, string>): string {
  return JSON.stringify({
    user_id: p.key,
    count: p.value.count,
    sum_amount: p.value.sum_amount,
    window_start_utc: formatUtc(p.window.start, 'HH:mm:ss'),
    window_end_utc: formatUtc(p.window.end, 'HH:mm:ss'),
    pane_timing: p.pane.timing,
    pane_is_first: p.pane.isFirst,
    pane_is_last: p.pane.isLast,
  });
}

/**
 * Reads the demo's command line: `[batch|stream] [--svg out.svg] [--html out.html]`; undefined when it
 * is not one. The pictures are of the stream run, so they go with `stream` or nothing.
 */
export function demoArgs(argv: readonly string[]): { which: 'all' | 'batch' | 'stream'; svg?: string; html?: string } | undefined {
  const files: { svg?: string; html?: string } = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] === '--svg' ? 'svg' : argv[i] === '--html' ? 'html' : undefined;
    if (flag === undefined) rest.push(argv[i]);
    else if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) return undefined;
    else files[flag] = argv[++i];
  }
  const which = rest[0] ?? 'all';
  if ((which !== 'all' && which !== 'batch' && which !== 'stream') || rest.length > 1) return undefined;
  if (which === 'batch' && (files.svg !== undefined || files.html !== undefined)) return undefined;
  return { which, ...files };
}

function main(argv: readonly string[]): void {
  // `--svg <file>` also draws the stream run as a timeline picture, `--html <file>` writes its
  // inspector page (see demos/timeline.ts).
  const args = demoArgs(argv);
  if (args === undefined) {
    process.stderr.write(`usage: tutorial [batch|stream] [--svg out.svg] [--html out.html]   (--svg and --html show the stream run)\n`);
    process.exitCode = 2;
    return;
  }
  const { which, svg: svgFile, html: htmlFile } = args;
  if (which === 'all' || which === 'batch') {
    if (which === 'all') console.log('== batch: 7 events from an array, watermark to +infinity at the end ==');
    runBatch().forEach((p) => console.log(paneLine(p)));
  }
  if (which === 'all' || which === 'stream') {
    if (which === 'all') console.log('\n== stream: out-of-order and late events, virtual processing time ==');
    runStream().forEach((p) => console.log(paneLine(p)));
  }
  if (svgFile !== undefined) {
    writeStreamTimeline(svgFile);
    process.stderr.write(`wrote the timeline of the stream run to ${svgFile}\n`);
  }
  if (htmlFile !== undefined) {
    writeStreamInspector(htmlFile);
    process.stderr.write(`wrote the inspector page of the stream run to ${htmlFile}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));

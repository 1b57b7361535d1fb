import { DETAILS_SCRIPT } from './inspectorDetails.js';
import { DRAW_SCRIPT } from './inspectorDraw.js';
import { inspectorData, type InspectorOptions } from './inspectorData.js';
import { BODY_HTML, INSPECTOR_CSS, legendHtml } from './inspectorPage.js';
import { visibleText } from './inspectorText.js';
import { STATE_SCRIPT, UI_SCRIPT } from './inspectorScript.js';
import type { RunRecording } from './recording.js';
import { TIMING_COLOURS } from './timeline.js';

export type { InspectorOptions } from './inspectorData.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (text: string) => visibleText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * JSON to put inside a `<script>` element: `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` so that
 * no `</script>` or `<!--` in the data can end or bend the element, and the line and paragraph
 * separators escaped as well. `JSON.stringify` already escapes control characters and lone surrogates.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Writes a recorded run as one self-contained HTML page to explore in a browser: the timeline of
 * {@link renderTimeline} (processing time across, event time down, windows, elements, watermark,
 * panes coloured by timing) with zoom (mouse wheel, Shift + wheel for event time, buttons) and pan
 * (drag, arrow keys), filters by key and by window, and a side panel that says for the pane under
 * the pointer or clicked why it fired ({@link explainPane}), at which watermarks, with which value and
 * which elements. Beam has no equivalent; it is the watermark diagram of Streaming 101/102 made
 * interactive.
 *
 * The page loads nothing: style, script and data are inline, and its Content-Security-Policy forbids
 * any request. The data is computed here (explanations included) and embedded as escaped JSON. Only
 * what is in view is drawn; past about 1,200 panes in view they are drawn as clusters with counts
 * (click one to zoom in) and past 2,000 elements as a density grid, so runs with tens of thousands of
 * panes stay usable. The page's size grows with the run (about 0.5 KB a pane, 60 bytes an element).
 *
 * @param recording - The run, from {@link recordRun}.
 * @param options - The page's `title`, formats of times and values, and `keyOf` (to list the elements of a pane's key).
 *
 * @example
 * const recorder = recordRun<Spend>({ scheduler, label: (e) => `${e.user_id} ${e.amount}` });
 * // ... run the pipeline with recorder.input and recorder.hooks, then:
 * writeFileSync('run.html', renderInspector(recorder.recording, { title: 'user spend', keyOf: (e) => e.user_id }));
 *
 * @category Rendering
 */
export function renderInspector<T>(recording: RunRecording<T>, options: InspectorOptions<T> = {}): string {
  const data = inspectorData(recording, options);
  const script = `(() => {\n'use strict';\nconst COLOURS = ${scriptJson(TIMING_COLOURS)};\n${STATE_SCRIPT}\n${DRAW_SCRIPT}\n${DETAILS_SCRIPT}\n${UI_SCRIPT}\n})();`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<title>${html(data.title)}</title>`,
    `<style>${INSPECTOR_CSS}</style>`,
    '</head>',
    '<body data-inspector="true">',
    `<header><h1>${html(data.title)}</h1><div class="legend">${legendHtml()}</div></header>`,
    BODY_HTML,
    `<script type="application/json" id="inspector-data">${scriptJson(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

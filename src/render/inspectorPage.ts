/** The inspector page's style sheet and markup around the plot; `renderInspector` fills them in. */
import { TIMING_COLOURS } from './timeline.js';

const DROPPED = '#dc2626';
const WATERMARK = '#7c3aed';

/** The page's style sheet. */
export const INSPECTOR_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font: 13px/1.4 ui-sans-serif, system-ui, sans-serif; color: #0f172a; background: #fff; }
header { padding: 8px 12px 4px; border-bottom: 1px solid #e2e8f0; }
h1 { font-size: 16px; margin: 0 0 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: #334155; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; }
.legend i.dot { border-radius: 50%; width: 10px; height: 10px; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; padding: 6px 12px; border-bottom: 1px solid #e2e8f0; background: #f8fafc; }
.toolbar input { width: 15em; padding: 3px 6px; font: inherit; border: 1px solid #cbd5e1; border-radius: 4px; }
.toolbar button, .actions button { font: inherit; padding: 2px 8px; border: 1px solid #cbd5e1; border-radius: 4px; background: #fff; cursor: pointer; }
.toolbar button:hover, .actions button:hover { background: #e2e8f0; }
#status { color: #475569; }
.hint { color: #64748b; font-size: 12px; }
main { flex: 1; display: flex; min-height: 0; }
#plot-wrap { position: relative; flex: 1; min-width: 0; }
#plot { display: block; width: 100%; height: 100%; cursor: grab; user-select: none; touch-action: none; }
#plot.dragging { cursor: grabbing; }
#details { width: 380px; flex: none; overflow: auto; padding: 10px 14px; border-left: 1px solid #e2e8f0; background: #fcfcfd; }
#details h2 { font-size: 15px; margin: 0 0 6px; }
#details h3 { font-size: 12.5px; color: #475569; margin: 12px 0 4px; }
#details p { margin: 0 0 6px; }
#details dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 8px 0; font-size: 12px; }
#details dt { color: #64748b; }
#details dd { margin: 0; font-variant-numeric: tabular-nums; }
#details pre { margin: 0; padding: 6px; background: #f1f5f9; border-radius: 4px; white-space: pre-wrap; word-break: break-word; font-size: 12px; max-height: 12em; overflow: auto; }
.elements { margin: 0; padding: 0; list-style: none; font: 12px/1.45 ui-monospace, monospace; white-space: pre-wrap; }
.note { color: #64748b; font-size: 12px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 12px; }
#tip { position: absolute; max-width: 420px; padding: 6px 8px; background: #0f172a; color: #f8fafc; border-radius: 5px; font-size: 12px; pointer-events: none; box-shadow: 0 2px 8px rgb(0 0 0 / .25); z-index: 2; }
#tip .tip-explanation { margin-top: 4px; color: #cbd5e1; }
.band.even { fill: #e2e8f0; fill-opacity: .7; }
.band.odd { fill: #f1f5f9; fill-opacity: .7; }
.tick { font-size: 10px; fill: #334155; }
.clock { stroke: #94a3b8; stroke-dasharray: 2 3; }
.watermark { fill: none; stroke: ${WATERMARK}; stroke-width: 2; }
.wm-label { font-size: 10px; fill: ${WATERMARK}; }
.dot { fill: #0f172a; stroke: #0f172a; stroke-width: 2; }
.dot.late { fill: #fff; }
.dot.dropped { fill: ${DROPPED}; stroke: ${DROPPED}; }
.density { fill: #0f172a; }
.element-label, .pane-label, .wm-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.element-label { font-size: 9px; fill: #0f172a; }
.dropped-label { fill: ${DROPPED}; }
.pane { cursor: pointer; }
.pane rect { stroke: #fff; stroke-width: 1; }
.pane rect.last { stroke: #0f172a; stroke-width: 2; }
.pane rect.retraction { stroke-width: 2; }
.pane:hover rect, .pane:focus rect { stroke: #0f172a; stroke-width: 3; outline: none; }
.pane:focus, .cluster:focus { outline: none; }
.pane-label { font-size: 10px; fill: #1e293b; }
.cluster { cursor: zoom-in; }
.cluster rect { stroke: #fff; stroke-width: 1.5; }
.cluster:focus rect, .cluster:hover rect { stroke: #0f172a; }
.cluster-count { font-size: 9.5px; font-weight: bold; fill: #fff; pointer-events: none; }
#layer-selection { pointer-events: none; }
.selected-window { fill: none; stroke: #0f172a; stroke-dasharray: 5 3; }
.selected-element { fill: none; stroke: #f59e0b; stroke-width: 2.5; }
.selected-pane { fill: none; stroke: #0f172a; stroke-width: 2; }
@media (max-width: 860px) {
  main { flex-direction: column; }
  #details { width: auto; height: 40%; border-left: none; border-top: 1px solid #e2e8f0; }
}
`;

const swatch = (colour: string, text: string, style = '') => `<span><i style="background:${colour};${style}"></i>${text}</span>`;

/** The legend under the title: the same colours as the marks. */
export function legendHtml(): string {
  return [
    swatch(TIMING_COLOURS.EARLY, 'EARLY pane'),
    swatch(TIMING_COLOURS.ON_TIME, 'ON_TIME pane'),
    swatch(TIMING_COLOURS.LATE, 'LATE pane'),
    swatch('#94a3b8', 'last pane', 'outline:2px solid #0f172a;outline-offset:-2px'),
    swatch('#94a3b8', 'garbage collection', 'outline:1px dashed #0f172a;outline-offset:-1px'),
    `<span><i class="dot" style="background:#0f172a"></i>element</span>`,
    `<span><i class="dot" style="background:#fff;border:2px solid #0f172a"></i>late element</span>`,
    `<span><i class="dot" style="background:${DROPPED}"></i>dropped element</span>`,
    `<span><i style="height:2px;background:${WATERMARK}"></i>watermark</span>`,
    `<span class="hint">processing time runs across (one step a happening), event time down</span>`,
  ].join('');
}

/** The toolbar, the plot's empty layers and the side panel. */
export const BODY_HTML = `
<div class="toolbar">
<label title='a key written exactly so, else every key that contains this text; strings are quoted, so "u1" is exactly the key u1'>key <input id="key-filter" type="search" list="key-list" placeholder='u1, or "u1" for exactly' autocomplete="off"></label>
<label title="windows written [start, end) contain this text">window <input id="window-filter" type="search" list="window-list" placeholder="[00:01:00, or 00:01:00)" autocomplete="off"></label>
<button id="clear" type="button" title="clear both filters and fit">clear</button>
<span>
<button id="zoom-out" type="button" title="zoom out (mouse wheel, -)">−</button><button id="zoom-in" type="button" title="zoom in (mouse wheel, +)">+</button>
<button id="time-out" type="button" title="zoom processing time out (Shift + mouse wheel)">↔−</button><button id="time-in" type="button" title="zoom processing time in (Shift + mouse wheel)">↔+</button>
<button id="event-out" type="button" title="zoom event time out (Alt + mouse wheel)">↕−</button><button id="event-in" type="button" title="zoom event time in (Alt + mouse wheel)">↕+</button>
<button id="fit" type="button" title="fit the panes that match (0)">fit</button>
</span>
<span id="status" role="status"></span>
<span class="hint">drag to pan · wheel to zoom (Shift: processing time only, Alt: event time only) · click a pane for why it fired</span>
<datalist id="key-list"></datalist><datalist id="window-list"></datalist>
</div>
<main>
<div id="plot-wrap">
<svg id="plot" xmlns="http://www.w3.org/2000/svg" aria-label="timeline of the run">
<defs><clipPath id="clip"><rect id="clip-rect"/></clipPath></defs>
<g id="layer-windows" clip-path="url(#clip)"></g>
<g id="layer-clock"></g>
<g clip-path="url(#clip)">
<g id="layer-watermark"></g><g id="layer-elements"></g><g id="layer-panes"></g><g id="layer-labels"></g><g id="layer-selection"></g>
</g>
</svg>
<div id="tip" hidden></div>
</div>
<aside id="details" aria-live="polite"><p class="note">Hover over a pane to see why it fired; click it for its watermarks, value and elements.</p></aside>
</main>
`;

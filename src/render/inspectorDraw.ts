/**
 * The inspector page's drawing code (browser JavaScript, kept as text): redraws the visible part of
 * the run into the page's SVG layers. Only what is in view is drawn, and past a budget of marks the
 * panes become clusters (one square a cell, with its count) and the elements a density grid, so the
 * page stays responsive with tens of thousands of panes. Runs in the scope set up by
 * `inspectorScript.ts` (`D`, `P`, `E`, `W`, `view`, `box`, `x`, `y`, ...).
 */
export const DRAW_SCRIPT = String.raw`
const PANE_BUDGET = 1200, ELEMENT_BUDGET = 2000, LABEL_BUDGET = 150, CELL = 24, CELL_PANES = 4, DOT_CELL = 4;

function clear() {
  for (const id of ['layer-windows', 'layer-clock', 'layer-watermark', 'layer-elements', 'layer-panes', 'layer-labels', 'layer-selection']) {
    document.getElementById(id).replaceChildren();
  }
}

function drawWindows() {
  const g = document.getElementById('layer-windows');
  const visible = [];
  for (let i = 0; i < nW; i++) {
    if (!winOn[i]) continue;
    const y0 = y(W.start[i]), y1 = y(W.end[i]);
    if (y1 >= box.top && y0 <= box.bottom) visible.push(i);
  }
  if (visible.length <= 300) {
    for (const i of visible) {
      const y0 = Math.max(y(W.start[i]), box.top - 8), y1 = Math.min(y(W.end[i]), box.bottom + 8);
      const band = svgEl('rect', { 'data-window': i, x: box.left, y: y0, width: box.right - box.left, height: Math.max(y1 - y0, 1), class: i % 2 === 0 ? 'band even' : 'band odd' });
      band.appendChild(svgEl('title', {}, 'window ' + windowLabel(i)));
      g.appendChild(band);
    }
  }
  // Tick labels at window bounds, thinned so that they never overlap.
  const ticks = [];
  for (const i of visible) {
    if (Math.abs(W.start[i]) < D.far) ticks.push([y(W.start[i]), W.startText[i]]);
    if (Math.abs(W.end[i]) < D.far) ticks.push([y(W.end[i]), W.endText[i]]);
  }
  ticks.sort((a, b) => a[0] - b[0]);
  const axis = document.getElementById('layer-clock');
  let last = -Infinity;
  for (const [ty, text] of ticks) {
    if (ty < box.top - 4 || ty > box.bottom + 4 || ty - last < 13) continue;
    last = ty;
    axis.appendChild(svgEl('text', { x: box.left - 6, y: ty + 3, class: 'tick', 'text-anchor': 'end' }, text));
  }
}

function drawClock(s0, s1) {
  const g = document.getElementById('layer-clock');
  let last = -Infinity;
  let drawn = 0;
  for (let i = Math.max(0, lowerBound(C.seq, s0) - 1); i < C.seq.length && C.seq[i] <= s1; i++) {
    const px = stepLeft(C.seq[i]);
    if (px < box.left - 1 || px > box.right) continue;
    const text = C.text[i];
    if (px - last < text.length * 6 + 10) continue;
    last = px;
    if (++drawn > 200) break;
    g.appendChild(svgEl('line', { x1: px, y1: box.top - 14, x2: px, y2: box.bottom, class: 'clock' }));
    g.appendChild(svgEl('text', { x: px + 3, y: box.top - 16, class: 'tick' }, text));
  }
}

function drawWatermark(s0, s1) {
  const g = document.getElementById('layer-watermark');
  if (M.seq.length === 0) return undefined;
  let i = Math.max(0, lowerBound(M.seq, s0) - 1);
  if (M.seq[i] > s1) return undefined;
  const clampY = (t) => Math.min(Math.max(y(t), box.top - 10), box.bottom + 14);
  const clampX = (px) => Math.min(Math.max(px, box.left - 2), box.right + 2);
  // One vertex a pixel column at most: the watermark only rises, so the column's last value stands for it.
  let d = 'M' + r(clampX(stepLeft(M.seq[i]))) + ' ' + r(clampY(M.t[i]));
  let colX = NaN, colY = NaN;
  for (i++; i < M.seq.length && M.seq[i] <= s1; i++) {
    const px = clampX(stepLeft(M.seq[i]));
    if (!(px - colX < 1)) {
      if (colX === colX) d += ' H' + r(colX) + ' V' + r(colY);
      colX = px;
    }
    colY = clampY(M.t[i]);
  }
  if (colX === colX) d += ' H' + r(colX) + ' V' + r(colY);
  const end = Math.min(stepLeft(D.steps), box.right + 2);
  d += ' H' + r(end);
  g.appendChild(svgEl('path', { d, class: 'watermark', 'data-watermark': 'true' }));
  if (end > box.right + 2 || M.seq[M.seq.length - 1] > s1) return undefined;
  const ly = Math.min(Math.max(y(M.t[M.t.length - 1]), box.top), box.bottom + 14) - 8;
  return () => labels.place([[end, ly, 'end'], [end, ly + 16, 'end']], 'watermark ' + M.last, 'wm-label');
}

/**
 * Places labels where they overlap neither another label nor a mark: each label tries its places in
 * turn and is left out when none is free. Space is kept in rows of 11 px; a label or a mark takes every
 * row its box touches.
 */
function labeller(g) {
  const rows = new Map();
  let count = 0;
  const span = (py, half) => [Math.floor((py - half) / 11), Math.floor((py + half) / 11)];
  const free = (py, half, a, b) => {
    const [r0, r1] = span(py, half);
    for (let row = r0; row <= r1; row++) if (!(rows.get(row) || []).every(([c, d]) => b <= c || a >= d)) return false;
    return true;
  };
  const take = (py, half, a, b) => {
    const [r0, r1] = span(py, half);
    for (let row = r0; row <= r1; row++) {
      if (!rows.has(row)) rows.set(row, []);
      rows.get(row).push([a, b]);
    }
  };
  return {
    /** Keeps the box of a mark free of labels. */
    mark(px, py, half) {
      take(py, half, px - half, px + half);
    },
    place(places, text, cls) {
      if (count >= LABEL_BUDGET) return;
      const w = text.length * 5.8 + 4;
      for (const [px, py, anchor] of places) {
        const a = anchor === 'end' ? px - w : px, b = a + w;
        if (a < box.left || b > box.right + 4 || py < box.top - 6 || py > box.bottom + 14 || !free(py, 4.5, a, b)) continue;
        take(py, 4.5, a, b);
        count++;
        g.appendChild(svgEl('text', { x: r(px), y: r(py + 3), class: cls, 'text-anchor': anchor }, text));
        return;
      }
    },
  };
}

function drawElements(s0, s1) {
  const g = document.getElementById('layer-elements');
  const list = [];
  for (let i = lowerBound(E.seq, s0), end = lowerBound(E.seq, s1 + 1); i < end; i++) {
    if (!elementOn[i]) continue;
    const py = y(E.t[i]);
    if (py >= box.top - 5 && py <= box.bottom + 5) list.push(i);
  }
  drawn.elements = 0;
  if (list.length > ELEMENT_BUDGET) {
    const cells = new Map();
    for (const i of list) {
      const cell = Math.floor(x(E.seq[i]) / DOT_CELL) * 100000 + Math.floor(y(E.t[i]) / DOT_CELL);
      cells.set(cell, (cells.get(cell) || 0) + 1);
    }
    for (const [cell, n] of cells) {
      g.appendChild(svgEl('rect', { x: Math.floor(cell / 100000) * DOT_CELL, y: (cell % 100000) * DOT_CELL, width: DOT_CELL - 1, height: DOT_CELL - 1, class: 'density', 'fill-opacity': r(Math.min(1, 0.25 + n / 8)) }));
    }
    return;
  }
  for (const i of list) {
    const px = x(E.seq[i]), py = y(E.t[i]);
    const cls = dropped[i] ? 'dot dropped' : E.late[i] ? 'dot late' : 'dot';
    const attrs = { 'data-element': E.seq[i], class: cls, cx: r(px), cy: r(py), r: 4.5 };
    if (E.late[i]) attrs['data-late'] = 'true';
    if (dropped[i]) attrs['data-dropped'] = 'true';
    g.appendChild(svgEl('circle', attrs));
    drawn.elements++;
    labels.mark(px, py, 5);
  }
  return () => {
    if (list.length > LABEL_BUDGET) return;
    for (const i of list) {
      const px = x(E.seq[i]), py = y(E.t[i]);
      labels.place([[px + 7, py, 'start'], [px - 7, py, 'end']], short(E.label[i], 24), dropped[i] ? 'element-label dropped-label' : 'element-label');
    }
  };
}

function drawPanes(s0, s1) {
  const g = document.getElementById('layer-panes');
  const list = [];
  for (let i = lowerBound(P.seq, s0), end = lowerBound(P.seq, s1 + 1); i < end; i++) {
    if (!paneOn[i]) continue;
    const py = paneY(i);
    if (py >= box.top - 10 && py <= box.bottom + 14) list.push(i);
  }
  drawn.panes = 0;
  drawn.clusters = 0;
  // Panes fall into cells of CELL px: a crowded cell is drawn as one cluster mark with its count, and
  // so is every cell when more than PANE_BUDGET panes would be drawn one by one.
  const cells = new Map();
  for (const i of list) {
    const cell = Math.floor((x(P.seq[i]) - box.left) / CELL) * 100000 + Math.floor((paneY(i) - box.top + 20) / CELL);
    let c = cells.get(cell);
    if (c === undefined) cells.set(cell, (c = { panes: [], timings: [0, 0, 0] }));
    c.panes.push(i);
    c.timings[P.timing[i]]++;
  }
  let single = 0;
  for (const c of cells.values()) if (c.panes.length <= CELL_PANES) single += c.panes.length;
  const clusterAll = single > PANE_BUDGET;
  const singles = [];
  for (const [cell, c] of cells) {
    if (!clusterAll && c.panes.length <= CELL_PANES) {
      for (const i of c.panes) singles.push(i);
      continue;
    }
    const cx = box.left + (Math.floor(cell / 100000) + 0.5) * CELL, cy = box.top - 20 + ((cell % 100000) + 0.5) * CELL;
    const top = c.timings.indexOf(Math.max(...c.timings));
    const n = c.panes.length;
    const mark = svgEl('g', { 'data-cluster': n, 'data-x': r(cx), 'data-y': r(cy), class: 'cluster', tabindex: 0, role: 'button' });
    mark.appendChild(svgEl('rect', { x: r(cx - 9), y: r(cy - 9), width: 18, height: 18, rx: 4, fill: COLOURS[D.timings[top]] }));
    mark.appendChild(svgEl('text', { x: r(cx), y: r(cy + 3.5), class: 'cluster-count', 'text-anchor': 'middle' }, n > 999 ? Math.round(n / 1000) + 'k' : String(n)));
    g.appendChild(mark);
    labels.mark(cx, cy, 10);
    drawn.clusters++;
  }
  singles.sort((a, b) => a - b);
  for (const i of singles) {
    const px = x(P.seq[i]), py = paneY(i);
    const timing = D.timings[P.timing[i]], cause = D.causes[P.cause[i]];
    const attrs = { 'data-pane': i + 1, 'data-timing': timing, 'data-cause': cause, class: 'pane', tabindex: 0, role: 'button', 'aria-label': paneTitle(i) };
    if (P.last[i]) attrs['data-last'] = 'true';
    if (P.retraction[i]) attrs['data-retraction'] = 'true';
    const mark = svgEl('g', attrs);
    // A retraction: a hollow square in the timing's colour, struck through (as on the static timeline).
    const rect = P.retraction[i]
      ? { x: r(px - 6), y: r(py - 6), width: 12, height: 12, rx: 3, fill: '#fff', stroke: COLOURS[timing], class: 'retraction' }
      : { x: r(px - 6), y: r(py - 6), width: 12, height: 12, rx: 3, fill: COLOURS[timing], class: P.last[i] ? 'last' : '' };
    if (cause === 'garbageCollection') rect['stroke-dasharray'] = '3 2';
    mark.appendChild(svgEl('rect', rect));
    if (P.retraction[i]) mark.appendChild(svgEl('line', { x1: r(px - 4), y1: r(py + 4), x2: r(px + 4), y2: r(py - 4), stroke: COLOURS[timing], 'stroke-width': 2 }));
    g.appendChild(mark);
    drawn.panes++;
    labels.mark(px, py, 7);
  }
  return () => {
    for (const i of singles) {
      const px = x(P.seq[i]), py = paneY(i);
      // Right of the mark, then in rows above and below it; each place first running right, then left.
      const places = [[px + 9, py, 'start'], [px - 9, py, 'end']];
      for (const k of [-1, 1, -2, 2, -3, 3, -4, 4]) {
        const ly = py + (k < 0 ? -3 : 3) + 11 * k;
        places.push([px - 6, ly, 'start'], [px + 6, ly, 'end']);
      }
      labels.place(places, '#' + (i + 1) + ' ' + short(D.keys[P.key[i]], 20) + ' ' + P.label[i], 'pane-label');
    }
  };
}

function drawSelection(s0, s1) {
  if (selected < 0) return;
  const g = document.getElementById('layer-selection');
  const w = P.window[selected];
  const y0 = Math.max(y(W.start[w]), box.top - 8), y1 = Math.min(y(W.end[w]), box.bottom + 8);
  if (y1 >= box.top - 8 && y0 <= box.bottom + 8) {
    g.appendChild(svgEl('rect', { x: box.left, y: y0, width: box.right - box.left, height: Math.max(y1 - y0, 1), class: 'selected-window' }));
  }
  for (const j of selectedElements) {
    if (E.seq[j] < s0 || E.seq[j] > s1) continue;
    g.appendChild(svgEl('circle', { cx: r(x(E.seq[j])), cy: r(y(E.t[j])), r: 8, class: 'selected-element' }));
  }
  g.appendChild(svgEl('rect', { x: r(x(P.seq[selected]) - 10), y: r(paneY(selected) - 10), width: 20, height: 20, rx: 5, class: 'selected-pane' }));
}

let labels;
function draw() {
  clear();
  labels = labeller(document.getElementById('layer-labels'));
  const s0 = Math.floor(seqAt(box.left)) - 1, s1 = Math.ceil(seqAt(box.right)) + 1;
  drawWindows();
  drawClock(s0, s1);
  const watermarkLabel = drawWatermark(s0, s1);
  const paneLabels = drawPanes(s0, s1);
  const elementLabels = drawElements(s0, s1);
  // Labels after every mark, so that none covers a mark; panes' first.
  if (paneLabels) paneLabels();
  if (watermarkLabel) watermarkLabel();
  if (elementLabels) elementLabels();
  drawSelection(s0, s1);
  showStatus();
}
`;

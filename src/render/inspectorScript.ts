/**
 * The inspector page's state and interaction (browser JavaScript, kept as text so that the page
 * needs nothing but itself): reads the embedded data, keeps the view (zoom and pan), the filters and
 * the selected pane. `inspectorDraw.ts` draws and `inspectorDetails.ts` fills the side panel;
 * `renderInspector` joins the parts into one script.
 */

/** Data, view state and small helpers; runs first. */
export const STATE_SCRIPT = String.raw`
const D = JSON.parse(document.getElementById('inspector-data').textContent);
const P = D.panes, E = D.elements, W = D.windows, M = D.watermark, C = D.clock, X = D.drops;
const nP = P.seq.length, nE = E.seq.length, nW = W.start.length;
const NS = 'http://www.w3.org/2000/svg';
const svg = document.getElementById('plot');
const view = { x0: 0, kx: 1, y0: D.tMin, ky: 1 };
const box = { left: 0, top: 0, right: 0, bottom: 0 };
const paneOn = new Uint8Array(nP).fill(1), elementOn = new Uint8Array(nE).fill(1);
const keyOn = new Uint8Array(D.keys.length).fill(1), winOn = new Uint8Array(nW).fill(1);
const dropped = new Uint8Array(nE);
const droppedFrom = new Set();
for (let i = 0; i < X.seq.length; i++) {
  if (X.element[i] < 0) continue;
  dropped[X.element[i]] = 1;
  if (X.window[i] >= 0) droppedFrom.add(X.element[i] * nW + X.window[i]);
}
const drawn = { panes: 0, clusters: 0, elements: 0 };
let matching = nP, selected = -1, selectedElements = [];

function svgEl(name, attrs, text) {
  const n = document.createElementNS(NS, name);
  for (const k in attrs) n.setAttribute(k, attrs[k]);
  if (text !== undefined) n.textContent = text;
  return n;
}
function htmlEl(name, attrs, text) {
  const n = document.createElement(name);
  for (const k in attrs) n.setAttribute(k, attrs[k]);
  if (text !== undefined) n.textContent = text;
  return n;
}
function lowerBound(a, v) {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] < v) lo = m + 1; else hi = m;
  }
  return lo;
}
const r = (n) => Math.round(n * 10) / 10;
function short(s, n) {
  if (s.length <= n) return s;
  const head = s.slice(0, n - 1);
  return (/[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head) + '…';
}
const windowLabel = (w) => '[' + W.startText[w] + ', ' + W.endText[w] + ')';
const stepLeft = (seq) => box.left + (seq - view.x0) * view.kx;
const x = (seq) => stepLeft(seq + 0.5);
const seqAt = (px) => view.x0 + (px - box.left) / view.kx - 0.5;
function y(t) {
  if (t >= D.far) return box.bottom + 14;
  if (t <= -D.far) return box.top - 10;
  return box.top + (t - view.y0) * view.ky;
}
const paneY = (i) => Math.min(y(W.end[P.window[i]]), box.bottom + 14);
/** Processing time since the start at a step, as the clock labels write it. */
const arrivedAt = (seq) => C.text[Math.max(0, lowerBound(C.seq, seq + 1) - 1)] || '';
/** The pane's explanation: its template with the pane's own texts put in (see inspectorText.ts). */
function explain(i) {
  const w = P.window[i];
  const texts = { k: D.keys[P.key[i]], s: W.startText[w], e: W.endText[w], i: D.instants[P.inputWatermark[i]], o: D.instants[P.outputWatermark[i]], p: P.processingTime[i] };
  return D.explanations[P.explanation[i]].replace(/\uE000([ksieop_])/g, (_, c) => (c === '_' ? '\uE000' : texts[c]));
}
function paneTitle(i) {
  return '#' + (i + 1) + ' ' + (P.retraction[i] ? 'retraction of the ' : '') + D.timings[P.timing[i]] + ' pane ' + P.index[i] + ' of key ' + D.keys[P.key[i]] + ' in window ' + windowLabel(P.window[i]);
}
`;

/** Filters, the side panel, zoom, pan and the first drawing; runs last. */
export const UI_SCRIPT = String.raw`
const keyInput = document.getElementById('key-filter'), windowInput = document.getElementById('window-filter');
const details = document.getElementById('details'), tip = document.getElementById('tip'), statusLine = document.getElementById('status');

function showStatus() {
  statusLine.dataset.matching = matching;
  statusLine.dataset.drawn = drawn.panes;
  statusLine.dataset.clusters = drawn.clusters;
  statusLine.textContent = matching + ' of ' + nP + ' panes match · ' + drawn.panes + ' drawn one by one' +
    (drawn.clusters > 0 ? ', crowded ones in ' + drawn.clusters + ' clusters (click one to zoom in)' : '');
}

/**
 * Keys written as the filter are the only match, else keys whose text contains it (strings are quoted:
 * "u1" is exactly u1, u1 also u10); windows whose text contains the window filter.
 */
function applyFilters() {
  const kq = keyInput.value.trim(), wq = windowInput.value.trim();
  const exact = D.keys.includes(kq);
  for (let k = 0; k < keyOn.length; k++) keyOn[k] = kq === '' || (exact ? D.keys[k] === kq : D.keys[k].includes(kq)) ? 1 : 0;
  for (let w = 0; w < nW; w++) winOn[w] = wq === '' || windowLabel(w).includes(wq) ? 1 : 0;
  matching = 0;
  for (let i = 0; i < nP; i++) matching += paneOn[i] = keyOn[P.key[i]] & winOn[P.window[i]];
  // Elements: by key when the recording knows it, and inside some window left by the window filter.
  const spans = [];
  if (wq !== '') {
    for (let w = 0; w < nW; w++) {
      if (!winOn[w]) continue;
      const s = spans[spans.length - 1];
      if (s !== undefined && W.start[w] <= s[1]) s[1] = Math.max(s[1], W.end[w]);
      else spans.push([W.start[w], W.end[w]]);
    }
  }
  const starts = spans.map((s) => s[0]);
  for (let j = 0; j < nE; j++) {
    let on = kq === '' || !D.keysKnown || keyOn[E.key[j]] === 1;
    if (on && wq !== '') {
      const s = spans[lowerBound(starts, E.t[j] + 1) - 1];
      on = s !== undefined && E.t[j] < s[1];
    }
    elementOn[j] = on ? 1 : 0;
  }
  draw();
}

function measure() {
  const rect = svg.getBoundingClientRect();
  let chars = 5;
  for (let w = 0; w < nW; w++) chars = Math.max(chars, W.startText[w].length, W.endText[w].length);
  box.left = Math.min(Math.max(chars, 5), 26) * 6 + 14;
  box.top = 30;
  box.right = Math.max(rect.width - 16, box.left + 40);
  box.bottom = Math.max(rect.height - 34, box.top + 40);
  const clip = document.getElementById('clip-rect');
  clip.setAttribute('x', box.left - 10); clip.setAttribute('y', box.top - 10);
  clip.setAttribute('width', box.right - box.left + 20); clip.setAttribute('height', box.bottom - box.top + 40);
}

/** Fits the panes left by the filters (all of the run when none is set). */
function fit() {
  let s0 = 0, s1 = Math.max(D.steps, 1), t0 = D.tMin, t1 = D.tMax;
  if (matching > 0 && matching < nP) {
    s0 = Infinity; s1 = -Infinity; t0 = Infinity; t1 = -Infinity;
    for (let i = 0; i < nP; i++) {
      if (!paneOn[i]) continue;
      s0 = Math.min(s0, P.seq[i]); s1 = Math.max(s1, P.seq[i] + 1);
      const w = P.window[i];
      if (Math.abs(W.start[w]) < D.far) t0 = Math.min(t0, W.start[w]);
      if (Math.abs(W.end[w]) < D.far) t1 = Math.max(t1, W.end[w]);
    }
    const pad = Math.max((s1 - s0) * 0.05, 1);
    s0 = Math.max(0, s0 - pad); s1 = s1 + pad;
    if (!(t0 < t1)) { t0 = D.tMin; t1 = D.tMax; }
    const tp = (t1 - t0) * 0.05;
    t0 -= tp; t1 += tp;
  }
  view.x0 = s0; view.kx = (box.right - box.left) / (s1 - s0);
  view.y0 = t0; view.ky = (box.bottom - box.top) / (t1 - t0);
}

let pending = false;
function later() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; draw(); });
}
function zoom(axis, f, px, py) {
  if (axis === 'x') {
    const s = view.x0 + (px - box.left) / view.kx;
    view.kx = Math.min(Math.max(view.kx * f, (box.right - box.left) / Math.max(D.steps * 4, 4)), 400);
    view.x0 = s - (px - box.left) / view.kx;
  } else {
    const t = view.y0 + (py - box.top) / view.ky;
    view.ky = Math.min(Math.max(view.ky * f, (box.bottom - box.top) / ((D.tMax - D.tMin) * 8)), 400);
    view.y0 = t - (py - box.top) / view.ky;
  }
}
const centre = () => [(box.left + box.right) / 2, (box.top + box.bottom) / 2];

svg.addEventListener('wheel', (e) => {
  e.preventDefault();
  const rect = svg.getBoundingClientRect();
  // Some browsers count the wheel in lines or pages rather than pixels.
  const delta = (e.deltaY || e.deltaX) * (e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 800 : 1);
  const f = Math.exp(-delta * 0.002), px = e.clientX - rect.left, py = e.clientY - rect.top;
  if (!e.altKey) zoom('x', f, px, py);
  if (!e.shiftKey) zoom('y', f, px, py);
  later();
}, { passive: false });

let drag = null, dragged = false;
svg.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, x0: view.x0, y0: view.y0 };
  dragged = false;
});
window.addEventListener('pointermove', (e) => {
  if (drag !== null) {
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    dragged = true;
    svg.classList.add('dragging');
    tip.hidden = true;
    view.x0 = drag.x0 - dx / view.kx;
    view.y0 = drag.y0 - dy / view.ky;
    later();
    return;
  }
  const target = e.target instanceof Element ? e.target.closest('[data-pane],[data-element],[data-cluster]') : null;
  if (target === null || !svg.contains(target)) { tip.hidden = true; return; }
  tip.replaceChildren();
  if (target.hasAttribute('data-pane')) {
    const i = Number(target.getAttribute('data-pane')) - 1;
    tip.appendChild(htmlEl('strong', {}, paneTitle(i)));
    tip.appendChild(htmlEl('div', {}, P.label[i]));
    tip.appendChild(htmlEl('div', { class: 'tip-explanation' }, explain(i)));
  } else if (target.hasAttribute('data-element')) {
    const j = lowerBound(E.seq, Number(target.getAttribute('data-element')));
    const from = [];
    for (let k = 0; k < X.seq.length; k++) if (X.element[k] === j) from.push(windowLabel(X.window[k]));
    tip.appendChild(htmlEl('div', {}, elementLine(j, false).trim() + (D.keysKnown ? ', key ' + D.keys[E.key[j]] : '') + (from.length ? ', dropped from ' + from.join(', ') : '')));
  } else {
    tip.appendChild(htmlEl('div', {}, target.getAttribute('data-cluster') + ' panes here: click to zoom in'));
  }
  const rect = svg.getBoundingClientRect();
  tip.hidden = false;
  tip.style.left = Math.min(e.clientX - rect.left + 14, rect.width - tip.offsetWidth - 4) + 'px';
  tip.style.top = Math.min(e.clientY - rect.top + 14, rect.height - tip.offsetHeight - 4) + 'px';
});
window.addEventListener('pointerup', () => {
  drag = null;
  svg.classList.remove('dragging');
});
svg.addEventListener('pointerleave', () => { tip.hidden = true; });
function activate(target) {
  if (target === null) return;
  if (target.hasAttribute('data-pane')) select(Number(target.getAttribute('data-pane')) - 1);
  else if (target.hasAttribute('data-cluster')) {
    // Zoom in on the cluster and bring it to the middle.
    const cx = Number(target.getAttribute('data-x')), cy = Number(target.getAttribute('data-y'));
    const [mx, my] = centre();
    zoom('x', 4, cx, cy);
    zoom('y', 2, cx, cy);
    view.x0 += (cx - mx) / view.kx;
    view.y0 += (cy - my) / view.ky;
    draw();
  }
}
svg.addEventListener('click', (e) => {
  if (dragged) return;
  activate(e.target instanceof Element ? e.target.closest('[data-pane],[data-cluster]') : null);
});
svg.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  e.preventDefault();
  activate(e.target instanceof Element ? e.target.closest('[data-pane],[data-cluster]') : null);
});
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
  const keys = {
    '+': () => both(2), '=': () => both(2), '-': () => both(0.5),
    '0': fit, ArrowLeft: () => (view.x0 -= (box.right - box.left) * 0.1 / view.kx), ArrowRight: () => (view.x0 += (box.right - box.left) * 0.1 / view.kx),
    ArrowUp: () => (view.y0 -= (box.bottom - box.top) * 0.1 / view.ky), ArrowDown: () => (view.y0 += (box.bottom - box.top) * 0.1 / view.ky),
    n: () => step(1), p: () => step(-1),
  };
  if (!(e.key in keys)) return;
  e.preventDefault();
  keys[e.key]();
  draw();
});
function both(f) {
  zoom('x', f, ...centre());
  zoom('y', f, ...centre());
}
const buttons = {
  'zoom-in': () => both(2), 'zoom-out': () => both(0.5),
  'time-in': () => zoom('x', 2, ...centre()), 'time-out': () => zoom('x', 0.5, ...centre()),
  'event-in': () => zoom('y', 2, ...centre()), 'event-out': () => zoom('y', 0.5, ...centre()),
  fit: fit, clear: () => { keyInput.value = ''; windowInput.value = ''; applyFilters(); fit(); },
};
for (const id in buttons) document.getElementById(id).addEventListener('click', () => { buttons[id](); draw(); });
keyInput.addEventListener('input', applyFilters);
windowInput.addEventListener('input', applyFilters);
window.addEventListener('resize', () => { measure(); draw(); });

const keyList = document.getElementById('key-list'), windowList = document.getElementById('window-list');
for (const k of D.keys.slice(0, 500)) keyList.appendChild(htmlEl('option', { value: k }));
for (let w = 0; w < Math.min(nW, 500); w++) windowList.appendChild(htmlEl('option', { value: windowLabel(w) }));
measure();
fit();
applyFilters();
`;

/**
 * The inspector page's side panel (browser JavaScript, kept as text): a pane's explanation, facts,
 * value and elements, and the buttons that filter on it or move to the next pane. Runs in the scope
 * set up by `inspectorScript.ts`.
 */
export const DETAILS_SCRIPT = String.raw`
function paneElements(i) {
  const k = P.key[i], w = P.window[i];
  const list = [], lost = [];
  for (let j = 0, end = lowerBound(E.seq, P.seq[i]); j < end; j++) {
    if (D.keysKnown && E.key[j] !== k) continue;
    if (E.t[j] < W.start[w] || E.t[j] >= W.end[w]) continue;
    (droppedFrom.has(j * nW + w) ? lost : list).push(j);
  }
  return { list, lost };
}

function elementLine(j, marked) {
  return (marked ? '• ' : '  ') + E.label[j] + ' at ' + E.time[j] + ', arrived ' + arrivedAt(E.seq[j]) + (E.late[j] ? ', late' : '');
}

function addList(title, items, line) {
  details.appendChild(htmlEl('h3', {}, title));
  const ul = htmlEl('ul', { class: 'elements' });
  for (const j of items.slice(0, 200)) ul.appendChild(htmlEl('li', {}, line(j)));
  if (items.length > 200) ul.appendChild(htmlEl('li', {}, '… and ' + (items.length - 200) + ' more'));
  details.appendChild(ul);
}

function showDetails(i) {
  details.replaceChildren();
  const timing = D.timings[P.timing[i]];
  const retraction = P.retraction[i] === 1;
  const head = htmlEl('h2', {}, '#' + (i + 1) + ' ' + (retraction ? 'retraction of ' : '') + timing + ' · key ' + D.keys[P.key[i]]);
  head.style.color = COLOURS[timing];
  details.appendChild(head);
  details.appendChild(htmlEl('h3', {}, retraction ? 'What it withdraws' : 'Why it fired'));
  details.appendChild(htmlEl('p', { id: 'explanation', 'data-explanation': 'true' }, explain(i)));
  if (retraction) {
    const w = P.previous[i];
    details.appendChild(htmlEl('p', { id: 'withdraws', class: 'note' }, w >= 0 ? 'It withdraws pane #' + (w + 1) + '.' : 'The pane it withdraws was not recorded.'));
  }
  const facts = [
    ['window', windowLabel(P.window[i])], ['cause', D.causes[P.cause[i]]],
    ['input watermark', D.instants[P.inputWatermark[i]]], ['output watermark', D.instants[P.outputWatermark[i]]],
    ['processing time', P.processingTime[i]], ['timestamp', D.instants[P.timestamp[i]]],
    ['pane', 'index ' + P.index[i] + ', onTimeIndex ' + P.onTimeIndex[i] + (P.first[i] ? ', first' : '') + (P.last[i] ? ', last' : '')],
  ];
  const dl = htmlEl('dl', { id: 'facts' });
  for (const [k, v] of facts) {
    dl.appendChild(htmlEl('dt', {}, k));
    dl.appendChild(htmlEl('dd', {}, v));
  }
  details.appendChild(dl);
  details.appendChild(htmlEl('h3', {}, 'Value'));
  details.appendChild(htmlEl('pre', { id: 'value' }, P.value[i]));
  const { list, lost } = paneElements(i);
  const prev = !retraction && P.previous[i] >= 0 ? P.seq[P.previous[i]] : -1;
  const fresh = list.filter((j) => E.seq[j] > prev).length;
  const whose = D.keysKnown ? 'of key ' + D.keys[P.key[i]] : 'of every key (pass keyOf to tell keys apart)';
  addList(
    'Elements: ' + list.length + ' ' + whose + ' in this window before this pane' + (prev >= 0 ? ', ' + fresh + ' new since its previous pane (•)' : ''),
    list, (j) => elementLine(j, prev >= 0 && E.seq[j] > prev),
  );
  if (prev >= 0) details.appendChild(htmlEl('p', { class: 'note' }, 'A discarding pane holds the new ones, an accumulating pane all of them.'));
  if (lost.length > 0) addList('Dropped from this window: ' + lost.length, lost, (j) => elementLine(j, false));
  const actions = htmlEl('div', { class: 'actions' });
  const button = (text, act) => {
    const b = htmlEl('button', { type: 'button' }, text);
    b.addEventListener('click', act);
    actions.appendChild(b);
  };
  button('only this key', () => { keyInput.value = D.keys[P.key[i]]; applyFilters(); });
  button('only this window', () => { windowInput.value = windowLabel(P.window[i]); applyFilters(); });
  button('‹ previous pane', () => step(-1));
  button('next pane ›', () => step(1));
  details.appendChild(actions);
  selectedElements = list;
}

function select(i) {
  selected = i;
  showDetails(i);
  const px = x(P.seq[i]), py = paneY(i);
  if (px < box.left || px > box.right || py < box.top - 10 || py > box.bottom + 14) {
    view.x0 += (px - (box.left + box.right) / 2) / view.kx;
    if (Math.abs(W.end[P.window[i]]) < D.far) view.y0 += (py - (box.top + box.bottom) / 2) / view.ky;
  }
  draw();
}

function step(d) {
  for (let i = selected + d; i >= 0 && i < nP; i += d) if (paneOn[i]) return select(i);
}
`;

import type { PaneTiming } from '../core/pane.js';
import type { FiringCause } from '../core/reducerTypes.js';
import { END_OF_GLOBAL_WINDOW, type Instant } from '../time.js';
import { windowId } from '../windows/window.js';
import { keyText } from './explain.js';
import { cut, defaultTime, explanationTemplate, fullValue, remembered, visibleText } from './inspectorText.js';
import type { RunRecording } from './recording.js';
import { shortValue, sinceStart } from './svg.js';
import { eventTimeSpan, windowsOf } from './timelineScale.js';

/**
 * Options of {@link renderInspector}.
 *
 * @category Rendering
 */
export interface InspectorOptions<T = unknown> {
  /** A heading for the page. */
  readonly title?: string | undefined;
  /**
   * How event times are written. Default `HH:mm:ss` in UTC (with milliseconds when there are some), or
   * `yyyy-MM-dd HH:mm:ss` when the run spans more than one UTC day.
   */
  readonly formatTime?: ((t: Instant) => string) | undefined;
  /** How a pane's value is written beside its mark. Default: `name=value` pairs, cut at 48 characters. */
  readonly formatValue?: ((value: unknown) => string) | undefined;
  /**
   * The key of an element, as the grouping computes it. With it, a pane lists only the elements of its
   * own key and the key filter applies to elements too; without it, a pane lists its window's elements
   * of every key (the recording does not know elements' keys).
   */
  readonly keyOf?: ((value: T) => unknown) | undefined;
}

/**
 * A recorded run as the inspector page reads it: column arrays (one entry a thing) of plain numbers
 * and display texts, so that it is compact as JSON and quick to scan in the browser. Texts are ready
 * to show: times formatted, control and direction characters written as `\uXXXX`.
 */
export interface InspectorData {
  readonly title: string;
  /** Number of recorded happenings: processing time runs across them, one step each. */
  readonly steps: number;
  /** The event-time axis when the whole run is in view (padded); finite. */
  readonly tMin: Instant;
  readonly tMax: Instant;
  /** Instants at or beyond ±far (infinity, the global window's end) are drawn at the edge. */
  readonly far: Instant;
  /** Names behind the numbers in `panes.timing` and `panes.cause`. */
  readonly timings: readonly PaneTiming[];
  readonly causes: readonly FiringCause[];
  /** Keys as explanations write them; `panes.key` and `elements.key` index into it. */
  readonly keys: string[];
  /** Formatted instants that panes refer to by index (watermarks, timestamps): they repeat a lot. */
  readonly instants: string[];
  /** {@link explanationTemplate}s, shared by the panes whose sentences differ only in their own texts. */
  readonly explanations: string[];
  /** Whether elements carry their key (`keyOf` was given). */
  readonly keysKnown: boolean;
  /** Where processing time moved: the step and the time since the start (`+5s`). */
  readonly clock: { seq: number[]; text: string[] };
  /** Every window of a pane or a drop, by start then end. */
  readonly windows: { start: Instant[]; end: Instant[]; startText: string[]; endText: string[] };
  /** The input watermark where it advanced. */
  readonly watermark: { seq: number[]; t: Instant[]; last: string };
  /** Elements in arrival order; `late` 1 when behind the watermark on arrival; `key` -1 when unknown. */
  readonly elements: { seq: number[]; t: Instant[]; time: string[]; label: string[]; key: number[]; late: number[] };
  /** Elements dropped from a window: the element's index (-1 when unknown), the window's, why. */
  readonly drops: { seq: number[]; element: number[]; window: number[]; reason: string[] };
  /** Panes in the order they were emitted; pane number n is index n - 1. */
  readonly panes: {
    seq: number[];
    key: number[];
    window: number[];
    timing: number[];
    cause: number[];
    index: number[];
    onTimeIndex: number[];
    first: number[];
    last: number[];
    /** The previous pane of the same key and window, or -1; for a retraction, the pane it withdraws. */
    previous: number[];
    /** 1 for a retraction (a pane withdrawn under `accumulatingAndRetracting`), else 0. */
    retraction: number[];
    /** The value as written beside the mark. */
    label: string[];
    /** The value in full (JSON, cut at 2,000 characters). */
    value: string[];
    /** Its explanation's template in `explanations`, to fill with its own texts. */
    explanation: number[];
    /** Indexes into `instants`. */
    inputWatermark: number[];
    outputWatermark: number[];
    timestamp: number[];
    processingTime: string[];
  };
}

const TIMINGS: readonly PaneTiming[] = ['EARLY', 'ON_TIME', 'LATE'];
const CAUSES: readonly FiringCause[] = ['element', 'watermark', 'processingTime', 'garbageCollection'];
const VALUE_MAX = 2_000;
const LABEL_MAX = 80;

/** Distinct texts in first-seen order, each referred to by its index. */
class TextTable {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();

  of(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    return i;
  }
}

/**
 * Reads a recorded run into the {@link InspectorData} the inspector page embeds: every pane with its
 * explanation (`explainPane`'s sentence, as a shared template), watermarks and value, the elements,
 * drops, windows and watermark. Linear in the length of the recording.
 */
export function inspectorData<T>(recording: RunRecording<T>, options: InspectorOptions<T> = {}): InspectorData {
  const events = recording.events;
  const windowList = windowsOf(events);
  const windowIndex = new Map<string, number>();
  windowList.forEach((w, i) => windowIndex.set(windowId(w), i));

  const span = eventTimeSpan(events, windowList);
  const lo = span.lo;
  let hi = span.hi;
  const time = remembered(options.formatTime ?? defaultTime(lo, hi));
  if (hi === lo) hi = lo + 1000;
  const pad = (hi - lo) * 0.03;
  const value = options.formatValue ?? ((v: unknown) => shortValue(v));
  const start = events.length > 0 ? events[0].processingTime : 0;
  const since = remembered((t: Instant) => sinceStart(t, start));
  const show = (t: Instant) => visibleText(time(t));

  const keys = new TextTable();
  const instants = new TextTable();
  const explanations = new TextTable();
  const keyOf = options.keyOf;

  const clock: InspectorData['clock'] = { seq: [], text: [] };
  const watermark: InspectorData['watermark'] = { seq: [], t: [], last: '' };
  const elements: InspectorData['elements'] = { seq: [], t: [], time: [], label: [], key: [], late: [] };
  const drops: InspectorData['drops'] = { seq: [], element: [], window: [], reason: [] };
  const panes: InspectorData['panes'] = {
    seq: [], key: [], window: [], timing: [], cause: [], index: [], onTimeIndex: [], first: [], last: [], previous: [], retraction: [],
    label: [], value: [], explanation: [], inputWatermark: [], outputWatermark: [], timestamp: [], processingTime: [],
  };
  const elementAt = new Map<number, number>();
  const lastPaneOf = new Map<string, number>();
  let wm = Number.NEGATIVE_INFINITY;
  let now = Number.NaN;

  for (const e of events) {
    if (e.processingTime !== now) {
      now = e.processingTime;
      clock.seq.push(e.seq);
      clock.text.push(visibleText(since(now)));
    }
    switch (e.kind) {
      case 'watermark':
        if (e.watermark > wm) {
          wm = e.watermark;
          watermark.seq.push(e.seq);
          watermark.t.push(wm);
        }
        break;
      case 'element': {
        let key = -1;
        if (keyOf !== undefined) {
          let k: unknown;
          try {
            k = keyOf(e.value);
          } catch (err) {
            throw new Error(`renderInspector: keyOf failed on the element recorded at step ${e.seq}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
          }
          key = keys.of(visibleText(keyText(k)));
        }
        elementAt.set(e.seq, elements.seq.length);
        elements.seq.push(e.seq);
        elements.t.push(e.eventTime);
        elements.time.push(show(e.eventTime));
        elements.label.push(visibleText(cut(e.label, LABEL_MAX)));
        elements.key.push(key);
        elements.late.push(e.eventTime < wm ? 1 : 0);
        break;
      }
      case 'dropped':
        drops.seq.push(e.seq);
        drops.element.push(e.element === undefined ? -1 : (elementAt.get(e.element) ?? -1));
        // An element given no window (a gap between sliding windows) is dropped from none: -1.
        drops.window.push(e.drop.window === undefined ? -1 : windowIndex.get(windowId(e.drop.window))!);
        drops.reason.push(e.drop.reason);
        break;
      case 'pane': {
        const p = e.pane;
        const f = e.firing;
        const key = keys.of(visibleText(keyText(p.key)));
        const window = windowIndex.get(windowId(p.window))!;
        const slot = `${key}/${window}`;
        panes.seq.push(e.seq);
        panes.key.push(key);
        panes.window.push(window);
        panes.timing.push(TIMINGS.indexOf(p.pane.timing));
        panes.cause.push(CAUSES.indexOf(f.cause));
        panes.index.push(p.pane.index);
        panes.onTimeIndex.push(p.pane.onTimeIndex);
        panes.first.push(p.pane.isFirst ? 1 : 0);
        panes.last.push(p.pane.isLast ? 1 : 0);
        // A retraction withdraws its window's last pane, and is no pane the next one follows.
        panes.previous.push(lastPaneOf.get(slot) ?? -1);
        panes.retraction.push(p.retraction === true ? 1 : 0);
        if (p.retraction !== true) lastPaneOf.set(slot, panes.seq.length - 1);
        panes.label.push(visibleText(value(p.value)));
        panes.value.push(fullValue(p.value, VALUE_MAX));
        panes.explanation.push(explanations.of(explanationTemplate(p, f, time, since)));
        panes.inputWatermark.push(instants.of(show(f.inputWatermark)));
        panes.outputWatermark.push(instants.of(show(f.outputWatermark)));
        panes.timestamp.push(instants.of(show(p.timestamp)));
        panes.processingTime.push(visibleText(since(f.processingTime)));
        break;
      }
    }
  }
  watermark.last = watermark.t.length > 0 ? show(wm) : '';

  return {
    title: visibleText(options.title ?? 'event-time run'),
    steps: events.length,
    tMin: lo - pad,
    tMax: hi + pad,
    far: END_OF_GLOBAL_WINDOW,
    timings: TIMINGS,
    causes: CAUSES,
    keys: keys.texts,
    instants: instants.texts,
    explanations: explanations.texts,
    keysKnown: keyOf !== undefined,
    clock,
    windows: {
      start: windowList.map((w) => w.start),
      end: windowList.map((w) => w.end),
      startText: windowList.map((w) => show(w.start)),
      endText: windowList.map((w) => show(w.end)),
    },
    watermark,
    elements,
    drops,
    panes,
  };
}

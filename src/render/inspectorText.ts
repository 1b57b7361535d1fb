/** Texts of the inspector page: made visible, cut, formatted once, and explanations as templates. */
import type { Pane } from '../core/pane.js';
import type { Firing } from '../core/reducerTypes.js';
import { formatUtc } from '../formatUtc.js';
import type { Instant } from '../time.js';
import { explainPane } from './explain.js';
import { clockTime } from './svg.js';
import { finite } from './timelineScale.js';

// Characters that would be invisible, move the cursor or reorder text: C0 and C1 controls, line and
// paragraph separators, and bidirectional marks, embeddings, overrides and isolates.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HIDDEN_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const uEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const DAY = 86_400_000;

/** Text for one line of the page: hidden and direction characters written as `\uXXXX`. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, uEscape);
}

/** Text cut to `max` characters with an ellipsis, never through a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/** A value in full for the side panel: JSON over several lines, cut at `max` characters. */
export function fullValue(value: unknown, max: number): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value, null, 1) ?? String(value));
  } catch {
    text = String(value);
  }
  return cut(text, max).replace(HIDDEN_BUT_NEWLINE, uEscape);
}

/** `HH:mm:ss` while the run stays within one UTC day, the date too when it does not. */
export function defaultTime(tMin: Instant, tMax: Instant): (t: Instant) => string {
  if (tMax - tMin < DAY && Math.floor(tMin / DAY) === Math.floor(tMax / DAY)) return clockTime;
  return (t) => (finite(t) ? formatUtc(t, t % 1000 === 0 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm:ss.SSS') : clockTime(t));
}

/** A formatter that formats each instant once: a run repeats its window bounds and watermarks a lot. */
export function remembered(format: (t: Instant) => string): (t: Instant) => string {
  const seen = new Map<Instant, string>();
  return (t) => {
    let text = seen.get(t);
    if (text === undefined) {
      text = format(t);
      seen.set(t, text);
    }
    return text;
  };
}

/**
 * The mark of a slot in an explanation template, followed by one letter: `k` the key, `s` and `e` the
 * window's start and end, `i` and `o` the input and output watermark, `p` the processing time, and `_`
 * the mark itself (so that a template is never ambiguous, whatever the texts hold).
 */
export const SLOT = '\ue000';

/** The texts that fill an explanation template's slots. */
export interface SlotTexts {
  readonly k: string;
  readonly s: string;
  readonly e: string;
  readonly i: string;
  readonly o: string;
  readonly p: string;
}

const KEY_TOKEN = `${SLOT}k`;
const literal = (text: string) => text.split(SLOT).join(`${SLOT}_`);

/**
 * {@link explainPane}'s sentence for a pane with the pane's own texts (key, window bounds, watermarks,
 * processing time) left as slots, so that the many panes whose sentences differ only there share one
 * template. `fillExplanation(template, texts)` gives back `visibleText(explainPane(...))` exactly.
 */
export function explanationTemplate(
  pane: Pane<unknown, unknown>,
  firing: Firing,
  time: (t: Instant) => string,
  processing: (t: Instant) => string,
): string {
  const w = pane.window;
  const slot = (t: Instant) =>
    t === w.start ? `${SLOT}s` : t === w.end ? `${SLOT}e` : t === firing.inputWatermark ? `${SLOT}i` : t === firing.outputWatermark ? `${SLOT}o` : literal(time(t));
  const sentence = explainPane(
    { ...pane, key: KEY_TOKEN },
    { ...firing, readyTriggers: firing.readyTriggers.map(literal) },
    { formatTime: slot, formatProcessingTime: (t) => (t === firing.processingTime ? `${SLOT}p` : literal(processing(t))) },
  );
  // The key is written as JSON: the token comes out quoted, and the key's own text brings its quotes.
  return visibleText(sentence.split(JSON.stringify(KEY_TOKEN)).join(KEY_TOKEN));
}

/** Fills an {@link explanationTemplate}'s slots (the page's script does the same). */
export function fillExplanation(template: string, texts: SlotTexts): string {
  return template.replace(/\ue000([ksieop_])/g, (_, c: keyof SlotTexts | '_') => (c === '_' ? SLOT : texts[c]));
}

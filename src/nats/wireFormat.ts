import type { ElementRecord, WatermarkRecord } from '../core/records.js';
import { describeValue, isValidEventTime, isValidTimestamp, type Instant } from '../time.js';

/**
 * What a key group's subject carries, one record after another: elements with their event time, and
 * the watermark markers the producer broadcast (an idle mark has `idle: true`). Exactly the
 * `EventTimeRecord`s a pipeline reads.
 *
 * @category Scale-out
 */
export type KeyGroupRecord<T> = ElementRecord<T> | WatermarkRecord;

/**
 * One message of a key group's subject, as JSON: `n` numbers the producer's messages of that key
 * group 1, 2, 3, ... (a reader refuses a gap or a step back), and the body is either a batch of
 * `[eventTime, value]` pairs (`e`) or a watermark marker (`w`, with `idle`).
 */
export type WireMessage<T> =
  | { readonly n: number; readonly e: readonly (readonly [Instant, T])[] }
  | { readonly n: number; readonly w: Instant; readonly idle?: true };

export function encodeBatch<T>(n: number, events: readonly (readonly [Instant, T])[]): string {
  return JSON.stringify({ n, e: events });
}

export function encodeMarker(n: number, watermark: Instant, idle: boolean): string {
  return JSON.stringify(idle ? { n, w: watermark, idle: true } : { n, w: watermark });
}

/**
 * Parses a message of a key group's subject. `where` names it in the error a malformed one causes
 * (`keyGroupSource: message 17 of in.3 is not ...`).
 */
export function decodeMessage<T>(text: string, where: string): WireMessage<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError(`keyGroupSource: ${where} is not a JSON message of the producer, got ${describeValue(text.slice(0, 80))}`);
  }
  const m = parsed as { n?: unknown; e?: unknown; w?: unknown };
  if (typeof parsed !== 'object' || parsed === null || !Number.isSafeInteger(m.n) || (m.n as number) < 1) {
    throw new TypeError(`keyGroupSource: ${where} must carry a positive message number n, got ${describeValue(parsed)}`);
  }
  if (Array.isArray(m.e)) {
    for (const pair of m.e as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2 || !isValidEventTime(pair[0])) {
        throw new TypeError(`keyGroupSource: ${where} holds an event that is not an [eventTime, value] pair with a valid event time, got ${describeValue(pair)}`);
      }
    }
    return parsed as WireMessage<T>;
  }
  if (isValidTimestamp(m.w)) return parsed as WireMessage<T>;
  throw new TypeError(`keyGroupSource: ${where} is neither a batch (e) nor a watermark marker (w), got ${describeValue(parsed)}`);
}

import { requireFunction, requireOneOf, requireOptions, requireOptionalSink, requirePositiveInteger } from '../internal/checks.js';
import { deadLetter, type DeadLetterSink } from '../operators/deadLetters.js';
import type { Positioned, ReplayableSource, SourcePosition } from '../io/replayableSource.js';
import { describeValue } from '../time.js';
import { fileLines } from './fileLines.js';

const OP = 'ndjsonFileSource';

/**
 * Options of {@link ndjsonFileSource}.
 *
 * @category Sources and sinks
 */
export interface NdjsonFileSourceOptions<T> {
  /** Turns a line (without its line break) into a record; throwing makes the line invalid. Default `JSON.parse`. */
  readonly parse?: ((line: string) => T) | undefined;
  /**
   * A line that is not valid UTF-8 or does not parse: `'error'` (default) ends the read with an error
   * naming the file, the line and its byte offset; `'drop'` skips it; `'route'` skips it and sends a
   * dead letter (reason `'invalid-line'`, the line's text as value) to `deadLetters`.
   */
  readonly onInvalid?: 'error' | 'drop' | 'route' | undefined;
  /** Where `onInvalid: 'route'` sends invalid lines (required with it): pass a `Subject`. */
  readonly deadLetters?: DeadLetterSink<string> | undefined;
  /** Bytes read at a time. Default 64 KiB. */
  readonly chunkSize?: number | undefined;
}

/**
 * A {@link ReplayableSource} over a newline-delimited JSON file: one record per line, read in chunks
 * (the file is never held whole). A record's position is the byte offset just after its line, so
 * `read(position)` continues exactly at the next line. Lines end with `\n` or `\r\n`; a last line
 * without a line break is a record too; empty and blank lines are skipped; a UTF-8 byte order mark at
 * the start is ignored. Flink: a `FileSource` with a text-line format, whose split position is a byte
 * offset.
 *
 * @param path - The file; it is opened anew for each read.
 * @param options - `parse`, `onInvalid`, `deadLetters`, `chunkSize`.
 *
 * @example
 * const source = ndjsonFileSource<Click>('clicks.ndjson');
 * fromReplayableSource(source, restored?.position).subscribe(({ value, position }) => ...);
 *
 * @category Sources and sinks
 */
export function ndjsonFileSource<T = unknown>(path: string, options?: NdjsonFileSourceOptions<T>): ReplayableSource<T> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`${OP}: path must be a non-empty string, got ${describeValue(path)}`);
  const o = requireOptions(OP, options);
  if (o.parse !== undefined) requireFunction(OP, 'parse', o.parse);
  requireOneOf(OP, 'onInvalid', o.onInvalid, ['error', 'drop', 'route']);
  requireOptionalSink(OP, 'deadLetters', o.deadLetters);
  if (o.onInvalid === 'route' && o.deadLetters === undefined) throw new TypeError(`${OP}: onInvalid 'route' needs a deadLetters sink with next(), got undefined`);
  if (o.chunkSize !== undefined) requirePositiveInteger(OP, 'chunkSize', o.chunkSize);
  const parse = o.parse ?? (JSON.parse as (line: string) => T);
  const onInvalid = o.onInvalid ?? 'error';
  const deadLetters = o.deadLetters;
  const chunkSize = o.chunkSize ?? 65_536;

  return {
    read: (from?: SourcePosition) => readFrom(path, requireByteOffset(from), chunkSize, parse, onInvalid, deadLetters),
  };
}

function requireByteOffset(from: SourcePosition | undefined): number {
  if (from === undefined) return 0;
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 0) {
    throw new TypeError(`${OP}: position must be a byte offset (a non-negative integer) this source gave, got ${describeValue(from)}`);
  }
  return from;
}

async function* readFrom<T>(
  path: string,
  from: number,
  chunkSize: number,
  parse: (line: string) => T,
  onInvalid: 'error' | 'drop' | 'route',
  deadLetters: DeadLetterSink<string> | undefined,
): AsyncGenerator<Positioned<T>> {
  // Fatal: a line with invalid UTF-8 is refused rather than read with replacement characters. The
  // byte order mark is removed by hand below, for the file's first line only.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let lineNumber = 0;
  for await (const line of fileLines(OP, path, from, chunkSize)) {
    lineNumber++;
    let text: string;
    let value: T;
    try {
      text = decoder.decode(line.bytes);
    } catch (e) {
      refuse(path, from, lineNumber, line.start, 'is not valid UTF-8', e, Buffer.from(line.bytes).toString('utf8'), onInvalid, deadLetters);
      continue;
    }
    if (line.start === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (isBlank(text)) continue;
    try {
      value = parse(text);
    } catch (e) {
      refuse(path, from, lineNumber, line.start, parseFailure(parse), e, text, onInvalid, deadLetters);
      continue;
    }
    yield { value, position: line.end };
  }
}

function parseFailure(parse: (line: string) => unknown): string {
  return parse === (JSON.parse as unknown) ? 'is not valid JSON' : 'was refused by parse';
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function refuse(
  path: string,
  from: number,
  lineNumber: number,
  start: number,
  what: string,
  cause: unknown,
  text: string,
  onInvalid: 'error' | 'drop' | 'route',
  deadLetters: DeadLetterSink<string> | undefined,
): void {
  // Line numbers count from where the read started: the lines before a resume position are not read.
  const where = from === 0 ? `${path} line ${lineNumber}` : `${path} line ${lineNumber} of the read from byte ${from}`;
  const reason = cause instanceof Error ? cause.message : describeValue(cause);
  const message = `${OP}: ${where} (byte ${start}) ${what}: ${reason}`;
  if (onInvalid === 'error') throw new SyntaxError(message, { cause });
  if (onInvalid === 'route') deadLetters!.next(deadLetter(OP, 'invalid-line', text, { message, cause }));
}

import { open, type FileHandle } from 'node:fs/promises';

/** One line of a file with where it lies: `start` is its first byte, `end` the offset after its newline. */
export interface FileLine {
  /**
   * The line without its `\n` or `\r\n`, as bytes (decoded by the caller, so invalid UTF-8 can be
   * refused). A view of the read buffer: valid until the next line is asked for.
   */
  readonly bytes: Uint8Array;
  readonly start: number;
  /** Where the next line starts: after the `\n`, or the end of the file for a last line without one. */
  readonly end: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a file from byte `from` on (which must be 0, the end of the file or just after a `\n`;
 * anything else is a position this file never handed out, and fails with a `RangeError` naming `op`), read in chunks of `chunkSize` bytes so a large file is never
 * held whole. Lines are cut at `\n` bytes, which never occur inside a multi-byte UTF-8 character, so a
 * character split between two chunks is rejoined with its line. The file is closed when the iteration
 * ends, early or not.
 */
export async function* fileLines(op: string, path: string, from: number, chunkSize: number): AsyncGenerator<FileLine> {
  const file = await open(path, 'r');
  try {
    await requireLineStart(op, path, file, from);
    const buffer = Buffer.allocUnsafe(chunkSize);
    // The pieces of a line that spans chunks; copies, since `buffer` is reused.
    let pending: Buffer[] = [];
    let lineStart = from;
    let offset = from;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, chunkSize, offset);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let i = 0;
      for (;;) {
        const nl = chunk.indexOf(LF, i);
        if (nl === -1) {
          if (i < bytesRead) pending.push(Buffer.from(chunk.subarray(i)));
          break;
        }
        const end = offset + nl + 1;
        const piece = chunk.subarray(i, nl);
        const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        yield { bytes: withoutCr(bytes), start: lineStart, end };
        lineStart = end;
        i = nl + 1;
      }
      offset += bytesRead;
    }
    if (pending.length > 0) yield { bytes: withoutCr(Buffer.concat(pending)), start: lineStart, end: offset };
  } finally {
    await file.close();
  }
}

function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

async function requireLineStart(op: string, path: string, file: FileHandle, at: number): Promise<void> {
  if (at === 0) return;
  const { size } = await file.stat();
  if (at > size) throw new RangeError(`${op}: position ${at} is past the end of ${path} (${size} bytes): the file was truncated or replaced`);
  if (at === size) return;
  const before = Buffer.alloc(1);
  await file.read(before, 0, 1, at - 1);
  if (before[0] !== LF) throw new RangeError(`${op}: position ${at} is not the start of a line in ${path}: the file was changed, or the position is not one this source gave`);
}

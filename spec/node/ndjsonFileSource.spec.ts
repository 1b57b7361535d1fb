import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Subject } from 'rxjs';
import type { DeadLetter } from '../../src/index';
import { ndjsonFileSource, type Positioned, type ReplayableSource, type SourcePosition } from '../../src/node/index';
import { useTempDir } from './tempDir';

const tempDir = useTempDir();

async function readAll<T>(source: ReplayableSource<T>, from?: SourcePosition): Promise<Positioned<T>[]> {
  const out: Positioned<T>[] = [];
  for await (const record of source.read(from)) out.push(record);
  return out;
}

function file(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe('ndjsonFileSource', () => {
  it('gives each record with the byte offset after its line: CRLF, blank lines, a byte order mark, a last line without newline', async () => {
    // Bytes: BOM 0-2, `{"a":1}\r\n` 3-11, `\n` 12, `  \r\n` 13-16, `"é€"\n` 17-24, `[2]` 25-27.
    const path = file('mixed.ndjson', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n\n  \r\n"é€"\n[2]', 'utf8')]));
    expect(await readAll(ndjsonFileSource(path))).toEqual([
      { value: { a: 1 }, position: 12 },
      { value: 'é€', position: 25 },
      { value: [2], position: 28 },
    ]);
    expect(await readAll(ndjsonFileSource(path), 12)).toEqual([
      { value: 'é€', position: 25 },
      { value: [2], position: 28 },
    ]);
    expect(await readAll(ndjsonFileSource(path), 25)).toEqual([{ value: [2], position: 28 }]);
    expect(await readAll(ndjsonFileSource(path), 28)).toEqual([]);
  });

  it('reads an empty file as no records', async () => {
    expect(await readAll(ndjsonFileSource(file('empty.ndjson', '')))).toEqual([]);
  });

  // The property: whatever the content and the chunk size, reading from any position a read gave
  // returns exactly the records after it, with the same positions.
  it('resumes at every position it gave with exactly the remaining records (random content, line endings, chunk sizes)', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', 'é', '€', '中', '😀', '\u2028', '\t'), maxLength: 12 });
    const value = fc.oneof(text, fc.integer(), fc.record({ s: text, n: fc.integer() }), fc.array(text, { maxLength: 3 }));
    const line = fc.record({ value, ending: fc.constantFrom('\n', '\r\n'), blankBefore: fc.constantFrom('', '\n', '\r\n', '   \n') });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.integer({ min: 1, max: 17 }), async (lines, finalNewline, chunkSize) => {
        let content = '';
        lines.forEach((l, i) => {
          content += l.blankBefore + JSON.stringify(l.value) + (i < lines.length - 1 || finalNewline ? l.ending : '');
        });
        const path = file('random.ndjson', content);
        const source = ndjsonFileSource(path, { chunkSize });
        const all = await readAll(source);
        expect(all.map((r) => r.value)).toEqual(lines.map((l) => l.value));
        expect(all.at(-1)?.position ?? Buffer.byteLength(content)).toBe(Buffer.byteLength(content));
        for (let i = 0; i < all.length; i++) {
          expect(await readAll(source, all[i]!.position)).toEqual(all.slice(i + 1));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fails on a line that is not JSON, naming the file, the line and its byte offset', async () => {
    const path = file('bad.ndjson', '{"a":1}\n{oops\n{"a":2}\n');
    const seen: unknown[] = [];
    const read = (async () => {
      for await (const r of ndjsonFileSource(path).read()) seen.push(r.value);
    })();
    await expect(read).rejects.toThrow(new RegExp(`^ndjsonFileSource: ${escape(path)} line 2 \\(byte 8\\) is not valid JSON: `));
    await expect(read).rejects.toBeInstanceOf(SyntaxError);
    expect(seen).toEqual([{ a: 1 }]);
  });

  it('counts line numbers from the resume position and says so', async () => {
    const path = file('bad.ndjson', '1\n2\nx\n');
    await expect(readAll(ndjsonFileSource(path), 2)).rejects.toThrow(
      new RegExp(`^ndjsonFileSource: ${escape(path)} line 2 of the read from byte 2 \\(byte 4\\) is not valid JSON: `),
    );
  });

  it('refuses a line that is not valid UTF-8 rather than reading replacement characters', async () => {
    const path = file('latin1.ndjson', Buffer.concat([Buffer.from('"ok"\n"caf'), Buffer.from([0xe9]), Buffer.from('"\n')]));
    await expect(readAll(ndjsonFileSource(path))).rejects.toThrow(new RegExp(`^ndjsonFileSource: ${escape(path)} line 2 \\(byte 5\\) is not valid UTF-8: `));
  });

  it("routes invalid lines as dead letters under onInvalid 'route' and skips them under 'drop'", async () => {
    const path = file('bad.ndjson', '1\n{oops\n3\n');
    const deadLetters = new Subject<DeadLetter<string>>();
    const letters: DeadLetter<string>[] = [];
    deadLetters.subscribe((d) => letters.push(d));
    expect(await readAll(ndjsonFileSource(path, { onInvalid: 'route', deadLetters }))).toEqual([
      { value: 1, position: 2 },
      { value: 3, position: 10 },
    ]);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ operator: 'ndjsonFileSource', reason: 'invalid-line', value: '{oops' });
    expect(letters[0]!.message).toMatch(new RegExp(`^ndjsonFileSource: ${escape(path)} line 2 \\(byte 2\\) is not valid JSON: `));
    expect(letters[0]!.cause).toBeInstanceOf(SyntaxError);
    expect(await readAll(ndjsonFileSource(path, { onInvalid: 'drop' }))).toEqual([
      { value: 1, position: 2 },
      { value: 3, position: 10 },
    ]);
  });

  it('uses a parse function of its own and names it when it throws', async () => {
    const path = file('nums.txt', '1\n2\n');
    const parse = (line: string) => {
      if (line === '2') throw new Error('two is not allowed');
      return Number(line) * 10;
    };
    expect(await readAll(ndjsonFileSource(path, { parse, onInvalid: 'drop' }))).toEqual([{ value: 10, position: 2 }]);
    await expect(readAll(ndjsonFileSource(path, { parse }))).rejects.toThrow(`ndjsonFileSource: ${path} line 2 (byte 2) was refused by parse: two is not allowed`);
  });

  it('refuses positions it never gave: not a byte offset, inside a line, past the end', async () => {
    const path = file('three.ndjson', '1\n22\n333\n');
    expect(() => ndjsonFileSource(path).read(-1)).toThrow(new TypeError('ndjsonFileSource: position must be a byte offset (a non-negative integer) this source gave, got -1'));
    expect(() => ndjsonFileSource(path).read('2')).toThrow(new TypeError('ndjsonFileSource: position must be a byte offset (a non-negative integer) this source gave, got "2"'));
    await expect(readAll(ndjsonFileSource(path), 3)).rejects.toThrow(
      new RangeError(`ndjsonFileSource: position 3 is not the start of a line in ${path}: the file was changed, or the position is not one this source gave`),
    );
    await expect(readAll(ndjsonFileSource(path), 11)).rejects.toThrow(
      new RangeError(`ndjsonFileSource: position 11 is past the end of ${path} (9 bytes): the file was truncated or replaced`),
    );
  });

  it('refuses bad options when it is built', () => {
    expect(() => ndjsonFileSource('')).toThrow(new TypeError('ndjsonFileSource: path must be a non-empty string, got ""'));
    expect(() => ndjsonFileSource('x', { chunkSize: 0 })).toThrow(new RangeError('ndjsonFileSource: chunkSize must be a positive integer, got 0'));
    expect(() => ndjsonFileSource('x', { onInvalid: 'skip' as 'drop' })).toThrow(new RangeError(`ndjsonFileSource: onInvalid must be 'error', 'drop' or 'route', got "skip"`));
    expect(() => ndjsonFileSource('x', { onInvalid: 'route' })).toThrow(new TypeError(`ndjsonFileSource: onInvalid 'route' needs a deadLetters sink with next(), got undefined`));
    expect(() => ndjsonFileSource('x', { parse: 5 as never })).toThrow(new TypeError('ndjsonFileSource: parse must be a function, got 5'));
  });

  it('reports a missing file when read', async () => {
    await expect(readAll(ndjsonFileSource(join(tempDir(), 'missing.ndjson')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

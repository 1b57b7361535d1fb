import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, take, toArray } from 'rxjs';
import { directoryCheckpointStore, fromReplayableSource, ndjsonFileSink, ndjsonFileSource } from '../../src/node/index';
import { useTempDir } from './tempDir';

const tempDir = useTempDir();

describe('ndjsonFileSink', () => {
  it('appends one JSON line per value and tells its durable length', async () => {
    const path = join(tempDir(), 'out.ndjson');
    const sink = ndjsonFileSink<unknown>(path);
    expect(await sink.open()).toBe(0);
    await sink.write([{ k: 'a', n: 1 }, 'é\nx']);
    expect(sink.length).toBe(24);
    expect(sink.durableLength).toBe(0);
    expect(await sink.flush()).toBe(24);
    expect(sink.durableLength).toBe(24);
    await sink.write([]);
    expect(await sink.close()).toBe(24);
    expect(readFileSync(path, 'utf8')).toBe('{"k":"a","n":1}\n"é\\nx"\n');
    expect(statSync(path).size).toBe(24);
  });

  it('writes the lines stringify makes, and refuses a batch where it returns a line break or no string', async () => {
    const path = join(tempDir(), 'out.ndjson');
    const sink = ndjsonFileSink<string>(path, { stringify: (v) => (v === 'none' ? (undefined as unknown as string) : `{"v":${JSON.stringify(v).replace('\u0085', '\\u0085')}}`) });
    await sink.open();
    await sink.write(['a', 'b\u0085']);
    await expect(sink.write(['c', 'none'])).rejects.toThrow(new TypeError('ndjsonFileSink: value 1 of the batch has no JSON form, got "none"; nothing of the batch was written'));
    const twoLines = ndjsonFileSink<string>(join(tempDir(), 'two.ndjson'), { stringify: (v) => `${v}\n${v}` });
    await twoLines.open();
    await expect(twoLines.write(['1'])).rejects.toThrow(new TypeError('ndjsonFileSink: stringify must return one line, got a line break for value 0 of the batch; nothing of the batch was written'));
    await twoLines.close();
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('{"v":"a"}\n{"v":"b\\u0085"}\n');
    expect(() => ndjsonFileSink(path, { stringify: 'JSON' as never })).toThrow(TypeError);
  });

  it('continues at the end of an existing file without truncateTo', async () => {
    const path = join(tempDir(), 'out.ndjson');
    writeFileSync(path, '1\n');
    const sink = ndjsonFileSink<number>(path);
    expect(await sink.open()).toBe(2);
    await sink.write([2]);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('1\n2\n');
  });

  it('cuts the file back to a recorded length on open, then appends after it', async () => {
    const path = join(tempDir(), 'out.ndjson');
    const first = ndjsonFileSink<string>(path);
    await first.open({ truncateTo: 0 });
    await first.write(['a', 'b']);
    const checkpointed = await first.flush();
    await first.write(['c', 'd']);
    await first.close();
    expect(readFileSync(path, 'utf8')).toBe('"a"\n"b"\n"c"\n"d"\n');

    const restored = ndjsonFileSink<string>(path);
    expect(await restored.open({ truncateTo: checkpointed })).toBe(8);
    expect(readFileSync(path, 'utf8')).toBe('"a"\n"b"\n');
    await restored.write(['c2']);
    expect(await restored.close()).toBe(13);
    expect(readFileSync(path, 'utf8')).toBe('"a"\n"b"\n"c2"\n');
  });

  it('refuses to truncate past the end, a batch with a value that has no JSON form, and calls out of order', async () => {
    const path = join(tempDir(), 'out.ndjson');
    writeFileSync(path, '1\n');
    const sink = ndjsonFileSink<unknown>(path);
    await expect(sink.write([1])).rejects.toThrow(new Error(`ndjsonFileSink: write before open() on ${path}`));
    await expect(sink.open({ truncateTo: 3 })).rejects.toThrow(
      new RangeError(`ndjsonFileSink: cannot truncate ${path} to 3 bytes, it has only 2: output the checkpoint counted as written is gone`),
    );
    await expect(sink.open({ truncateTo: -1 })).rejects.toThrow(new TypeError('ndjsonFileSink: truncateTo must be a length in bytes (a non-negative integer), got -1'));
    await sink.open();
    await expect(sink.write([5, undefined])).rejects.toThrow(new TypeError('ndjsonFileSink: value 1 of the batch has no JSON form, got undefined; nothing of the batch was written'));
    await expect(sink.open()).rejects.toThrow(new Error(`ndjsonFileSink: ${path} is already open`));
    await sink.close();
    await expect(sink.flush()).rejects.toThrow(new Error(`ndjsonFileSink: flush after close() on ${path}`));
    expect(readFileSync(path, 'utf8')).toBe('1\n');
    expect(() => ndjsonFileSink('')).toThrow(new TypeError('ndjsonFileSink: path must be a non-empty string, got ""'));
  });
});

// Source position and sink length in one checkpoint: a run that stops after output it never
// checkpointed, restored from the checkpoint, writes every line exactly once.
describe('a file source, a checkpoint store and a file sink together', () => {
  interface Saved {
    readonly position: number | undefined;
    readonly sinkLength: number;
  }

  /** Reads up to `limit` records after the latest checkpoint, writes them doubled, and checkpoints after every `every` records. */
  async function run(dir: string, limit: number, every: number): Promise<void> {
    const store = directoryCheckpointStore(join(dir, 'checkpoints'));
    const latest = await store.latest();
    const saved: Saved = latest === undefined ? { position: undefined, sinkLength: 0 } : (JSON.parse(latest.data) as Saved);
    const sink = ndjsonFileSink<number>(join(dir, 'out.ndjson'));
    await sink.open({ truncateTo: saved.sinkLength });
    const records = await lastValueFrom(fromReplayableSource(ndjsonFileSource<number>(join(dir, 'in.ndjson')), saved.position).pipe(take(limit), toArray()), {
      defaultValue: [],
    });
    let id = latest?.id ?? 0;
    for (let i = 0; i < records.length; i++) {
      await sink.write([records[i]!.value * 2]);
      if ((i + 1) % every === 0) {
        const sinkLength = await sink.flush();
        await store.save({ id: ++id, data: JSON.stringify({ position: records[i]!.position, sinkLength }) });
      }
    }
    // No close: the records written after the last checkpoint stay in the file, as after a crash.
    await sink.flush();
  }

  it('writes each output line once across a stop after unsaved output and two restores', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.ndjson'), Array.from({ length: 10 }, (_, i) => `${i + 1}\n`).join(''));
    await run(dir, 5, 2); // checkpoints after 2 and 4; 5 is written but not checkpointed
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('2\n4\n6\n8\n10\n');
    await run(dir, 3, 3); // truncates back to 4 records, then 5, 6, 7 and a checkpoint
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('2\n4\n6\n8\n10\n12\n14\n');
    await run(dir, 100, 1);
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('2\n4\n6\n8\n10\n12\n14\n16\n18\n20\n');
  });
});

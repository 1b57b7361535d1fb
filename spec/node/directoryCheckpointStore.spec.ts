import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directoryCheckpointStore } from '../../src/node/index';
import { checkpointData } from './fixtures/checkpointData';
import { useTempDir } from './tempDir';

const tempDir = useTempDir();
const fileOf = (dir: string, id: number) => join(dir, `checkpoint-${String(id).padStart(16, '0')}.json`);

describe('directoryCheckpointStore', () => {
  it('saves, lists and loads checkpoints; latest is the highest id', async () => {
    const dir = join(tempDir(), 'checkpoints');
    const store = directoryCheckpointStore(dir);
    expect(await store.latest()).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await store.save({ id: 1, data: '{"position":10}' });
    await store.save({ id: 2, data: '{"position":20}' });
    expect(await store.latest()).toEqual({ id: 2, data: '{"position":20}' });
    expect(await store.list()).toEqual([1, 2]);
    expect(await store.load(1)).toEqual({ id: 1, data: '{"position":10}' });
    expect(await store.load(9)).toBeUndefined();
    // Another store over the same directory (a restarted process) sees the same.
    expect(await directoryCheckpointStore(dir).latest()).toEqual({ id: 2, data: '{"position":20}' });
  });

  it('keeps the newest `keep` checkpoints and deletes the older ones', async () => {
    const dir = tempDir();
    const store = directoryCheckpointStore(dir, { keep: 3 });
    for (let id = 1; id <= 5; id++) await store.save({ id, data: `{"n":${id}}` });
    expect(await store.list()).toEqual([3, 4, 5]);
    expect(readdirSync(dir).sort()).toEqual([fileOf(dir, 3), fileOf(dir, 4), fileOf(dir, 5)].map((p) => p.slice(dir.length + 1)));
  });

  it('runs overlapping saves one after the other', async () => {
    const store = directoryCheckpointStore(tempDir(), { keep: 10 });
    await Promise.all([1, 2, 3, 4].map((id) => store.save({ id, data: String(id) })));
    expect(await store.list()).toEqual([1, 2, 3, 4]);
  });

  it('never reads a torn or damaged file as a checkpoint: latest falls back to the newest that verifies', async () => {
    const dir = tempDir();
    const store = directoryCheckpointStore(dir, { keep: 10 });
    await store.save({ id: 1, data: '{"position":10}' });
    await store.save({ id: 2, data: '{"position":20}' });
    const whole = readFileSync(fileOf(dir, 2), 'utf8');
    // A copy of checkpoint 2 as 3, cut short at every length: none is a checkpoint.
    for (let cut = 0; cut < whole.length; cut++) {
      writeFileSync(fileOf(dir, 3), whole.slice(0, cut));
      expect(await store.latest()).toEqual({ id: 2, data: '{"position":20}' });
    }
    // Checkpoint 2's file with one character of its data changed: the checksum refuses it.
    writeFileSync(fileOf(dir, 2), whole.replace('"position\\":20', '"position\\":29'));
    expect(readFileSync(fileOf(dir, 2), 'utf8')).not.toBe(whole);
    expect(await store.latest()).toEqual({ id: 1, data: '{"position":10}' });
    expect(await store.list()).toEqual([1]);
    expect(await store.load(2)).toBeUndefined();
    // A whole checkpoint file renamed to another id does not verify either.
    writeFileSync(fileOf(dir, 4), readFileSync(fileOf(dir, 1)));
    expect(await store.latest()).toEqual({ id: 1, data: '{"position":10}' });
  });

  it('ignores temporary files a crashed writer left, and removes them on the next save', async () => {
    const dir = tempDir();
    const store = directoryCheckpointStore(dir);
    await store.save({ id: 1, data: '"one"' });
    const leftover = `.checkpoint-${'2'.padStart(16, '0')}.4242.0.tmp`;
    writeFileSync(join(dir, leftover), '{"format":"rxjs-event-time checkpoint 1","id":2,');
    expect(await store.latest()).toEqual({ id: 1, data: '"one"' });
    await store.save({ id: 3, data: '"three"' });
    expect(readdirSync(dir)).not.toContain(leftover);
    expect(await store.list()).toEqual([1, 3]);
  });

  it('refuses bad options, ids and data', async () => {
    expect(() => directoryCheckpointStore('')).toThrow(new TypeError('directoryCheckpointStore: dir must be a non-empty string, got ""'));
    expect(() => directoryCheckpointStore('x', { keep: 0 })).toThrow(new RangeError('directoryCheckpointStore: keep must be a positive integer, got 0'));
    const store = directoryCheckpointStore(tempDir());
    await expect(store.save({ id: -1, data: '' })).rejects.toThrow(new TypeError('directoryCheckpointStore: checkpoint id must be a non-negative safe integer, got -1'));
    await expect(store.save({ id: 1.5, data: '' })).rejects.toThrow(new TypeError('directoryCheckpointStore: checkpoint id must be a non-negative safe integer, got 1.5'));
    await expect(store.save({ id: 1, data: { a: 1 } as never })).rejects.toThrow(/^directoryCheckpointStore: checkpoint data must be a string \(a JSON document\), got /);
    await expect(store.load(NaN)).rejects.toThrow(new TypeError('directoryCheckpointStore: checkpoint id must be a non-negative safe integer, got NaN'));
  });
});

describe('directoryCheckpointStore when the writing process is killed', () => {
  jest.setTimeout(120_000);

  /** Starts the writer at `first`, kills it with SIGKILL once it has printed `saves` ids, and returns the last id it printed. */
  function writeUntilKilled(dir: string, first: number, saves: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures', 'checkpointWriter.ts'), dir, String(first)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let printed = -1;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const ids = out.split('\n').filter((l) => l !== '');
        if (ids.length >= saves && !child.killed) {
          printed = Number(ids[ids.length - 1]);
          child.kill('SIGKILL');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve(printed);
        else reject(new Error(`the writer exited with ${String(code)} before it was killed: ${err}`));
      });
    });
  }

  it('latest() is always a complete checkpoint, at least as new as the last save that resolved', async () => {
    const dir = tempDir();
    const store = directoryCheckpointStore(dir, { keep: 2 });
    let next = 1;
    for (const saves of [1, 3, 2, 5, 1, 4]) {
      const acknowledged = await writeUntilKilled(dir, next, saves);
      const latest = await store.latest();
      expect(latest).toBeDefined();
      // The process may have finished more saves between printing and dying, never fewer.
      expect(latest!.id).toBeGreaterThanOrEqual(acknowledged);
      expect(latest!.data).toBe(checkpointData(latest!.id));
      for (const id of await store.list()) expect((await store.load(id))!.data).toBe(checkpointData(id));
      next = latest!.id + 1;
    }
  });
});

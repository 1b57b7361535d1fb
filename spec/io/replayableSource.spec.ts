import { take } from 'rxjs';
import { fromReplayableSource, type Positioned, type ReplayableSource } from '../../src/index';

/** A source of 0..n-1 (positions equal values) that logs what the reader asks of it. */
function countingSource(n: number, log: string[], failAt?: number): ReplayableSource<number> {
  return {
    read(from) {
      log.push(`read from ${String(from)}`);
      return (async function* () {
        try {
          for (let i = from === undefined ? 0 : (from as number) + 1; i < n; i++) {
            log.push(`pull ${i}`);
            await Promise.resolve();
            if (i === failAt) throw new Error(`broken at ${i}`);
            yield { value: i, position: i };
          }
        } finally {
          log.push('closed');
        }
      })();
    },
  };
}

function run<T>(source: ReplayableSource<T>, from: number | undefined, log: string[], count = Infinity): Promise<void> {
  return new Promise((resolve) => {
    const stream = fromReplayableSource(source, from);
    (count === Infinity ? stream : stream.pipe(take(count))).subscribe({
      next: (r: Positioned<T>) => log.push(`next ${String(r.value)} at ${String(r.position)}`),
      error: (e: Error) => {
        log.push(`error ${e.message}`);
        resolve();
      },
      complete: () => {
        log.push('complete');
        resolve();
      },
    });
  });
}

/** Lets the pending reads settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('fromReplayableSource', () => {
  it('pulls one record at a time, after the previous one was delivered, from the position on', async () => {
    const log: string[] = [];
    await run(countingSource(4, log), 1, log);
    expect(log).toEqual(['read from 1', 'pull 2', 'next 2 at 2', 'pull 3', 'next 3 at 3', 'closed', 'complete']);
  });

  it('stops reading and releases the source when unsubscribed', async () => {
    const log: string[] = [];
    await run(countingSource(100, log), undefined, log, 2);
    await settle();
    expect(log).toEqual(['read from undefined', 'pull 0', 'next 0 at 0', 'pull 1', 'next 1 at 1', 'complete', 'closed']);
  });

  it("ends with the source's error", async () => {
    const log: string[] = [];
    await run(countingSource(5, log, 1), undefined, log);
    expect(log).toEqual(['read from undefined', 'pull 0', 'next 0 at 0', 'pull 1', 'closed', 'error broken at 1']);
  });

  it('sends an error of read() itself to the subscriber, and refuses a source without read()', async () => {
    const log: string[] = [];
    const throwing: ReplayableSource<number> = {
      read() {
        throw new RangeError('bad position');
      },
    };
    await run(throwing, 3, log);
    expect(log).toEqual(['error bad position']);
    expect(() => fromReplayableSource({} as ReplayableSource<number>)).toThrow(new TypeError('fromReplayableSource: source must have a read(from) method, got an object (Object)'));
  });
});

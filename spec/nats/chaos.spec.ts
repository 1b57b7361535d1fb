/**
 * Seeded chaos through child processes (`rxjs-event-time worker` / `produce`, demos/clusterRun.ts): three
 * workers with checkpoints every 300 events of a key group; worker 0 is killed with SIGKILL right before
 * the KV update of its third checkpoint, worker 1 right before the KV update of the released checkpoint
 * that the following rebalance makes it write (both placed by spec/fixtures/clusterCrashPoint.cjs, not by
 * timing); then two seeded kills (one again while the rebalance after the restart is under way) and the
 * server killed once and restarted. The output stream ends with exactly one process's panes, each once,
 * although the replays from the last committed checkpoints published some twice (the server refused
 * them as duplicates), and once every key group of the last assignment has been taken over, each
 * checkpoint key was last written by that key group's final owner.
 */
import { runCluster } from '../../demos/clusterRun';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';

// Real processes on real time: a loaded machine makes the run slower, never different.
jest.setTimeout(240_000);

describe('chaos', () => {
  let server: NatsTestServer;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(() => server?.stop());

  it('workers killed in a checkpoint write, in a rebalance and at random, and the server killed: the output is exactly one process, each checkpoint written by its final owner', async () => {
    const lines: string[] = [];
    // A run that fails says what the cluster did: its log comes with the error.
    const run = runCluster({
      url: server.url,
      restartServer: async () => {
        await server.kill();
        await server.restart();
      },
      events: 12_000,
      workers: 3,
      seed: 5,
      kills: 2,
      killServer: true,
      keyGroups: 12,
      checkpointEvery: 300,
      checkpointKill: 3,
      log: (l) => lines.push(l),
    });
    const r = await run.catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n\nthe run's log:\n${lines.slice(-150).join('\n')}`);
    });
    expect(lines.filter((l) => l.startsWith('crash-point'))).toEqual([
      expect.stringMatching(/^crash-point checkpoint 3 key group checkpoint \d+ of w0-1: SIGKILL worker slot 0$/),
      expect.stringMatching(/^crash-point release 1 key group checkpoint \d+ of w1-2: SIGKILL worker slot 1$/),
    ]);
    expect(lines).toContain('SIGKILL the server');
    expect(r.panes).toBe(r.reference);
    expect(r.equal).toBe(true);
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.checkpointOwners).toEqual(r.finalOwners);
  });
});

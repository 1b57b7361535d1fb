/**
 * Seeded chaos through child processes (`rxjs-event-time worker` / `produce`, demos/clusterRun.ts): three
 * workers, killed with SIGKILL four times (twice again while the rebalance after their restart is under
 * way, with checkpoints every 2 000 events so kills land in checkpoint writes too) and the server killed
 * once and restarted; the output stream ends with exactly one process's panes, each once, and every key
 * group's checkpoint was last written by its final owner.
 */
import { runCluster } from '../../demos/clusterRun';
import { startNatsServer, type NatsTestServer } from '../helpers/natsServer';

jest.setTimeout(120_000);

describe('chaos', () => {
  let server: NatsTestServer;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(() => server?.stop());

  it('workers and the server killed with SIGKILL: the output is exactly one process, each checkpoint written by its final owner', async () => {
    const r = await runCluster({
      url: server.url,
      restartServer: async () => {
        await server.kill();
        await server.restart();
      },
      events: 12_000,
      workers: 3,
      seed: 5,
      kills: 4,
      killServer: true,
      keyGroups: 12,
    });
    expect(r.panes).toBe(r.reference);
    expect(r.equal).toBe(true);
    expect(r.checkpointOwners).toEqual(r.finalOwners);
  });
});

/**
 * `npm run demo:cluster`: 3 worker processes over a NATS server (started on a free loopback port with a
 * temporary store, or NATS_URL), a generated stream of EVENTS events (default 200 000), one worker
 * killed with SIGKILL midway and started again; the last line says whether the output equals one
 * process's answer.
 */
import { startNatsServer } from '../spec/helpers/natsServer';
import { runCluster } from './clusterRun';

async function main() {
  const events = Number(process.env.EVENTS ?? 200_000);
  const server = process.env.NATS_URL === undefined ? await startNatsServer() : undefined;
  const url = process.env.NATS_URL ?? server!.url;
  try {
    const r = await runCluster({ url, events, workers: 3, seed: 7, kills: 1, killServer: false, keyGroups: 24, log: (l) => console.log(l) });
    console.log(`${events} events, ${r.reference} panes of one process, ${r.panes} in the output stream, ${r.seconds.toFixed(1)} s`);
    console.log(r.equal ? 'OK: the output equals the single-process answer' : 'MISMATCH: the output differs from the single-process answer');
    process.exitCode = r.equal ? 0 : 1;
  } finally {
    await server?.stop();
  }
}

void main();

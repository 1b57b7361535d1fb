/**
 * `npm run demo:cluster`: 3 worker processes over a NATS server (started on a free loopback port with a
 * temporary store, or NATS_URL), a generated stream of EVENTS events (default 1 000 000), one worker killed
 * with SIGKILL midway and started again. The last line says whether the output stream holds exactly one
 * process's panes; the exit code is 1 when it does not.
 */
import { startNatsServer } from '../spec/helpers/natsServer';
import { runCluster } from './clusterRun';

const WORKERS = 3;

/** Runs the demo; resolves with the panes when the output equals one process's, or with why not. */
async function main(): Promise<{ readonly panes: number } | { readonly failure: string }> {
  const events = Number(process.env.EVENTS ?? 1_000_000);
  if (!Number.isSafeInteger(events) || events <= 0) return { failure: `EVENTS must be a positive integer, got '${process.env.EVENTS}'` };
  const server = process.env.NATS_URL === undefined ? await startNatsServer() : undefined;
  const url = process.env.NATS_URL ?? server!.url;
  try {
    const r = await runCluster({ url, events, workers: WORKERS, seed: 7, kills: 1, killServer: false, keyGroups: 24, log: (l) => console.log(l) });
    console.log(`${events} events, ${r.reference} panes of one process, ${r.panes} in the output stream, ${r.duplicates} replayed panes refused as duplicates, ${r.seconds.toFixed(1)} s`);
    if (r.equal) return { panes: r.panes };
    return { failure: `the output stream holds ${r.panes} panes, the single-process run ${r.reference}, and they differ` };
  } finally {
    await server?.stop();
  }
}

main().then(
  (outcome) => {
    if ('panes' in outcome) {
      console.log(`cluster: ${outcome.panes} panes from ${WORKERS} workers, identical to the single-process run`);
      return;
    }
    console.log(`cluster: not identical to the single-process run: ${outcome.failure}`);
    process.exitCode = 1;
  },
  (e: unknown) => {
    console.log(`cluster: not identical to the single-process run: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);

/**
 * A real `nats-server` with JetStream for the specs of `rxjs-event-time/nats`: on 127.0.0.1 only, on a
 * free port, with its store in a fresh temporary directory. It is stopped by its own process id, never
 * by name, and `kill()` (SIGKILL) followed by `restart()` brings it back on the same port and store,
 * for crash tests. The binary is Debian's (`apt-get install nats-server`, which `.ci/run` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARY = process.env.NATS_SERVER ?? '/usr/sbin/nats-server';
const HOST = '127.0.0.1';

/** A running test server. */
export interface NatsTestServer {
  /** `nats://127.0.0.1:<port>`, for `connect({ servers })`. */
  readonly url: string;
  readonly port: number;
  /** The JetStream store directory, kept across `kill()` and `restart()`. */
  readonly storeDir: string;
  /** The server's process id while it runs. */
  pid(): number | undefined;
  /** SIGKILL, as a crash: nothing is flushed. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port and store directory; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and removes the store directory. */
  stop(): Promise<void>;
}

export const natsServerAvailable = existsSync(BINARY);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** True once the server answers a TCP connection with its INFO line. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: HOST, port });
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.startsWith('INFO ')) done(text.includes('"jetstream":true'));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a server; call `stop()` in `afterAll`/`afterEach`. */
export async function startNatsServer(): Promise<NatsTestServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'rxjs-event-time-nats-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async () => {
    log = '';
    const proc = spawn(BINARY, ['-a', HOST, '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
    });
    for (let attempt = 0; attempt < 200; attempt++) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      if (await answers(port)) return;
      await pause(25);
    }
    proc.kill('SIGKILL');
    await exited(proc);
    throw new Error(`natsServer: nats-server on ${HOST}:${port} did not start:\n${log}`);
  };

  const kill = async () => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.pid === undefined) return;
    process.kill(proc.pid, 'SIGKILL');
    await exited(proc);
  };

  try {
    await launch();
  } catch (e) {
    rmSync(storeDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `nats://${HOST}:${port}`,
    port,
    storeDir,
    pid: () => child?.pid,
    kill,
    restart: async () => {
      if (child !== undefined) throw new Error('natsServer: restart() while the server runs; kill() it first');
      await launch();
    },
    stop: async () => {
      const proc = child;
      child = undefined;
      if (proc?.pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
        process.kill(proc.pid, 'SIGTERM');
        // A server that lingers past 5 s is killed; the timer must not outlive a quick exit.
        const lingering = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await exited(proc);
        clearTimeout(lingering);
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/**
 * The `rxjs-event-time` command: event-time windows over NDJSON, from a file or standard input, with
 * panes written as NDJSON. Run `rxjs-event-time --help` for the flags.
 */
import { createReadStream, createWriteStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { renderInspector } from '../render/inspector.js';
import { recordRun, type RunRecorder } from '../render/recording.js';
import { parseCommand, type Command, type WindowCommand } from './args.js';
import type { CliEvent } from './events.js';
import { escapeControls } from '../internal/text.js';
import { runCheckpointedCommand } from './checkpointed.js';
import { HELP } from './help.js';
import { lineReader } from './lineReader.js';
import { paneJson, windowPipeline } from './pipeline.js';
import { Report } from './report.js';
import { UsageError } from './usage.js';
import { packageVersion } from './version.js';

const NAME = 'rxjs-event-time';

/** The streams the command reads and writes; `process`'s own unless a caller passes others. */
export interface CliStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Processing time for `--early` / `--late`; the real clock by default. */
  readonly scheduler?: SchedulerLike | undefined;
}

type Pipeline = ReturnType<typeof windowPipeline>;

function usage(io: CliStreams, message: string): number {
  // Usage messages quote the command line, which may hold anything.
  io.stderr.write(`${NAME}: ${escapeControls(message)}\nRun '${NAME} --help' for usage.\n`);
  return 2;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs the command line `argv` (without `node` and the script) and resolves to the exit status. */
export async function main(argv: readonly string[], io: CliStreams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (argv[0] === 'worker' || argv[0] === 'produce') {
    const cluster = await import('./cluster.js');
    try {
      return await (argv[0] === 'worker' ? cluster.workerCommand : cluster.produceCommand)(argv.slice(1), io);
    } catch (e) {
      if (e instanceof UsageError) return usage(io, e.message);
      throw e;
    }
  }
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e.message);
    throw e;
  }
  if (cmd.kind === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  if (cmd.kind === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const report = new Report(NAME, io.stderr, { quiet: cmd.quiet, maxOutOfOrderness: cmd.maxOutOfOrderness });
  // --html keeps the whole run in memory for the page written at the end.
  const inspector: Inspector | undefined =
    cmd.html === undefined
      ? undefined
      : { file: cmd.html, title: [NAME, ...argv].join(' '), recorder: recordRun<CliEvent>({ scheduler: io.scheduler ?? asyncScheduler, label: (e) => `line ${e.line}` }) };
  let pipeline: Pipeline;
  try {
    pipeline = windowPipeline(cmd, { scheduler: io.scheduler, onDropped: (d) => report.dropped(d), recorder: inspector?.recorder });
  } catch (e) {
    // The operators check their options when built: a bad combination of flags is a usage error.
    if (e instanceof RangeError || e instanceof TypeError) return usage(io, e.message);
    throw e;
  }
  if (cmd.checkpoint !== undefined) return runCheckpointedCommand(cmd, pipeline, report, NAME);
  let input: NodeJS.ReadableStream = io.stdin;
  if (cmd.file !== undefined) {
    const file = cmd.file;
    const stream = createReadStream(file);
    // An unreadable file is a fatal error before any output rather than a failure halfway through.
    const opened = await new Promise<Error | undefined>((resolve) => {
      stream.once('error', resolve);
      stream.once('ready', () => resolve(undefined));
    });
    if (opened !== undefined) {
      io.stderr.write(`${NAME}: ${escapeControls(`cannot read ${file}: ${opened.message}`)}\n`);
      return 1;
    }
    input = stream;
  }
  if (cmd.output === undefined) return run(cmd, io, pipeline, input, report, inspector);
  const output = createWriteStream(cmd.output);
  const failed = await new Promise<Error | undefined>((resolve) => {
    output.once('error', resolve);
    output.once('ready', () => resolve(undefined));
  });
  if (failed !== undefined) {
    io.stderr.write(`${NAME}: ${escapeControls(`cannot write ${cmd.output}: ${failed.message}`)}\n`);
    return 1;
  }
  const code = await run(cmd, { ...io, stdout: output }, pipeline, input, report, inspector);
  // The panes are in the file once it is closed; a failure to close is a failed write.
  const closed = await new Promise<Error | undefined>((resolve) => {
    output.once('error', resolve);
    output.end(() => resolve(undefined));
  });
  if (closed === undefined) return code;
  report.note(`${NAME}: cannot write ${cmd.output}: ${closed.message}`);
  return 1;
}

/** Where `--html` writes the inspector page, and the recording it shows. */
interface Inspector {
  readonly file: string;
  readonly recorder: RunRecorder<CliEvent>;
  readonly title: string;
}

/** Writes the inspector page; false (with a message) when the file cannot be written. */
function writeInspector(inspector: Inspector, report: Report): boolean {
  const { file, recorder, title } = inspector;
  try {
    writeFileSync(file, renderInspector(recorder.recording, { title, keyOf: (e) => e.key }));
  } catch (e) {
    // File-system errors can come from another realm (a test's sandbox): read their message, not their class.
    const message = typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e);
    report.note(`${NAME}: cannot write ${file}: ${message}`);
    return false;
  }
  report.note(`${NAME}: wrote the inspector page to ${file}`);
  return true;
}

function run(cmd: WindowCommand, io: CliStreams, pipeline: Pipeline, input: NodeJS.ReadableStream, report: Report, inspector: Inspector | undefined): Promise<number> {
  const counts = report.counts;
  const readLine = lineReader(cmd, report, NAME);
  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      report.summary();
      resolve(code);
    };
    const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let waitingForDrain = false;
    const write = (text: string) => {
      if (io.stdout.write(text) || waitingForDrain) return;
      waitingForDrain = true;
      rl.pause();
      io.stdout.once('drain', () => {
        waitingForDrain = false;
        rl.resume();
      });
    };
    const events$ = new Observable<CliEvent>((subscriber) => {
      rl.on('line', (text) => {
        const event = readLine(text, counts.lines + 1);
        if (event !== undefined) subscriber.next(event);
      });
      rl.on('close', () => subscriber.complete());
      rl.on('error', (e) => subscriber.error(new Error(`cannot read the input: ${messageOf(e)}`, { cause: e })));
      return () => rl.close();
    });
    const subscription = pipeline(events$).subscribe({
      next: (p) => {
        counts.panes++;
        write(paneJson(p) + '\n');
      },
      error: (e: unknown) => {
        report.note(`${NAME}: ${messageOf(e)}`);
        finish(1);
      },
      complete: () => finish(inspector === undefined || writeInspector(inspector, report) ? 0 : 1),
    });
    io.stdout.on('error', (e: NodeJS.ErrnoException) => {
      subscription.unsubscribe();
      // A reader that stops early (`| head`) is not an error of ours.
      if (e.code === 'EPIPE') return finish(0);
      report.note(`${NAME}: cannot write the output: ${e.message}`);
      finish(1);
    });
  });
}

/** Runs the command with the process's arguments and streams and sets its exit status. */
export function runMain(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${NAME}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runMain();

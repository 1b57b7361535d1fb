/**
 * `window --checkpoint DIR`: the command's pipeline as a checkpointed run, from an input file to an
 * output file, so that a run killed at any moment and started again with the same command ends with
 * exactly the output of an uninterrupted run.
 */
import { open } from 'node:fs/promises';
import type { Observable } from 'rxjs';
import type { Pane } from '../core/pane.js';
import { runCheckpointed, type CommittingSink } from '../io/checkpointedRun.js';
import type { Positioned, ReplayableSource, SourcePosition } from '../io/replayableSource.js';
import { directoryCheckpointStore } from '../node/directoryCheckpointStore.js';
import { fileLines } from '../node/fileLines.js';
import { ndjsonFileSink } from '../node/ndjsonFileSink.js';
import type { WindowCommand } from './args.js';
import type { CliEvent, CliKey } from './events.js';
import { lineReader } from './lineReader.js';
import { paneJson } from './pipeline.js';
import type { Report } from './report.js';

const CHUNK = 65_536;

/**
 * Runs the pipeline checkpointed over `cmd.file` into `cmd.output`, with checkpoints in `cmd.checkpoint`
 * every `cmd.checkpointEvery` records; resolves to the exit status. The report's counts and messages
 * cover the lines this run read: after a restart, from the last checkpoint on.
 */
export async function runCheckpointedCommand(
  cmd: WindowCommand,
  pipeline: (events$: Observable<CliEvent>) => Observable<Pane<unknown, CliKey>>,
  report: Report,
  name: string,
): Promise<number> {
  const file = cmd.file!;
  const output = cmd.output!;
  let resumedAfterLine = 0;
  const source = cliLineSource(file, lineReader(cmd, report, name), (line) => (resumedAfterLine = line));
  const fileSink = ndjsonFileSink<Pane<unknown, CliKey>>(output, { stringify: paneJson });
  const sink: CommittingSink<Pane<unknown, CliKey>> = {
    open: (options) => fileSink.open(options),
    write: (panes) => {
      report.counts.panes += panes.length;
      return fileSink.write(panes);
    },
    flush: () => fileSink.flush(),
    close: () => fileSink.close(),
  };
  try {
    // An unreadable input is a fatal error before any checkpoint or output is touched.
    await (await open(file, 'r')).close();
  } catch (e) {
    report.note(`${name}: cannot read ${file}: ${messageOf(e)}`);
    return 1;
  }
  try {
    const result = await runCheckpointed({ source, store: directoryCheckpointStore(cmd.checkpoint!), sink, pipeline, every: cmd.checkpointEvery });
    if (result.resumedFrom !== undefined && result.checkpoints === 0) {
      report.note(`${name}: checkpoint ${result.resumedFrom} in ${cmd.checkpoint} is of a finished run: ${output} is complete (remove ${cmd.checkpoint} to run again)`);
    } else if (result.resumedFrom !== undefined) {
      report.note(`${name}: resumed from checkpoint ${result.resumedFrom}, after line ${resumedAfterLine} of ${file}; the counts below are of the lines read since`);
    }
  } catch (e) {
    report.note(`${name}: ${messageOf(e)}`);
    report.summary();
    return 1;
  }
  report.summary();
  return 0;
}

/**
 * The input file's records as a replayable source whose positions are byte offsets after a line, as
 * `ndjsonFileSource`'s are, but which sees every line: blank and bad lines are counted and reported with
 * their line numbers, which a read from a checkpointed position finds by counting the line breaks
 * before it. Lines are decoded as the standard-input path decodes them (invalid UTF-8 becomes U+FFFD),
 * so both give the same panes.
 */
function cliLineSource(path: string, readLine: (text: string, line: number) => CliEvent | undefined, onResume: (line: number) => void): ReplayableSource<CliEvent> {
  return {
    async *read(from?: SourcePosition): AsyncGenerator<Positioned<CliEvent>> {
      const start = typeof from === 'number' ? from : 0;
      let line = start === 0 ? 0 : await lineBreaksBefore(path, start);
      if (start > 0) onResume(line);
      const decoder = new TextDecoder('utf-8');
      for await (const l of fileLines('rxjs-event-time', path, start, CHUNK)) {
        const event = readLine(decoder.decode(l.bytes), ++line);
        if (event !== undefined) yield { value: event, position: l.end };
      }
    },
  };
}

async function lineBreaksBefore(path: string, end: number): Promise<number> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let count = 0;
    for (let at = 0; at < end; ) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK, end - at), at);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(0x0a, 0); i !== -1 && i < bytesRead; i = buffer.indexOf(0x0a, i + 1)) count++;
      at += bytesRead;
    }
    return count;
  } finally {
    await file.close();
  }
}

/** File-system errors can come from another realm (a test's sandbox): read their message, not their class. */
const messageOf = (e: unknown) => (typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : String(e));
